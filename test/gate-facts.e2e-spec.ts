import { Response } from 'supertest';
import {
  createProcessor,
  gateScenario,
  postTransferCheck,
  TestOrganization,
  TestUser,
  CONTACT,
} from './support/factories';
import { TransferChecksService } from '../src/transfers/transfer-checks.service';
import { createTestApp, TestApp } from './support/test-app';
import { eventually } from './support/wait';

/**
 * The gate keeps the facts it read between checks; a decision still rests on the facts as committed when
 * it commits, whoever changed them and in whichever process (migration GateFactsVersion).
 */
describe('the transfer gate decides on the facts as committed', () => {
  let t: TestApp;
  let org: TestOrganization;
  let legal: TestUser;
  let dpo: TestUser;
  let apiKey: string;
  let processorId: string;

  const check = () => postTransferCheck(t, { apiKey }, { processorId, ...CONTACT });
  const decisions = async () =>
    (
      await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM transfer_decision WHERE organization_id = $1`,
        [org.id],
      )
    )[0].n;
  const version = async () =>
    (
      await t.dataSource.query<{ version: string }[]>(
        `SELECT coalesce((SELECT version FROM gate_facts_version WHERE organization_id = $1), 0)::text AS version`,
        [org.id],
      )
    )[0].version;
  const verify = async () => (await t.as(dpo.accessToken).get('/audit-events/verify').expect(200)).body;
  const setRisk = (rating: string | null) =>
    t.ownerQuery(`UPDATE processor SET risk_rating = $2 WHERE id = $1`, [processorId, rating]);

  beforeAll(async () => {
    t = await createTestApp();
    ({ org, legal, dpo, processorId, apiKey } = await gateScenario(t));
  });
  afterAll(() => t.close());

  it('decides the very next check on a fact another process changed in the database', async () => {
    // Twice: the second check is decided on the facts the first one read.
    for (let i = 0; i < 2; i++) {
      const res = await check();
      expect({ status: res.status, eligible: res.body.eligible, reasons: res.body.reasons }).toEqual({
        status: 200,
        eligible: true,
        reasons: [],
      });
    }
    const before = await version();
    // Written past Custos, as another replica or a database console would.
    await setRisk('critical');
    expect(BigInt(await version())).toBe(BigInt(before) + 1n);
    const refused = await check();
    expect({ status: refused.status, eligible: refused.body.eligible }).toEqual({
      status: 200,
      eligible: false,
    });
    expect(refused.body.reasons.map((r: { code: string }) => r.code)).toEqual(['RISK_TOO_HIGH']);
    const stored = await t.as(dpo.accessToken).get(`/transfer-checks/${refused.body.decisionId}`);
    expect({ status: stored.status, rating: stored.body.facts.processor.riskRating }).toEqual({
      status: 200,
      rating: 'critical',
    });
    await setRisk(null);
    expect((await check()).body).toMatchObject({ eligible: true, reasons: [] });
  });

  it('decides again when the facts change between its reading and its commit, and stores that decision only', async () => {
    expect((await check()).body).toMatchObject({ eligible: true });
    const before = await decisions();
    const answer = await t.asOwner(async (owner) => {
      // The owner holds the organisation's chain lock: the check, decided on the facts it kept, waits
      // for it in its commit. Meanwhile the processor is rated critical, and the lock let go.
      await owner.query(`SELECT pg_advisory_lock(hashtext($1))`, [`audit:${org.id}`]);
      try {
        const pending = check().then((r: Response) => r);
        await eventually(
          async () => {
            const { rows } = await owner.query<{ waiting: number }>(
              `SELECT count(*)::int AS waiting FROM pg_stat_activity
                WHERE datname = current_database() AND usename = 'custos_app'
                  AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
            );
            expect(rows[0].waiting).toBe(1);
          },
          { timeoutMs: 10_000, intervalMs: 25 },
        );
        await owner.query(`UPDATE processor SET risk_rating = 'critical' WHERE id = $1`, [processorId]);
        await owner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`audit:${org.id}`]);
        return await pending;
      } finally {
        await owner.query(`SELECT pg_advisory_unlock_all()`);
      }
    });
    expect({ status: answer.status, eligible: answer.body.eligible }).toEqual({
      status: 200,
      eligible: false,
    });
    expect(answer.body.reasons.map((r: { code: string }) => r.code)).toEqual(['RISK_TOO_HIGH']);
    // One decision for the one check: the one decided on the facts kept was never written.
    expect(await decisions()).toBe(before + 1);
    const [event] = await t.dataSource.query<{ after: { eligible: boolean; reasons: string[] } }[]>(
      `SELECT after FROM audit_event WHERE organization_id = $1 AND entity_id = $2`,
      [org.id, answer.body.decisionId],
    );
    expect(event.after).toMatchObject({ eligible: false, reasons: ['RISK_TOO_HIGH'] });
    expect(await verify()).toMatchObject({ intact: true });
    await setRisk(null);
  });

  it('is not held back by a transaction that changed facts and has not committed, and sees the change once it has', async () => {
    expect((await check()).body).toMatchObject({ eligible: true });
    const before = BigInt(await version());
    await t.asOwner(async (owner) => {
      await owner.query('BEGIN');
      try {
        await owner.query(`UPDATE processor SET risk_rating = 'critical' WHERE id = $1`, [processorId]);
        // The writer's row locks are its own; the chain lock (and the version) it takes only as it commits.
        const during = await Promise.race([
          check(),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error('the check waited for an open transaction')), 5_000),
          ),
        ]);
        expect({ status: during.status, eligible: during.body.eligible }).toEqual({
          status: 200,
          eligible: true,
        });
        expect(BigInt(await version())).toBe(before);
        await owner.query('COMMIT');
      } catch (error) {
        await owner.query('ROLLBACK');
        throw error;
      }
    });
    expect(BigInt(await version())).toBe(before + 1n);
    const after = await check();
    expect(after.body.reasons.map((r: { code: string }) => r.code)).toEqual(['RISK_TOO_HIGH']);
    await setRisk(null);
  });

  it('moves the version on every insert, change and deletion in each table the facts are read from', async () => {
    // The tables the facts statement reads, from its text: a table added to it without a trigger fails here.
    const gate: unknown = t.app.get(TransferChecksService);
    const sql = (gate as { factsSql: string }).factsSql;
    const read = [...sql.matchAll(/\bFROM\s+([a-z_]+)\b/g)]
      .map((m) => m[1])
      .filter((n) => !n.startsWith('gate_'));
    const tables = [...new Set(read)].sort();
    expect(tables).toEqual(
      expect.arrayContaining(['agreement', 'finding', 'incident', 'monitoring_check', 'processor']),
    );
    const { rows } = await t.asOwner((owner) =>
      owner.query<{ table: string; events: string[] }>(
        `SELECT c.relname AS table,
                array_agg(CASE WHEN tg.tgtype & 4 <> 0 THEN 'insert' WHEN tg.tgtype & 8 <> 0 THEN 'delete'
                               ELSE 'update' END ORDER BY 1) AS events
           FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_proc p ON p.oid = tg.tgfoid
          WHERE p.proname = 'gate_facts_changed' AND NOT tg.tgisinternal
          GROUP BY c.relname`,
      ),
    );
    const triggers = new Map(rows.map((r) => [r.table, [...r.events].sort()]));
    for (const table of tables) {
      expect({ table, events: triggers.get(table) }).toEqual({
        table,
        events: ['delete', 'insert', 'update'],
      });
    }
    // And they move it: a change through the API, and one past it; a statement that changed nothing does not.
    const before = BigInt(await version());
    await createProcessor(t, legal.accessToken);
    expect(BigInt(await version())).toBe(before + 1n);
    await t.ownerQuery(`UPDATE agreement SET title = title WHERE processor_id = $1`, [processorId]);
    expect(BigInt(await version())).toBe(before + 2n);
    await t.ownerQuery(`DELETE FROM finding WHERE organization_id = $1 AND false`, [org.id]);
    expect(BigInt(await version())).toBe(before + 2n);
  });
});
