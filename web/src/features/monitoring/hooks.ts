import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, upload, type Schemas } from '../../shared/api/client';
import { processorQuery } from '../processors/hooks';

export type Check = Schemas['CheckResponse'];
export type CheckStatus = Check['status'];
export type Finding = Schemas['FindingResponse'];
export type FindingStatus = Finding['status'];
export type Severity = Finding['severity'];
export type Cadence = Schemas['CadenceDto'];
export type SweepRun = Schemas['SweepRunResponse'];

export const CHECK_STATUSES: CheckStatus[] = ['scheduled', 'due', 'overdue', 'passed', 'failed', 'warning'];
export const FINDING_STATUSES: FindingStatus[] = ['open', 'in_progress', 'resolved', 'risk_accepted'];
/** Statuses of findings still to be remediated: only these can be overdue (src/monitoring/finding.entity.ts). */
export const OPEN_FINDING_STATUSES: FindingStatus[] = ['open', 'in_progress'];
export const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];

/** The moves the API allows from each status (src/monitoring/finding-lifecycle.ts). */
export const FINDING_MOVES: Record<FindingStatus, FindingStatus[]> = {
  open: ['in_progress', 'resolved', 'risk_accepted'],
  in_progress: ['open', 'resolved', 'risk_accepted'],
  resolved: ['open'],
  risk_accepted: ['open'],
};

export function useChecks(filters: { processorId?: string; status?: CheckStatus; page: number }) {
  return useQuery({
    queryKey: ['monitoring', 'checks', filters],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/monitoring-checks', {
          params: {
            query: {
              page: filters.page,
              pageSize: 20,
              ...(filters.processorId ? { processorId: filters.processorId } : {}),
              ...(filters.status ? { status: filters.status } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

function useMonitoringMutation<T, R>(run: (input: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => client.invalidateQueries({ queryKey: ['monitoring'] }),
  });
}

export const useAddCheck = () =>
  useMonitoringMutation((input: { processorId: string; body: Schemas['CreateCheckDto'] }) =>
    call(() =>
      api.POST('/api/v1/processors/{id}/monitoring-checks', {
        params: { path: { id: input.processorId } },
        body: input.body,
      }),
    ),
  );

export const useRecordResult = (id: string) =>
  useMonitoringMutation(async (input: { body: Schemas['RecordResultDto']; evidence: File[] }) => {
    const recorded = await call(() =>
      api.POST('/api/v1/monitoring-checks/{id}/result', { params: { path: { id } }, body: input.body }),
    );
    for (const file of input.evidence) {
      const form = new FormData();
      form.append('file', file, file.name);
      await upload<Check>(`/api/v1/monitoring-checks/${id}/evidence`, form);
    }
    return recorded;
  });

export function useCadence() {
  return useQuery({
    queryKey: ['monitoring', 'settings'],
    queryFn: () => call(() => api.GET('/api/v1/monitoring/settings')),
  });
}

export const useSetCadence = () =>
  useMonitoringMutation((body: Cadence) => call(() => api.PUT('/api/v1/monitoring/settings', { body })));

export function useSweepRuns(enabled: boolean, polling: boolean) {
  return useQuery({
    queryKey: ['monitoring', 'sweeps'],
    queryFn: () => call(() => api.GET('/api/v1/monitoring/sweeps', { params: { query: { pageSize: 5 } } })),
    enabled,
    refetchInterval: polling ? 1500 : false,
  });
}

export const useRunSweep = () =>
  useMonitoringMutation(() => call(() => api.POST('/api/v1/monitoring/sweeps')));

/** A page of findings of one status (the earliest due first); `overdue` keeps those past their due date. */
export function useFindings(
  filters: {
    processorId?: string;
    status: FindingStatus;
    overdue?: boolean;
    page: number;
    pageSize?: number;
  },
  enabled = true,
) {
  return useQuery({
    enabled,
    queryKey: ['monitoring', 'findings', filters],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/findings', {
          params: {
            query: {
              page: filters.page,
              pageSize: filters.pageSize ?? 20,
              status: filters.status,
              ...(filters.overdue !== undefined ? { overdue: filters.overdue } : {}),
              ...(filters.processorId ? { processorId: filters.processorId } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export const useUpdateFinding = (id: string) =>
  useMonitoringMutation((body: Schemas['UpdateFindingDto']) =>
    call(() => api.PATCH('/api/v1/findings/{id}', { params: { path: { id } }, body })),
  );

/**
 * The names of the processors `ids` names, for lists that carry only the id: the organisation's first
 * 100 by name in one request, and each other one by its own (an organisation may have thousands).
 */
export function useProcessorNames(ids: readonly string[]): (id: string) => string | undefined {
  const first = useQuery({
    queryKey: ['processors', 'names'],
    queryFn: () =>
      call(() => api.GET('/api/v1/processors', { params: { query: { page: 1, pageSize: 100 } } })),
    select: (page) => new Map(page.items.map((p) => [p.id, p.name])),
    staleTime: 60_000,
  });
  const missing = first.data ? [...new Set(ids)].filter((id) => !first.data.has(id)) : [];
  const others = useQueries({
    queries: missing.map((id) => ({ ...processorQuery(id), staleTime: 60_000 })),
  });
  return (id) => first.data?.get(id) ?? others.find((o) => o.data?.id === id)?.data?.name;
}
