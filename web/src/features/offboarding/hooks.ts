import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, download, upload, type Schemas } from '../../shared/api/client';

export type Offboarding = Schemas['OffboardingResponse'];

export function useOffboardings(filters: { processorId?: string; page: number }) {
  return useQuery({
    queryKey: ['offboardings', filters],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/offboardings', {
          params: {
            query: {
              page: filters.page,
              pageSize: 20,
              ...(filters.processorId ? { processorId: filters.processorId } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useOffboarding(id: string | undefined) {
  return useQuery({
    queryKey: ['offboarding', id],
    queryFn: () => call(() => api.GET('/api/v1/offboardings/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

/** Legal records the processor's confirmation; the server issues the numbered certificate. */
export function useConfirm(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ConfirmationDto']) =>
      call(() => api.POST('/api/v1/offboardings/{id}/confirmation', { params: { path: { id } }, body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['offboarding', id] });
      void client.invalidateQueries({ queryKey: ['offboardings'] });
    },
  });
}

export function useAddAttestation(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return upload<Offboarding>(`/api/v1/offboardings/${id}/attestations`, form);
    },
    onSuccess: (o) => client.setQueryData(['offboarding', id], o),
  });
}

/** The certificate PDF, saved under its number (`CUS-2026-000042.pdf`), which the public check reads. */
export function downloadCertificate(number: string): Promise<void> {
  return download(`/api/v1/certificates/${encodeURIComponent(number)}`, `${number}.pdf`);
}
