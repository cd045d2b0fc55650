import { setupOrganization, TestOrganization } from './support/factories';
import { expectProblem } from './support/problems';
import { createTestApp, TestApp } from './support/test-app';

const DAY = 86_400_000;

describe('hardening: API key lifetime', () => {
  let t: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    t = await createTestApp();
    org = await setupOrganization(t);
  });
  afterAll(() => t.close());

  const count = async () => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM api_key`))[0].n);
  const createKey = (body: Record<string, unknown>) =>
    t.as(org.admin.accessToken).post('/api-keys', { name: 'ERP', roles: ['procurement'], ...body });

  it('gives a key one year when no expiry is given', async () => {
    const res = await createKey({});
    expect(res.status).toBe(201);
    expect(res.body.expiresAt).toBe(new Date(t.clock.now().getTime() + 365 * DAY).toISOString());
  });

  it('refuses a key that would live longer than two years, and stores nothing', async () => {
    const before = await count();
    const res = await createKey({ expiresAt: new Date(t.clock.now().getTime() + 732 * DAY).toISOString() });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([
      { field: 'expiresAt', message: 'must be at most two years ahead', rule: 'maxLifetime' },
    ]);
    expect(await count()).toBe(before);
    const twoYears = await createKey({
      expiresAt: new Date(t.clock.now().getTime() + 730 * DAY).toISOString(),
    });
    expect(twoYears.status).toBe(201);
  });
});

describe('hardening: /docs switched off', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { DOCS_ENABLED: 'false' } });
  });
  afterAll(() => t.close());

  it('serves neither the Swagger UI nor the OpenAPI document', async () => {
    expect((await t.http.get('/docs-json')).status).toBe(404);
    expect((await t.http.get('/docs')).status).toBe(404);
    await t.as(null).get('/health/live').expect(200);
  });
});
