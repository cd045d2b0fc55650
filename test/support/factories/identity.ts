import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import { OrganizationsService } from '../../../src/identity/organizations.service';
import { TestApp } from '../test-app';
import { eventually } from '../wait';

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

/** The organisation as the tests hold it, with its admin (from `body`) logged in. */
async function withAdmin(
  t: TestApp,
  organization: { id: string; name: string },
  adminId: string,
  body: ReturnType<typeof setupBody>,
): Promise<TestOrganization> {
  const admin: TestUser = {
    id: adminId,
    email: body.email,
    name: body.name,
    roles: ['admin'],
    password: body.password,
    accessToken: '',
    refreshToken: '',
  };
  await loginReady(t, admin);
  return { id: organization.id, name: organization.name, admin };
}

/** Creates the first organisation through POST /auth/setup and logs its admin in. */
export async function setupOrganization(
  t: TestApp,
  overrides: Partial<{ organizationName: string; email: string; name: string; password: string }> = {},
): Promise<TestOrganization> {
  const body = setupBody(overrides);
  const res = await t.as(null).post('/auth/setup', body);
  if (res.status !== 201) throw new Error(`setup answered ${res.status}: ${JSON.stringify(res.body)}`);
  return withAdmin(t, res.body.organization, res.body.user.id, body);
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
  return withAdmin(t, created.organization, created.user.id, body);
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

/** Logs every user in again (after the clock moved, tokens and maybe passwords have expired). */
export async function reloginAll(t: TestApp, users: TestUser[]): Promise<void> {
  for (const user of users) await loginReady(t, user);
}
