import { AppConfig } from '../src/config/app-config';
import {
  createUser,
  loginReady,
  secondOrganization,
  setupOrganization,
  TestOrganization,
  TestUser,
  uniqueEmail,
} from './support/factories';
import { expectProblem } from './support/problems';
import { createTestApp, TestApp } from './support/test-app';

const THRESHOLD = 5;

describe('lockout: alike for every address, told to the owner, lifted by an admin', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;

  const loginRes = (email: string, password: string) =>
    t.as(null).request('post', '/auth/login').set('User-Agent', 'probe/1.0').send({ email, password });
  /** A legal user; the admins log in again first, as the clock may have outrun their tokens. */
  const newUser = async (): Promise<TestUser> => {
    await loginReady(t, org.admin);
    await loginReady(t, other.admin);
    return createUser(t, org.admin.accessToken, { roles: ['legal'] });
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '10000' } });
    org = await setupOrganization(t);
    other = await secondOrganization(t);
  });
  afterAll(() => t.close());

  it('answers an unknown address exactly like a known account, before and after the threshold', async () => {
    const user = await newUser();
    const unknown = uniqueEmail('nobody');
    for (let i = 1; i <= THRESHOLD; i++) {
      const known = await loginRes(user.email, `wrong-${i}-Aa1!xyz`);
      const nobody = await loginRes(unknown, `wrong-${i}-Aa1!xyz`);
      expectProblem(known, 401, 'INVALID_CREDENTIALS');
      expectProblem(nobody, 401, 'INVALID_CREDENTIALS');
      expect({ ...nobody.body, requestId: 'x' }).toEqual({ ...known.body, requestId: 'x' });
    }
    const known = await loginRes(user.email, user.password);
    const nobody = await loginRes(unknown, 'any-Aa1!xyz-password');
    expectProblem(known, 423, 'ACCOUNT_LOCKED');
    expectProblem(nobody, 423, 'ACCOUNT_LOCKED');
    const same = (res: typeof known) => ({
      ...res.body,
      requestId: 'x',
      retryAfterSeconds: 'n',
      contentType: res.headers['content-type'],
      retryAfter: Number(res.headers['retry-after']) > 0 && Number(res.headers['retry-after']) <= 15 * 60,
    });
    expect(same(nobody)).toEqual(same(known));

    // Both open again after LOCKOUT_MINUTES, and start counting from zero.
    t.clock.advance(15 * 60_000 + 1000);
    expectProblem(await loginRes(unknown, 'again-Aa1!xyz'), 401, 'INVALID_CREDENTIALS');
    expect((await loginRes(user.email, user.password)).status).toBe(200);
  });

  it('e-mails the owner when the account locks, with the time and the source address', async () => {
    const user = await newUser();
    const lockedAt = t.clock.now().toISOString();
    for (let i = 1; i <= THRESHOLD; i++) await loginRes(user.email, `wrong-${i}-Aa1!xyz`).expect(401);
    await t.flushOutbox();
    await t.smtp.waitFor(() => t.smtp.to(user.email).some((m) => /locked/.test(m.subject)), 15_000);
    const mails = t.smtp.to(user.email).filter((m) => /locked/.test(m.subject));
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.to).toEqual([user.email]);
    const until = new Date(t.clock.now().getTime() + 15 * 60_000).toISOString();
    expect(mail.subject).toBe(`Your Custos account is locked until ${until} (UTC)`);
    expect(mail.text).toContain(`locked at ${lockedAt} (UTC) after ${THRESHOLD} failed sign-in attempts`);
    expect(mail.text).toMatch(/Source address: (::ffff:)?127\.0\.0\.1/);
    expect(mail.text).toContain('Browser or client: probe/1.0');
    expect(mail.text).toContain('the last one gave a wrong password');
    expect(mail.html).toContain(lockedAt);

    // Further refused attempts while locked send nothing more.
    await loginRes(user.email, user.password).expect(423);
    await t.flushOutbox();
    expect(t.smtp.to(user.email).filter((m) => /locked/.test(m.subject))).toHaveLength(1);
  });

  it('lets an admin of the organisation unlock, audited; an admin of another organisation gets 404', async () => {
    const user = await newUser();
    for (let i = 1; i <= THRESHOLD; i++) await loginRes(user.email, `wrong-${i}-Aa1!xyz`).expect(401);
    expectProblem(await loginRes(user.email, user.password), 423, 'ACCOUNT_LOCKED');

    const foreign = await t.as(other.admin.accessToken).request('post', `/users/${user.id}/unlock`);
    expectProblem(foreign, 404, 'NOT_FOUND');
    const legal = await newUser();
    expectProblem(
      await t.as(legal.accessToken).request('post', `/users/${user.id}/unlock`),
      403,
      'FORBIDDEN',
    );
    expectProblem(await loginRes(user.email, user.password), 423, 'ACCOUNT_LOCKED');

    const unlocked = await t.as(org.admin.accessToken).request('post', `/users/${user.id}/unlock`);
    expect({ status: unlocked.status, id: unlocked.body.id }).toEqual({ status: 200, id: user.id });
    expect((await loginRes(user.email, user.password)).status).toBe(200);
    const audit = await t
      .as(org.admin.accessToken)
      .get('/audit-events')
      .query({ action: 'user.unlocked', entityId: user.id });
    expect({ status: audit.status, total: audit.body.total }).toEqual({ status: 200, total: 1 });
  });

  it('never allows more than 10 failures before the lock', () => {
    expect(() => AppConfig.fromEnvironment({ LOCKOUT_THRESHOLD: '11' })).toThrow(/LOCKOUT_THRESHOLD/);
    expect(AppConfig.fromEnvironment({ LOCKOUT_THRESHOLD: '10' }).security.lockoutThreshold).toBe(10);
  });
});
