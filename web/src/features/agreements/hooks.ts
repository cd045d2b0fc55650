import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, upload, type Schemas } from '../../shared/api/client';

export type Agreement = Schemas['AgreementResponse'];
export type AgreementDraft = Schemas['CreateAgreementDto'];
export type ClauseId = keyof Schemas['ClausesDto'];
export const CLAUSES: ClauseId[] = [
  'A28_3_A',
  'A28_3_B',
  'A28_3_C',
  'A28_3_D',
  'A28_3_E',
  'A28_3_F',
  'A28_3_G',
  'A28_3_H',
  'A28_3_H2',
];
export type MechanismType = Schemas['TransferMechanismDto']['mechanism'];
export type DerogationGround = NonNullable<Schemas['TransferMechanismDto']['derogationGround']>;

// Every tool the API accepts, in the order the form offers them; a tool the API adds fails type-checking
// here until the form offers it too.
const EVERY_MECHANISM = {
  scc_2021_914_module_2: true,
  scc_2021_914_module_3: true,
  bcr: true,
  sa_adopted_scc: true,
  code_of_conduct: true,
  certification: true,
  ad_hoc_clauses: true,
  administrative_arrangement: true,
  public_authority_instrument: true,
  art49_derogation: true,
} satisfies Record<MechanismType, true>;
export const MECHANISMS = Object.keys(EVERY_MECHANISM) as MechanismType[];

/** Art. 49(1)(a)–(g) and its second subparagraph: an `art49_derogation` must name one. */
const EVERY_GROUND = {
  a: true,
  b: true,
  c: true,
  d: true,
  e: true,
  f: true,
  g: true,
  second_subparagraph: true,
} satisfies Record<DerogationGround, true>;
export const DEROGATION_GROUNDS = Object.keys(EVERY_GROUND) as DerogationGround[];

/** Carry a transfer only with the importer's binding and enforceable commitments (Art. 46(2)(e), (f)). */
export const NEEDS_COMMITMENTS: readonly MechanismType[] = ['code_of_conduct', 'certification'];
/** Carry a transfer only with the competent supervisory authority's authorisation (Art. 46(3)). */
export const NEEDS_AUTHORIZATION: readonly MechanismType[] = ['ad_hoc_clauses', 'administrative_arrangement'];

export function useAgreement(id: string | undefined) {
  return useQuery({
    queryKey: ['agreement', id],
    queryFn: () => call(() => api.GET('/api/v1/agreements/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

function useAgreementAction<T>(id: string, run: (input: T) => Promise<Agreement>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (agreement) => {
      client.setQueryData(['agreement', id], agreement);
      void client.invalidateQueries({ queryKey: ['processor', agreement.processorId] });
    },
  });
}

export function useCreateAgreement(processorId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AgreementDraft) =>
      call(() =>
        api.POST('/api/v1/processors/{id}/agreements', { params: { path: { id: processorId } }, body }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['processor', processorId] }),
  });
}

export const useReplaceDraft = (id: string) =>
  useAgreementAction(id, (body: AgreementDraft) =>
    call(() => api.PUT('/api/v1/agreements/{id}', { params: { path: { id } }, body })),
  );

export const useSend = (id: string) =>
  useAgreementAction(id, () =>
    call(() => api.POST('/api/v1/agreements/{id}/send', { params: { path: { id } } })),
  );

export const useSign = (id: string) =>
  useAgreementAction(id, (body: Schemas['SignatureDto']) =>
    call(() => api.POST('/api/v1/agreements/{id}/signatures', { params: { path: { id } }, body })),
  );

export const useUploadSigned = (id: string) =>
  useAgreementAction(id, (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return upload<Agreement>(`/api/v1/agreements/${id}/document`, form);
  });

/** Ends the agreement (legal); ending the last one in force starts the processor's offboarding. */
export function useTerminate(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['TerminateDto']) =>
      call(() => api.POST('/api/v1/agreements/{id}/terminate', { params: { path: { id } }, body })),
    onSuccess: (result) => {
      const { offboarding: _started, ...agreement } = result;
      client.setQueryData(['agreement', id], agreement);
      void client.invalidateQueries({ queryKey: ['processor', result.processorId] });
      void client.invalidateQueries({ queryKey: ['offboardings'] });
    },
  });
}
