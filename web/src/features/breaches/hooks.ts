import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, upload, type Schemas } from '../../shared/api/client';

export type Incident = Schemas['IncidentResponse'];
export type IncidentStatus = Incident['status'];
export type IncidentUpdate = Schemas['UpdateIncidentDto'];
export type RiskLevel = NonNullable<Incident['riskLevel']>;
export type Exemption = NonNullable<Incident['subjectNoticeExemption']>;
export const RISK_LEVELS: RiskLevel[] = ['unlikely', 'risk', 'high_risk'];
export const EXEMPTIONS: Exemption[] = ['art34_3_a', 'art34_3_b', 'art34_3_c'];
export const INCIDENT_STATUSES: IncidentStatus[] = ['open', 'contained', 'closed'];

export interface IncidentFilters {
  status?: IncidentStatus;
  processorId?: string;
  page: number;
}

export function useIncidents(filters: IncidentFilters) {
  return useQuery({
    queryKey: ['incidents', filters],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/incidents', {
          params: {
            query: {
              page: filters.page,
              pageSize: 20,
              ...(filters.status ? { status: filters.status } : {}),
              ...(filters.processorId ? { processorId: filters.processorId } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useIncident(id: string | undefined) {
  return useQuery({
    queryKey: ['incident', id],
    queryFn: () => call(() => api.GET('/api/v1/incidents/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

/**
 * Legal or the DPO records the notice a processor sent by e-mail or telephone, or (no processor) a breach
 * in the organisation itself.
 */
export function useRecordNotice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ processorId, body }: { processorId: string | null; body: Schemas['ReportIncidentDto'] }) =>
      call(() =>
        processorId
          ? api.POST('/api/v1/processors/{id}/incidents', { params: { path: { id: processorId } }, body })
          : api.POST('/api/v1/incidents', { body }),
      ),
    onSuccess: (incident) => {
      client.setQueryData(['incident', incident.id], incident);
      void client.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
}

function useIncidentChange<T>(id: string, run: (input: T) => Promise<Incident>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (incident) => {
      client.setQueryData(['incident', id], incident);
      void client.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
}

/** One change of the breach; the version read rides along, so a concurrent edit answers 409. */
export const useUpdateIncident = (incident: Incident) =>
  useIncidentChange(incident.id, (body: IncidentUpdate) =>
    call(() =>
      api.PATCH('/api/v1/incidents/{id}', {
        params: { path: { id: incident.id } },
        body: { ...body, version: incident.version },
      }),
    ),
  );

export const useAddDocument = (id: string) =>
  useIncidentChange(id, (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return upload<Incident>(`/api/v1/incidents/${id}/documents`, form);
  });
