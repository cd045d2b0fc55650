import { Injectable } from '@nestjs/common';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { AuditContext } from '../context/request-context';
import type { AuditEntry } from './audit.service';
import { AuditService } from './audit.service';
import { Lanes } from '../batching/lanes';

type Inserts = { target: EntityTarget<ObjectLiteral>; rows: ObjectLiteral[] }[];

/** A write ready to commit: rows to insert (already built) and the audit entries that record them. */
export interface PreparedWrite {
  context: AuditContext;
  inserts: Inserts;
  audit: AuditEntry[];
  /**
   * The version of the organisation's gate facts the rows were decided on: the write commits only if it
   * is still the current one at the commit, and is refused with `StaleFacts` otherwise.
   */
  factsVersion?: string;
}

/** The organisation's gate facts changed after the write was decided on them: nothing of it was written. */
export class StaleFacts extends Error {
  constructor(
    /** The current version (or at least one newer than the write's), to decide again on. */
    readonly factsVersion: string,
  ) {
    super(`The organisation's facts moved on to version ${factsVersion}.`);
  }
}

/** Rows one group commits at most; more wait for the next group. */
const GROUP_ROWS = 2_000;
const INSERT_CHUNK = 500;

/**
 * Group commit of prepared writes per organisation. Writes that arrive while the organisation's previous
 * group is committing share the next transaction and one extension of the audit chain, so the chain lock
 * is taken once per group, not once per request; an organisation's group is one statement
 * (`AuditService.appendWithChanges`), which holds the lock only while the database inserts.
 * No timer: a lone write commits in the turn of the event loop it came in; under load, groups grow by
 * themselves (`Lanes`). Each caller's promise settles only when its group committed (or failed):
 * nothing is answered before it is durable. Writes decided on a version of the gate facts commit only
 * at that version; when it has moved on, they are refused (`StaleFacts`) and the rest of the group commits.
 */
@Injectable()
export class AuditGroupCommit {
  private readonly groups = new Lanes<PreparedWrite, StaleFacts | undefined>(
    (lane, writes) => this.commitGroup(lane || null, writes),
    (write) => write.audit.length,
    GROUP_ROWS,
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async commit(write: PreparedWrite): Promise<void> {
    const stale = await this.groups.submit(write.context.organizationId ?? '', write);
    if (stale) throw stale;
  }

  private async commitGroup(
    organizationId: string | null,
    group: PreparedWrite[],
  ): Promise<(StaleFacts | undefined)[]> {
    const outcomes: (StaleFacts | undefined)[] = group.map(() => undefined);
    if (!organizationId) {
      await this.dataSource.transaction(async (manager) => {
        for (const { target, rows } of insertsOf(group)) {
          for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
            await manager
              .createQueryBuilder()
              .insert()
              .into(target)
              .values(rows.slice(i, i + INSERT_CHUNK))
              .execute();
          }
        }
        await this.audit.append(manager, organizationId, entriesOf(group));
      });
      return outcomes;
    }
    let pending = group.map((write, n) => ({ write, n }));
    while (pending.length > 0) {
      // One version per statement: the newest any write was decided on (a write decided on an older one
      // is stale already).
      const versions = pending.flatMap(({ write }) =>
        write.factsVersion ? [BigInt(write.factsVersion)] : [],
      );
      const required = versions.length ? String(versions.reduce((a, b) => (b > a ? b : a))) : null;
      const current = pending.filter(({ write }) => !write.factsVersion || write.factsVersion === required);
      for (const { write, n } of pending) {
        if (write.factsVersion && write.factsVersion !== required) outcomes[n] = new StaleFacts(required!);
      }
      const writes = current.map(({ write }) => write);
      // One statement, its own transaction; the chain lock is held only inside the database.
      const result = await this.audit.appendWithChanges(
        organizationId,
        insertsOf(writes),
        entriesOf(writes),
        required,
      );
      if (result.written) break;
      for (const { write, n } of current) {
        if (write.factsVersion) outcomes[n] = new StaleFacts(result.factsVersion);
      }
      pending = current.filter(({ write }) => !write.factsVersion);
    }
    return outcomes;
  }
}

/** The rows of `writes`, one insert per table. */
function insertsOf(writes: PreparedWrite[]): Inserts {
  const byTarget = new Map<EntityTarget<ObjectLiteral>, ObjectLiteral[]>();
  for (const write of writes) {
    for (const insert of write.inserts) {
      const rows = byTarget.get(insert.target) ?? [];
      rows.push(...insert.rows);
      byTarget.set(insert.target, rows);
    }
  }
  return [...byTarget].map(([target, rows]) => ({ target, rows }));
}

function entriesOf(writes: PreparedWrite[]): { context: AuditContext; entry: AuditEntry }[] {
  return writes.flatMap((write) => write.audit.map((entry) => ({ context: write.context, entry })));
}
