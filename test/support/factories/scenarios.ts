import { TestApp } from '../test-app';
import { createApiKey, createUser, Role, setupOrganization, TestOrganization, TestUser } from './identity';
import { AgreementView, agreementBody, signedAgreement } from './agreements';
import { answersFor, approveAssessment } from './assessments';
import { ProcessorInput, createProcessor } from './processors';

/** Situations several test files build alike, each in one call. */

/**
 * A processor whose first assessment is approved: created by legal, answered (perfectly unless `fail`
 * says otherwise), submitted and approved by the decider.
 */
export async function approvedProcessor(
  t: TestApp,
  legalToken: string,
  deciderToken: string,
  overrides: Partial<ProcessorInput> = {},
  fail: Parameters<typeof answersFor>[1] = 'none',
): Promise<{
  processor: Awaited<ReturnType<typeof createProcessor>>;
  assessment: Awaited<ReturnType<typeof approveAssessment>>;
}> {
  const processor = await createProcessor(t, legalToken, overrides);
  const assessment = await approveAssessment(t, legalToken, deciderToken, processor.id, fail);
  return { processor, assessment };
}

/**
 * A processor that may receive data: created by legal, its assessment approved (perfect answers unless
 * `fail` says otherwise) by the decider, and a complete agreement effective today signed by both.
 */
export async function engagedProcessor(
  t: TestApp,
  legalToken: string,
  deciderToken: string,
  overrides: Partial<ProcessorInput> = {},
  agreement: Parameters<typeof agreementBody>[1] = {},
  fail: Parameters<typeof answersFor>[1] = 'none',
): Promise<{
  processor: Awaited<ReturnType<typeof createProcessor>>;
  assessment: Awaited<ReturnType<typeof approveAssessment>>;
  agreement: AgreementView;
}> {
  const { processor, assessment } = await approvedProcessor(t, legalToken, deciderToken, overrides, fail);
  const signed = await signedAgreement(
    t,
    legalToken,
    processor.id,
    agreementBody(t.clock.today(), agreement),
  );
  return { processor, assessment, agreement: signed };
}

/**
 * Users of the organisation, one per key, each with the roles given and ready to work (created by the
 * organisation's admin, in the order given): `const { legal, dpo } = await staff(t, org, { legal: ['legal'], dpo: ['dpo'] })`.
 */
export async function staff<K extends string>(
  t: TestApp,
  org: TestOrganization,
  roles: Record<K, Role[]>,
): Promise<Record<K, TestUser>> {
  const users = {} as Record<K, TestUser>;
  for (const key of Object.keys(roles) as K[]) {
    users[key] = await createUser(t, org.admin.accessToken, { roles: roles[key] });
  }
  return users;
}

/** One user for each working role, as `staff` takes them: `await staff(t, org, ONE_OF_EACH_ROLE)`. */
export const ONE_OF_EACH_ROLE: Record<'legal' | 'dpo' | 'procurement' | 'auditor', Role[]> = {
  legal: ['legal'],
  dpo: ['dpo'],
  procurement: ['procurement'],
  auditor: ['auditor'],
};

/**
 * An organisation ready for the transfer gate: legal and a DPO, one engaged processor, and an API key of
 * the procurement role.
 */
export async function gateScenario(t: TestApp): Promise<{
  org: TestOrganization;
  legal: TestUser;
  dpo: TestUser;
  processorId: string;
  apiKey: string;
}> {
  const org = await setupOrganization(t);
  const { legal, dpo } = await staff(t, org, { legal: ['legal'], dpo: ['dpo'] });
  const processorId = (await engagedProcessor(t, legal.accessToken, dpo.accessToken)).processor.id;
  const apiKey = (await createApiKey(t, org.admin.accessToken, { roles: ['procurement'] })).key;
  return { org, legal, dpo, processorId, apiKey };
}
