import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../shared/api/client';

export type Profile = Schemas['ProfileResponse'];
export type ProfileInput = Schemas['ProfileDto'];
export type Activity = Schemas['ProcessingActivityResponse'];
export type ActivityInput = Schemas['CreateProcessingActivityDto'];
export type ActivityVersion = Schemas['ActivityVersionResponse'];
export type LegalBasis = Activity['legalBases'][number];
export type RecordExport = Schemas['RecordExportResponse'];
export type ExportFormat = RecordExport['format'];
export type ProcessorEntry = Schemas['ProcessorRecordEntryResponse'];
export type ProcessorEntryInput = Schemas['CreateProcessorRecordEntryDto'];

export type Safeguard = NonNullable<Schemas['OtherRecipientDto']['safeguard']>;
/** Transfer tools (Art. 46 safeguards, Art. 49 derogations): an adequacy decision (Art. 45) is not one. */
export const TRANSFER_TOOLS: Safeguard[] = [
  'scc_2021_914_module_1',
  'scc_2021_914_module_2',
  'scc_2021_914_module_3',
  'scc_2021_914_module_4',
  'bcr',
  'code_of_conduct',
  'certification',
  'public_authority_instrument',
  'sa_adopted_scc',
  'ad_hoc_clauses',
  'administrative_arrangement',
  'art49_derogation',
];

export const ART6: LegalBasis[] = ['art6_1_a', 'art6_1_b', 'art6_1_c', 'art6_1_d', 'art6_1_e', 'art6_1_f'];
export const ART9: LegalBasis[] = [
  'art9_2_a',
  'art9_2_b',
  'art9_2_c',
  'art9_2_d',
  'art9_2_e',
  'art9_2_f',
  'art9_2_g',
  'art9_2_h',
  'art9_2_i',
  'art9_2_j',
];
export const FORMATS: ExportFormat[] = ['xlsx', 'csv', 'json', 'pdf'];

const asOfQuery = (asOf: string | undefined) => (asOf ? { asOf } : {});

export function useProfile(asOf?: string) {
  return useQuery({
    queryKey: ['records', 'profile', asOf ?? null],
    queryFn: () => call(() => api.GET('/api/v1/records/profile', { params: { query: asOfQuery(asOf) } })),
  });
}

export function useSaveProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfileInput) => call(() => api.PUT('/api/v1/records/profile', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['records', 'profile'] }),
  });
}

export function useActivities(filters: { q?: string; asOf?: string; page: number }) {
  return useQuery({
    queryKey: ['records', 'activities', filters],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/processing-activities', {
          params: {
            query: {
              page: filters.page,
              pageSize: 20,
              ...(filters.q ? { q: filters.q } : {}),
              ...asOfQuery(filters.asOf),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useActivity(id: string | undefined, asOf?: string) {
  return useQuery({
    queryKey: ['records', 'activity', id, asOf ?? null],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/processing-activities/{id}', {
          params: { path: { id: id! }, query: asOfQuery(asOf) },
        }),
      ),
    enabled: !!id,
  });
}

export function useActivityVersions(id: string | undefined) {
  return useQuery({
    queryKey: ['records', 'activity', id, 'versions'],
    queryFn: () =>
      call(() => api.GET('/api/v1/processing-activities/{id}/versions', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

export function useEntryVersions(id: string | undefined) {
  return useQuery({
    queryKey: ['records', 'entry', id, 'versions'],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/records/processor-record/entries/{id}/versions', { params: { path: { id: id! } } }),
      ),
    enabled: !!id,
  });
}

function useRecordsMutation<T, R>(run: (input: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => client.invalidateQueries({ queryKey: ['records'] }),
  });
}

export const useCreateActivity = () =>
  useRecordsMutation((body: ActivityInput) =>
    call(() => api.POST('/api/v1/processing-activities', { body })),
  );

export const useUpdateActivity = (id: string) =>
  useRecordsMutation((body: Schemas['UpdateProcessingActivityDto']) =>
    call(() => api.PATCH('/api/v1/processing-activities/{id}', { params: { path: { id } }, body })),
  );

export const useArchiveActivity = (id: string) =>
  useRecordsMutation(() =>
    call(() => api.POST('/api/v1/processing-activities/{id}/archive', { params: { path: { id } } })),
  );

export function useProcessorEntries(page: number, asOf?: string) {
  return useQuery({
    queryKey: ['records', 'processor-record', page, asOf ?? null],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/records/processor-record/entries', {
          params: { query: { page, pageSize: 20, ...asOfQuery(asOf) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export const useCreateEntry = () =>
  useRecordsMutation((body: ProcessorEntryInput) =>
    call(() => api.POST('/api/v1/records/processor-record/entries', { body })),
  );

export const useUpdateEntry = (id: string) =>
  useRecordsMutation((body: Schemas['UpdateProcessorRecordEntryDto']) =>
    call(() =>
      api.PATCH('/api/v1/records/processor-record/entries/{id}', { params: { path: { id } }, body }),
    ),
  );

export const useArchiveEntry = () =>
  useRecordsMutation((id: string) =>
    call(() =>
      api.POST('/api/v1/records/processor-record/entries/{id}/archive', { params: { path: { id } } }),
    ),
  );

export function useExports(page: number) {
  return useQuery({
    queryKey: ['records', 'exports', page],
    queryFn: () =>
      call(() => api.GET('/api/v1/records/exports', { params: { query: { page, pageSize: 10 } } })),
    placeholderData: keepPreviousData,
  });
}

/** One export, polled every second until it is completed or failed. */
export function useExport(id: string | undefined) {
  return useQuery({
    queryKey: ['records', 'export', id],
    queryFn: () => call(() => api.GET('/api/v1/records/exports/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'completed' || status === 'failed' ? false : 1000;
    },
  });
}

export function useRequestExport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateRecordExportDto']) =>
      call(() => api.POST('/api/v1/records/exports', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['records', 'exports'] }),
  });
}

/** Which data categories are special (Art. 9) or criminal (Art. 10); a key covers its descendants. */
export function useSpecialCategories() {
  return useQuery({
    queryKey: ['vocabulary', 'special-categories'],
    queryFn: () => call(() => api.GET('/api/v1/vocabularies/special-categories')),
    staleTime: 60 * 60_000,
  });
}

export function specialOf(
  key: string,
  specials: Schemas['SpecialCategoryResponse'][] | undefined,
): Schemas['SpecialCategoryResponse'] | undefined {
  return specials?.find((s) => key === s.key || key.startsWith(`${s.key}.`));
}
