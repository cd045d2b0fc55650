import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import {
  bearer,
  createApiKey,
  createUser,
  createUserRaw,
  login,
  loginReady,
  Role,
  secondOrganization,
  setupOrganization,
  strongPassword,
  TestOrganization,
  TestUser,
  uniqueEmail,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';
import { expectProblem, fieldsOf } from './support/problems';
import { API } from './support/client';

type Method = 'get' | 'post' | 'patch';

interface Call {
  method: Method;
  path: string;
  body?: object;
}

describe('access control: roles, tenants, deactivation, last admin, access review', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  const users = {} as Record<Exclude<Role, 'admin'>, TestUser>;

  const send = (call: Call, auth: [string, string]) => {
    const req = t.http[call.method](`${API}${call.path}`).set(...auth);
    return call.method === 'get' ? req : req.send(call.body ?? {});
  };
  let adminTokenAt = -Infinity;
  const adminToken = async (): Promise<string> => {
    if (t.clock.now().getTime() - adminTokenAt > 60_000) {
      await loginReady(t, org.admin);
      adminTokenAt = t.clock.now().getTime();
    }
    return org.admin.accessToken;
  };
  const getUser = async (id: string) =>
    (
      await t
        .as(await adminToken())
        .get(`/users/${id}`)
        .expect(200)
    ).body;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '10000' } });
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    adminTokenAt = t.clock.now().getTime();
    for (const role of ['legal', 'procurement', 'dpo', 'auditor'] as const) {
      users[role] = await createUser(t, org.admin.accessToken, { roles: [role] });
    }
    other = await secondOrganization(t, { organizationName: 'Beta AG' });
  });
  afterAll(() => t.close());

  describe('users', () => {
    it('creates a user without exposing any password or hash', async () => {
      const email = uniqueEmail('carla');
      const password = strongPassword();
      const res = await t
        .as(await adminToken())
        .post('/users', { email, name: 'Carla Counsel', roles: ['legal', 'dpo'], password })
        .expect(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        email,
        name: 'Carla Counsel',
        active: true,
        mfaEnabled: false,
        lastLoginAt: null,
        createdAt: expect.any(String),
      });
      expect([...res.body.roles].sort()).toEqual(['dpo', 'legal']);
      expect(Object.keys(res.body).filter((k) => /hash|^password$|secret/i.test(k))).toEqual([]);
      expect(JSON.stringify(res.body)).not.toContain(password);
      expect(JSON.stringify(res.body)).not.toMatch(/\$argon2/);

      const one = await getUser(res.body.id);
      expect(one).toMatchObject({ id: res.body.id, email, name: 'Carla Counsel', active: true });
      expect(JSON.stringify(one)).not.toMatch(/\$argon2/);

      const list = await t
        .as(await adminToken())
        .get('/users')
        .expect(200);
      expect(list.body).toMatchObject({ total: expect.any(Number), page: 1, pageSize: 20 });
      expect((list.body.items as { id: string }[]).map((u) => u.id)).toContain(res.body.id);
      expect(list.body.items.map((u: { id: string }) => u.id)).toEqual(
        expect.arrayContaining([org.admin.id, users.legal.id, users.auditor.id]),
      );
      expect(JSON.stringify(list.body)).not.toMatch(/\$argon2/);
    });

    it('refuses a duplicate e-mail with 409 EMAIL_TAKEN', async () => {
      const res = await t.as(await adminToken()).post('/users', {
        email: users.legal.email,
        name: 'Twin',
        roles: ['legal'],
        password: strongPassword(),
      });
      expectProblem(res, 409, 'EMAIL_TAKEN');
    });

    it('refuses an unknown role and a weak password, naming the field', async () => {
      const token = await adminToken();
      const role = await t.as(token).post('/users', {
        email: uniqueEmail('x'),
        name: 'X',
        roles: ['superuser'],
        password: strongPassword(),
      });
      expectProblem(role, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(role).some((f) => f === 'roles' || f.startsWith('roles['))).toBe(true);

      const email = uniqueEmail('weakling');
      const weak = await t
        .as(token)
        .post('/users', { email, name: 'W', roles: ['legal'], password: 'short1!A' });
      expectProblem(weak, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(weak)).toContain('password');

      const local = email.split('@')[0];
      const personal = await t
        .as(token)
        .post('/users', { email, name: 'W', roles: ['legal'], password: `Zz9!${local}` });
      expectProblem(personal, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(personal)).toContain('password');
    });

    it('changes name and roles and records before and after in the trail', async () => {
      const token = await adminToken();
      const created = await createUserRaw(t, token, { roles: ['legal'] });
      const res = await t
        .as(token)
        .patch(`/users/${created.id}`, { name: 'Renamed Person', roles: ['legal', 'auditor'] })
        .expect(200);
      expect(res.body).toMatchObject({ id: created.id, name: 'Renamed Person' });
      expect([...res.body.roles].sort()).toEqual(['auditor', 'legal']);
      expect((await getUser(created.id)).name).toBe('Renamed Person');

      const events = await t
        .as(token)
        .get('/audit-events')
        .query({ action: 'user.updated', entityId: created.id })
        .expect(200);
      expect(events.body.total).toBe(1);
      const [event] = events.body.items;
      expect([...event.before.roles].sort()).toEqual(['legal']);
      expect([...event.after.roles].sort()).toEqual(['auditor', 'legal']);
    });

    it('answers 400 naming id for an id that is not a UUID, on every route that takes one', async () => {
      const token = await adminToken();
      const calls: Call[] = [
        { method: 'get', path: '/users/not-a-uuid' },
        { method: 'patch', path: '/users/not-a-uuid', body: { name: 'X' } },
        { method: 'post', path: '/users/not-a-uuid/deactivate' },
        { method: 'post', path: '/users/not-a-uuid/reactivate' },
        { method: 'post', path: '/users/not-a-uuid/unlock' },
        { method: 'post', path: '/api-keys/not-a-uuid/revoke' },
      ];
      const answers = [];
      for (const call of calls) {
        const res = await send(call, bearer(token));
        answers.push({ path: call.path, status: res.status, code: res.body.code, fields: fieldsOf(res) });
      }
      expect(answers).toEqual(
        calls.map((c) => ({ path: c.path, status: 400, code: 'VALIDATION_FAILED', fields: ['id'] })),
      );
    });
  });

  describe('role matrix', () => {
    it('lets only the admin manage users, API keys and the security policy (403 FORBIDDEN otherwise)', async () => {
      const target = users.legal;
      const { id: keyId } = await createApiKey(t, await adminToken(), { roles: ['auditor'] });
      const writes: Call[] = [
        {
          method: 'post',
          path: '/users',
          body: {
            email: uniqueEmail('sneaky'),
            name: 'Sneaky',
            roles: ['admin'],
            password: strongPassword(),
          },
        },
        { method: 'patch', path: `/users/${target.id}`, body: { roles: ['admin'] } },
        { method: 'post', path: `/users/${target.id}/deactivate` },
        { method: 'post', path: `/users/${target.id}/reactivate` },
        { method: 'post', path: `/users/${target.id}/unlock` },
        {
          method: 'post',
          path: '/api-keys',
          body: {
            name: 'Sneaky key',
            roles: ['auditor'],
            expiresAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
          },
        },
        { method: 'post', path: `/api-keys/${keyId}/revoke` },
        { method: 'patch', path: '/organization/security', body: { mfaRequiredRoles: [] } },
      ];
      const answers = [];
      const expected = [];
      for (const role of ['legal', 'procurement', 'dpo', 'auditor'] as const) {
        for (const call of writes) {
          const res = await send(call, bearer(users[role].accessToken));
          answers.push({
            role,
            call: `${call.method} ${call.path}`,
            status: res.status,
            code: res.body.code,
          });
          expected.push({ role, call: `${call.method} ${call.path}`, status: 403, code: 'FORBIDDEN' });
        }
      }
      expect(answers).toEqual(expected);

      // Nothing changed.
      const after = await getUser(target.id);
      expect(after).toMatchObject({ active: true, roles: ['legal'] });
      const keys = await t
        .as(await adminToken())
        .get('/api-keys')
        .expect(200);
      expect(keys.body.items.map((k: { name: string }) => k.name)).not.toContain('Sneaky key');
      const list = await t
        .as(await adminToken())
        .get('/users')
        .query({ pageSize: 100 })
        .expect(200);
      expect(list.body.items.map((u: { name: string }) => u.name)).not.toContain('Sneaky');
    });

    it('lets each role read exactly what the matrix says', async () => {
      const reads: Record<string, Role[]> = {
        '/users': ['admin', 'auditor'],
        [`/users/${users.legal.id}`]: ['admin', 'auditor'],
        '/users/access-review': ['admin', 'auditor'],
        '/audit-events': ['admin', 'auditor', 'dpo'],
        '/audit-events/verify': ['admin', 'auditor', 'dpo'],
        '/organization': ['admin', 'legal', 'procurement', 'dpo', 'auditor'],
      };
      const token = (role: Role) => (role === 'admin' ? org.admin.accessToken : users[role].accessToken);
      await adminToken();
      const answers = [];
      const expected = [];
      for (const [path, allowed] of Object.entries(reads)) {
        for (const role of ['admin', 'legal', 'procurement', 'dpo', 'auditor'] as const) {
          const res = await t.as(token(role)).get(`${path}`);
          answers.push({ path, role, status: res.status, code: res.status === 200 ? 'OK' : res.body.code });
          const ok = allowed.includes(role);
          expected.push({ path, role, status: ok ? 200 : 403, code: ok ? 'OK' : 'FORBIDDEN' });
        }
      }
      // API keys: the admin's business; certainly not legal's, procurement's or the dpo's.
      for (const role of ['admin', 'legal', 'procurement', 'dpo'] as const) {
        const res = await t.as(token(role)).get('/api-keys');
        answers.push({
          path: '/api-keys',
          role,
          status: res.status,
          code: res.status === 200 ? 'OK' : res.body.code,
        });
        const ok = role === 'admin';
        expected.push({ path: '/api-keys', role, status: ok ? 200 : 403, code: ok ? 'OK' : 'FORBIDDEN' });
      }
      expect(answers).toEqual(expected);
    });

    it('combines the permissions of several roles', async () => {
      const both = await createUser(t, await adminToken(), { roles: ['legal', 'auditor'] });
      await t.as(both.accessToken).get('/users').expect(200);
      await t.as(both.accessToken).get('/audit-events').expect(200);
      const res = await t
        .as(both.accessToken)
        .post('/users', { email: uniqueEmail('x'), name: 'X', roles: ['legal'], password: strongPassword() });
      expectProblem(res, 403, 'FORBIDDEN');
    });

    it('gives an API key the permissions of its roles', async () => {
      const { key } = await createApiKey(t, await adminToken(), { roles: ['dpo'] });
      await t.as({ apiKey: key }).get('/audit-events').expect(200);
      expectProblem(await t.as({ apiKey: key }).get('/users'), 403, 'FORBIDDEN');
      const create = await t.as({ apiKey: key }).post('/api-keys', {
        name: 'Key by key',
        roles: ['admin'],
        expiresAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
      });
      expectProblem(create, 403, 'FORBIDDEN');
    });
  });

  describe('tenant separation', () => {
    /** A 404 with the id in the detail replaced, so that two 404s can be compared. */
    const shape404 = (res: Response, id: string) => ({
      status: res.status,
      contentType: res.headers['content-type'],
      body: {
        ...res.body,
        requestId: '-',
        detail: String(res.body.detail ?? '')
          .split(id)
          .join('<id>'),
      },
    });

    const idRoutes = (userId: string, keyId: string): Call[] => [
      { method: 'get', path: `/users/${userId}` },
      { method: 'patch', path: `/users/${userId}`, body: { name: 'Hijacked', roles: ['auditor'] } },
      { method: 'post', path: `/users/${userId}/deactivate` },
      { method: 'post', path: `/users/${userId}/reactivate` },
      { method: 'post', path: `/users/${userId}/unlock` },
      { method: 'post', path: `/api-keys/${keyId}/revoke` },
    ];

    async function expectLikeUnknown(token: string, userId: string, keyId: string): Promise<void> {
      const foreign = idRoutes(userId, keyId);
      const randomUser = randomUUID();
      const randomKey = randomUUID();
      const unknown = idRoutes(randomUser, randomKey);
      for (let i = 0; i < foreign.length; i++) {
        const a = await send(foreign[i], bearer(token));
        const b = await send(unknown[i], bearer(token));
        const route = `${foreign[i].method} ${unknown[i].path.replace(/[0-9a-f-]{36}/, ':id')}`;
        expect({ route, status: a.status }).toEqual({ route, status: 404 });
        const foreignId = i === foreign.length - 1 ? keyId : userId;
        const unknownId = i === foreign.length - 1 ? randomKey : randomUser;
        expect({ route, ...shape404(a, foreignId) }).toEqual({ route, ...shape404(b, unknownId) });
      }
    }

    it("answers 404, exactly as for an unknown id, when another organisation's admin names our user or key", async () => {
      const victim = await createUser(t, await adminToken(), { roles: ['legal'] });
      const key = await createApiKey(t, await adminToken(), { roles: ['auditor'] });
      await loginReady(t, other.admin);

      await expectLikeUnknown(other.admin.accessToken, victim.id, key.id);

      // Nothing happened to them.
      const after = await getUser(victim.id);
      expect(after).toMatchObject({ name: victim.name, roles: ['legal'], active: true });
      await login(t, victim.email, victim.password);
      await t.as({ apiKey: key.key }).get('/audit-events').expect(200);
    });

    it("answers 404 when our admin names the other organisation's user or key", async () => {
      const theirUser = await createUser(t, other.admin.accessToken, { roles: ['dpo'] });
      const theirKey = await createApiKey(t, other.admin.accessToken, { roles: ['auditor'] });
      await expectLikeUnknown(await adminToken(), theirUser.id, theirKey.id);
      await login(t, theirUser.email, theirUser.password);
      await t.as({ apiKey: theirKey.key }).get('/audit-events').expect(200);
    });

    it("lists only the caller's own organisation", async () => {
      await loginReady(t, other.admin);
      const theirs = await t.as(other.admin.accessToken).get('/users').query({ pageSize: 100 }).expect(200);
      const ids: string[] = theirs.body.items.map((u: { id: string }) => u.id);
      expect(ids).toContain(other.admin.id);
      expect(ids).not.toContain(org.admin.id);
      expect(ids).not.toContain(users.legal.id);
      expect(theirs.body.total).toBe(ids.length);

      const review = await t.as(other.admin.accessToken).get('/users/access-review').expect(200);
      const emails: string[] = review.body.items.map((u: { email: string }) => u.email);
      expect(emails).toContain(other.admin.email);
      expect(emails).not.toContain(org.admin.email);

      const ourKey = await createApiKey(t, await adminToken(), { name: 'Acme only key' });
      const keys = await t.as(other.admin.accessToken).get('/api-keys').expect(200);
      expect(keys.body.items.map((k: { id: string }) => k.id)).not.toContain(ourKey.id);

      const organization = await t.as(other.admin.accessToken).get('/organization').expect(200);
      expect(organization.body).toMatchObject({ id: other.id, name: 'Beta AG' });
    });
  });

  describe('deactivation', () => {
    it('ends the sessions of a deactivated user, refuses the login like a wrong password, and reactivates', async () => {
      const token = await adminToken();
      const user = await createUser(t, token, { roles: ['procurement'] });
      const second = await login(t, user.email, user.password);

      const res = await t.as(token).request('post', `/users/${user.id}/deactivate`).expect(200);
      expect(res.body).toMatchObject({ id: user.id, email: user.email, active: false });

      for (const access of [user.accessToken, second.accessToken]) {
        expectProblem(await t.as(access).get('/auth/me'), 401, 'UNAUTHENTICATED');
      }
      const refresh = await t.as(null).post('/auth/refresh', { refreshToken: second.refreshToken });
      expect(refresh.status).toBe(401);
      const denied = await t.as(null).post('/auth/login', { email: user.email, password: user.password });
      expectProblem(denied, 401, 'INVALID_CREDENTIALS');
      const wrong = await t.as(null).post('/auth/login', { email: user.email, password: 'Wrong!pass123' });
      expect({ ...denied.body, requestId: '-' }).toEqual({ ...wrong.body, requestId: '-' });
      expect((await getUser(user.id)).active).toBe(false);

      const events = await t
        .as(token)
        .get('/audit-events')
        .query({ action: 'user.deactivated', entityId: user.id })
        .expect(200);
      expect(events.body.total).toBe(1);

      const back = await t.as(token).request('post', `/users/${user.id}/reactivate`).expect(200);
      expect(back.body).toMatchObject({ id: user.id, active: true });
      const tokens = await login(t, user.email, user.password);
      await t.as(tokens.accessToken).get('/auth/me').expect(200);
    });

    it('keeps a deactivated user listed, never deleted, and refuses its refresh token', async () => {
      const token = await adminToken();
      const user = await createUser(t, token, { roles: ['auditor'] });
      await t.as(token).request('post', `/users/${user.id}/deactivate`).expect(200);
      const refresh = await t.as(null).post('/auth/refresh', { refreshToken: user.refreshToken });
      expect(refresh.status).toBe(401);
      const list = await t.as(token).get('/users').query({ pageSize: 100 }).expect(200);
      // Deactivated, never deleted.
      expect(list.body.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: user.id, active: false })]),
      );
    });
  });

  describe('the last admin', () => {
    it('cannot lose the admin role or be deactivated while no other active admin exists', async () => {
      const token = await adminToken();
      const demote = await t.as(token).patch(`/users/${org.admin.id}`, { roles: ['legal'] });
      expectProblem(demote, 409, 'LAST_ADMIN');
      const deactivate = await t.as(token).request('post', `/users/${org.admin.id}/deactivate`).expect(409);
      expectProblem(deactivate, 409, 'LAST_ADMIN');
      expect(await getUser(org.admin.id)).toMatchObject({ roles: ['admin'], active: true });

      // Adding roles next to admin is fine.
      const more = await t
        .as(token)
        .patch(`/users/${org.admin.id}`, { roles: ['admin', 'auditor'] })
        .expect(200);
      expect([...more.body.roles].sort()).toEqual(['admin', 'auditor']);
    });

    it('allows demoting one of two admins, and counts only active admins', async () => {
      const token = await adminToken();
      const second = await createUserRaw(t, token, { roles: ['admin'] });
      const demoted = await t
        .as(token)
        .patch(`/users/${second.id}`, { roles: ['legal'] })
        .expect(200);
      expect(demoted.body.roles).toEqual(['legal']);
      expectProblem(
        await t.as(token).patch(`/users/${org.admin.id}`, { roles: ['auditor'] }),
        409,
        'LAST_ADMIN',
      );

      const third = await createUserRaw(t, token, { roles: ['admin'] });
      await t.as(token).request('post', `/users/${third.id}/deactivate`).expect(200);
      // The deactivated admin does not count.
      expectProblem(
        await t.as(token).patch(`/users/${org.admin.id}`, { roles: ['auditor'] }),
        409,
        'LAST_ADMIN',
      );
      expectProblem(
        await t.as(token).request('post', `/users/${org.admin.id}/deactivate`),
        409,
        'LAST_ADMIN',
      );
      expect(await getUser(org.admin.id)).toMatchObject({ active: true });
    });
  });

  describe('access review', () => {
    type ReviewItem = {
      id: string;
      email: string;
      roles: string[];
      active: boolean;
      lastLoginAt: string | null;
      mfaEnabled: boolean;
      passwordChangedAt: string;
      passwordAgeDays: number;
      flags: string[];
    };
    const review = async (token: string) => {
      const res = await t.as(token).get('/users/access-review').expect(200);
      return res.body as { generatedAt: string; items: ReviewItem[] };
    };

    it('lists each user with roles, last login, MFA, password age and flags (JSON and CSV)', async () => {
      const token = await adminToken();
      const body = await review(token);
      expect(new Date(body.generatedAt).toISOString()).toBe(t.clock.now().toISOString());
      const legal = body.items.find((i) => i.id === users.legal.id);
      expect(legal).toMatchObject({
        id: users.legal.id,
        email: users.legal.email,
        name: users.legal.name,
        roles: ['legal'],
        active: true,
        lastLoginAt: expect.any(String),
        mfaEnabled: false,
        passwordChangedAt: expect.any(String),
        passwordAgeDays: 0,
        flags: [],
      });
      expect(JSON.stringify(body)).not.toMatch(/\$argon2|hash/i);
      const inactive = body.items.filter((i) => !i.active);
      expect(inactive.length).toBeGreaterThanOrEqual(1);

      const asAuditor = await review(users.auditor.accessToken);
      expect(asAuditor.items.map((i) => i.id).sort()).toEqual(body.items.map((i) => i.id).sort());

      const csv = await t.as(token).get('/users/access-review').query({ format: 'csv' }).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.text.trim().split(/\r?\n/);
      expect(lines[0]).toContain('email');
      expect(lines[0]).toContain('roles');
      expect(lines).toHaveLength(body.items.length + 1);
      expect(lines.some((l) => l.includes(users.legal.email))).toBe(true);
    });

    it('flags users without a login for 90 days and expired passwords', async () => {
      t.clock.advanceDays(121);
      const token = await adminToken(); // changes the expired admin password on the way
      const body = await review(token);
      const legal = body.items.find((i) => i.id === users.legal.id);
      expect(legal?.flags).toEqual(expect.arrayContaining(['no_login_90_days', 'password_expired']));
      expect(legal?.passwordAgeDays).toBeGreaterThanOrEqual(121);
      const admin = body.items.find((i) => i.id === org.admin.id);
      expect(admin?.flags).not.toContain('no_login_90_days');
      expect(admin?.flags).not.toContain('password_expired');
      expect(admin?.passwordAgeDays).toBe(0);

      const csv = await t.as(token).get('/users/access-review').query({ format: 'csv' }).expect(200);
      const legalRow = csv.text.split(/\r?\n/).find((l) => l.includes(users.legal.email));
      expect(legalRow).toContain('no_login_90_days');
      expect(legalRow).toContain('password_expired');
    });
  });
});
