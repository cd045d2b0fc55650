import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { Clock } from '../clock/clock';
import { type AuditContext, systemContext, type TenantScope } from '../context/request-context';
import { uuid7 } from '../database/uuid7';
import { ColumnArrays } from '../database/column-arrays';
import { JsonRows } from '../database/json-rows';
import { PreparedStatements, statementName } from '../database/prepared-statements';
import { updateReturning } from '../database/update-returning';
import { HistoryEntity, HistoryOptions, RecordHistory } from '../history/record-history.service';
import { Page } from '../http/pagination';
import { LEGACY_AUDIT_KEY_ID } from '../../config/app-config';
import { AuditCheckpoint, checkpointText } from './audit-checkpoint.entity';
import { AuditEvent } from './audit-event.entity';
import { auditState, GENESIS_HASH } from './audit-hash';
import { AuditKeyring } from './audit-keys';
import { likeEscaped } from '../database/like';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: object | null;
  after?: object | null;
}

/** What `updateRows` changes: rows of one table matching a condition, set to values. */
export interface SetBasedUpdate {
  table: string;
  /** Which rows, as SQL over the table's columns (unqualified, or qualified by the table's name). */
  where: string;
  parameters: unknown[];
  /**
   * Column → SQL expression of its new value; `$now` in it stands for the instant of the change, the
   * injected clock's (as `updated_at` gets), never the database's `now()`.
   */
  set: Record<string, string>;
  action: string;
  entityType: string;
  /** Keeps a version of every changed row in the history, as the table's tenant repository does. */
  history?: HistoryOptions<HistoryEntity>;
}

const camelCase = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  /** Part of the actor's name or e-mail, any case. */
  actor?: string;
  /** An action, or a family of them ending in `.*` (`processor.*`). */
  action?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

export interface ChainVerification {
  intact: boolean;
  checked: number;
  /** The first event that was changed or does not follow its predecessor; for a cut tail, the missing head a checkpoint names. */
  firstBrokenId?: string;
  /** What is wrong, in a sentence (absent when intact). */
  reason?: string;
}

const VERIFY_BATCH = 5000;

/**
 * Times `appendWithChanges` hashes again when other writers moved the chain meanwhile; after that it
 * takes the chain lock first (`appendLocked`).
 */
const APPEND_ATTEMPTS = 5;

interface ChainHead {
  seq: bigint;
  hash: string;
}

/**
 * What `appendWithChanges` did: `written` unless the write required a version of the organisation's gate
 * facts (migration GateFactsVersion) that is no longer the current one; `factsVersion` is the current one.
 */
export interface AppendResult {
  written: boolean;
  factsVersion: string;
}

/** Chain lock per organisation (and one for events of no organisation), held to the end of the transaction. */
function chainLockKey(organizationId: string | null): string {
  return `audit:${organizationId ?? 'none'}`;
}

@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly keys: AuditKeyring,
    private readonly history: RecordHistory,
    private readonly prepared: PreparedStatements,
  ) {
    this.rows = new JsonRows(dataSource);
    this.arrays = new ColumnArrays(dataSource);
  }

  private readonly rows: JsonRows;
  private readonly arrays: ColumnArrays;
  /** The head this process last saw of each organisation's chain: a guess that `appendWithChanges` checks. */
  private readonly heads = new Map<string, ChainHead>();

  /**
   * Appends an event in the caller's transaction, so that the change and its trace commit together.
   * Secrets are stripped from before/after. Events of one organisation are serialised by a chain lock.
   */
  async record(manager: EntityManager, context: AuditContext, entry: AuditEntry): Promise<AuditEvent> {
    const [event] = await this.recordMany(manager, context, [entry]);
    return event;
  }

  /**
   * Appends events in the caller's transaction, so that a change and its trace commit together; a batch
   * costs one round trip for the chain lock and the head, and one insert. Secrets are stripped from before/after.
   * The caller's transaction must be READ COMMITTED (the default): the chain's head is read after the
   * lock is taken, and an older snapshot would not see events committed while waiting for it.
   */
  async recordMany(
    manager: EntityManager,
    context: AuditContext,
    entries: AuditEntry[],
  ): Promise<AuditEvent[]> {
    return this.append(
      manager,
      context.organizationId,
      entries.map((entry) => ({ context, entry })),
    );
  }

  /**
   * Appends events of one organisation that may come from different callers (a group commit), in the
   * caller's transaction, with one extension of the chain: one round trip for the chain lock and the head,
   * and one insert per thousand events.
   */
  async append(
    manager: EntityManager,
    organizationId: string | null,
    items: { context: AuditContext; entry: AuditEntry }[],
  ): Promise<AuditEvent[]> {
    if (items.length === 0) return [];
    if (!manager.queryRunner?.isTransactionActive) {
      return this.dataSource.transaction((tx) => this.append(tx, organizationId, items));
    }
    // The lock and the head read after it in one round trip: the lock is held until commit, so every
    // round trip inside it is time other writers of the organisation wait (migration AuditChainHead).
    const [head] = await manager.query<{ seq: string; hash: string }[]>(
      'SELECT seq, hash FROM audit_chain_head($1, $2)',
      [chainLockKey(organizationId), organizationId],
    );
    const events = this.chained(organizationId, items, {
      seq: head ? BigInt(head.seq) : 0n,
      hash: head?.hash ?? GENESIS_HASH,
    });
    await this.insertEvents(manager, events);
    return events;
  }

  private async insertEvents(manager: EntityManager, events: AuditEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += 1000) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(AuditEvent)
        .values(events.slice(i, i + 1000))
        .execute();
    }
  }

  /** Events for `items`, numbered and hashed onto `head` in order. */
  private chained(
    organizationId: string | null,
    items: { context: AuditContext; entry: AuditEntry }[],
    head: ChainHead,
  ): AuditEvent[] {
    let seq = head.seq;
    let prevHash = head.hash;
    const occurredAt = this.clock.now();
    return items.map(({ context, entry }) => {
      seq += 1n;
      // A plain instance (no entity manager's per-property copy): built for every audited change.
      const event = Object.assign(new AuditEvent(), {
        id: uuid7(),
        organizationId,
        seq: String(seq),
        occurredAt,
        actorType: context.actor.type,
        actorId: context.actor.id,
        actorLabel: context.actor.label,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        before: auditState(entry.before),
        after: auditState(entry.after),
        ip: context.ip ?? null,
        userAgent: context.userAgent ?? null,
        requestId: context.requestId ?? null,
        prevHash,
      });
      Object.assign(event, this.keys.hashNew(event));
      prevHash = event.hash;
      return event;
    });
  }

  /**
   * Inserts rows and the audit events that record them, in one statement and one transaction of its own:
   * the events are hashed here onto the head this process last wrote for the organisation, and the
   * statement takes the chain lock (`audit_chain_facts_head`) and inserts rows and events only if that is
   * still the head; otherwise it answers the actual head and the events are hashed again. The lock is
   * never held across a round trip. With `factsVersion`, the rows were decided on that version of the
   * organisation's gate facts: they are written only if it is still the current one, read after the lock
   * (no fact of the organisation can change while the lock is held), and otherwise nothing is written.
   * Rows travel as one array per column (`ColumnArrays`), and the statement is prepared once per
   * connection for each set of columns. For an organisation's events only (the chain of no organisation
   * keeps `append`).
   */
  async appendWithChanges(
    organizationId: string,
    inserts: { target: EntityTarget<ObjectLiteral>; rows: ObjectLiteral[] }[],
    items: { context: AuditContext; entry: AuditEntry }[],
    factsVersion: string | null = null,
  ): Promise<AppendResult> {
    const changes = inserts.filter((i) => i.rows.length);
    let head = this.heads.get(organizationId) ?? (await this.head(organizationId));
    for (let attempt = 1; ; attempt++) {
      const events = this.chained(organizationId, items, head);
      const values: unknown[] = [
        chainLockKey(organizationId),
        organizationId,
        String(head.seq),
        factsVersion,
      ];
      const writes = [...changes, { target: AuditEvent, rows: events }]
        .filter((w) => w.rows.length)
        .map(({ target, rows }, n) => {
          const insert = this.arrays.insert(target, rows, values.length + 1, '(SELECT ok FROM expected)');
          values.push(...insert.values);
          return `w${n} AS (${insert.sql})`;
        });
      // The chain lock, the head and the facts version (audit_chain_facts_head), then the rows and the
      // events only if the head is the one the events were hashed onto and the facts are the version
      // required: one statement, its own transaction, planned once.
      const text = `WITH head AS (SELECT seq, hash, facts_version FROM audit_chain_facts_head($1, $2)),
                        expected AS (SELECT seq = $3::bigint AND ($4::bigint IS NULL OR facts_version = $4::bigint)
                                       AS ok FROM head)${writes.length ? ',' : ''}
                        ${writes.join(',\n')}
                   SELECT seq, hash, facts_version, (SELECT ok FROM expected) AS ok FROM head`;
      const [moved] = await this.prepared.query<{
        seq: string;
        hash: string | null;
        facts_version: string;
        ok: boolean;
      }>(statementName('custos_append', text), text, values);
      if (moved.ok) {
        const last = events.at(-1);
        this.heads.set(organizationId, last ? { seq: BigInt(last.seq), hash: last.hash } : head);
        return { written: true, factsVersion: moved.facts_version };
      }
      head = { seq: BigInt(moved.seq), hash: moved.hash ?? GENESIS_HASH };
      this.heads.set(organizationId, head);
      if (factsVersion !== null && moved.facts_version !== factsVersion) {
        return { written: false, factsVersion: moved.facts_version };
      }
      if (attempt >= APPEND_ATTEMPTS) return this.appendLocked(organizationId, changes, items, factsVersion);
    }
  }

  /**
   * `appendWithChanges` for when other writers keep moving the chain between its attempts (seen under
   * load): the chain lock is taken first and held to the commit, so this attempt cannot miss.
   */
  private async appendLocked(
    organizationId: string,
    changes: { target: EntityTarget<ObjectLiteral>; rows: ObjectLiteral[] }[],
    items: { context: AuditContext; entry: AuditEntry }[],
    factsVersion: string | null,
  ): Promise<AppendResult> {
    return this.dataSource.transaction(async (manager) => {
      const [head] = await manager.query<{ seq: string; hash: string | null; facts_version: string }[]>(
        'SELECT seq, hash, facts_version FROM audit_chain_facts_head($1, $2)',
        [chainLockKey(organizationId), organizationId],
      );
      if (factsVersion !== null && head.facts_version !== factsVersion) {
        return { written: false, factsVersion: head.facts_version };
      }
      const events = this.chained(organizationId, items, {
        seq: BigInt(head.seq),
        hash: head.hash ?? GENESIS_HASH,
      });
      await this.insertEvents(manager, events);
      for (const { target, rows } of changes) {
        const insert = this.arrays.insert(target, rows, 1);
        await manager.query(insert.sql, insert.values);
      }
      const last = events.at(-1);
      if (last) this.heads.set(organizationId, { seq: BigInt(last.seq), hash: last.hash });
      else this.heads.delete(organizationId);
      return { written: true, factsVersion: head.facts_version };
    });
  }

  /** The organisation's chain head as committed now (read without the lock: a guess `appendWithChanges` checks). */
  private async head(organizationId: string): Promise<ChainHead> {
    const [row] = await this.dataSource.query<{ seq: string; hash: string }[]>(
      'SELECT seq, hash FROM audit_event WHERE organization_id = $1 ORDER BY seq DESC LIMIT 1',
      [organizationId],
    );
    return row ? { seq: BigInt(row.seq), hash: row.hash } : { seq: 0n, hash: GENESIS_HASH };
  }

  /**
   * A set-based update (the sweep's), audited like any other change: the rows of `table` matching
   * `where` get the `set` values (and a new version), and each changed row leaves an event with the
   * changed fields before and after, in its organisation's chain, as the system actor `label`, and a
   * version in the history when `history` says what it keeps. Answers how many rows changed. Table,
   * columns and SQL come from code, never from a request.
   */
  async updateRows(manager: EntityManager, label: string, change: SetBasedUpdate): Promise<number> {
    const columns = Object.keys(change.set);
    const at = this.clock.now();
    const now = `$${change.parameters.length + 1}::timestamptz`;
    const value = (column: string) => change.set[column].replaceAll('$now', now);
    const fields = (alias: string) =>
      [...columns, 'version'].map((c) => `'${camelCase(c)}', ${alias}.${c}`).join(', ');
    const rows = await updateReturning<{
      id: string;
      organization_id: string;
      before: object;
      after: object;
      row?: Record<string, unknown>;
    }>(
      manager,
      `WITH old AS (SELECT id, ${columns.join(', ')}, version FROM ${change.table} WHERE ${change.where} FOR UPDATE)
       UPDATE ${change.table} t
          SET ${columns.map((c) => `${c} = ${value(c)}`).join(', ')}, version = t.version + 1, updated_at = ${now}
         FROM old WHERE t.id = old.id
       RETURNING t.id, t.organization_id,
         jsonb_build_object(${fields('old')}) AS before, jsonb_build_object(${fields('t')}) AS after
         ${change.history ? ', to_jsonb(t) AS row' : ''}`,
      [...change.parameters, at],
    );
    if (change.history) {
      const changed = this.rows.entities<HistoryEntity>(
        change.table,
        rows.map((r) => r.row!),
      );
      await this.history.remember(manager, change.history, changed, null, at);
    }
    const byOrg = new Map<string, AuditEntry[]>();
    for (const { row: _row, ...row } of rows) {
      const entries = byOrg.get(row.organization_id) ?? [];
      entries.push({ action: change.action, entityType: change.entityType, entityId: row.id, ...row });
      byOrg.set(row.organization_id, entries);
    }
    for (const [organizationId, entries] of byOrg) {
      await this.recordMany(manager, systemContext(organizationId, label), entries);
    }
    return rows.length;
  }

  /** Records before/after of only the fields that changed; nothing when nothing changed. */
  async recordChange(
    manager: EntityManager,
    context: AuditContext,
    entry: Omit<AuditEntry, 'before' | 'after'> & { before: object; after: object },
  ): Promise<AuditEvent | undefined> {
    const before = auditState(entry.before) ?? {};
    const after = auditState(entry.after) ?? {};
    const changed = Object.keys({ ...before, ...after }).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
    );
    if (changed.length === 0) return undefined;
    const pick = (o: Record<string, unknown>) => Object.fromEntries(changed.map((k) => [k, o[k] ?? null]));
    return this.record(manager, context, { ...entry, before: pick(before), after: pick(after) });
  }

  async list(scope: TenantScope, filter: AuditFilter): Promise<Page<AuditEvent>> {
    const qb = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.organization_id = :org', { org: scope.organizationId });
    if (filter.entityType) qb.andWhere('e.entity_type = :entityType', { entityType: filter.entityType });
    if (filter.entityId) qb.andWhere('e.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.actor) {
      qb.andWhere(`e.actor_label ILIKE :actor`, { actor: `%${likeEscaped(filter.actor)}%` });
    }
    if (filter.action?.endsWith('.*')) {
      qb.andWhere(`e.action LIKE :family`, { family: `${likeEscaped(filter.action.slice(0, -1))}%` });
    } else if (filter.action) {
      qb.andWhere('e.action = :action', { action: filter.action });
    }
    if (filter.from) qb.andWhere('e.occurred_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('e.occurred_at <= :to', { to: filter.to });
    const [items, total] = await qb
      .orderBy('e.seq', 'DESC')
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize)
      .getManyAndCount();
    return { items, total, page: filter.page, pageSize: filter.pageSize };
  }

  /**
   * Recomputes the organisation's chain from the first event with the keys the events name, and holds it
   * against every signed checkpoint: reports the first event that was changed or does not follow its
   * predecessor, a checkpoint whose signature fails, and a tail cut back below (or rewritten up to) a
   * checkpoint. Events hashed before the chain was keyed (`legacy`) are accepted only before the first
   * keyed event, so a forger cannot fall back to an unkeyed hash.
   */
  async verify(scope: TenantScope): Promise<ChainVerification> {
    const checkpoints = await this.dataSource
      .getRepository(AuditCheckpoint)
      .find({ where: { organizationId: scope.organizationId }, order: { seq: 'ASC' } });
    for (const c of checkpoints) {
      if (!this.keys.verify(c.keyId, checkpointText(c), c.signature))
        return {
          intact: false,
          checked: 0,
          firstBrokenId: c.headEventId,
          reason: `The signature of checkpoint ${c.id} does not verify.`,
        };
    }
    const atSeq = new Map(checkpoints.map((c) => [c.seq, c]));
    let checked = 0;
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1n;
    let after = 0n;
    let keyed = false;
    const broken = (event: AuditEvent, reason: string): ChainVerification => ({
      intact: false,
      checked,
      firstBrokenId: event.id,
      reason,
    });
    for (;;) {
      const batch = await this.dataSource
        .getRepository(AuditEvent)
        .createQueryBuilder('e')
        .where('e.organization_id = :org AND e.seq > :after', {
          org: scope.organizationId,
          after: String(after),
        })
        .orderBy('e.seq', 'ASC')
        .take(VERIFY_BATCH)
        .getMany();
      for (const event of batch) {
        const seq = BigInt(event.seq);
        if (seq !== expectedSeq || event.prevHash !== prevHash)
          return broken(event, `Event ${event.seq} does not follow event ${expectedSeq - 1n}.`);
        if (event.keyId === LEGACY_AUDIT_KEY_ID && keyed)
          return broken(event, `Event ${event.seq} claims an unkeyed hash after keyed events.`);
        const expected = this.keys.expectedHash(event);
        if (expected === null) return broken(event, `Event ${event.seq} names an unknown key.`);
        if (expected !== event.hash) return broken(event, `Event ${event.seq} was changed.`);
        const checkpoint = atSeq.get(event.seq);
        if (checkpoint && (checkpoint.headEventId !== event.id || checkpoint.headHash !== event.hash))
          return broken(event, `Event ${event.seq} is not the one checkpoint ${checkpoint.id} signed.`);
        keyed ||= event.keyId !== LEGACY_AUDIT_KEY_ID;
        checked++;
        prevHash = event.hash;
        expectedSeq = seq + 1n;
        after = seq;
      }
      if (batch.length < VERIFY_BATCH) break;
    }
    const latest = checkpoints.at(-1);
    if (latest && BigInt(latest.seq) > after)
      return {
        intact: false,
        checked,
        firstBrokenId: latest.headEventId,
        reason: `Events ${after + 1n} to ${latest.seq} are missing: checkpoint ${latest.id} of ${latest.createdAt.toISOString()} signed a longer chain.`,
      };
    return { intact: true, checked };
  }
}
