import IORedis from 'ioredis';
import { performance } from 'node:perf_hooks';
import {
  createProcessor,
  createUser,
  login,
  postTransferCheck,
  setupOrganization,
  TestOrganization,
  TestUser,
  CONTACT,
} from './support/factories';
import { expectProblem } from './support/problems';
import { PostgresProxy, RedisProxy } from './support/redis-proxy';
import { createTestApp, TestApp } from './support/test-app';
import { eventually } from './support/wait';
import { databaseUrl, testRunId } from './support/test-env';

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await work();
  return { result, ms: performance.now() - start };
}

describe('faults: a Redis partition', () => {
  let t: TestApp;
  let proxy: RedisProxy;
  let org: TestOrganization;
  let procurement: TestUser;
  let processorId: string;

  beforeAll(async () => {
    proxy = await new RedisProxy().start();
    t = await createTestApp({
      env: { REDIS_URL: proxy.url, RATE_LIMIT_PER_MINUTE: '1000', REDIS_COMMAND_TIMEOUT_MS: '300' },
    });
    org = await setupOrganization(t);
    const legal = await createUser(t, org.admin.accessToken, { roles: ['legal'] });
    procurement = await createUser(t, org.admin.accessToken, { roles: ['procurement'] });
    processorId = (await createProcessor(t, legal.accessToken)).id;
  });
  afterAll(async () => {
    proxy.heal();
    await t.close();
    await proxy.cut();
  });

  it('keeps the gate answering within 1 s per request for 5 s, names Redis in readiness, and recovers', async () => {
    const before = await postTransferCheck(t, procurement.accessToken, { processorId, ...CONTACT });
    expect(before.status).toBe(200);
    expect(before.body.eligible).toBe(false);

    proxy.partition();
    const until = Date.now() + 5000;
    const answers: { status: number; ms: number; eligible: unknown }[] = [];
    while (Date.now() < until) {
      const { result, ms } = await timed(() =>
        postTransferCheck(t, procurement.accessToken, { processorId, ...CONTACT }),
      );
      answers.push({ status: result.status, ms, eligible: result.body.eligible });
    }
    expect(answers.length).toBeGreaterThanOrEqual(5);
    for (const a of answers) {
      expect(a).toEqual({ status: 200, ms: expect.any(Number), eligible: false });
      expect(a.ms).toBeLessThan(1000);
    }

    // Login stays open (its per-IP limit falls back) and the account lockout still answers from PostgreSQL.
    const { ms: loginMs } = await timed(() => login(t, procurement.email, procurement.password));
    expect(loginMs).toBeLessThan(2000);

    const ready = await t.as(null).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'error', database: 'up', redis: 'down' });
    expect(ready.headers['retry-after']).toEqual(expect.any(String));

    proxy.heal();
    await eventually(async () => (await t.as(null).get('/health/ready')).status === 200);
    const after = await t.as(null).get('/health/ready').expect(200);
    expect(after.body).toMatchObject({ status: 'ok', database: 'up', redis: 'up' });
  });
});

describe('faults: PostgreSQL partitioned and down', () => {
  const STATEMENT_TIMEOUT_MS = 1500;
  let t: TestApp;
  let proxy: PostgresProxy;
  let org: TestOrganization;
  let legal: TestUser;

  beforeAll(async () => {
    proxy = await new PostgresProxy().start();
    t = await createTestApp({
      databaseUrl: (name) => proxy.url(name),
      env: {
        DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
        DATABASE_CONNECT_TIMEOUT_MS: '1000',
      },
    });
    org = await setupOrganization(t);
    legal = await createUser(t, org.admin.accessToken, { roles: ['legal'] });
    await createProcessor(t, legal.accessToken);
  });
  afterAll(async () => {
    proxy.heal();
    await t.close();
    await proxy.cut();
  });

  const listProcessors = () => t.as(legal.accessToken).get('/processors');

  it('answers 503 with Retry-After within the statement timeout while partitioned, names the database, and recovers', async () => {
    expect((await listProcessors()).status).toBe(200);
    proxy.partition();
    try {
      const { result, ms } = await timed(() => listProcessors());
      expectProblem(result, 503, 'DATABASE_UNAVAILABLE');
      expect(result.headers['retry-after']).toBe('5');
      expect(ms).toBeLessThan(STATEMENT_TIMEOUT_MS + 1000);

      const write = await t.as(legal.accessToken).post('/processors', {
        name: 'Partitioned GmbH',
        country: 'DE',
        processingCountries: ['DE'],
        services: 'x',
        contactEmail: 'p@x.example',
      });
      expectProblem(write, 503, 'DATABASE_UNAVAILABLE');

      const ready = await t.as(null).get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'error', database: 'down', redis: 'up' });
    } finally {
      proxy.heal();
    }
    await eventually(async () => (await listProcessors()).status === 200);
    const list = await listProcessors().expect(200);
    expect(list.body.items.map((p: { name: string }) => p.name)).not.toContain('Partitioned GmbH');
    await t.as(null).get('/health/ready').expect(200);
  });

  it('answers 503 while PostgreSQL refuses connections, and recovers by itself when it is back', async () => {
    await proxy.cut();
    try {
      const { result, ms } = await timed(() => listProcessors());
      expectProblem(result, 503, 'DATABASE_UNAVAILABLE');
      expect(ms).toBeLessThan(STATEMENT_TIMEOUT_MS + 1000);
      const ready = await t.as(null).get('/health/ready');
      expect(ready.body).toMatchObject({ database: 'down', redis: 'up' });
    } finally {
      await proxy.restore();
    }
    await eventually(async () => (await listProcessors()).status === 200);
    const ready = await t.as(null).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', database: 'up', redis: 'up' });
  });

  it('keeps the timeouts on every pooled connection', async () => {
    const [row] = await t.dataSource.query<{ statement_timeout: string; idle: string }[]>(
      `SELECT current_setting('statement_timeout') AS statement_timeout,
              current_setting('idle_in_transaction_session_timeout') AS idle`,
    );
    expect(row).toEqual({ statement_timeout: '1500ms', idle: '1min' });
    expect(databaseUrl(t.databaseName)).not.toBe(t.config.databaseUrl);
  });
});

describe('faults: the proxy itself', () => {
  // A second pipe on a link that already flowed passed every byte twice: Redis ran each command twice and
  // ioredis read each reply twice, and a nil reply read with no command left waiting threw inside ioredis.
  it('passes each command and each reply once, however often it is healed', async () => {
    const proxy = await new RedisProxy().start();
    const redis = new IORedis(proxy.url, { maxRetriesPerRequest: 1 });
    const errors: string[] = [];
    redis.on('error', (error: Error) => errors.push(error.message));
    const key = `ct_${testRunId()}_proxy_${process.pid}`;
    try {
      expect(await redis.incr(key)).toBe(1);
      proxy.heal();
      proxy.partition();
      proxy.heal();
      proxy.heal();
      expect(await redis.incr(key)).toBe(2);
      expect(await redis.get(`${key}:missing`)).toBeNull();
      expect(await redis.incr(key)).toBe(3);
      expect(errors).toEqual([]);
    } finally {
      await redis.del(key);
      redis.disconnect();
      await proxy.cut();
    }
  });
});
