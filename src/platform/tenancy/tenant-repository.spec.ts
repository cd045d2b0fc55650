import type { DataSource, EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../context/request-context';
import { NotFound, StaleVersion, ValidationFailed } from '../errors/domain-error';
import type { HistoryOptions, RecordHistory } from '../history/record-history.service';
import type { Clock } from '../clock/clock';
import { changedFields, refuseNulls, TenantRepository } from './tenant-repository';

interface Thing {
  id: string;
  organizationId: string;
  name: string | null;
  tags: string[];
  note: string | null;
  version: number;
  updatedBy?: string | null;
}

const ORG = '00000000-0000-4000-8000-000000000001';
const ID = '00000000-0000-4000-8000-0000000000aa';
const NOW = new Date('2026-01-15T09:00:00.000Z');
const ctx = { organizationId: ORG, actor: { type: 'user', id: 'u1' } } as unknown as RequestContext;

function thing(overrides: Partial<Thing> = {}): Thing {
  return { id: ID, organizationId: ORG, name: 'A', tags: ['x'], note: null, version: 3, ...overrides };
}

function setup(found: Thing | null = thing(), history?: HistoryOptions<Thing>) {
  const qb = { where: jest.fn(), orWhere: jest.fn(), andWhere: jest.fn() };
  qb.where.mockReturnValue(qb);
  qb.andWhere.mockReturnValue(qb);
  const repository = {
    findOne: jest.fn().mockResolvedValue(found),
    save: jest.fn((entity: Thing) => Promise.resolve({ ...entity, version: entity.version + 1 })),
    createQueryBuilder: jest.fn().mockReturnValue(qb),
    create: jest.fn((values: Partial<Thing>) => ({ ...values })),
  };
  const manager = { getRepository: jest.fn().mockReturnValue(repository) } as unknown as EntityManager;
  const dataSource = { manager } as unknown as DataSource;
  const audit = {
    recordChange: jest.fn().mockResolvedValue(undefined),
    record: jest.fn().mockResolvedValue(undefined),
  };
  const versions = { remember: jest.fn().mockResolvedValue(undefined) };
  const things = new TenantRepository<Thing>(
    dataSource,
    audit as unknown as AuditService,
    class {},
    'Thing',
    'thing',
    history ? { history } : {},
    { history: versions as unknown as RecordHistory, clock: { now: () => NOW } as Clock },
  );
  return { things, repository, manager, audit, qb, versions };
}

describe('refuseNulls', () => {
  it('names every required field set to null, and only those', () => {
    const refused = (() => {
      try {
        refuseNulls({ name: null, note: null, tags: undefined }, ['name', 'tags']);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ValidationFailed);
    expect((refused as ValidationFailed).errors).toEqual([
      { field: 'name', message: 'must not be null', rule: 'required' },
    ]);
  });

  it('passes changes without nulls for required fields', () => {
    expect(() => refuseNulls({ note: null }, ['name'])).not.toThrow();
    expect(() => refuseNulls({ name: null })).not.toThrow();
  });
});

describe('changedFields', () => {
  it('keeps only the values that differ, comparing as JSON', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const entity = { a: 1, b: ['x', 'y'], c: new Date(at), d: null as string | null, e: 'same' };
    expect(changedFields(entity, { a: 1, b: ['x', 'y'], c: new Date(at), d: 'now', e: undefined })).toEqual({
      d: 'now',
    });
    expect(changedFields(entity, { b: ['y', 'x'] })).toEqual({ b: ['y', 'x'] });
  });
});

describe('TenantRepository', () => {
  describe('query', () => {
    it('starts from the organisation and refuses to replace or widen that condition', () => {
      const { things, repository, qb } = setup();
      const where = qb.where;
      const query = things.query({ organizationId: ORG }, 't');
      expect(repository.createQueryBuilder).toHaveBeenCalledWith('t');
      expect(where).toHaveBeenCalledWith('t.organization_id = :organizationId', { organizationId: ORG });
      query.andWhere('t.name = :name', { name: 'A' });
      expect(qb.andWhere).toHaveBeenCalledWith('t.name = :name', { name: 'A' });
      expect(() => query.where('true')).toThrow(/scoped to the organisation/);
      expect(() => query.orWhere('true')).toThrow(/scoped to the organisation/);
    });
  });

  describe('page', () => {
    it('keeps every alternative of a list within the organisation, and refuses an empty list', async () => {
      const { things, repository } = setup();
      const findAndCount = jest.fn().mockResolvedValue([[], 0]);
      Object.assign(repository, { findAndCount });
      await things.page(
        { organizationId: ORG },
        { page: 2, pageSize: 10 },
        {
          where: [{ name: 'A' }, { note: 'n', organizationId: 'another' }],
        },
      );
      expect(findAndCount).toHaveBeenCalledWith({
        where: [
          { name: 'A', organizationId: ORG },
          { note: 'n', organizationId: ORG },
        ],
        skip: 10,
        take: 10,
      });
      await expect(
        things.page({ organizationId: ORG }, { page: 1, pageSize: 10 }, { where: [] }),
      ).rejects.toThrow('an empty list of alternatives matches every row');
      expect(findAndCount).toHaveBeenCalledTimes(1);
    });
  });

  describe('getForUpdate', () => {
    it('loads the entity of the organisation with a write lock', async () => {
      const { things, repository, manager } = setup();
      await expect(things.getForUpdate(ctx, ID, manager)).resolves.toMatchObject({ id: ID });
      expect(repository.findOne).toHaveBeenCalledWith({
        where: { id: ID, organizationId: ORG },
        lock: { mode: 'pessimistic_write' },
      });
    });

    it('accepts the version the entity stands at', async () => {
      const { things, manager } = setup();
      await expect(things.getForUpdate(ctx, ID, manager, { expectVersion: 3 })).resolves.toMatchObject({
        version: 3,
      });
    });

    it('answers 409 STALE_VERSION with the current version when the caller read another', async () => {
      const { things, manager } = setup();
      const error = await things
        .getForUpdate(ctx, ID, manager, { expectVersion: 2 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StaleVersion);
      expect(error).toMatchObject({
        code: 'STALE_VERSION',
        detail: 'Thing is at version 3, the request was made against version 2.',
        extensions: { currentVersion: 3 },
      });
    });

    it('answers 404 for another organisation’s or an unknown id, and for a malformed one', async () => {
      const { things, manager } = setup(null);
      await expect(things.getForUpdate(ctx, ID, manager, { expectVersion: 3 })).rejects.toBeInstanceOf(
        NotFound,
      );
      await expect(things.getForUpdate(ctx, 'nope', manager)).rejects.toBeInstanceOf(NotFound);
    });
  });

  describe('applyChanges', () => {
    it('does nothing at all when nothing changes', async () => {
      const { things, repository, manager, audit } = setup();
      const entity = thing();
      const result = await things.applyChanges(
        manager,
        ctx,
        entity,
        { name: 'A', tags: ['x'], note: undefined },
        { stamp: { updatedBy: 'u1' } },
      );
      expect(result).toBe(entity);
      expect(repository.save).not.toHaveBeenCalled();
      expect(audit.recordChange).not.toHaveBeenCalled();
      expect(entity.updatedBy).toBeUndefined();
    });

    it('saves the changed fields with the stamp and audits them', async () => {
      const { things, repository, manager, audit } = setup();
      const saved = await things.applyChanges(
        manager,
        ctx,
        thing(),
        { name: 'B', tags: ['x'] },
        { action: 'thing.renamed', stamp: { updatedBy: 'u1' } },
      );
      expect(saved).toMatchObject({ name: 'B', updatedBy: 'u1', version: 4 });
      expect(repository.save).toHaveBeenCalledTimes(1);
      expect(audit.recordChange).toHaveBeenCalledWith(
        manager,
        ctx,
        expect.objectContaining({
          action: 'thing.renamed',
          entityType: 'thing',
          entityId: ID,
          before: expect.objectContaining({ name: 'A' }) as unknown,
          after: expect.objectContaining({ name: 'B' }) as unknown,
        }),
      );
    });

    it('audits as <type>.updated when no action is given', async () => {
      const { things, manager, audit } = setup();
      await things.applyChanges(manager, ctx, thing(), { note: 'n' });
      expect(audit.recordChange).toHaveBeenCalledWith(
        manager,
        ctx,
        expect.objectContaining({ action: 'thing.updated' }),
      );
    });

    it('refuses null for a required field before saving anything', async () => {
      const { things, repository, manager } = setup();
      await expect(
        things.applyChanges(manager, ctx, thing(), { name: null, note: null }, { required: ['name'] }),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'name', message: 'must not be null', rule: 'required' }],
      });
      expect(repository.save).not.toHaveBeenCalled();
    });

    it('refuses an entity of another organisation', async () => {
      const { things, repository, manager } = setup();
      const foreign = thing({ organizationId: '00000000-0000-4000-8000-000000000002' });
      await expect(things.applyChanges(manager, ctx, foreign, { name: 'B' })).rejects.toBeInstanceOf(
        NotFound,
      );
      expect(repository.save).not.toHaveBeenCalled();
    });
  });

  describe('with a history', () => {
    const history: HistoryOptions<Thing> = {
      entityType: 'processor',
      label: (t) => t.name ?? '',
      data: (t) => ({ name: t.name }),
      archived: () => false,
    };

    it('writes a version of what it inserts and of each change, in the same transaction, at the clock’s now', async () => {
      const { things, repository, manager, versions } = setup(thing(), history);
      repository.save.mockImplementationOnce((entity: Thing) =>
        Promise.resolve({ ...entity, id: ID, version: 1 }),
      );
      const inserted = await things.insert(manager, ctx, { name: 'A', tags: [], note: null });
      const changed = await things.applyChanges(manager, ctx, thing(), { name: 'B' });
      expect(versions.remember.mock.calls).toEqual([
        [manager, history, [inserted], 'u1', NOW],
        [manager, history, [changed], 'u1', NOW],
      ]);
    });

    it('writes none for a save that left the version where it was, and none without the option', async () => {
      const { things, repository, manager, versions } = setup(thing(), history);
      repository.save.mockImplementationOnce((entity: Thing) => Promise.resolve(entity));
      await things.update(manager, ctx, thing(), { name: 'A' });
      const plain = setup();
      await plain.things.applyChanges(plain.manager, ctx, thing(), { name: 'B' });
      expect([versions.remember, plain.versions.remember].map((m) => m.mock.calls.length)).toEqual([0, 0]);
    });
  });
});
