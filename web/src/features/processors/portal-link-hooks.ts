import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../shared/api/client';

export type PortalLink = Schemas['PortalLinkResponse'];
export type PortalPurpose = PortalLink['purposes'][number];
export type NewPortalLink = Schemas['CreatePortalLinkDto'];

export const PORTAL_PURPOSES: PortalPurpose[] = [
  'assessment',
  'breach_notice',
  'subprocessor_notice',
  'offboarding',
];

/** Under the processor's key, so that whatever refreshes the processor refreshes its links too. */
const linksKey = (processorId: string) => ['processor', processorId, 'portal-links'];

export const PORTAL_LINKS_PAGE = 20;

export function usePortalLinks(processorId: string, page: number, enabled = true) {
  return useQuery({
    queryKey: [...linksKey(processorId), page],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/processors/{id}/portal-links', {
          params: { path: { id: processorId }, query: { page, pageSize: PORTAL_LINKS_PAGE } },
        }),
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Legal e-mails a link to the contact; the answer holds the link's id and expiry, never the link. */
export function useSendPortalLink(processorId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewPortalLink) =>
      call(() =>
        api.POST('/api/v1/processors/{id}/portal-links', { params: { path: { id: processorId } }, body }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: linksKey(processorId) }),
  });
}

export function useRevokePortalLink(processorId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      call(() => api.POST('/api/v1/portal-links/{id}/revoke', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: linksKey(processorId) }),
  });
}

/** The processor's offboardings still awaiting the contact's confirmation (a confirmed one gets no link). */
export function useOpenOffboardings(processorId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['offboardings', { processorId, open: true }],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/offboardings', { params: { query: { processorId, page: 1, pageSize: 50 } } }),
      ),
    select: (page) => page.items.filter((o) => o.status !== 'confirmed'),
    enabled,
  });
}
