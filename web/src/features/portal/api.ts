import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, ApiError, call, download, upload, type Schemas } from '../../shared/api/client';

export type PortalSession = Schemas['PortalSessionResponse'];
export type PortalAssessment = Schemas['PortalAssessmentResponse'];
export type PortalPurpose = PortalSession['purposes'][number];

/**
 * The link's token: read once from the address's fragment, kept in this module's memory only (never in
 * storage or a cookie), and taken out of the address bar so that it is not bookmarked or shared by
 * accident. A new link opened in the same tab replaces it.
 */
let token = '';

function takeTokenFromAddress(): void {
  const fragment = window.location.hash.replace(/^#/, '');
  if (!fragment) return;
  token = fragment;
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
}

const listeners = new Set<() => void>();
let invalid = false;

function notify(): void {
  listeners.forEach((listener) => listener());
}

/** The token now and whether the API refused it; re-renders when a new link arrives or a 401 comes. */
export function usePortalLink(): { token: string; invalid: boolean } {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const update = () => setVersion((v) => v + 1);
    listeners.add(update);
    const onHash = () => {
      if (!window.location.hash) return;
      takeTokenFromAddress();
      invalid = false;
      notify();
    };
    window.addEventListener('hashchange', onHash);
    return () => {
      listeners.delete(update);
      window.removeEventListener('hashchange', onHash);
    };
  }, []);
  if (!token) takeTokenFromAddress();
  return { token, invalid: invalid || !token };
}

const auth = () => `Portal ${token}`;
const headers = () => ({ Authorization: auth() });

/** One portal call; a 401 (wrong, expired or revoked link) turns the whole page into the plain message. */
async function portal<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      invalid = true;
      notify();
    }
    throw error;
  }
}

export function usePortalSession(token: string) {
  return useQuery({
    queryKey: ['portal', token, 'session'],
    queryFn: () => portal(() => call(() => api.GET('/api/v1/portal/session', { headers: headers() }))),
    enabled: !!token,
  });
}

export function usePortalAssessment(token: string) {
  return useQuery({
    queryKey: ['portal', token, 'assessment'],
    queryFn: () => portal(() => call(() => api.GET('/api/v1/portal/assessment', { headers: headers() }))),
    enabled: !!token,
  });
}

export function useSavePortalAnswers(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (answers: Schemas['AnswerDto'][]) =>
      portal(() =>
        call(() => api.PUT('/api/v1/portal/assessment/answers', { headers: headers(), body: { answers } })),
      ),
    onSuccess: (assessment) => client.setQueryData(['portal', token, 'assessment'], assessment),
  });
}

export function useUploadPortalEvidence(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file }: { file: File }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return portal(() =>
        upload<Schemas['EvidenceResponse']>('/api/v1/portal/assessment/evidence', form, auth()),
      );
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['portal', token, 'assessment'] }),
  });
}

export function downloadPortalEvidence(evidence: Schemas['EvidenceResponse']): Promise<void> {
  return portal(() =>
    download(`/api/v1/portal/assessment/evidence/${evidence.id}`, evidence.filename, auth()),
  );
}

export function useSubmitPortalAssessment(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      portal(() => call(() => api.POST('/api/v1/portal/assessment/submit', { headers: headers() }))),
    onSuccess: () => client.invalidateQueries({ queryKey: ['portal', token] }),
  });
}

export function useReportIncident() {
  return useMutation({
    mutationFn: (body: Schemas['PortalIncidentDto']) =>
      portal(() => call(() => api.POST('/api/v1/portal/incidents', { headers: headers(), body }))),
  });
}

export function useAnnounceSubProcessor() {
  return useMutation({
    mutationFn: (body: Schemas['PortalSubProcessorDto']) =>
      portal(() => call(() => api.POST('/api/v1/portal/sub-processors', { headers: headers(), body }))),
  });
}

export function usePortalOffboarding(token: string, enabled: boolean) {
  return useQuery({
    queryKey: ['portal', token, 'offboarding'],
    queryFn: () => portal(() => call(() => api.GET('/api/v1/portal/offboarding', { headers: headers() }))),
    enabled: !!token && enabled,
  });
}

export function useConfirmOffboarding(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ConfirmationDto']) =>
      portal(() =>
        call(() => api.POST('/api/v1/portal/offboarding/confirmation', { headers: headers(), body })),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['portal', token] }),
  });
}

export function downloadCertificate(number: string): Promise<void> {
  return portal(() => download('/api/v1/portal/offboarding/certificate', `${number}.pdf`, auth()));
}
