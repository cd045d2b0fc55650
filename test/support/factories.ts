import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import { OrganizationsService } from '../../src/identity/organizations.service';
import { Caller } from './client';
import { TestApp } from './test-app';
import { eventually } from './wait';

/**
 * Builders for the identity feature on top of a TestApp: organisations, users that are ready to work
 * (first-login password change done), logins, API keys and MFA. Each returns what a test needs next.
 */

export type Role = 'admin' | 'legal' | 'procurement' | 'dpo' | 'auditor';

export interface TestUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  password: string;
  accessToken: string;
  refreshToken: string;
}

export interface TestOrganization {
  id: string;
  name: string;
  admin: TestUser;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  passwordChangeRequired: boolean;
  mfaEnrollmentRequired: boolean;
}

let sequence = 0;

/** A fresh number for unique names within a run. */
export function nextId(): string {
  sequence += 1;
  return `${sequence}${randomBytes(2).toString('hex')}`;
}

/** A password that meets the policy: ≥ 14 characters, upper, lower, digit and special; unique each call. */
export function strongPassword(): string {
  return `Vx9!${randomBytes(8).toString('hex')}`;
}

/** A unique e-mail address, e.g. `legal-3a1f@acme.example`. */
export function uniqueEmail(label = 'user', domain = 'acme.example'): string {
  return `${label}-${nextId()}@${domain}`;
}

export const bearer = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

export function setupBody(
  overrides: Partial<{ organizationName: string; email: string; name: string; password: string }> = {},
): { organizationName: string; email: string; name: string; password: string } {
  return {
    organizationName: 'Acme GmbH',
    email: uniqueEmail('admin'),
    name: 'Ada Admin',
    password: strongPassword(),
    ...overrides,
  };
}

/** POST /auth/login; fails the test unless it answers 200 with tokens (no MFA step). */
export async function login(t: TestApp, email: string, password: string): Promise<Tokens> {
  const res = await t.as(null).post('/auth/login', { email, password });
  if (res.status !== 200 || typeof res.body.accessToken !== 'string') {
    throw new Error(`login of ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return res.body as Tokens;
}

/** POST /auth/password; fails the test unless it answers 204. */
export async function changePassword(
  t: TestApp,
  accessToken: string,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const res = await t.as(accessToken).post('/auth/password', { currentPassword, newPassword });
  if (res.status !== 204) {
    throw new Error(`password change answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
}

/**
 * Logs in and, when the password must be changed (first login, expiry), changes it and logs in again.
 * Updates `user.password` and its tokens in place and returns the final tokens.
 */
export async function loginReady(
  t: TestApp,
  user: Pick<TestUser, 'email' | 'password'> & Partial<TestUser>,
): Promise<Tokens> {
  let tokens = await login(t, user.email, user.password);
  if (tokens.passwordChangeRequired) {
    const next = strongPassword();
    await changePassword(t, tokens.accessToken, user.password, next);
    user.password = next;
    tokens = await login(t, user.email, user.password);
  }
  user.accessToken = tokens.accessToken;
  user.refreshToken = tokens.refreshToken;
  return tokens;
}

/** Creates the first organisation through POST /auth/setup and logs its admin in. */
export async function setupOrganization(
  t: TestApp,
  overrides: Partial<{ organizationName: string; email: string; name: string; password: string }> = {},
): Promise<TestOrganization> {
  const body = setupBody(overrides);
  const res = await t.as(null).post('/auth/setup', body);
  if (res.status !== 201) throw new Error(`setup answered ${res.status}: ${JSON.stringify(res.body)}`);
  const admin: TestUser = {
    id: res.body.user.id,
    email: body.email,
    name: body.name,
    roles: ['admin'],
    password: body.password,
    accessToken: '',
    refreshToken: '',
  };
  await loginReady(t, admin);
  return { id: res.body.organization.id, name: res.body.organization.name, admin };
}

/** Another organisation and its admin, created in-process as the operator CLI does; the admin is logged in. */
export async function secondOrganization(
  t: TestApp,
  overrides: Partial<{ organizationName: string; email: string; name: string; password: string }> = {},
): Promise<TestOrganization> {
  const body = setupBody({
    organizationName: `Beta AG ${nextId()}`,
    email: uniqueEmail('admin', 'beta.example'),
    ...overrides,
  });
  const created = await t.get(OrganizationsService).createWithAdmin(body);
  const admin: TestUser = {
    id: created.user.id,
    email: body.email,
    name: body.name,
    roles: ['admin'],
    password: body.password,
    accessToken: '',
    refreshToken: '',
  };
  await loginReady(t, admin);
  return { id: created.organization.id, name: created.organization.name, admin };
}

export interface NewUser {
  roles: Role[];
  email?: string;
  name?: string;
  password?: string;
}

/** POST /users as the given admin; fails the test unless it answers 201. Returns the response body. */
export async function createUserRaw(
  t: TestApp,
  adminToken: string,
  input: NewUser,
): Promise<{ id: string; email: string; name: string; roles: Role[]; password: string }> {
  const body = {
    email: input.email ?? uniqueEmail(input.roles[0] ?? 'user'),
    name: input.name ?? `Test ${input.roles.join(' ')} ${nextId()}`,
    roles: input.roles,
    password: input.password ?? strongPassword(),
  };
  const res = await t.as(adminToken).post('/users', body);
  if (res.status !== 201) throw new Error(`POST /users answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { ...res.body, password: body.password };
}

/** A user created by an admin who has logged in and completed the first-login password change. */
export async function createUser(t: TestApp, adminToken: string, input: NewUser): Promise<TestUser> {
  const created = await createUserRaw(t, adminToken, input);
  const user: TestUser = {
    id: created.id,
    email: created.email,
    name: created.name,
    roles: input.roles,
    password: created.password,
    accessToken: '',
    refreshToken: '',
  };
  await loginReady(t, user);
  return user;
}

/** A TOTP code for the secret, taken far enough from a 30-second boundary to be accepted on arrival. */
export async function totp(secret: string, notInStep?: number): Promise<{ code: string; step: number }> {
  // The app checks TOTP codes against real time (otplib), not the test clock: wait for a usable step.
  const step = await eventually(
    () => {
      const now = Date.now();
      const current = Math.floor(now / 30_000);
      return 30_000 - (now % 30_000) >= 2_000 && current !== notInStep && current;
    },
    { timeoutMs: 35_000, intervalMs: 100 },
  );
  return { code: await generate({ secret }), step };
}

/** Enrols the user in MFA with a real TOTP code; returns the secret and the recovery codes. */
export async function enrollMfa(
  t: TestApp,
  accessToken: string,
): Promise<{ secret: string; recoveryCodes: string[]; step: number }> {
  const enroll = await t.as(accessToken).post('/auth/mfa/enroll', {});
  if (enroll.status !== 200)
    throw new Error(`enroll answered ${enroll.status}: ${JSON.stringify(enroll.body)}`);
  const secret: string = enroll.body.secret;
  const { code, step } = await totp(secret);
  const confirm = await t.as(accessToken).post('/auth/mfa/enroll/confirm', { code });
  if (confirm.status !== 200) {
    throw new Error(`enroll/confirm answered ${confirm.status}: ${JSON.stringify(confirm.body)}`);
  }
  return { secret, recoveryCodes: confirm.body.recoveryCodes, step };
}

/** POST /api-keys as the given admin; fails the test unless it answers 201. */
export async function createApiKey(
  t: TestApp,
  adminToken: string,
  input: Partial<{ name: string; roles: Role[]; expiresAt: string }> = {},
): Promise<{ id: string; name: string; roles: Role[]; expiresAt: string; prefix: string; key: string }> {
  const body = {
    name: input.name ?? `Integration ${nextId()}`,
    roles: input.roles ?? ['auditor'],
    expiresAt: input.expiresAt ?? new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString(),
  };
  const res = await t.as(adminToken).post('/api-keys', body);
  if (res.status !== 201)
    throw new Error(`POST /api-keys answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface AuditItem {
  id: string;
  organizationId: string;
  occurredAt: string;
  actorType: 'user' | 'api_key' | 'system' | 'anonymous' | 'processor_contact';
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  hash: string;
  prevHash: string;
}

/** Every audit event visible to the caller (all pages), newest first. */
export async function allAuditEvents(
  t: TestApp,
  accessToken: string,
  query: Record<string, string> = {},
): Promise<AuditItem[]> {
  const items: AuditItem[] = [];
  for (let page = 1; ; page++) {
    const res = await t
      .as(accessToken)
      .get('/audit-events')
      .query({ ...query, page, pageSize: 100 });
    if (res.status !== 200)
      throw new Error(`GET /audit-events answered ${res.status}: ${JSON.stringify(res.body)}`);
    items.push(...(res.body.items as AuditItem[]));
    if (items.length >= res.body.total || res.body.items.length === 0) return items;
  }
}

// ---------------------------------------------------------------------------------------------------
// Processors and assessments
// ---------------------------------------------------------------------------------------------------

export interface ProcessorInput {
  name: string;
  country: string;
  processingCountries: string[];
  services: string;
  contactEmail: string;
  legalName?: string;
  registrationNumber?: string;
  vatId?: string;
  website?: string;
  privacyContact?: { name?: string; email?: string; phone?: string };
  dpoContact?: { name?: string; email?: string; phone?: string };
  certifications?: {
    type: string;
    reference?: string;
    issuer?: string;
    validFrom?: string;
    validUntil: string;
  }[];
  intendedDataCategories?: string[];
  dpfCertified?: boolean;
  parentId?: string;
  postalAddress?: string;
  contactPerson?: { name: string; email?: string; phone?: string };
  subprocessorNoticeOn?: string;
}

/** A valid POST /processors body: an EEA-only processor with a unique name, unless overridden. */
export function processorBody(overrides: Partial<ProcessorInput> = {}): ProcessorInput {
  return {
    name: `Processor ${nextId()}`,
    country: 'DE',
    processingCountries: ['DE'],
    services: 'E-mail delivery',
    contactEmail: uniqueEmail('privacy', 'vendor.example'),
    intendedDataCategories: ['user.contact.email'],
    ...overrides,
  };
}

/** POST /processors; fails the test unless it answers 201. Returns the processor. */
export async function createProcessor(
  t: TestApp,
  accessToken: string,
  overrides: Partial<ProcessorInput> = {},
): Promise<{ id: string; name: string; status: string; version: number } & Record<string, unknown>> {
  const res = await t.as(accessToken).post('/processors', processorBody(overrides));
  if (res.status !== 201)
    throw new Error(`POST /processors answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface TemplateQuestion {
  id: string;
  area: string;
  text: string;
  answerType: 'boolean' | 'number' | 'choice' | 'text' | 'date';
  options?: string[];
  weight: number;
  critical: boolean;
  expected?: { equals?: unknown; min?: number; max?: number; oneOf?: string[]; withinMonths?: number };
  showIf?: { questionId: string; equals: unknown } | { service: string };
}

export interface AnswerInput {
  questionId: string;
  value: unknown;
  comment?: string;
}

/** The test clock's first day: a date question scored by its age is answered relative to it. */
export const TEST_START_DAY = '2026-01-15';

/**
 * The answer that meets a question's expectation (text → 'documented'; date → '2026-01-01', or `today`
 * when it is scored by its age).
 */
export function perfectAnswer(q: TemplateQuestion, today = TEST_START_DAY): unknown {
  const e = q.expected ?? {};
  if (q.answerType === 'text') return 'documented';
  if (q.answerType === 'date') return e.withinMonths !== undefined ? today : '2026-01-01';
  if (e.equals !== undefined) return e.equals;
  if (e.min !== undefined) return e.min;
  if (e.max !== undefined) return e.max;
  if (e.oneOf?.length) return e.oneOf[0];
  if (q.answerType === 'boolean') return true;
  if (q.answerType === 'number') return 1;
  return q.options?.[0];
}

/**
 * The answer that fails a question's expectation where it has one (text and unscored dates as
 * perfectAnswer; a date scored by its age → 2000-01-01).
 */
export function badAnswer(q: TemplateQuestion, today = TEST_START_DAY): unknown {
  const e = q.expected ?? {};
  if (q.answerType === 'date' && e.withinMonths !== undefined) return '2000-01-01';
  if (q.answerType === 'text' || q.answerType === 'date') return perfectAnswer(q, today);
  if (q.answerType === 'boolean') return e.equals === undefined ? false : !e.equals;
  if (q.answerType === 'number') {
    if (e.min !== undefined) return Math.max(0, e.min - 5);
    if (e.max !== undefined) return e.max * 10 + 1;
    return e.equals !== undefined ? Number(e.equals) + 1 : 0;
  }
  if (q.answerType === 'choice') {
    const good = new Set(e.oneOf ?? (e.equals !== undefined ? [e.equals] : []));
    return q.options?.find((o) => !good.has(o)) ?? q.options?.[0];
  }
  return perfectAnswer(q, today);
}

/** The reason answersFor gives for a critical question that has no evidence attached. */
export const NO_EVIDENCE_REASON = 'No document to attach: confirmed in clause 7 of the signed agreement.';

/**
 * Answers for every question, conditional ones included (an answer to a hidden question is kept but
 * neither required nor scored): perfect ones, except those listed in `fail` (or all when fail = 'all').
 * A critical question's answer carries, as its comment, why no evidence is attached. `today` is the
 * day a date scored by its age is measured from (the test clock's day).
 */
export function answersFor(
  questions: TemplateQuestion[],
  fail: 'none' | 'all' | ((q: TemplateQuestion) => boolean) = 'none',
  today = TEST_START_DAY,
): AnswerInput[] {
  const failing = (q: TemplateQuestion): boolean =>
    fail === 'all' ? true : fail === 'none' ? false : fail(q);
  return questions.map((q) => ({
    questionId: q.id,
    value: failing(q) ? badAnswer(q, today) : perfectAnswer(q, today),
    ...(q.critical ? { comment: NO_EVIDENCE_REASON } : {}),
  }));
}

/** GET /assessments/:id; fails the test unless it answers 200. */
export async function getAssessment(
  t: TestApp,
  accessToken: string,
  id: string,
): Promise<Record<string, unknown> & { id: string; status: string; questions: TemplateQuestion[] }> {
  const res = await t.as(accessToken).get(`/assessments/${id}`);
  if (res.status !== 200)
    throw new Error(`GET /assessments/${id} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Polls GET /assessments/:id (flushing the outbox between tries) until its status is no longer one of
 * `from`; fails after `timeoutMs`. Returns the assessment as it then is.
 */
export async function waitForAssessment(
  t: TestApp,
  accessToken: string,
  id: string,
  from: string[] = ['submitted'],
  timeoutMs = 15_000,
): Promise<Record<string, unknown> & { id: string; status: string; questions: TemplateQuestion[] }> {
  return eventually(
    async () => {
      await t.flushOutbox();
      const assessment = await getAssessment(t, accessToken, id);
      if (from.includes(assessment.status))
        throw new Error(`assessment ${id} still ${assessment.status} after ${timeoutMs} ms`);
      return assessment;
    },
    { timeoutMs, intervalMs: 150 },
  );
}

/** A superagent parser that keeps the response body as a Buffer (for file downloads). */
export function binaryParser(response: object, callback: (error: Error | null, body: Buffer) => void): void {
  // At run time superagent hands over the Node.js response stream.
  const res = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer | string) => chunks.push(Buffer.from(chunk)));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
  res.on('error', (error: Error) => callback(error, Buffer.alloc(0)));
}

// ---------------------------------------------------------------------------------------------------
// Agreements (DPAs) and the transfer gate
// ---------------------------------------------------------------------------------------------------

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

/**
 * Takes a processor's assessment to approval the way people do: legal creates it, answers (perfectly
 * unless `fail` says otherwise) and submits; the worker scores it; the decider (dpo) approves.
 * Returns the approved assessment.
 */
export async function approveAssessment(
  t: TestApp,
  legalToken: string,
  deciderToken: string,
  processorId: string,
  fail: Parameters<typeof answersFor>[1] = 'none',
): Promise<Record<string, unknown> & { id: string; status: string; riskRating: string; validUntil: string }> {
  const created = await t.as(legalToken).post(`/processors/${processorId}/assessments`, {});
  if (created.status !== 201)
    throw new Error(
      `POST /processors/:id/assessments answered ${created.status}: ${JSON.stringify(created.body)}`,
    );
  const id: string = created.body.id;
  const put = await t.as(legalToken).put(`/assessments/${id}/answers`, {
    answers: answersFor(created.body.questions as TemplateQuestion[], fail, t.clock.today()),
  });
  if (put.status !== 200) throw new Error(`PUT answers answered ${put.status}: ${JSON.stringify(put.body)}`);
  const submit = await t.as(legalToken).post(`/assessments/${id}/submit`, {});
  if (submit.status !== 202)
    throw new Error(`submit answered ${submit.status}: ${JSON.stringify(submit.body)}`);
  const scored = await waitForAssessment(t, legalToken, id);
  if (scored.status !== 'in_review') throw new Error(`assessment ${id} is ${scored.status} after scoring`);
  const decided = await t
    .as(deciderToken)
    .post(`/assessments/${id}/decision`, { decision: 'approve', comment: 'Sufficient guarantees' });
  if (decided.status !== 200)
    throw new Error(`approval answered ${decided.status}: ${JSON.stringify(decided.body)}`);
  return decided.body;
}

/**
 * Polls GET /processors/:id (flushing the outbox between tries) until `done` holds; fails after
 * `timeoutMs`. Returns the processor as it then is.
 */
export async function waitForProcessor(
  t: TestApp,
  accessToken: string,
  id: string,
  done: (processor: Record<string, unknown>) => boolean,
  timeoutMs = 15_000,
): Promise<Record<string, unknown> & { id: string; status: string }> {
  return eventually(
    async () => {
      await t.flushOutbox();
      const res = await t.as(accessToken).get(`/processors/${id}`);
      if (res.status !== 200)
        throw new Error(`GET /processors/${id} answered ${res.status}: ${JSON.stringify(res.body)}`);
      if (!done(res.body))
        throw new Error(`processor ${id} did not reach the expected state: ${JSON.stringify(res.body)}`);
      return res.body as Record<string, unknown> & { id: string; status: string };
    },
    { timeoutMs, intervalMs: 150 },
  );
}

/**
 * Polls GET /records/exports/:id as `caller` (flushing the outbox between tries) until the export has
 * completed or failed; fails unless every answer is 200 or after `timeoutMs`. Returns its status.
 */
export async function finishedExport<
  T extends { status: string } = Record<string, unknown> & { status: string },
>(t: TestApp, caller: Caller, id: string, timeoutMs = 30_000): Promise<T> {
  return eventually(
    async () => {
      await t.flushOutbox();
      const res = await t.as(caller).get(`/records/exports/${id}`);
      expect(res.status).toBe(200);
      if (res.body.status !== 'completed' && res.body.status !== 'failed')
        throw new Error(`export ${id} still ${res.body.status} after ${timeoutMs} ms`);
      return res.body as T;
    },
    { timeoutMs },
  );
}

export interface TransferCheckInput {
  processorId: string;
  dataCategories: string[];
  purpose: string;
  destinationCountry?: string;
}

/** POST /transfer-checks as a user (bearer token) or an integration (`{apiKey}`); returns the response. */
export function postTransferCheck(
  t: TestApp,
  caller: string | { apiKey: string },
  body: TransferCheckInput | Record<string, unknown>,
) {
  return t.as(caller).post('/transfer-checks', body);
}

// ---------------------------------------------------------------------------------------------------
// Monitoring: engaged processors, the daily sweep and its e-mails
// ---------------------------------------------------------------------------------------------------

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
  const processor = await createProcessor(t, legalToken, overrides);
  const assessment = await approveAssessment(t, legalToken, deciderToken, processor.id, fail);
  const signed = await signedAgreement(
    t,
    legalToken,
    processor.id,
    agreementBody(t.clock.today(), agreement),
  );
  return { processor, assessment, agreement: signed };
}

/** Logs every user in again (after the clock moved, tokens and maybe passwords have expired). */
export async function reloginAll(t: TestApp, users: TestUser[]): Promise<void> {
  for (const user of users) await loginReady(t, user);
}

export interface SweepRunRow {
  id: string;
  jobId: string;
  organizationId: string | null;
  trigger: 'schedule' | 'manual';
  day: string;
  startedAt: Date;
  finishedAt: Date | null;
  stats: Record<string, number> | null;
}

/** Every recorded sweep run, oldest first. */
export async function sweepRuns(t: TestApp): Promise<SweepRunRow[]> {
  return t.dataSource.query(
    `SELECT id, job_id AS "jobId", organization_id AS "organizationId", trigger,
            to_char(day, 'YYYY-MM-DD') AS day, started_at AS "startedAt", finished_at AS "finishedAt", stats
       FROM sweep_run ORDER BY started_at, job_id`,
  );
}

/** Polls `sweep_run` (flushing the outbox meanwhile) until the run of queue job `jobId` has finished. */
export async function waitForSweepRun(t: TestApp, jobId: string, timeoutMs = 20_000): Promise<SweepRunRow> {
  return eventually(
    async () => {
      await t.flushOutbox();
      const run = (await sweepRuns(t)).find((r) => r.jobId === jobId);
      if (!run?.finishedAt) throw new Error(`sweep ${jobId} not recorded after ${timeoutMs} ms`);
      return run;
    },
    { timeoutMs },
  );
}

/**
 * POST /monitoring/sweeps as the caller; fails the test unless it answers 202 `{id, status: 'queued'}`.
 * Waits until the run is recorded and returns it.
 */
export async function runSweep(t: TestApp, accessToken: string): Promise<SweepRunRow> {
  const res = await t.as(accessToken).post('/monitoring/sweeps', {});
  if (res.status !== 202 || typeof res.body.id !== 'string' || res.body.status !== 'queued')
    throw new Error(`POST /monitoring/sweeps answered ${res.status}: ${JSON.stringify(res.body)}`);
  return waitForSweepRun(t, res.body.id);
}

export function isSweepMail(mail: TestApp['smtp']['messages'][number]): boolean {
  return mail.text.includes('daily monitoring sweep of Custos');
}

/** A Custos user's digest of the sweep's reminders (a processor's contact gets single reminders). */
export function isDigest(mail: TestApp['smtp']['messages'][number]): boolean {
  return isSweepMail(mail) && /^Custos: [\d,]+ things? needs? your attention/.test(mail.subject);
}

/** The item lines of a digest's text, "- <what> (<when>): <console link>", in their order. */
export function digestLines(mail: TestApp['smtp']['messages'][number]): string[] {
  return mail.text.split('\n').filter((line) => line.startsWith('- '));
}

/** The section headings of a digest's text, "<kind> (<count>)", in their order. */
export function digestHeadings(mail: TestApp['smtp']['messages'][number]): string[] {
  return mail.text.split('\n').filter((line) => /^[A-Z][^:]* \([\d,]+\)$/.test(line));
}
