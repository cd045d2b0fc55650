import { TestApp } from '../test-app';
import { nextId } from './identity';

/** Agreements (DPAs): bodies, creation, signatures. */

/** The mandatory stipulations of Art. 28(3) GDPR, as the API names them. */
export const CLAUSE_IDS = [
  'A28_3_A',
  'A28_3_B',
  'A28_3_C',
  'A28_3_D',
  'A28_3_E',
  'A28_3_F',
  'A28_3_G',
  'A28_3_H',
  'A28_3_H2',
] as const;

/**
 * Every clause covered with the section of the signed document that covers it (`§ 1` … `§ 9`), except
 * those listed, which are `false`. (A bare `true` is only a draft tick and would not count.)
 */
export function allClauses(
  except: readonly string[] = [],
): Record<string, false | { covered: true; reference: string }> {
  return Object.fromEntries(
    CLAUSE_IDS.map((id, n) => [id, except.includes(id) ? false : { covered: true, reference: `§ ${n + 1}` }]),
  );
}

export interface AgreementScopeInput {
  subjectMatter: string;
  nature: string;
  duration?: string;
  purposes: string[];
  dataCategories: string[];
  dataSubjectCategories: string[];
  processingCountries: string[];
}

export interface TransferMechanismInput {
  country: string;
  mechanism: 'scc_2021_914_module_2' | 'scc_2021_914_module_3' | 'bcr' | 'art49_derogation';
  tiaCompleted: boolean;
  reference?: string;
}

export interface AgreementInput {
  title: string;
  reference?: string;
  effectiveFrom: string;
  expiresOn?: string;
  scope: AgreementScopeInput;
  clauses: Record<string, unknown>;
  subProcessorAuthorization: { type: 'specific' | 'general'; objectionPeriodDays?: number };
  transferMechanisms?: TransferMechanismInput[];
  supersedesId?: string;
}

/**
 * A valid POST /processors/:id/agreements body, effective from `effectiveFrom`: every clause covered,
 * contact data of customers for marketing, processed in Germany, general authorisation with 30 days.
 * `scope` overrides are merged into the default scope.
 */
export function agreementBody(
  effectiveFrom: string,
  overrides: Partial<Omit<AgreementInput, 'scope'>> & { scope?: Partial<AgreementScopeInput> } = {},
): AgreementInput {
  const { scope, ...rest } = overrides;
  return {
    title: `DPA ${nextId()}`,
    effectiveFrom,
    scope: {
      subjectMatter: 'Dispatch of the customer newsletter',
      nature: 'Storage of addresses and sending of e-mails',
      duration: 'For the term of the main contract',
      purposes: ['marketing'],
      dataCategories: ['user.contact'],
      dataSubjectCategories: ['customer'],
      processingCountries: ['DE'],
      ...scope,
    },
    clauses: allClauses(),
    subProcessorAuthorization: { type: 'general', objectionPeriodDays: 30 },
    ...rest,
  };
}

export type AgreementView = Record<string, unknown> & {
  id: string;
  processorId: string;
  title: string;
  status: string;
  missingClauses: string[];
  signatures: Record<string, unknown>[];
  version: number;
};

/** POST /processors/:id/agreements; fails the test unless it answers 201. Returns the agreement. */
export async function createAgreement(
  t: TestApp,
  accessToken: string,
  processorId: string,
  body: AgreementInput,
): Promise<AgreementView> {
  const res = await t.as(accessToken).post(`/processors/${processorId}/agreements`, body);
  if (res.status !== 201)
    throw new Error(`POST /processors/:id/agreements answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A signature body for `party`, signed at the test clock's now. */
export function signatureBody(
  t: TestApp,
  party: 'controller' | 'processor',
  overrides: Partial<{
    signerName: string;
    signerTitle: string;
    signedAt: string;
    documentSha256: string;
  }> = {},
): { party: string; signerName: string; signerTitle: string; signedAt: string; documentSha256?: string } {
  return {
    party,
    signerName: party === 'controller' ? 'Dr. Maria Schmidt' : 'Jon Vendorsen',
    signerTitle: party === 'controller' ? 'General Counsel' : 'Managing Director',
    signedAt: t.clock.now().toISOString(),
    ...overrides,
  };
}

/** POST /agreements/:id/signatures for the controller, then the processor; fails unless both answer 201. */
export async function signAgreement(
  t: TestApp,
  accessToken: string,
  agreementId: string,
): Promise<AgreementView> {
  let last: AgreementView | undefined;
  for (const party of ['controller', 'processor'] as const) {
    const res = await t
      .as(accessToken)
      .post(`/agreements/${agreementId}/signatures`, signatureBody(t, party));
    if (res.status !== 201)
      throw new Error(
        `POST /agreements/:id/signatures (${party}) answered ${res.status}: ${JSON.stringify(res.body)}`,
      );
    last = res.body;
  }
  return last!;
}

/** Drafts an agreement and has both parties sign it; returns the signed agreement as the API shows it. */
export async function signedAgreement(
  t: TestApp,
  accessToken: string,
  processorId: string,
  body: AgreementInput,
): Promise<AgreementView> {
  const draft = await createAgreement(t, accessToken, processorId, body);
  return signAgreement(t, accessToken, draft.id);
}
