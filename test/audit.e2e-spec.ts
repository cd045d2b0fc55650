import { mailWordsProblems } from './support/mail-words';
import {
  allAuditEvents,
  AuditItem,
  createUser,
  loginReady,
  secondOrganization,
  setupOrganization,
  strongPassword,
  TestOrganization,
  TestUser,
  uniqueEmail,
  staff,
} from './support/factories';
import { randomUUID } from 'node:crypto';
import { AuditCheckpoints } from '../src/platform/audit/audit-checkpoints.service';
import { eventHash, GENESIS_HASH, HashedFields } from '../src/platform/audit/audit-hash';
import { AuditService } from '../src/platform/audit/audit.service';
import { JobQueue } from '../src/platform/queue/job-queue.service';
import { startSecondInstance } from './support/second-instance';
import { systemContext } from '../src/platform/context/request-context';
import { createTestApp, TestApp } from './support/test-app';
import { expectProblem } from './support/problems';

const USER_AGENT = 'custos-e2e/1.0 (audit)';

/** The events in chain order, followed from the one whose prevHash is no other event's hash. */
function chainOrder(events: AuditItem[]): AuditItem[] {
  const hashes = new Set(events.map((e) => e.hash));
  const byPrev = new Map(events.map((e) => [e.prevHash, e]));
  const starts = events.filter((e) => !hashes.has(e.prevHash));
  expect(starts).toHaveLength(1);
  const chain = [starts[0]];
  for (let next = byPrev.get(starts[0].hash); next; next = byPrev.get(next.hash)) chain.push(next);
  return chain;
}

describe('audit trail', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let auditor: TestUser;
  let dpo: TestUser;
  let person: { id: string; email: string };
  const times = { created: '', updated: '', failed: '' };

  let adminTokenAt = -Infinity;
  const adminToken = async (): Promise<string> => {
    if (t.clock.now().getTime() - adminTokenAt > 60_000) {
      await loginReady(t, org.admin);
      adminTokenAt = t.clock.now().getTime();
    }
    return org.admin.accessToken;
  };
  const events = (token: string, query: Record<string, string | number> = {}) =>
    t.as(token).get('/audit-events').query(query);

  beforeAll(async () => {
    t = await createTestApp();
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    ({ auditor, dpo } = await staff(t, org, { auditor: ['auditor'], dpo: ['dpo'] }));

    t.clock.advance(60_000);
    adminTokenAt = -Infinity;
    const token = await adminToken();
    times.created = t.clock.now().toISOString();
    const email = uniqueEmail('paula');
    const created = await t
      .as(token)
      .request('post', '/users')
      .set('X-Request-Id', 'audit-create-1')
      .set('User-Agent', USER_AGENT)
      .send({ email, name: 'Paula Person', roles: ['legal'], password: strongPassword() })
      .expect(201);
    person = { id: created.body.id, email };

    t.clock.advance(60_000);
    times.updated = t.clock.now().toISOString();
    await t
      .as(token)
      .request('patch', `/users/${person.id}`)
      .set('X-Request-Id', 'audit-patch-1')
      .set('User-Agent', USER_AGENT)
      .send({ roles: ['legal', 'dpo'] })
      .expect(200);

    t.clock.advance(60_000);
    times.failed = t.clock.now().toISOString();
    await t
      .as(null)
      .request('post', '/auth/login')
      .set('User-Agent', USER_AGENT)
      .send({ email, password: 'Wrong!pass123' })
      .expect(401);

    other = await secondOrganization(t, { organizationName: 'Beta AG' });
  });
  afterAll(() => t.close());

  it('lists the trail of the organisation newest first, with every field', async () => {
    const res = await events(await adminToken()).expect(200);
    expect(res.body).toMatchObject({ page: 1, pageSize: 20, total: expect.any(Number) });
    expect(res.body.total).toBeGreaterThan(10);
    const items = res.body.items as AuditItem[];
    expect(items).toHaveLength(Math.min(20, res.body.total));
    for (const item of items) {
      expect(item).toMatchObject({
        id: expect.any(String),
        organizationId: org.id,
        occurredAt: expect.any(String),
        actorType: expect.stringMatching(/^(user|api_key|system|anonymous)$/),
        action: expect.any(String),
        entityType: expect.any(String),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        prevHash: expect.any(String),
      });
      for (const key of ['actorId', 'entityId', 'before', 'after', 'ip', 'userAgent', 'requestId']) {
        expect(item).toHaveProperty(key);
      }
    }
    const times = items.map((i) => new Date(i.occurredAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // Events of the same instant keep their order too: the admin's login just now came after the failed one.
    const all = await allAuditEvents(t, await adminToken());
    expect(all.findIndex((e) => e.action === 'auth.login')).toBeLessThan(
      all.findIndex((e) => e.action === 'auth.login_failed' && e.entityId === person.id),
    );
  });

  it('records who did what to which entity, when, from where, with before and after', async () => {
    const all = await allAuditEvents(t, await adminToken());
    const created = all.find((e) => e.action === 'user.created' && e.entityId === person.id);
    expect(created).toMatchObject({
      actorType: 'user',
      actorId: org.admin.id,
      occurredAt: times.created,
      requestId: 'audit-create-1',
      userAgent: USER_AGENT,
      ip: expect.stringMatching(/.+/),
      after: expect.objectContaining({ email: person.email }),
    });
    expect([...((created?.after?.roles as string[]) ?? [])]).toEqual(['legal']);

    const updated = all.find((e) => e.action === 'user.updated' && e.entityId === person.id);
    expect(updated).toMatchObject({
      actorType: 'user',
      actorId: org.admin.id,
      occurredAt: times.updated,
      requestId: 'audit-patch-1',
      userAgent: USER_AGENT,
    });
    expect([...(updated?.before?.roles as string[])].sort()).toEqual(['legal']);
    expect([...(updated?.after?.roles as string[])].sort()).toEqual(['dpo', 'legal']);

    const failed = all.find((e) => e.action === 'auth.login_failed' && e.entityId === person.id);
    expect(failed).toMatchObject({ occurredAt: times.failed, userAgent: USER_AGENT });

    const login = all.find((e) => e.action === 'auth.login' && e.entityId === auditor.id);
    expect(login).toBeDefined();
    expect(all.some((e) => e.action === 'auth.password_changed' && e.entityId === auditor.id)).toBe(true);
    expect(all.some((e) => e.action === 'organization.created' && e.entityId === org.id)).toBe(true);
    expect(all.some((e) => e.action === 'user.created' && e.entityId === org.admin.id)).toBe(true);
  });

  it('filters by entity, action, actor and time, and pages', async () => {
    const token = await adminToken();
    const [created] = (await events(token, { action: 'user.created', entityId: person.id }).expect(200)).body
      .items as AuditItem[];

    const byEntity = (
      await events(token, { entityType: created.entityType, entityId: person.id, pageSize: 100 }).expect(200)
    ).body;
    expect(byEntity.items.length).toBe(byEntity.total);
    expect(new Set(byEntity.items.map((e: AuditItem) => e.entityId))).toEqual(new Set([person.id]));
    expect(byEntity.items.map((e: AuditItem) => e.action)).toEqual(
      expect.arrayContaining(['user.created', 'user.updated', 'auth.login_failed']),
    );

    const byAction = (await events(token, { action: 'user.updated', pageSize: 100 }).expect(200)).body;
    expect(byAction.total).toBeGreaterThanOrEqual(1);
    expect(new Set(byAction.items.map((e: AuditItem) => e.action))).toEqual(new Set(['user.updated']));

    const byActor = (await events(token, { actorId: auditor.id, pageSize: 100 }).expect(200)).body;
    expect(byActor.total).toBeGreaterThanOrEqual(1);
    expect(new Set(byActor.items.map((e: AuditItem) => e.actorId))).toEqual(new Set([auditor.id]));

    const byFamily = (await events(token, { action: 'user.*', pageSize: 100 }).expect(200)).body;
    const families = new Set(byFamily.items.map((e: AuditItem) => e.action.split('.')[0]));
    expect({ families: [...families], has: byFamily.items.map((e: AuditItem) => e.action) }).toEqual({
      families: ['user'],
      has: expect.arrayContaining(['user.created', 'user.updated']),
    });
    expect((await events(token, { action: 'user_*', pageSize: 100 }).expect(200)).body.total).toBe(0);

    const label = byActor.items[0].actorLabel as string;
    const byActorName = (
      await events(token, { actor: label.slice(1, 6).toUpperCase(), pageSize: 100 }).expect(200)
    ).body;
    expect(byActorName.total).toBe(byActor.total);
    expect(new Set(byActorName.items.map((e: AuditItem) => e.actorLabel))).toEqual(new Set([label]));
    expect((await events(token, { actor: '%', pageSize: 100 }).expect(200)).body.total).toBe(0);

    const at = new Date(times.updated).getTime();
    const window = {
      from: new Date(at - 30_000).toISOString(),
      to: new Date(at + 30_000).toISOString(),
      pageSize: 100,
    };
    const byTime = (await events(token, window).expect(200)).body;
    expect(byTime.items.map((e: AuditItem) => [e.action, e.entityId])).toEqual([['user.updated', person.id]]);

    const page1 = (await events(token, { page: 1, pageSize: 2 }).expect(200)).body;
    const page2 = (await events(token, { page: 2, pageSize: 2 }).expect(200)).body;
    expect(page1).toMatchObject({ page: 1, pageSize: 2 });
    expect(page2).toMatchObject({ page: 2, pageSize: 2, total: page1.total });
    expect(page1.items).toHaveLength(2);
    expect(page2.items).toHaveLength(2);
    const ids = [...page1.items, ...page2.items].map((e: AuditItem) => e.id);
    expect(new Set(ids).size).toBe(4);

    const tooBig = await events(token, { pageSize: 1000 });
    expectProblem(tooBig, 400, 'VALIDATION_FAILED');
    expect(tooBig.body.errors.map((e: { field: string }) => e.field)).toContain('pageSize');
  });

  it('is readable by the auditor and the dpo, not by legal or procurement', async () => {
    const total = (await events(await adminToken()).expect(200)).body.total;
    expect((await events(auditor.accessToken).expect(200)).body.total).toBe(total);
    expect((await events(dpo.accessToken).expect(200)).body.total).toBe(total);
    const legal = await createUser(t, await adminToken(), { roles: ['legal'] });
    const procurement = await createUser(t, await adminToken(), { roles: ['procurement'] });
    expectProblem(await events(legal.accessToken), 403, 'FORBIDDEN');
    expectProblem(await events(procurement.accessToken), 403, 'FORBIDDEN');
    expectProblem(await t.as(procurement.accessToken).get('/audit-events/verify'), 403, 'FORBIDDEN');
  });

  it('keeps each organisation to its own trail', async () => {
    await loginReady(t, other.admin);
    const theirs = await allAuditEvents(t, other.admin.accessToken);
    expect(theirs.length).toBeGreaterThan(0);
    expect(new Set(theirs.map((e) => e.organizationId))).toEqual(new Set([other.id]));
    expect(theirs.some((e) => e.action === 'organization.created' && e.entityId === other.id)).toBe(true);
    const ours = await allAuditEvents(t, await adminToken());
    expect(new Set(ours.map((e) => e.organizationId))).toEqual(new Set([org.id]));
    const ourIds = new Set(ours.map((e) => e.id));
    expect(theirs.filter((e) => ourIds.has(e.id))).toEqual([]);

    const peek = await events(other.admin.accessToken, { entityId: person.id }).expect(200);
    expect(peek.body).toMatchObject({ total: 0, items: [] });
  });

  it('chains every event to the one before it', async () => {
    const all = await allAuditEvents(t, await adminToken());
    expect(new Set(all.map((e) => e.hash)).size).toBe(all.length);
    const chain = chainOrder(all);
    expect(chain).toHaveLength(all.length);
    // Chain order is time order.
    const times = chain.map((e) => new Date(e.occurredAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('keeps one unbroken chain when many transactions of one organisation append at once', async () => {
    const audit = t.get(AuditService);
    const ctx = systemContext(org.id, 'concurrency test');
    const before = (await events(await adminToken()).expect(200)).body.total as number;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.dataSource.transaction((manager) =>
          audit.recordMany(manager, ctx, [
            { action: 'test.appended', entityType: 'test', entityId: `a-${i}` },
            { action: 'test.appended', entityType: 'test', entityId: `b-${i}` },
          ]),
        ),
      ),
    );
    const all = await allAuditEvents(t, await adminToken());
    expect(all).toHaveLength(before + 80);
    // Newest first, numbered without a gap or a repeat.
    expect(all.map((e) => (e as AuditItem & { seq: number }).seq)).toEqual(
      [...all.keys()].map((i) => all.length - i),
    );
    expect(chainOrder(all)).toHaveLength(all.length);
    const verified = await t
      .as(await adminToken())
      .get('/audit-events/verify')
      .expect(200);
    expect(verified.body).toEqual({ intact: true, checked: all.length });
  });

  it('reads the chain head by its index, whatever plan the session would otherwise keep', async () => {
    // A session that finds an index scan dear (as a planner does for a table of a few rows) and keeps
    // generic plans: the plan of the function's query is logged to the client by auto_explain.
    const plans = await t.asOwner(async (owner) => {
      const logged: string[] = [];
      owner.on('notice', (n) => logged.push(n.message ?? ''));
      await owner.query(`LOAD 'auto_explain'`);
      await owner.query(`SET auto_explain.log_min_duration = 0`);
      await owner.query(`SET auto_explain.log_nested_statements = on`);
      await owner.query(`SET client_min_messages = log`);
      await owner.query(`SET plan_cache_mode = force_generic_plan`);
      await owner.query(`SET random_page_cost = 100000`);
      const [head] = (
        await owner.query<{ seq: string }>(`SELECT seq FROM audit_chain_head($1, $2)`, [
          `audit:${org.id}`,
          org.id,
        ])
      ).rows;
      expect(Number(head.seq)).toBeGreaterThan(0);
      return logged.filter((m) => m.includes('FROM audit_event e'));
    });
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatch(/Index Scan Backward using audit_event_chain_idx on audit_event/);
    expect(plans[0]).not.toMatch(/Seq Scan|Sort/);
  });

  it('verifies an intact chain, per organisation', async () => {
    const token = await adminToken();
    const total = (await events(token).expect(200)).body.total;
    const res = await t.as(token).get('/audit-events/verify').expect(200);
    expect(res.body).toEqual({ intact: true, checked: total });

    await loginReady(t, other.admin);
    const theirTotal = (await events(other.admin.accessToken).expect(200)).body.total;
    const theirs = await t.as(other.admin.accessToken).get('/audit-events/verify').expect(200);
    expect(theirs.body).toEqual({ intact: true, checked: theirTotal });
  });

  it('lets the runtime role insert and read audit events, never update, delete, truncate or alter them', async () => {
    const token = await adminToken();
    const before = (await events(token).expect(200)).body.total;
    const [{ current_user: runtimeRole }] = await t.dataSource.query(`SELECT current_user`);
    expect(runtimeRole).toBe('custos_app');
    // TypeORM logs every failed query; these failures are the point.
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      for (const table of ['audit_event', 'audit_checkpoint']) {
        await expect(t.dataSource.query(`UPDATE ${table} SET seq = seq + 1`)).rejects.toThrow(
          new RegExp(`permission denied for table ${table}`),
        );
        await expect(t.dataSource.query(`DELETE FROM ${table}`)).rejects.toThrow(
          new RegExp(`permission denied for table ${table}`),
        );
        await expect(t.dataSource.query(`TRUNCATE ${table}`)).rejects.toThrow(
          new RegExp(`permission denied for table ${table}`),
        );
        await expect(t.dataSource.query(`ALTER TABLE ${table} DISABLE TRIGGER ALL`)).rejects.toThrow(
          new RegExp(`must be owner of table ${table}`),
        );
        await expect(t.dataSource.query(`DROP TABLE ${table}`)).rejects.toThrow(
          new RegExp(`must be owner of table ${table}`),
        );
      }
      await expect(
        t.dataSource.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update`),
      ).rejects.toThrow(/must be owner of table audit_event/);
      await expect(t.dataSource.query(`SET session_replication_role = replica`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(t.dataSource.query(`DROP FUNCTION audit_event_append_only() CASCADE`)).rejects.toThrow(
        /must be owner of function/,
      );
      await expect(t.dataSource.query(`DELETE FROM migrations`)).rejects.toThrow(/permission denied/);
      // Even the owner cannot change an event without switching the triggers off first.
      await expect(
        t.ownerQuery(`UPDATE audit_event SET after = '{}' WHERE entity_id = $1`, [person.id]),
      ).rejects.toThrow(/append-only/);
      await expect(t.ownerQuery(`DELETE FROM audit_event WHERE entity_id = $1`, [person.id])).rejects.toThrow(
        /append-only/,
      );
    } finally {
      quiet.mockRestore();
    }

    expect((await events(token).expect(200)).body.total).toBe(before);
    const verify = await t.as(token).get('/audit-events/verify').expect(200);
    expect(verify.body).toEqual({ intact: true, checked: before });
  });

  it('keys the chain: every new event names its key and its hash is an HMAC, not a plain SHA-256', async () => {
    const [latest] = (await events(await adminToken()).expect(200)).body.items as (AuditItem & {
      keyId: string;
    })[];
    expect(latest.keyId).toBe('dev');
    const [row] = await t.ownerQuery<Record<string, unknown>>(`SELECT * FROM audit_event WHERE id = $1`, [
      latest.id,
    ]);
    const fields = auditFields(row);
    expect(eventHash(fields, null)).not.toBe(latest.hash);
    expect(eventHash(fields, 'custos-development-audit-key-not-for-production-use')).toBe(latest.hash);
  });

  it('still verifies events hashed before the chain was keyed, and keyed events after them', async () => {
    // What the migration leaves of events written before it: plain SHA-256 hashes, key id `legacy`.
    const organizationId = randomUUID();
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const event = {
        id: randomUUID(),
        organizationId,
        seq: String(seq),
        occurredAt: new Date(Date.UTC(2026, 0, seq)),
        actorType: 'system',
        actorId: null,
        actorLabel: 'before the keys',
        action: 'test.legacy',
        entityType: 'test',
        entityId: `legacy-${seq}`,
        before: null,
        after: { n: seq },
        ip: null,
        userAgent: null,
        requestId: null,
        prevHash,
        keyId: 'legacy',
      };
      const hash = eventHash(event, null);
      await t.ownerQuery(
        `INSERT INTO audit_event (id, organization_id, seq, occurred_at, actor_type, actor_label, action,
                                  entity_type, entity_id, after, prev_hash, hash, key_id)
         VALUES ($1, $2, $3, $4, 'system', $5, $6, 'test', $7, $8, $9, $10, 'legacy')`,
        [
          event.id,
          organizationId,
          seq,
          event.occurredAt,
          event.actorLabel,
          event.action,
          event.entityId,
          event.after,
          prevHash,
          hash,
        ],
      );
      prevHash = hash;
    }
    const audit = t.get(AuditService);
    await audit.recordMany(t.dataSource.manager, systemContext(organizationId, 'after the keys'), [
      { action: 'test.keyed', entityType: 'test', entityId: 'keyed-1' },
      { action: 'test.keyed', entityType: 'test', entityId: 'keyed-2' },
    ]);
    expect(await audit.verify({ organizationId })).toEqual({ intact: true, checked: 5 });

    // A forger cannot fall back to an unkeyed hash: a keyed event rewritten as `legacy`, its hash
    // recomputed without the key, is reported.
    const [keyed] = await t.ownerQuery<Record<string, unknown>>(
      `SELECT * FROM audit_event WHERE organization_id = $1 AND seq = 5`,
      [organizationId],
    );
    const forged = { ...auditFields(keyed), after: { forged: true }, keyId: 'legacy' };
    await t.asOwner(async (owner) => {
      await owner.query('SET session_replication_role = replica');
      await owner.query(`UPDATE audit_event SET after = $2, key_id = 'legacy', hash = $3 WHERE id = $1`, [
        keyed.id,
        forged.after,
        eventHash(forged, null),
      ]);
    });
    expect(await audit.verify({ organizationId })).toMatchObject({
      intact: false,
      checked: 4,
      firstBrokenId: keyed.id,
    });
  });

  it('rotates keys: new events take the first key, older ones verify with the key they name', async () => {
    const audit = t.get(AuditService);
    const organizationId = randomUUID();
    const ctx = systemContext(organizationId, 'rotation test');
    await audit.recordMany(t.dataSource.manager, ctx, [{ action: 'test.old_key', entityType: 'test' }]);
    const devKey = 'dev:custos-development-audit-key-not-for-production-use';
    const rotated = await startSecondInstance(t, { env: { AUDIT_KEYS: `k2:${'r'.repeat(40)},${devKey}` } });
    const withoutOld = await startSecondInstance(t, { env: { AUDIT_KEYS: `k2:${'r'.repeat(40)}` } });
    try {
      const next = rotated.context.get(AuditService);
      const [event] = await next.recordMany(rotated.dataSource.manager, ctx, [
        { action: 'test.new_key', entityType: 'test' },
      ]);
      expect(event.keyId).toBe('k2');
      expect(await next.verify({ organizationId })).toEqual({ intact: true, checked: 2 });
      // The first instance does not hold k2; an instance without the old key cannot vouch for event 1.
      expect(await audit.verify({ organizationId })).toMatchObject({ intact: false, checked: 1 });
      expect(await withoutOld.context.get(AuditService).verify({ organizationId })).toMatchObject({
        intact: false,
        checked: 0,
        reason: 'Event 1 names an unknown key.',
      });
    } finally {
      await rotated.close();
      await withoutOld.close();
    }
  });

  it("reports the first event removed from another organisation's chain by a superuser", async () => {
    await loginReady(t, other.admin);
    const chain = chainOrder(await allAuditEvents(t, other.admin.accessToken));
    expect(chain.length).toBeGreaterThanOrEqual(3);
    await t.asOwner(async (owner) => {
      await owner.query('SET session_replication_role = replica');
      await owner.query('DELETE FROM audit_event WHERE id = $1', [chain[1].id]);
    });
    const res = await t.as(other.admin.accessToken).get('/audit-events/verify').expect(200);
    expect(res.body).toMatchObject({ intact: false, checked: 1, firstBrokenId: chain[2].id });

    // Our own chain is untouched.
    const ours = await t
      .as(await adminToken())
      .get('/audit-events/verify')
      .expect(200);
    expect(ours.body.intact).toBe(true);
  });

  it('signs checkpoints of the chain head on demand (admin, dpo), e-mails them to the DPOs and lists them', async () => {
    const legal = await createUser(t, await adminToken(), { roles: ['legal'] });
    for (const reader of [legal, auditor]) {
      const refused = await t.as(reader.accessToken).post('/audit-events/checkpoints', {});
      expectProblem(refused, 403, 'FORBIDDEN');
    }
    await loginReady(t, dpo);
    const [head] = (await events(dpo.accessToken).expect(200)).body.items as (AuditItem & { seq: number })[];
    t.smtp.clear();
    const res = await t.as(dpo.accessToken).post('/audit-events/checkpoints', {}).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      seq: head.seq,
      headEventId: head.id,
      headHash: head.hash,
      createdAt: t.clock.now().toISOString(),
      trigger: 'manual',
      createdBy: dpo.id,
      keyId: 'dev',
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const [recorded] = (await events(dpo.accessToken, { action: 'audit.checkpoint_created' }).expect(200))
      .body.items as AuditItem[];
    expect(recorded).toMatchObject({
      actorId: dpo.id,
      entityType: 'audit_checkpoint',
      entityId: res.body.id,
      after: { seq: head.seq, chainHead: head.hash, trigger: 'manual', keyId: 'dev' },
    });

    await t.flushOutbox();
    const [mail] = await t.smtp.waitFor((m) => m.some((x) => x.subject.includes('Audit trail checkpoint')));
    const checkpointMails = t.smtp.messages.filter((m) => m.subject.includes('Audit trail checkpoint'));
    expect(checkpointMails).toHaveLength(1);
    // To the DPOs of the organisation: the dpo user and the person made dpo in the setup.
    expect([...checkpointMails[0].to].sort()).toEqual([dpo.email, person.email].sort());
    expect(checkpointMails[0].subject).toBe(`Audit trail checkpoint of Acme GmbH: event ${head.seq}`);
    for (const part of [res.body.id, head.hash, head.id, res.body.signature, 'Key id:      dev'])
      expect(checkpointMails[0].text).toContain(part);
    expect(checkpointMails[0].text).toContain(
      "no longer matches\nthis checkpoint, and the trail's verification reports it.",
    );
    expect(mailWordsProblems(checkpointMails[0], `${t.config.publicUrl}/audit`)).toEqual([]);
    expect(mail).toBeDefined();

    const other2 = await t.as(other.admin.accessToken).get('/audit-events/checkpoints').expect(200);
    expect(other2.body).toMatchObject({ total: 0, items: [] });
    const listed = await t.as(auditor.accessToken).get('/audit-events/checkpoints').expect(200);
    expect(listed.body).toMatchObject({ total: 1, page: 1, items: [res.body] });

    const verified = await t.as(dpo.accessToken).get('/audit-events/verify').expect(200);
    expect(verified.body).toMatchObject({ intact: true });
  });

  it('checkpoints every organisation whose chain moved, once, from the daily job scheduler', async () => {
    const checkpoints = t.get(AuditCheckpoints);
    const first = await checkpoints.createForAll();
    expect(first.organizations).toBeGreaterThanOrEqual(2);
    expect(first.created).toBeGreaterThanOrEqual(1);
    // Nothing but the checkpoints' own records happened since: nothing new to sign.
    expect(await checkpoints.createForAll()).toEqual({ organizations: first.organizations, created: 0 });
    const schedulers = await t.get(JobQueue).queue('audit').getJobSchedulers();
    expect(schedulers).toEqual([
      expect.objectContaining({ key: 'audit-daily-checkpoints', pattern: '30 0 * * *' }),
    ]);
  });

  it('reports a tail cut back below the latest checkpoint', async () => {
    await loginReady(t, dpo);
    // More events, then a checkpoint of the head, then the owner cuts the tail off below it.
    await t
      .as(await adminToken())
      .patch(`/users/${person.id}`, { name: 'Paula P. Person' })
      .expect(200);
    const checkpoint = (await t.as(dpo.accessToken).post('/audit-events/checkpoints', {}).expect(201)).body;
    const cutFrom = checkpoint.seq - 2;
    await t.asOwner(async (owner) => {
      await owner.query('SET session_replication_role = replica');
      await owner.query('DELETE FROM audit_event WHERE organization_id = $1 AND seq >= $2', [
        org.id,
        cutFrom,
      ]);
    });
    const cut = await t.as(dpo.accessToken).get('/audit-events/verify').expect(200);
    expect(cut.body).toEqual({
      intact: false,
      checked: cutFrom - 1,
      firstBrokenId: checkpoint.headEventId,
      reason: expect.stringMatching(new RegExp(`^Events ${cutFrom} to ${checkpoint.seq} are missing`)),
    });
  });

  it('reports an event the owner changed with its hash recomputed without the key', async () => {
    const other3 = await secondOrganization(t, { organizationName: 'Gamma SE' });
    const chain = chainOrder(await allAuditEvents(t, other3.admin.accessToken));
    const target = chain[1];
    const [row] = await t.ownerQuery<Record<string, unknown>>(`SELECT * FROM audit_event WHERE id = $1`, [
      target.id,
    ]);
    const forged = { ...auditFields(row), after: { roles: ['admin'] } };
    await t.asOwner(async (owner) => {
      await owner.query('SET session_replication_role = replica');
      await owner.query(`UPDATE audit_event SET after = $2, hash = $3 WHERE id = $1`, [
        target.id,
        forged.after,
        eventHash(forged, null),
      ]);
    });
    // The change is really there: the trail now shows the forged state ...
    const shown = await allAuditEvents(t, other3.admin.accessToken);
    expect(shown.find((e) => e.id === target.id)?.after).toEqual({ roles: ['admin'] });
    // ... and verify names it.
    const res = await t.as(other3.admin.accessToken).get('/audit-events/verify').expect(200);
    expect(res.body).toEqual({
      intact: false,
      checked: 1,
      firstBrokenId: target.id,
      reason: `Event ${(target as AuditItem & { seq: number }).seq} was changed.`,
    });
  });
});

/** The hashed fields of an audit_event row as the owner reads it. */
function auditFields(row: Record<string, unknown>): HashedFields {
  return {
    id: row.id as string,
    organizationId: row.organization_id as string | null,
    seq: String(row.seq),
    occurredAt: row.occurred_at as Date,
    actorType: row.actor_type as string,
    actorId: row.actor_id as string | null,
    actorLabel: row.actor_label as string | null,
    action: row.action as string,
    entityType: row.entity_type as string,
    entityId: row.entity_id as string | null,
    before: row.before,
    after: row.after,
    ip: row.ip as string | null,
    userAgent: row.user_agent as string | null,
    requestId: row.request_id as string | null,
    prevHash: row.prev_hash as string,
    keyId: row.key_id as string,
  };
}
