import { generate } from 'otplib';
import {
  allAuditEvents,
  bearer,
  changePassword,
  createApiKey,
  createUser,
  enrollMfa,
  login,
  loginReady,
  setupBody,
  strongPassword,
  TestUser,
  totp,
  uniqueEmail,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';
import { expectProblem, fieldsOf } from './support/problems';

describe('identity: setup, passwords, lockout, MFA, sessions and API keys', () => {
  let t: TestApp;
  let admin: TestUser;
  let organizationId: string;
  /** Every secret this file handles; none may appear in the audit trail. */
  const secrets: string[] = [];
  // The MFA user enrolled early; its TOTP login runs late, in another 30-second step than the enrolment.
  let mfaUser: TestUser;
  let secret: string;
  let enrolledInStep: number;
  let recoveryCodes: string[];

  const me = (token: string) => t.as(token).get('/auth/me');
  const loginRes = (email: string, password: string) => t.as(null).post('/auth/login', { email, password });
  let adminTokenAt = -Infinity;
  /** The admin's access token; logs in again once the test clock has moved on. */
  const adminToken = async (): Promise<string> => {
    if (t.clock.now().getTime() - adminTokenAt > 60_000) {
      await loginReady(t, admin);
      adminTokenAt = t.clock.now().getTime();
    }
    return admin.accessToken;
  };
  const newUser = async (roles: TestUser['roles'] = ['legal']): Promise<TestUser> => {
    const user = await createUser(t, await adminToken(), { roles });
    secrets.push(user.password, user.refreshToken);
    return user;
  };

  beforeAll(async () => {
    // This file logs in about a hundred times within a minute from one address; the per-IP login limit
    // is not under test here, the per-account lockout is.
    t = await createTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '10000' } });
  });
  afterAll(() => t.close());

  describe('setup', () => {
    it('refuses a weak first password and names the field', async () => {
      const res = await t
        .as(null)
        .post('/auth/setup', setupBody({ password: 'password1' }))
        .expect(400);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toContain('password');
    });

    it('refuses an incomplete body and names the missing fields', async () => {
      const res = await t.as(null).post('/auth/setup', { organizationName: 'Acme GmbH' }).expect(400);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toEqual(expect.arrayContaining(['email', 'name', 'password']));
    });

    it('creates the first organisation and its admin, who can log in', async () => {
      const body = setupBody({ organizationName: 'Acme GmbH', name: 'Ada Admin' });
      const res = await t.as(null).post('/auth/setup', body).expect(201);
      expect(res.body).toMatchObject({
        organization: { id: expect.any(String), name: 'Acme GmbH' },
        user: { id: expect.any(String), email: body.email, name: 'Ada Admin', roles: ['admin'] },
      });
      expect(JSON.stringify(res.body)).not.toContain(body.password);
      expect(Object.keys(res.body.user).filter((k) => /hash|^password$|secret/i.test(k))).toEqual([]);
      organizationId = res.body.organization.id;

      const tokens = await loginRes(body.email, body.password).expect(200);
      expect(tokens.body).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: expect.any(Number),
        passwordChangeRequired: false,
        mfaEnrollmentRequired: false,
      });
      expect(tokens.body.expiresIn).toBeGreaterThan(0);
      adminTokenAt = t.clock.now().getTime();
      admin = {
        id: res.body.user.id,
        email: body.email,
        name: body.name,
        roles: ['admin'],
        password: body.password,
        accessToken: tokens.body.accessToken,
        refreshToken: tokens.body.refreshToken,
      };
      secrets.push(body.password, tokens.body.refreshToken);

      const profile = await me(admin.accessToken).expect(200);
      expect(profile.body).toEqual({
        id: admin.id,
        email: body.email,
        name: 'Ada Admin',
        roles: ['admin'],
        organizationId,
        mfaEnabled: false,
        passwordChangeRequired: false,
      });
    });

    it('answers 409 ALREADY_SET_UP once an organisation exists', async () => {
      const res = await t
        .as(null)
        .post('/auth/setup', setupBody({ organizationName: 'Intruder Ltd' }))
        .expect(409);
      expectProblem(res, 409, 'ALREADY_SET_UP');
      const org = await t.as(admin.accessToken).get('/organization').expect(200);
      expect(org.body).toMatchObject({ id: organizationId, name: 'Acme GmbH' });
    });
  });

  describe('MFA enrolment and recovery codes', () => {
    beforeAll(async () => {
      mfaUser = await newUser(['dpo']);
    });

    it('enrols with an otpauth URI confirmed by a first real TOTP code', async () => {
      const enroll = await t.as(mfaUser.accessToken).post('/auth/mfa/enroll', {}).expect(200);
      expect(enroll.body).toEqual({ secret: expect.any(String), otpauthUri: expect.any(String) });
      expect(enroll.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
      expect(enroll.body.otpauthUri).toContain(`secret=${enroll.body.secret}`);
      secret = enroll.body.secret;
      secrets.push(secret);

      // Not yet enabled, and a wrong code does not enable it.
      expect((await me(mfaUser.accessToken).expect(200)).body.mfaEnabled).toBe(false);
      const current = await generate({ secret });
      const wrongCode = current === '123456' ? '654321' : '123456';
      const wrong = await t.as(mfaUser.accessToken).post('/auth/mfa/enroll/confirm', { code: wrongCode });
      expect([400, 401]).toContain(wrong.status);
      expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await me(mfaUser.accessToken).expect(200)).body.mfaEnabled).toBe(false);

      const { code, step } = await totp(secret);
      enrolledInStep = step;
      const confirm = await t.as(mfaUser.accessToken).post('/auth/mfa/enroll/confirm', { code }).expect(200);
      recoveryCodes = confirm.body.recoveryCodes;
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      recoveryCodes.forEach((c) => expect(c).toEqual(expect.stringMatching(/\S{6,}/)));
      secrets.push(...recoveryCodes);
      expect((await me(mfaUser.accessToken).expect(200)).body.mfaEnabled).toBe(true);

      const events = await t
        .as(await adminToken())
        .get('/audit-events')
        .query({ action: 'auth.mfa_enrolled', entityId: mfaUser.id })
        .expect(200);
      expect(events.body.total).toBe(1);
    });

    it('asks an enrolled user for a second factor and refuses the half-login token elsewhere', async () => {
      const res = await loginRes(mfaUser.email, mfaUser.password).expect(200);
      expect(res.body).toMatchObject({ mfaRequired: true, mfaToken: expect.any(String) });
      expect(res.body).not.toHaveProperty('accessToken');
      expect(res.body).not.toHaveProperty('refreshToken');
      expectProblem(await me(res.body.mfaToken), 401, 'UNAUTHENTICATED');

      const current = await generate({ secret });
      const wrongCode = current === '000000' ? '111111' : '000000';
      const wrong = await t.as(null).post('/auth/mfa', { mfaToken: res.body.mfaToken, code: wrongCode });
      expectProblem(wrong, 401, 'INVALID_MFA_CODE');
      const bogusToken = await t.as(null).post('/auth/mfa', { mfaToken: 'not-a-token', code: current });
      expect(bogusToken.status).toBe(401);
    });

    it('accepts each recovery code exactly once', async () => {
      const useCode = async (code: string) => {
        const half = await loginRes(mfaUser.email, mfaUser.password).expect(200);
        expect(half.body.mfaRequired).toBe(true);
        return t.as(null).post('/auth/mfa', { mfaToken: half.body.mfaToken, code });
      };
      const first = await useCode(recoveryCodes[0]);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: expect.any(Number),
        passwordChangeRequired: false,
      });
      await me(first.body.accessToken).expect(200);

      expectProblem(await useCode(recoveryCodes[0]), 401, 'INVALID_MFA_CODE');
      const second = await useCode(recoveryCodes[1]);
      expect(second.status).toBe(200);
      expect(second.body.accessToken).toEqual(expect.any(String));
    });
  });

  describe('MFA reset by an admin (a lost authenticator)', () => {
    it('switches two-step sign-in off, voids the recovery codes, ends the sessions; never for oneself', async () => {
      const lost = await newUser(['legal']);
      const enrolled = await enrollMfa(t, lost.accessToken);
      await me(lost.accessToken).expect(200);

      const other = await newUser(['legal']);
      expectProblem(
        await t.as(other.accessToken).request('post', `/users/${lost.id}/mfa/reset`),
        403,
        'FORBIDDEN',
      );
      const own = await t.as(await adminToken()).request('post', `/users/${admin.id}/mfa/reset`);
      expectProblem(own, 409, 'OWN_MFA_RESET');

      const reset = await t.as(await adminToken()).request('post', `/users/${lost.id}/mfa/reset`);
      expect({ status: reset.status, mfaEnabled: reset.body.mfaEnabled, id: reset.body.id }).toEqual({
        status: 200,
        mfaEnabled: false,
        id: lost.id,
      });
      expectProblem(await me(lost.accessToken), 401, 'UNAUTHENTICATED');
      const login = await loginRes(lost.email, lost.password).expect(200);
      expect(login.body).toMatchObject({ accessToken: expect.any(String) });
      expect(login.body).not.toHaveProperty('mfaRequired', true);
      await me(login.body.accessToken).expect(200);
      const [codes] = await t.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM recovery_code WHERE user_id = $1',
        [lost.id],
      );
      expect({ recoveryCodesLeft: codes.n, issued: enrolled.recoveryCodes.length }).toEqual({
        recoveryCodesLeft: 0,
        issued: 10,
      });

      const events = await allAuditEvents(t, await adminToken(), { entityId: lost.id });
      const event = events.find((e) => e.action === 'user.mfa_reset');
      expect(event).toMatchObject({ actorId: admin.id, entityType: 'user' });
      expect(JSON.stringify(events)).not.toContain(enrolled.secret);
    });
  });

  describe('passwords', () => {
    let user: TestUser;
    const passwordsOf: string[] = [];

    beforeAll(async () => {
      const token = await adminToken();
      const email = uniqueEmail('pat');
      const firstPassword = strongPassword();
      passwordsOf.push(firstPassword);
      user = await createUser(t, token, { roles: ['legal'], email, password: firstPassword });
      passwordsOf.push(user.password);
      secrets.push(...passwordsOf, user.refreshToken);
    });

    it('refuses each weak new password with VALIDATION_FAILED naming newPassword', async () => {
      const localPart = user.email.split('@')[0];
      const weak: Record<string, string> = {
        'too short': 'Sh0rt!pw',
        'no upper case': 'vx9!abcdefghij',
        'no lower case': 'VX9!ABCDEFGHIJ',
        'no digit': 'Vxx!abcdefghij',
        'no special character': 'Vx9aabcdefghij',
        'contains the e-mail local part': `Q7#${localPart.toUpperCase()}zz`,
        'equals the current password': user.password,
      };
      const answers: Record<string, unknown> = {};
      for (const [why, newPassword] of Object.entries(weak)) {
        const res = await t
          .as(user.accessToken)
          .post('/auth/password', { currentPassword: user.password, newPassword });
        answers[why] = { status: res.status, code: res.body.code, fields: fieldsOf(res) };
      }
      for (const why of Object.keys(weak)) {
        expect({ why, answer: answers[why] }).toEqual({
          why,
          answer: { status: 400, code: 'VALIDATION_FAILED', fields: expect.arrayContaining(['newPassword']) },
        });
      }
      // Nothing changed: the session still works and the password still logs in.
      await me(user.accessToken).expect(200);
      await login(t, user.email, user.password);
    });

    it('refuses a change with the wrong current password', async () => {
      const res = await t
        .as(user.accessToken)
        .post('/auth/password', { currentPassword: `${user.password}x`, newPassword: strongPassword() });
      expect([400, 401, 403]).toContain(res.status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      await login(t, user.email, user.password);
    });

    it('changes the password, revokes every session and accepts only the new password', async () => {
      const first = await login(t, user.email, user.password);
      const second = await login(t, user.email, user.password);
      const next = strongPassword();
      secrets.push(next);
      await t
        .as(first.accessToken)
        .post('/auth/password', { currentPassword: user.password, newPassword: next })
        .expect(204);

      expectProblem(await me(first.accessToken), 401, 'UNAUTHENTICATED');
      expectProblem(await me(second.accessToken), 401, 'UNAUTHENTICATED');
      const refresh = await t.as(null).post('/auth/refresh', { refreshToken: second.refreshToken });
      expect(refresh.status).toBe(401);
      expectProblem(await loginRes(user.email, user.password), 401, 'INVALID_CREDENTIALS');

      const fresh = await loginRes(user.email, next).expect(200);
      expect(fresh.body.passwordChangeRequired).toBe(false);
      user.password = next;
      user.accessToken = fresh.body.accessToken;
      passwordsOf.push(next);

      const events = await t
        .as(await adminToken())
        .get('/audit-events')
        .query({ action: 'auth.password_changed', entityId: user.id })
        .expect(200);
      expect(events.body.total).toBeGreaterThanOrEqual(2); // first-login change and this one
    });

    it('refuses any of the previous passwords', async () => {
      for (const old of passwordsOf.slice(0, -1)) {
        const res = await t
          .as(user.accessToken)
          .post('/auth/password', { currentPassword: user.password, newPassword: old });
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(res)).toContain('newPassword');
      }
    });
  });

  describe('first login with an admin-set password', () => {
    it('allows only password change, profile and logout until the password is changed', async () => {
      const token = await adminToken();
      const password = strongPassword();
      const email = uniqueEmail('newadmin');
      secrets.push(password);
      await t
        .as(token)
        .post('/users', { email, name: 'New Admin', roles: ['admin'], password })
        .expect(201);

      const first = await loginRes(email, password).expect(200);
      expect(first.body).toMatchObject({ passwordChangeRequired: true, accessToken: expect.any(String) });
      const session = first.body.accessToken as string;

      for (const [method, path] of [
        ['get', '/users'],
        ['get', '/organization'],
        ['get', '/audit-events'],
        ['post', '/api-keys'],
      ] as const) {
        const req = method === 'get' ? t.as(null).get(`${path}`) : t.as(null).post(`${path}`, {});
        const res = await req.set(...bearer(session));
        expect({ path, status: res.status, code: res.body.code }).toEqual({
          path,
          status: 403,
          code: 'PASSWORD_CHANGE_REQUIRED',
        });
      }
      const profile = await me(session).expect(200);
      expect(profile.body).toMatchObject({ email, passwordChangeRequired: true, roles: ['admin'] });

      const next = strongPassword();
      secrets.push(next);
      await changePassword(t, session, password, next);
      const again = await loginRes(email, next).expect(200);
      expect(again.body.passwordChangeRequired).toBe(false);
      await t.as(again.body.accessToken).get('/users').expect(200);
      expect((await me(again.body.accessToken).expect(200)).body.passwordChangeRequired).toBe(false);
    });

    it('lets a restricted session log out', async () => {
      const token = await adminToken();
      const password = strongPassword();
      const email = uniqueEmail('leaver');
      await t
        .as(token)
        .post('/users', { email, name: 'Lea Leaver', roles: ['legal'], password })
        .expect(201);
      const first = await loginRes(email, password).expect(200);
      expect(first.body.passwordChangeRequired).toBe(true);
      await t
        .as(first.body.accessToken)
        .post('/auth/logout', { refreshToken: first.body.refreshToken })
        .expect(204);
      expectProblem(await me(first.body.accessToken), 401, 'UNAUTHENTICATED');
    });
  });

  describe('lockout', () => {
    it('answers the same 401 for an unknown e-mail and a wrong password', async () => {
      const user = await newUser();
      const unknown = await loginRes(uniqueEmail('nobody'), user.password);
      const wrong = await loginRes(user.email, `${user.password}x`);
      expectProblem(unknown, 401, 'INVALID_CREDENTIALS');
      expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
      expect({ ...unknown.body, requestId: 'x' }).toEqual({ ...wrong.body, requestId: 'x' });
      expect(unknown.headers['content-type']).toBe(wrong.headers['content-type']);
    });

    it('locks after 5 consecutive failures, refuses even the right password with 423, and opens after 15 minutes', async () => {
      const user = await newUser();
      for (let i = 1; i <= 5; i++) {
        expectProblem(await loginRes(user.email, `wrong-${i}-Aa1!xyz`), 401, 'INVALID_CREDENTIALS');
      }
      const sixth = await loginRes(user.email, 'wrong-6-Aa1!xyz');
      expectProblem(sixth, 423, 'ACCOUNT_LOCKED');
      expect(sixth.headers['retry-after']).toMatch(/^\d+$/);

      const right = await loginRes(user.email, user.password);
      expectProblem(right, 423, 'ACCOUNT_LOCKED');
      const retryAfter = Number(right.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);

      t.clock.advance(10 * 60_000);
      const still = await loginRes(user.email, user.password);
      expectProblem(still, 423, 'ACCOUNT_LOCKED');
      expect(Number(still.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(still.headers['retry-after'])).toBeLessThanOrEqual(5 * 60);
      t.clock.advance(5 * 60_000 + 1000);
      const opened = await loginRes(user.email, user.password).expect(200);
      expect(opened.body.accessToken).toEqual(expect.any(String));

      const token = await adminToken();
      const locked = await t
        .as(token)
        .get('/audit-events')
        .query({ action: 'auth.locked', entityId: user.id })
        .expect(200);
      expect(locked.body.total).toBe(1);
      const failed = await t
        .as(token)
        .get('/audit-events')
        .query({ action: 'auth.login_failed', entityId: user.id })
        .expect(200);
      expect(failed.body.total).toBeGreaterThanOrEqual(5);
    });

    it('counts only consecutive failures: a successful login resets the count', async () => {
      const user = await newUser();
      for (let i = 1; i <= 4; i++) await loginRes(user.email, `wrong-${i}-Aa1!xyz`).expect(401);
      await loginRes(user.email, user.password).expect(200);
      for (let i = 1; i <= 4; i++) {
        expectProblem(await loginRes(user.email, `again-${i}-Aa1!xyz`), 401, 'INVALID_CREDENTIALS');
      }
      await loginRes(user.email, user.password).expect(200);
    });

    it('lets an admin unlock a locked account before the time is up', async () => {
      const user = await newUser();
      for (let i = 1; i <= 5; i++) await loginRes(user.email, `wrong-${i}-Aa1!xyz`).expect(401);
      expectProblem(await loginRes(user.email, user.password), 423, 'ACCOUNT_LOCKED');
      await t
        .as(await adminToken())
        .request('post', `/users/${user.id}/unlock`)
        .expect(200);
      const res = await loginRes(user.email, user.password).expect(200);
      expect(res.body.accessToken).toEqual(expect.any(String));
    });
  });

  describe('MFA required by role', () => {
    it('refuses an unknown role in the policy', async () => {
      const res = await t
        .as(await adminToken())
        .patch('/organization/security', { mfaRequiredRoles: ['janitor'] });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res).some((f) => f.startsWith('mfaRequiredRoles'))).toBe(true);
    });

    it('leads a dpo without MFA through enrolment before anything else', async () => {
      const dpo = await newUser(['dpo']);
      const legal = await newUser(['legal']);
      const token = await adminToken();
      const policy = await t
        .as(token)
        .patch('/organization/security', { mfaRequiredRoles: ['dpo'] })
        .expect(200);
      expect(policy.body).toEqual({ id: organizationId, name: 'Acme GmbH', mfaRequiredRoles: ['dpo'] });
      const shown = await t.as(legal.accessToken).get('/organization').expect(200);
      expect(shown.body).toEqual({ id: organizationId, name: 'Acme GmbH', mfaRequiredRoles: ['dpo'] });

      try {
        const legalLogin = await loginRes(legal.email, legal.password).expect(200);
        expect(legalLogin.body.mfaEnrollmentRequired).toBe(false);

        const session = await loginRes(dpo.email, dpo.password).expect(200);
        expect(session.body).toMatchObject({
          accessToken: expect.any(String),
          mfaEnrollmentRequired: true,
          passwordChangeRequired: false,
        });
        const access = session.body.accessToken as string;
        for (const path of ['/audit-events', '/organization']) {
          const res = await t.as(access).get(`${path}`);
          expect({ path, status: res.status, code: res.body.code }).toEqual({
            path,
            status: 403,
            code: 'MFA_ENROLLMENT_REQUIRED',
          });
        }
        await me(access).expect(200);

        const { recoveryCodes } = await enrollMfa(t, access);
        const half = await loginRes(dpo.email, dpo.password).expect(200);
        expect(half.body).toMatchObject({ mfaRequired: true, mfaToken: expect.any(String) });
        expect(half.body).not.toHaveProperty('accessToken');
        const full = await t
          .as(null)
          .post('/auth/mfa', { mfaToken: half.body.mfaToken, code: recoveryCodes[0] })
          .expect(200);
        expect(full.body.mfaEnrollmentRequired).toBe(false);
        await t.as(full.body.accessToken).get('/audit-events').expect(200);
      } finally {
        await t.as(token).patch('/organization/security', { mfaRequiredRoles: [] }).expect(200);
      }
    });
  });

  describe('sessions', () => {
    let user: TestUser;
    beforeAll(async () => {
      user = await newUser(['auditor']);
    });

    it('rotates the refresh token', async () => {
      const tokens = await login(t, user.email, user.password);
      const res = await t.as(null).post('/auth/refresh', { refreshToken: tokens.refreshToken }).expect(200);
      expect(res.body).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: expect.any(Number),
      });
      expect(res.body.refreshToken).not.toBe(tokens.refreshToken);
      expect((await me(res.body.accessToken).expect(200)).body.id).toBe(user.id);
    });

    it('revokes the whole family when a used refresh token comes back, and only that family', async () => {
      const a1 = await login(t, user.email, user.password);
      const other = await login(t, user.email, user.password);
      const a2 = (await t.as(null).post('/auth/refresh', { refreshToken: a1.refreshToken }).expect(200)).body;

      const reuse = await t.as(null).post('/auth/refresh', { refreshToken: a1.refreshToken });
      expectProblem(reuse, 401, 'REFRESH_TOKEN_REUSED');

      const newest = await t.as(null).post('/auth/refresh', { refreshToken: a2.refreshToken });
      expect(newest.status).toBe(401);
      expectProblem(await me(a2.accessToken), 401, 'UNAUTHENTICATED');
      expectProblem(await me(a1.accessToken), 401, 'UNAUTHENTICATED');

      // Another session of the same user is a different family.
      await me(other.accessToken).expect(200);
      await t.as(null).post('/auth/refresh', { refreshToken: other.refreshToken }).expect(200);
    });

    it('logs out: the access token and the refresh token stop working', async () => {
      const tokens = await login(t, user.email, user.password);
      await me(tokens.accessToken).expect(200);
      await t.as(tokens.accessToken).post('/auth/logout', { refreshToken: tokens.refreshToken }).expect(204);
      expectProblem(await me(tokens.accessToken), 401, 'UNAUTHENTICATED');
      const refresh = await t.as(null).post('/auth/refresh', { refreshToken: tokens.refreshToken });
      expect(refresh.status).toBe(401);
    });

    it('answers 401 UNAUTHENTICATED without credentials or with a forged token', async () => {
      expectProblem(await t.as(null).get('/users'), 401, 'UNAUTHENTICATED');
      expectProblem(await t.as(null).get('/auth/me'), 401, 'UNAUTHENTICATED');
      expectProblem(await me('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'), 401, 'UNAUTHENTICATED');
      const refresh = await t.as(null).post('/auth/refresh', { refreshToken: 'not-a-refresh-token' });
      expect(refresh.status).toBe(401);
    });

    it('expires the access token after expiresIn while the refresh token still works', async () => {
      const tokens = await login(t, user.email, user.password);
      t.clock.advance(tokens.expiresIn * 1000 + 1000);
      expectProblem(await me(tokens.accessToken), 401, 'UNAUTHENTICATED');
      const res = await t.as(null).post('/auth/refresh', { refreshToken: tokens.refreshToken }).expect(200);
      await me(res.body.accessToken).expect(200);
    });
  });

  describe('API keys', () => {
    it('shows a key once, authenticates with it as its roles and records its last use', async () => {
      const token = await adminToken();
      const expiresAt = new Date(t.clock.now().getTime() + 90 * 86_400_000).toISOString();
      const res = await t
        .as(token)
        .post('/api-keys', { name: 'SIEM export', roles: ['auditor'], expiresAt })
        .expect(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        name: 'SIEM export',
        roles: ['auditor'],
        prefix: expect.any(String),
        key: expect.any(String),
      });
      expect(new Date(res.body.expiresAt).toISOString()).toBe(expiresAt);
      const { id, key, prefix } = res.body as { id: string; key: string; prefix: string };
      secrets.push(key);
      expect(key.length).toBeGreaterThanOrEqual(32);
      expect(key).toContain(prefix);

      const listed = await t.as(token).get('/api-keys').expect(200);
      expect(JSON.stringify(listed.body)).not.toContain(key);
      const entry = (listed.body.items as { id: string }[]).find((k) => k.id === id);
      expect(entry).toMatchObject({ id, name: 'SIEM export', roles: ['auditor'], prefix, lastUsedAt: null });
      expect(entry).not.toHaveProperty('key');

      const audit = await t.as({ apiKey: key }).get('/audit-events').expect(200);
      expect(audit.body).toMatchObject({ items: expect.any(Array), total: expect.any(Number) });
      const forbidden = await t.as({ apiKey: key }).post('/users', {
        email: uniqueEmail('viakey'),
        name: 'Via Key',
        roles: ['legal'],
        password: strongPassword(),
      });
      expectProblem(forbidden, 403, 'FORBIDDEN');

      const after = await t.as(token).get('/api-keys').expect(200);
      const used = (after.body.items as { id: string; lastUsedAt: string | null }[]).find((k) => k.id === id);
      expect(used?.lastUsedAt).toEqual(expect.any(String));

      const created = await t
        .as(token)
        .get('/audit-events')
        .query({ action: 'api_key.created', entityId: id })
        .expect(200);
      expect(created.body.total).toBe(1);
    });

    it('refuses a wrong key with 401 UNAUTHENTICATED', async () => {
      const { key } = await createApiKey(t, await adminToken(), { roles: ['auditor'] });
      secrets.push(key);
      const tampered = `${key.slice(0, -1)}${key.endsWith('a') ? 'b' : 'a'}`;
      expectProblem(await t.as({ apiKey: tampered }).get('/audit-events'), 401, 'UNAUTHENTICATED');
      expectProblem(await t.as({ apiKey: 'nonsense' }).get('/audit-events'), 401, 'UNAUTHENTICATED');
    });

    it('refuses a revoked key with 401 UNAUTHENTICATED', async () => {
      const token = await adminToken();
      const { id, key } = await createApiKey(t, token, { roles: ['auditor'] });
      secrets.push(key);
      await t.as({ apiKey: key }).get('/audit-events').expect(200);
      await t.as(token).request('post', `/api-keys/${id}/revoke`).expect(200);
      expectProblem(await t.as({ apiKey: key }).get('/audit-events'), 401, 'UNAUTHENTICATED');
      const revoked = await t
        .as(token)
        .get('/audit-events')
        .query({ action: 'api_key.revoked', entityId: id })
        .expect(200);
      expect(revoked.body.total).toBe(1);
    });

    it('refuses an unknown role on a key', async () => {
      const res = await t.as(await adminToken()).post('/api-keys', {
        name: 'Bad roles',
        roles: ['superuser'],
        expiresAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
      });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res).some((f) => f.startsWith('roles'))).toBe(true);
    });

    it('refuses a key once it has expired', async () => {
      const expiresAt = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
      const { key } = await createApiKey(t, await adminToken(), { roles: ['auditor'], expiresAt });
      secrets.push(key);
      await t.as({ apiKey: key }).get('/audit-events').expect(200);
      t.clock.advanceDays(2);
      expectProblem(await t.as({ apiKey: key }).get('/audit-events'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('MFA login with TOTP', () => {
    it('completes a login with a real, current TOTP code', async () => {
      const half = await loginRes(mfaUser.email, mfaUser.password).expect(200);
      expect(half.body.mfaRequired).toBe(true);
      const { code } = await totp(secret, enrolledInStep);
      const res = await t.as(null).post('/auth/mfa', { mfaToken: half.body.mfaToken, code });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });
      const profile = await me(res.body.accessToken).expect(200);
      expect(profile.body).toMatchObject({ id: mfaUser.id, mfaEnabled: true });
    });
  });

  describe('the audit trail keeps no secrets', () => {
    it('contains none of the passwords, tokens, keys, TOTP secrets or recovery codes used above', async () => {
      const token = await adminToken();
      const events = await allAuditEvents(t, token);
      expect(events.length).toBeGreaterThan(20);
      const text = JSON.stringify(events);
      const leaked = secrets.filter((s) => s && text.includes(s));
      expect(leaked).toEqual([]);
      expect(text).not.toMatch(/\$argon2/);
    });
  });

  describe('password expiry', () => {
    it('requires a new password after 120 days', async () => {
      const user = await newUser(['legal']);
      t.clock.advanceDays(121);
      const res = await loginRes(user.email, user.password).expect(200);
      expect(res.body.passwordChangeRequired).toBe(true);
      const blocked = await t.as(res.body.accessToken).get('/organization');
      expectProblem(blocked, 403, 'PASSWORD_CHANGE_REQUIRED');

      const next = strongPassword();
      await changePassword(t, res.body.accessToken, user.password, next);
      const again = await loginRes(user.email, next).expect(200);
      expect(again.body.passwordChangeRequired).toBe(false);
      await t.as(again.body.accessToken).get('/organization').expect(200);
    });
  });
});
