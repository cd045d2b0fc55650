import { DeepPartial } from 'typeorm';
import { systemContext, TenantScope } from '../src/platform/context/request-context';
import { TenantRepository, Tenancy } from '../src/platform/tenancy/tenant-repository';
import { NotFound } from '../src/platform/errors/domain-error';
import { Processor } from '../src/processors/processor.entity';
import {
  createProcessor,
  createUser,
  secondOrganization,
  setupOrganization,
  TestOrganization,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The tenant repository on its own, against the real database: two organisations with processors of
 * their own, and every method asked about the other organisation's rows.
 */
describe('tenancy: the tenant repository never crosses organisations', () => {
  let t: TestApp;
  let acme: TestOrganization;
  let beta: TestOrganization;
  let processors: TenantRepository<Processor>;
  let inAcme: TenantScope;
  let inBeta: TenantScope;
  const ids: Record<'acme' | 'beta', string[]> = { acme: [], beta: [] };

  /** A copy of a stored processor without its identity, to insert as a new row. */
  const copyOf = (processor: Processor, name: string): DeepPartial<Processor> => {
    const { id: _id, organizationId: _org, version: _v, createdAt: _c, updatedAt: _u, ...rest } = processor;
    return { ...rest, name };
  };
  const ownersOf = async (idList: string[]) =>
    t.ownerQuery<{ id: string; organization_id: string; name: string }>(
      `SELECT id, organization_id, name FROM processor WHERE id = ANY($1::uuid[]) ORDER BY name`,
      [idList],
    );

  beforeAll(async () => {
    t = await createTestApp();
    acme = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    beta = await secondOrganization(t, { organizationName: 'Beta AG' });
    const acmeLegal = await createUser(t, acme.admin.accessToken, { roles: ['legal'] });
    const betaLegal = await createUser(t, beta.admin.accessToken, { roles: ['legal'] });
    for (let i = 0; i < 3; i++) ids.acme.push((await createProcessor(t, acmeLegal.accessToken)).id);
    for (let i = 0; i < 2; i++) ids.beta.push((await createProcessor(t, betaLegal.accessToken)).id);
    inAcme = { organizationId: acme.id };
    inBeta = { organizationId: beta.id };
    processors = t.get(Tenancy).repository(Processor, 'Processor', 'processor');
  });
  afterAll(() => t?.close());

  it('getById finds its own row and answers NotFound for the other organisation’s id, or no id', async () => {
    expect(await processors.getById(inAcme, ids.acme[0])).toMatchObject({
      id: ids.acme[0],
      organizationId: acme.id,
    });
    await expect(processors.getById(inAcme, ids.beta[0])).rejects.toThrow(NotFound);
    await expect(processors.getById(inBeta, ids.acme[0])).rejects.toThrow(NotFound);
    await expect(processors.getById(inAcme, 'not-a-uuid')).rejects.toThrow(NotFound);
    // The same answer, locked or not, inside a transaction.
    await expect(
      t.dataSource.transaction((manager) => processors.getById(inAcme, ids.beta[0], manager, true)),
    ).rejects.toThrow(NotFound);
  });

  it('findById and findOne answer null for the other organisation’s rows', async () => {
    expect((await processors.findById(inBeta, ids.beta[1]))?.id).toBe(ids.beta[1]);
    expect(await processors.findById(inAcme, ids.beta[1])).toBeNull();
    expect(await processors.findById(inAcme, 'not-a-uuid')).toBeNull();
    const betaRow = await processors.getById(inBeta, ids.beta[0]);
    expect(await processors.findOne(inAcme, { name: betaRow.name })).toBeNull();
    expect((await processors.findOne(inBeta, { name: betaRow.name }))?.id).toBe(ids.beta[0]);
    // A condition on the organisation cannot widen the scope: the caller's organisation wins.
    expect(await processors.findOne(inAcme, { id: ids.beta[0], organizationId: beta.id })).toBeNull();
  });

  it('find, count and page return only the caller’s rows, whatever the condition', async () => {
    const acmeRows = await processors.find(inAcme);
    expect(acmeRows.map((p) => p.id).sort()).toEqual([...ids.acme].sort());
    expect(acmeRows.every((p) => p.organizationId === acme.id)).toBe(true);
    expect((await processors.find(inBeta)).map((p) => p.id).sort()).toEqual([...ids.beta].sort());
    const widened = await processors.find(inAcme, { where: { organizationId: beta.id } });
    expect(widened.map((p) => p.id).sort()).toEqual([...ids.acme].sort());

    expect(await processors.count(inAcme)).toBe(3);
    expect(await processors.count(inBeta)).toBe(2);
    expect(await processors.count(inAcme, { id: ids.beta[0] })).toBe(0);

    const first = await processors.page(inAcme, { page: 1, pageSize: 2 }, { order: { name: 'ASC' } });
    const second = await processors.page(inAcme, { page: 2, pageSize: 2 }, { order: { name: 'ASC' } });
    expect({ total: first.total, page: first.page, pageSize: first.pageSize }).toEqual({
      total: 3,
      page: 1,
      pageSize: 2,
    });
    expect([...first.items, ...second.items].map((p) => p.id).sort()).toEqual([...ids.acme].sort());
    expect(second.items).toHaveLength(1);
    const widenedPage = await processors.page(
      inAcme,
      { page: 1, pageSize: 50 },
      { where: { organizationId: beta.id } },
    );
    expect({ total: widenedPage.total, ids: widenedPage.items.map((p) => p.id).sort() }).toEqual({
      total: 3,
      ids: [...ids.acme].sort(),
    });
  });

  it('update refuses another organisation’s entity with NotFound and changes nothing', async () => {
    const betaRow = await processors.getById(inBeta, ids.beta[0]);
    const before = await ownersOf([betaRow.id]);
    await expect(
      t.dataSource.transaction((manager) =>
        processors.update(manager, systemContext(acme.id), betaRow, { name: 'Taken over' }),
      ),
    ).rejects.toThrow(NotFound);
    expect(await ownersOf([betaRow.id])).toEqual(before);
  });

  it('insert and insertMany write the caller’s organisation, whatever the values say, with audit events', async () => {
    const template = await processors.getById(inAcme, ids.acme[0]);
    const ctx = systemContext(acme.id, 'tenancy test');
    const one = await t.dataSource.transaction((manager) =>
      processors.insert(manager, ctx, { ...copyOf(template, 'Inserted one'), organizationId: beta.id }),
    );
    const many = await t.dataSource.transaction((manager) =>
      processors.insertMany(manager, ctx, [
        { ...copyOf(template, 'Inserted two'), organizationId: beta.id },
        { ...copyOf(template, 'Inserted three'), organizationId: beta.id },
      ]),
    );
    const created = [one.id, ...many.map((p) => p.id)];
    expect(await ownersOf(created)).toEqual([
      { id: one.id, organization_id: acme.id, name: 'Inserted one' },
      { id: many[1].id, organization_id: acme.id, name: 'Inserted three' },
      { id: many[0].id, organization_id: acme.id, name: 'Inserted two' },
    ]);
    for (const id of created) await expect(processors.getById(inBeta, id)).rejects.toThrow(NotFound);
    expect(await processors.count(inBeta)).toBe(2);

    const events = await t.ownerQuery<{ entity_id: string; organization_id: string; action: string }>(
      `SELECT entity_id, organization_id, action FROM audit_event WHERE entity_id = ANY($1::text[])`,
      [created],
    );
    expect(events.map((e) => ({ ...e })).sort((a, b) => a.entity_id.localeCompare(b.entity_id))).toEqual(
      created
        .map((id) => ({ entity_id: id, organization_id: acme.id, action: 'processor.created' }))
        .sort((a, b) => a.entity_id.localeCompare(b.entity_id)),
    );
  });
});
