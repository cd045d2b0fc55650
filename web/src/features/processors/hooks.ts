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

/** Records (or replaces) a sub-processor's contract with the processor that engages it (Art. 28(4)). */
export function useRecordFlowDown(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['FlowDownContractDto']) =>
      call(() => api.PUT('/api/v1/processors/{id}/flow-down-contract', { params: { path: { id } }, body })),
    onSuccess: (processor) => client.setQueryData(['processor', id], processor),
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

export type DpfCertification = Schemas['DpfCertificationDto'];
export type AdequacyScopeConfirmation = Schemas['AdequacyScopeConfirmationDto'];

/** One entry of `GET /vocabularies/adequacy-decisions`, as far as the console reads it. */
interface AdequacyDecisionEntry {
  code: string;
  scope: string;
  condition: string | null;
  adoptedOn: string;
  validUntil?: string | null;
}

function isAdequacyDecision(item: unknown): item is AdequacyDecisionEntry {
  if (!item || typeof item !== 'object') return false;
  const d = item as Record<string, unknown>;
  return typeof d.code === 'string' && typeof d.scope === 'string' && typeof d.adoptedOn === 'string';
}

/**
 * The destinations whose adequacy decision in force today is partial, so that a recipient has to be
 * confirmed within its scope (Canada, Japan, Korea); the US is left out, its decision reaches only
 * DPF-certified organisations. The OpenAPI document does not describe this list's items, hence the guard.
 */
export function usePartialAdequacyDestinations(day: string) {
  return useQuery({
    queryKey: ['adequacy-decisions'],
    queryFn: () => call(() => api.GET('/api/v1/vocabularies/adequacy-decisions')) as Promise<unknown>,
    staleTime: 60 * 60_000,
    select: (list: unknown): string[] => {
      const items =
        list && typeof list === 'object' && 'items' in list && Array.isArray(list.items) ? list.items : [];
      const partial = items
        .filter(isAdequacyDecision)
        .filter(
          (d) =>
            d.scope !== 'full' &&
            d.condition !== 'dpf_certified' &&
            d.adoptedOn <= day &&
            (!d.validUntil || d.validUntil >= day),
        )
        .map((d) => d.code);
      return [...new Set(partial)].sort();
    },
  });
}

/**
 * Legal's decision on a sub-processor: authorise it, or object with the reasons (they are e-mailed to the
 * processor that engages it). The API decides whether the decision is still open.
 */
export function useAuthorizationDecision(processorId: string) {
  return useMutation({
    mutationFn: (body: Schemas['AuthorizationDecisionDto']) =>
      call(() =>
        api.POST('/api/v1/processors/{id}/authorization', { params: { path: { id: processorId } }, body }),
      ),
  });
}
