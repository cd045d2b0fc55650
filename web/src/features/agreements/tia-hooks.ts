import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, call, upload, type Schemas } from '../../shared/api/client';

export type Tia = Schemas['TransferImpactAssessmentResponse'];
export type TiaDraft = Schemas['CreateTransferImpactAssessmentDto'];
export type TiaChanges = Schemas['UpdateTransferImpactAssessmentDto'];
export type TiaOutcome = Tia['outcome'];
export const TIA_OUTCOMES: TiaOutcome[] = ['proceed', 'proceed_with_measures', 'do_not_proceed'];

const tiasKey = (agreementId: string) => ['agreement', agreementId, 'transfer-impact-assessments'];

export function useTias(agreementId: string) {
  return useQuery({
    queryKey: tiasKey(agreementId),
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/agreements/{id}/transfer-impact-assessments', {
          params: { path: { id: agreementId } },
        }),
      ),
  });
}

/** The gate reads TIAs through the agreement: its page, its processor and the list all change. */
function refresh(client: QueryClient, tia: Tia) {
  return Promise.all([
    client.invalidateQueries({ queryKey: ['agreement', tia.agreementId] }),
    client.invalidateQueries({ queryKey: tiasKey(tia.agreementId) }),
    client.invalidateQueries({ queryKey: ['processor', tia.processorId] }),
  ]);
}

export function useCreateTia(agreementId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TiaDraft) =>
      call(() =>
        api.POST('/api/v1/agreements/{id}/transfer-impact-assessments', {
          params: { path: { id: agreementId } },
          body,
        }),
      ),
    onSuccess: (tia) => refresh(client, tia),
  });
}

/** A correction carries the version read; a change someone made meanwhile answers 409. */
export function useUpdateTia(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TiaChanges) =>
      call(() => api.PATCH('/api/v1/transfer-impact-assessments/{id}', { params: { path: { id } }, body })),
    onSuccess: (tia) => refresh(client, tia),
  });
}

export function useUploadTiaDocument(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return upload<Tia>(`/api/v1/transfer-impact-assessments/${id}/document`, form);
    },
    onSuccess: (tia) => refresh(client, tia),
  });
}
