import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../shared/api/client';

export type TransferCheck = Schemas['TransferCheckDto'];
export type Reason = Schemas['ReasonResponse'];

export function useTransferCheck() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TransferCheck) => call(() => api.POST('/api/v1/transfer-checks', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['transfer-checks'] }),
  });
}

export function useTransferBatch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (checks: TransferCheck[]) =>
      call(() => api.POST('/api/v1/transfer-checks/batch', { body: { checks } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['transfer-checks'] }),
  });
}

export function useTransferDecisions(filters: { processorId?: string; eligible?: boolean; page: number }) {
  return useQuery({
    queryKey: ['transfer-checks', filters],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/transfer-checks', {
          params: {
            query: {
              page: filters.page,
              pageSize: 20,
              ...(filters.processorId ? { processorId: filters.processorId } : {}),
              ...(filters.eligible !== undefined ? { eligible: filters.eligible } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useTransferDecision(id: string | undefined) {
  return useQuery({
    queryKey: ['transfer-check', id],
    queryFn: () => call(() => api.GET('/api/v1/transfer-checks/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}
