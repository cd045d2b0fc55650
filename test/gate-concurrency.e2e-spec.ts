import { Response } from 'supertest';
import {
  createApiKey,
  createProcessor,
  gateScenario,
  postTransferCheck,
  TestOrganization,
  TestUser,
  CONTACT,
} from './support/factories';
import { ApiKeysService } from '../src/identity/api-keys.service';
import { expectProblem } from './support/problems';
import { startSecondInstance } from './support/second-instance';
import { createTestApp, TestApp } from './support/test-app';
import { eventually } from './support/wait';

/**
 * The gate under concurrent load at one organisation: group commit shares transactions and chain
 * extensions between checks, and still stores and audits every decision before it answers.
 */
describe('the transfer gate under concurrent load', () => {
  let t: TestApp;
  let org: TestOrganization;
  let dpo: TestUser;
  let legal: TestUser;
  let apiKey: string;
  let processorId: string;

  const stored = async (ids: string[]) => {
    const [{ decisions }] = await t.dataSource.query<{ decisions: number }[]>(
      `SELECT count(*)::int AS decisions FROM transfer_decision WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
      [org.id, ids],
    );
    const [{ events }] = await t.dataSource.query<{ events: number }[]>(
      `SELECT count(*)::int AS events FROM audit_event
        WHERE organization_id = $1 AND action = 'transfer.checked' AND entity_id = ANY($2::text[])`,
      [org.id, ids],
    );
    return { decisions, events };
  };
  const allDecisions = async () =>
    (
      await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM transfer_decision WHERE organization_id = $1`,
        [org.id],
      )
    )[0].n;
  const verify = async () => (await t.as(dpo.accessToken).get('/audit-events/verify').expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    ({ org, legal, dpo, processorId, apiKey } = await gateScenario(t));
  });
  afterAll(() => t.close());

  it('stores and audits 200 concurrent checks, each answered once committed, in a chain that verifies', async () => {
    const before = await allDecisions();
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => postTransferCheck(t, { apiKey }, { processorId, ...CONTACT })),
    );
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ eligible: true, reasons: [], decisionId: expect.any(String) });
    }
    const ids = answers.map((r) => r.body.decisionId as string);
    expect(new Set(ids).size).toBe(200);
    expect(await stored(ids)).toEqual({ decisions: 200, events: 200 });
    expect(await allDecisions()).toBe(before + 200);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('hashes again when other writers move the chain between its groups, and the chain verifies', async () => {
    // In turn first: the gate's next group was hashed onto a head that legal's write has moved.
    expect((await postTransferCheck(t, { apiKey }, { processorId, ...CONTACT })).status).toBe(200);
    await createProcessor(t, legal.accessToken);
    const next = await postTransferCheck(t, { apiKey }, { processorId, ...CONTACT });
    expect(next.status).toBe(200);
    expect(await stored([next.body.decisionId as string])).toEqual({ decisions: 1, events: 1 });
    const before = await allDecisions();
    // Legal's writes extend the chain on their own path (lock, head, insert, commit) while checks arrive:
    // a group hashed onto a head that moved on is refused by the database and hashed onto the new one.
    const [checks, processors] = await Promise.all([
      Promise.all(
        Array.from({ length: 100 }, () => postTransferCheck(t, { apiKey }, { processorId, ...CONTACT })),
      ),
      Promise.all(Array.from({ length: 20 }, () => createProcessor(t, legal.accessToken))),
    ]);
    expect(checks.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(processors).toHaveLength(20);
    const ids = checks.map((r) => r.body.decisionId as string);
    expect(await stored(ids)).toEqual({ decisions: 100, events: 100 });
    expect(await allDecisions()).toBe(before + 100);
    const [{ gaps }] = await t.dataSource.query<{ gaps: number }[]>(
      `SELECT (max(seq) - count(*))::int AS gaps FROM audit_event WHERE organization_id = $1`,
      [org.id],
    );
    expect(gaps).toBe(0);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('stores and audits 20 concurrent batches of 50 in a chain that verifies', async () => {
    const before = await allDecisions();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, b) =>
        t.as({ apiKey }).post('/transfer-checks/batch', {
          checks: Array.from({ length: 50 }, (_, i) => ({
            processorId,
            ...CONTACT,
            destinationCountry: (b + i) % 2 ? 'US' : 'FR',
          })),
        }),
      ),
    );
    const ids: string[] = [];
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.body.results).toHaveLength(50);
      for (const r of res.body.results as { decisionId: string; eligible: boolean }[]) {
        expect(typeof r.eligible).toBe('boolean');
        ids.push(r.decisionId);
      }
    }
    expect(new Set(ids).size).toBe(1000);
    expect(await stored(ids)).toEqual({ decisions: 1000, events: 1000 });
    expect(await allDecisions()).toBe(before + 1000);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('answers no decision whose group did not commit when the connection dies mid-group', async () => {
    const before = await allDecisions();
    // The owner holds the organisation's chain lock, so the next group's statement waits for it, its
    // transaction open and nothing of it committed: there it loses its connection.
    const result = await t.asOwner(async (owner) => {
      await owner.query(`SELECT pg_advisory_lock(hashtext($1))`, [`audit:${org.id}`]);
      const pending = Array.from({ length: 30 }, () =>
        postTransferCheck(t, { apiKey }, { processorId, ...CONTACT }).then((r: Response) => r),
      );
      const victim = await eventually(
        async () => {
          const rows = await owner.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity
              WHERE datname = current_database() AND usename = 'custos_app' AND wait_event_type = 'Lock'
                AND wait_event = 'advisory'`,
          );
          expect(rows.rows[0]?.pid).toBeDefined();
          return rows.rows[0].pid;
        },
        { timeoutMs: 10_000, intervalMs: 25 },
      );
      await owner.query(`SELECT pg_terminate_backend($1)`, [victim]);
      await owner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`audit:${org.id}`]);
      return Promise.all(pending);
    });
    const ok = result.filter((r) => r.status === 200);
    const failed = result.filter((r) => r.status !== 200);
    expect(failed.length).toBeGreaterThan(0);
    for (const res of failed) {
      // A server-side failure (500, or 503 where the database is reported unavailable), never a decision.
      expect([500, 503]).toContain(res.status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.decisionId).toBeUndefined();
    }
    // Every answered decision is stored and audited; nothing else of this round is.
    const ids = ok.map((r) => r.body.decisionId as string);
    expect(await stored(ids)).toEqual({ decisions: ok.length, events: ok.length });
    expect(await allDecisions()).toBe(before + ok.length);
    expect(await verify()).toMatchObject({ intact: true });
    // The gate goes on answering.
    expect((await postTransferCheck(t, { apiKey }, { processorId, ...CONTACT })).status).toBe(200);
  });

  it('refuses a revoked API key on its very next request, in this process and in another', async () => {
    const key = await createApiKey(t, org.admin.accessToken, { roles: ['procurement'] });
    const replica = await startSecondInstance(t);
    try {
      const elsewhere = replica.context.get(ApiKeysService);
      // Both processes have seen (and cached) the key.
      for (let i = 0; i < 3; i++) {
        expect((await postTransferCheck(t, { apiKey: key.key }, { processorId, ...CONTACT })).status).toBe(
          200,
        );
        expect(await elsewhere.authenticate(key.key)).toMatchObject({ id: key.id });
      }
      await t.as(org.admin.accessToken).post(`/api-keys/${key.id}/revoke`, {}).expect(200);
      const refused = await postTransferCheck(t, { apiKey: key.key }, { processorId, ...CONTACT });
      expectProblem(refused, 401, 'UNAUTHENTICATED');
      expect(await elsewhere.authenticate(key.key)).toBeUndefined();
      // Other keys go on working.
      expect((await postTransferCheck(t, { apiKey }, { processorId, ...CONTACT })).status).toBe(200);
    } finally {
      await replica.close();
    }
  });
});
