import { REUSE_GRACE_MS } from '../src/identity/sessions.service';
import { setupOrganization, TestOrganization } from './support/factories';
import { expectProblem, fieldsOf } from './support/problems';
import { createTestApp, TestApp } from './support/test-app';

/** The refresh cookie of a response: its value and attributes, or undefined. */
function refreshCookie(res: {
  headers: Record<string, unknown>;
}): { value: string; attributes: string[] } | undefined {
  const raw = res.headers['set-cookie'];
  const cookies = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  const cookie = cookies.find((c) => c.startsWith('custos_refresh='));
  if (!cookie) return undefined;
  const [pair, ...attributes] = cookie.split(';').map((s) => s.trim());
  return { value: pair.slice('custos_refresh='.length), attributes };
}

describe('console session: the refresh token in an HttpOnly cookie, programs unchanged', () => {
  let t: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    t = await createTestApp();
    org = await setupOrganization(t);
  });
  afterAll(() => t.close());

  const login = () =>
    t.as(null).post('/auth/login', { email: org.admin.email, password: org.admin.password });

  it('login sets the cookie (HttpOnly, SameSite=Strict, scoped to /api/v1/auth) and keeps the JSON tokens', async () => {
    const res = await login().expect(200);
    expect(res.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });
    const cookie = refreshCookie(res);
    expect(cookie?.value).toBe(res.body.refreshToken);
    expect(cookie?.attributes).toEqual(
      expect.arrayContaining(['Path=/api/v1/auth', 'HttpOnly', 'SameSite=Strict', 'Max-Age=1209600']),
    );
    // PUBLIC_URL is http in the tests: no Secure flag, or the browser would drop the cookie.
    expect(cookie?.attributes).not.toContain('Secure');
  });

  it('refresh through the cookie rotates it and leaves the refresh token out of the body', async () => {
    const first = refreshCookie(await login().expect(200))!;
    const res = await t
      .as(null)
      .request('post', '/auth/refresh')
      .set('Cookie', `custos_refresh=${first.value}`)
      .send({})
      .expect(200);
    expect(Object.keys(res.body).sort()).toEqual([
      'accessToken',
      'expiresIn',
      'mfaEnrollmentRequired',
      'passwordChangeRequired',
      'tokenType',
    ]);
    const next = refreshCookie(res)!;
    expect(next.value).not.toBe(first.value);
    await t.as(res.body.accessToken).get('/auth/me').expect(200);
    // Past the grace for a lost rotation, the used cookie coming back ends the session, as the JSON
    // token does at once.
    t.clock.advance(REUSE_GRACE_MS + 1000);
    const reuse = await t
      .as(null)
      .request('post', '/auth/refresh')
      .set('Cookie', `custos_refresh=${first.value}`)
      .send({});
    expectProblem(reuse, 401, 'REFRESH_TOKEN_REUSED');
    expectProblem(await t.as(res.body.accessToken).get('/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('rotates again when the browser sends a cookie whose rotation it never received (a reload while refreshing)', async () => {
    const first = refreshCookie(await login().expect(200))!;
    // The first refresh is answered, but the page reloaded before the new cookie arrived.
    await t
      .as(null)
      .request('post', '/auth/refresh')
      .set('Cookie', `custos_refresh=${first.value}`)
      .send({})
      .expect(200);
    t.clock.advance(REUSE_GRACE_MS - 5000);
    const again = await t
      .as(null)
      .request('post', '/auth/refresh')
      .set('Cookie', `custos_refresh=${first.value}`)
      .send({})
      .expect(200);
    const next = refreshCookie(again)!;
    expect(next.value).not.toBe(first.value);
    await t.as(again.body.accessToken).get('/auth/me').expect(200);
    // The session goes on with the newest cookie.
    await t
      .as(null)
      .request('post', '/auth/refresh')
      .set('Cookie', `custos_refresh=${next.value}`)
      .send({})
      .expect(200);
    // Programs get no such grace: their JSON token is answered once.
    const tokens = (await login().expect(200)).body as { refreshToken: string };
    await t.as(null).post('/auth/refresh', { refreshToken: tokens.refreshToken }).expect(200);
    expectProblem(
      await t.as(null).post('/auth/refresh', { refreshToken: tokens.refreshToken }),
      401,
      'REFRESH_TOKEN_REUSED',
    );
  });

  it('programs keep refreshing with the JSON token, and get a new one in the body', async () => {
    const tokens = (await login().expect(200)).body as { refreshToken: string };
    const res = await t.as(null).post('/auth/refresh', { refreshToken: tokens.refreshToken }).expect(200);
    expect(res.body.refreshToken).toEqual(expect.any(String));
    expect(res.body.refreshToken).not.toBe(tokens.refreshToken);
  });

  it('logout through the cookie clears it and revokes the session', async () => {
    const cookie = refreshCookie(await login().expect(200))!;
    const res = await t
      .as(null)
      .request('post', '/auth/logout')
      .set('Cookie', `custos_refresh=${cookie.value}`)
      .send({})
      .expect(204);
    const cleared = refreshCookie(res)!;
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toEqual(
      expect.arrayContaining(['Path=/api/v1/auth', 'HttpOnly', 'SameSite=Strict']),
    );
    const after = await t
      .as(null)
      .request('post', '/auth/refresh')
      .set('Cookie', `custos_refresh=${cookie.value}`)
      .send({});
    expect(after.status).toBe(401);
  });

  it('refresh with neither a body token nor a cookie names the field', async () => {
    const res = await t.as(null).post('/auth/refresh', {});
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual(['refreshToken']);
  });
});
