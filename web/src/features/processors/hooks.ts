import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../shared/api/client';

export type Processor = Schemas['ProcessorResponse'];
export type ProcessorStatus = Processor['status'];
export type RiskRating = NonNullable<Processor['riskRating']>;
export interface ProcessorFilters {
  q?: string;
  status?: ProcessorStatus;
  country?: string;
  riskRating?: RiskRating;
  parentId?: string;
  page: number;
  pageSize?: number;
}

export function useProcessors(filters: ProcessorFilters, enabled = true) {
  return useQuery({
    queryKey: ['processors', filters],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/processors', {
          params: {
            query: {
              page: filters.page,
              pageSize: filters.pageSize ?? 20,
              ...(filters.q ? { q: filters.q } : {}),
              ...(filters.status ? { status: filters.status } : {}),
              ...(filters.country ? { country: filters.country } : {}),
              ...(filters.riskRating ? { riskRating: filters.riskRating } : {}),
              ...(filters.parentId ? { parentId: filters.parentId } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One processor's query: its key and how to fetch it, for `useQuery` and `useQueries` alike. */
export const processorQuery = (id: string) => ({
  queryKey: ['processor', id],
  queryFn: () => call(() => api.GET('/api/v1/processors/{id}', { params: { path: { id } } })),
});

export function useProcessor(id: string | undefined) {
  return useQuery({ ...processorQuery(id ?? ''), enabled: !!id });
}

export function useCreateProcessor() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateProcessorDto']) => call(() => api.POST('/api/v1/processors', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['processors'] }),
  });
}

export function useUpdateProcessor(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['UpdateProcessorDto']) =>
      call(() => api.PATCH('/api/v1/processors/{id}', { params: { path: { id } }, body })),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['processor', id] }),
        client.invalidateQueries({ queryKey: ['processors'] }),
      ]),
  });
}

export function useProcessorAssessments(id: string) {
  return useQuery({
    queryKey: ['processor', id, 'assessments'],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/processors/{id}/assessments', {
          params: { path: { id }, query: { page: 1, pageSize: 50 } },
        }),
      ),
  });
}

export function useProcessorAgreements(id: string) {
  return useQuery({
    queryKey: ['processor', id, 'agreements'],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/processors/{id}/agreements', {
          params: { path: { id }, query: { page: 1, pageSize: 50 } },
        }),
      ),
  });
}
