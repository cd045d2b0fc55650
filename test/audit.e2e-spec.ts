import {
  allAuditEvents,
  AuditItem,
  bearer,
  createUser,
  loginReady,
  secondOrganization,
  setupOrganization,
  strongPassword,
  TestOrganization,
  TestUser,
  uniqueEmail,
} from './support/factories';
import { AuditService } from '../src/platform/audit/audit.service';
import { systemContext } from '../src/platform/context/request-context';
import { createTestApp, TestApp } from './support/test-app';
import { expectProblem } from './support/problems';

const API = '/api/v1';
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
    t.http
      .get(`${API}/audit-events`)
      .query(query)
      .set(...bearer(token));

  beforeAll(async () => {
    t = await createTestApp();
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    auditor = await createUser(t, org.admin.accessToken, { roles: ['auditor'] });
    dpo = await createUser(t, org.admin.accessToken, { roles: ['dpo'] });

    t.clock.advance(60_000);
    adminTokenAt = -Infinity;
    const token = await adminToken();
    times.created = t.clock.now().toISOString();
    const email = uniqueEmail('paula');
    const created = await t.http
      .post(`${API}/users`)
      .set(...bearer(token))
      .set('X-Request-Id', 'audit-create-1')
      .set('User-Agent', USER_AGENT)
      .send({ email, name: 'Paula Person', roles: ['legal'], password: strongPassword() })
      .expect(201);
    person = { id: created.body.id, email };

    t.clock.advance(60_000);
    times.updated = t.clock.now().toISOString();
    await t.http
      .patch(`${API}/users/${person.id}`)
      .set(...bearer(token))
      .set('X-Request-Id', 'audit-patch-1')
      .set('User-Agent', USER_AGENT)
      .send({ roles: ['legal', 'dpo'] })
      .expect(200);

    t.clock.advance(60_000);
    times.failed = t.clock.now().toISOString();
    await t.http
      .post(`${API}/auth/login`)
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
    expectProblem(
      await t.http.get(`${API}/audit-events/verify`).set(...bearer(procurement.accessToken)),
      403,
      'FORBIDDEN',
    );
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
    const verified = await t.http
      .get(`${API}/audit-events/verify`)
      .set(...bearer(await adminToken()))
      .expect(200);
    expect(verified.body).toEqual({ intact: true, checked: all.length });
  });

  it('verifies an intact chain, per organisation', async () => {
    const token = await adminToken();
    const total = (await events(token).expect(200)).body.total;
    const res = await t.http
      .get(`${API}/audit-events/verify`)
      .set(...bearer(token))
      .expect(200);
    expect(res.body).toEqual({ intact: true, checked: total });

    await loginReady(t, other.admin);
    const theirTotal = (await events(other.admin.accessToken).expect(200)).body.total;
    const theirs = await t.http
      .get(`${API}/audit-events/verify`)
      .set(...bearer(other.admin.accessToken))
      .expect(200);
    expect(theirs.body).toEqual({ intact: true, checked: theirTotal });
  });

  it('refuses UPDATE and DELETE on the audit table in the database', async () => {
    const token = await adminToken();
    const before = (await events(token).expect(200)).body.total;
    // TypeORM logs every failed query; these failures are the point.
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await expect(t.dataSource.query(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(
        t.dataSource.query(`UPDATE audit_event SET after = '{}' WHERE entity_id = $1`, [person.id]),
      ).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
      await expect(
        t.dataSource.query(`DELETE FROM audit_event WHERE entity_id = $1`, [person.id]),
      ).rejects.toThrow(/append-only/);
    } finally {
      quiet.mockRestore();
    }

    expect((await events(token).expect(200)).body.total).toBe(before);
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_event WHERE action = 'x'`,
    );
    expect(count).toBe(0);
    const verify = await t.http
      .get(`${API}/audit-events/verify`)
      .set(...bearer(token))
      .expect(200);
    expect(verify.body).toEqual({ intact: true, checked: before });
  });

  it("reports the first event removed from another organisation's chain by a superuser", async () => {
    await loginReady(t, other.admin);
    const chain = chainOrder(await allAuditEvents(t, other.admin.accessToken));
    expect(chain.length).toBeGreaterThanOrEqual(3);
    const qr = t.dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('SET session_replication_role = replica');
      await qr.query('DELETE FROM audit_event WHERE id = $1', [chain[1].id]);
      await qr.query('SET session_replication_role = DEFAULT');
    } finally {
      await qr.release();
    }
    const res = await t.http
      .get(`${API}/audit-events/verify`)
      .set(...bearer(other.admin.accessToken))
      .expect(200);
    expect(res.body).toEqual({ intact: false, checked: expect.any(Number), firstBrokenId: chain[2].id });

    // Our own chain is untouched.
    const ours = await t.http
      .get(`${API}/audit-events/verify`)
      .set(...bearer(await adminToken()))
      .expect(200);
    expect(ours.body.intact).toBe(true);
  });

  it('reports the event a superuser changed directly in the database', async () => {
    const token = await adminToken();
    const [target] = (await events(token, { action: 'user.updated', entityId: person.id }).expect(200)).body
      .items as AuditItem[];
    const qr = t.dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('SET session_replication_role = replica');
      await qr.query(`UPDATE audit_event SET after = '{"roles":["admin"]}' WHERE id = $1`, [target.id]);
      await qr.query('SET session_replication_role = DEFAULT');
    } finally {
      await qr.release();
    }
    // The change is really there: the trail now shows the forged state ...
    const [forged] = (await events(token, { action: 'user.updated', entityId: person.id }).expect(200)).body
      .items as AuditItem[];
    expect(forged.after).toEqual({ roles: ['admin'] });
    // ... and verify names it.
    const res = await t.http
      .get(`${API}/audit-events/verify`)
      .set(...bearer(token))
      .expect(200);
    expect(res.body).toEqual({ intact: false, checked: expect.any(Number), firstBrokenId: target.id });
  });
});
