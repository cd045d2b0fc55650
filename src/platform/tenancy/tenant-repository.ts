import { Injectable } from '@nestjs/common';
import {
  DataSource,
  DeepPartial,
  EntityManager,
  EntityTarget,
  FindManyOptions,
  FindOptionsWhere,
  ObjectLiteral,
  Repository,
  SelectQueryBuilder,
} from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import type { RequestContext, TenantScope } from '../context/request-context';
import { NotFound, StaleVersion, ValidationFailed } from '../errors/domain-error';
import { Page } from '../http/pagination';
import { isUuid } from '../http/uuid-param.pipe';
import { HistoryEntity, HistoryOptions, RecordHistory } from '../history/record-history.service';

export interface TenantEntity extends ObjectLiteral {
  id: string;
  organizationId: string;
}

type Where<T> = FindOptionsWhere<T>;

export interface TenantRepositoryOptions<T> {
  /**
   * Fields left out of audit events because they are large and fixed by other recorded fields (an
   * assessment's questions are those of its template version, which never changes once used).
   */
  auditOmit?: readonly (keyof T & string)[];
  /**
   * Keeps every version in the history (record_version): `insert`, `insertMany` and `update` (hence
   * `applyChanges`) close the entity's open version and open the next in the change's transaction.
   */
  history?: T extends HistoryEntity ? HistoryOptions<T> : never;
}

/** What a tenant repository writes the history with. */
export interface HistoryWriter {
  history: RecordHistory;
  clock: Clock;
}

/** A versioned entity: `getForUpdate` compares the caller's version with it. */
export interface VersionedEntity extends TenantEntity {
  version: number;
}

export interface ApplyChangesOptions<T> {
  /** Audit action; `<type>.updated` when absent. */
  action?: string;
  /** Fields that may be changed but never to null: a null among the changes is a 400 naming the field. */
  required?: readonly (keyof T & string)[];
  /** Fields set only when some other field changes (who changed it and when). */
  stamp?: Partial<T>;
}

/** 400 naming every field of `required` that `changes` sets to null; nothing when none does. */
export function refuseNulls<C extends object>(changes: C, required: readonly string[] = []): void {
  const nulls = required.filter(
    (key) => key in changes && (changes as Record<string, unknown>)[key] === null,
  );
  if (nulls.length) {
    throw new ValidationFailed(
      nulls.map((field) => ({ field, message: 'must not be null', rule: 'required' })),
    );
  }
}

/** The changes whose value differs from the entity's (compared as JSON); undefined values are no change. */
export function changedFields<T extends object>(entity: T, changes: Partial<T>): Partial<T> {
  return Object.fromEntries(
    Object.entries(changes).filter(
      ([key, value]) =>
        value !== undefined && JSON.stringify(value) !== JSON.stringify(entity[key as keyof T]),
    ),
  ) as Partial<T>;
}

/**
 * The only way features read and write tenant data. Every method takes the tenant scope first, so a
 * query without an organisation does not compile; writes take the request context and leave an
 * audit event in the same transaction.
 */
export class TenantRepository<T extends TenantEntity> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly target: EntityTarget<T>,
    /** Singular noun for messages, e.g. "Processor". */
    readonly label: string,
    /** Prefix of audit actions and the audit entity type, e.g. "processor". */
    readonly auditType: string,
    private readonly options: TenantRepositoryOptions<T> = {},
    private readonly versions: HistoryWriter,
  ) {}

  /** The entities' new versions, when the repository keeps a history. */
  private async remember(manager: EntityManager, ctx: RequestContext, entities: T[]): Promise<void> {
    const options = this.options.history as HistoryOptions<T & HistoryEntity> | undefined;
    if (!options) return;
    const { history, clock } = this.versions;
    await history.remember(manager, options, entities as (T & HistoryEntity)[], ctx.actor.id, clock.now());
  }

  /** What an audit event keeps of an entity. */
  private audited(entity: T): object {
    const omit = this.options.auditOmit;
    if (!omit?.length) return entity;
    return Object.fromEntries(
      Object.entries(entity).filter(([key]) => !omit.includes(key as keyof T & string)),
    );
  }

  private repository(manager?: EntityManager): Repository<T> {
    return (manager ?? this.dataSource.manager).getRepository(this.target);
  }

  /**
   * A query builder over the organisation's rows only (`alias.organization_id = :organizationId`). Add
   * conditions with `andWhere`: `where` and `orWhere` (and `whereExists`, `whereInIds`…), which would
   * replace or widen the organisation's condition, throw.
   */
  query(scope: TenantScope, alias: string, manager?: EntityManager): SelectQueryBuilder<T> {
    const qb = this.repository(manager)
      .createQueryBuilder(alias)
      .where(`${alias}.organization_id = :organizationId`, { organizationId: scope.organizationId });
    const refuse = (): never => {
      throw new Error(`A ${this.label} query is scoped to the organisation: add conditions with andWhere.`);
    };
    qb.where = refuse;
    qb.orWhere = refuse;
    return qb;
  }

  /** An entity built in memory, never saved (e.g. a past state read from the history). */
  create(values: DeepPartial<T>): T {
    return this.repository().create(values);
  }

  private scoped(scope: TenantScope, where?: Where<T>): Where<T>;
  private scoped(scope: TenantScope, where?: Where<T> | Where<T>[]): Where<T> | Where<T>[];
  /**
   * `where` within the organisation; each alternative of a list (any of them) within it too. An empty
   * list would be no condition at all, every organisation's rows: a mistake, refused.
   */
  private scoped(scope: TenantScope, where: Where<T> | Where<T>[] = {}): Where<T> | Where<T>[] {
    if (Array.isArray(where)) {
      if (where.length === 0)
        throw new Error(`${this.label}: an empty list of alternatives matches every row`);
      return where.map((alternative) => this.scoped(scope, alternative));
    }
    return { ...where, organizationId: scope.organizationId };
  }

  async findById(scope: TenantScope, id: string, manager?: EntityManager): Promise<T | null> {
    if (!isUuid(id)) return null;
    return this.repository(manager).findOne({ where: this.scoped(scope, { id } as Where<T>) });
  }

  /** The entity, or a 404 that cannot tell "another organisation's" from "does not exist". */
  async getById(scope: TenantScope, id: string, manager?: EntityManager, lock = false): Promise<T> {
    if (!isUuid(id)) throw new NotFound(this.label, id);
    const found = await this.repository(manager).findOne({
      where: this.scoped(scope, { id } as Where<T>),
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!found) throw new NotFound(this.label, id);
    return found;
  }

  /**
   * The entity locked for update in the caller's transaction; a 409 STALE_VERSION when the caller read
   * it at another version than it stands at (`expectVersion`, when given).
   */
  async getForUpdate(
    this: TenantRepository<T & VersionedEntity>,
    scope: TenantScope,
    id: string,
    manager: EntityManager,
    options: { expectVersion?: number } = {},
  ): Promise<T & VersionedEntity> {
    const entity = await this.getById(scope, id, manager, true);
    const expected = options.expectVersion;
    if (expected !== undefined && expected !== entity.version) {
      throw new StaleVersion(this.label, expected, entity.version);
    }
    return entity;
  }

  findOne(scope: TenantScope, where: Where<T>, manager?: EntityManager): Promise<T | null> {
    return this.repository(manager).findOne({ where: this.scoped(scope, where) });
  }

  find(
    scope: TenantScope,
    options: Omit<FindManyOptions<T>, 'where'> & { where?: Where<T> } = {},
    manager?: EntityManager,
  ): Promise<T[]> {
    return this.repository(manager).find({ ...options, where: this.scoped(scope, options.where) });
  }

  count(scope: TenantScope, where?: Where<T>, manager?: EntityManager): Promise<number> {
    return this.repository(manager).count({ where: this.scoped(scope, where) });
  }

  /** A page of the organisation's rows matching `where` (or any of a list of alternatives). */
  async page(
    scope: TenantScope,
    query: { page: number; pageSize: number },
    options: Omit<FindManyOptions<T>, 'where' | 'skip' | 'take'> & { where?: Where<T> | Where<T>[] } = {},
    manager?: EntityManager,
  ): Promise<Page<T>> {
    const [items, total] = await this.repository(manager).findAndCount({
      ...options,
      where: this.scoped(scope, options.where),
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** Inserts a row of the caller's organisation and records `<type>.created` (or `action`). */
  async insert(
    manager: EntityManager,
    ctx: RequestContext,
    values: DeepPartial<T>,
    action?: string,
  ): Promise<T> {
    const entity = this.repository(manager).create({
      ...values,
      organizationId: ctx.organizationId,
    } as DeepPartial<T>);
    const saved = await this.repository(manager).save(entity);
    await this.remember(manager, ctx, [saved]);
    await this.audit.record(manager, ctx, {
      action: action ?? `${this.auditType}.created`,
      entityType: this.auditType,
      entityId: saved.id,
      after: this.audited(saved),
    });
    return saved;
  }

  /** Inserts many rows of the caller's organisation in multi-row inserts, with one audit append for all. */
  async insertMany(
    manager: EntityManager,
    ctx: RequestContext,
    values: DeepPartial<T>[],
    action?: string,
  ): Promise<T[]> {
    const repository = this.repository(manager);
    const saved: T[] = [];
    for (let start = 0; start < values.length; start += 200) {
      const chunk = values
        .slice(start, start + 200)
        .map((v) => repository.create({ ...v, organizationId: ctx.organizationId } as DeepPartial<T>));
      saved.push(...(await repository.save(chunk)));
    }
    await this.remember(manager, ctx, saved);
    await this.audit.recordMany(
      manager,
      ctx,
      saved.map((entity) => ({
        action: action ?? `${this.auditType}.created`,
        entityType: this.auditType,
        entityId: entity.id,
        after: this.audited(entity),
      })),
    );
    return saved;
  }

  /**
   * Applies the changes that change something, with `stamp`, saves (the version moves on) and records
   * the changed fields' before and after; does nothing at all when nothing changes. A null for a
   * `required` field is a 400 naming it.
   */
  async applyChanges(
    manager: EntityManager,
    ctx: RequestContext,
    entity: T,
    changes: Partial<T>,
    options: ApplyChangesOptions<T> = {},
  ): Promise<T> {
    refuseNulls(changes, options.required);
    const changed = changedFields(entity, changes);
    if (Object.keys(changed).length === 0) return entity;
    return this.update(manager, ctx, entity, { ...changed, ...options.stamp }, options.action);
  }

  /** Applies changes, saves, and records the changed fields' before and after (`<type>.updated` or `action`). */
  async update(
    manager: EntityManager,
    ctx: RequestContext,
    entity: T,
    changes: Partial<T>,
    action?: string,
  ): Promise<T> {
    if (entity.organizationId !== ctx.organizationId) throw new NotFound(this.label, entity.id);
    const before = { ...entity };
    Object.assign(entity, changes);
    const saved = await this.repository(manager).save(entity);
    // A save that changed no column leaves the version where it was: no new version then.
    if (saved.version !== before.version) await this.remember(manager, ctx, [saved]);
    await this.audit.recordChange(manager, ctx, {
      action: action ?? `${this.auditType}.updated`,
      entityType: this.auditType,
      entityId: entity.id,
      before: this.audited(before),
      after: this.audited(saved),
    });
    return saved;
  }
}

/** Builds tenant repositories: `tenancy.repository(Processor, 'Processor', 'processor')`. */
@Injectable()
export class Tenancy {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly history: RecordHistory,
    private readonly clock: Clock,
  ) {}

  repository<T extends TenantEntity>(
    target: EntityTarget<T>,
    label: string,
    auditType: string,
    options: TenantRepositoryOptions<T> = {},
  ): TenantRepository<T> {
    return new TenantRepository(this.dataSource, this.audit, target, label, auditType, options, {
      history: this.history,
      clock: this.clock,
    });
  }
}
