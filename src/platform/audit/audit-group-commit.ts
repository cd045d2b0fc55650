import { Injectable } from '@nestjs/common';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { AuditContext } from '../context/request-context';
import type { AuditEntry } from './audit.service';
import { AuditService } from './audit.service';
import { Lanes } from '../batching/lanes';

/** A write ready to commit: rows to insert (already built) and the audit entries that record them. */
export interface PreparedWrite {
  context: AuditContext;
  inserts: { target: EntityTarget<ObjectLiteral>; rows: ObjectLiteral[] }[];
  audit: AuditEntry[];
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
 * nothing is answered before it is durable.
 */
@Injectable()
export class AuditGroupCommit {
  private readonly groups = new Lanes<PreparedWrite, void>(
    (lane, writes) => this.commitGroup(lane || null, writes),
    (write) => write.audit.length,
    GROUP_ROWS,
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  commit(write: PreparedWrite): Promise<void> {
    return this.groups.submit(write.context.organizationId ?? '', write);
  }

  private async commitGroup(organizationId: string | null, group: PreparedWrite[]): Promise<void[]> {
    const byTarget = new Map<EntityTarget<ObjectLiteral>, ObjectLiteral[]>();
    for (const write of group) {
      for (const insert of write.inserts) {
        const rows = byTarget.get(insert.target) ?? [];
        rows.push(...insert.rows);
        byTarget.set(insert.target, rows);
      }
    }
    const items = group.flatMap((write) => write.audit.map((entry) => ({ context: write.context, entry })));
    const done = group.map(() => undefined);
    if (organizationId) {
      // One statement, its own transaction; the chain lock is held only inside the database.
      const inserts = [...byTarget].map(([target, rows]) => ({ target, rows }));
      await this.audit.appendWithChanges(organizationId, inserts, items);
      return done;
    }
    await this.dataSource.transaction(async (manager) => {
      for (const [target, rows] of byTarget) {
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          await manager
            .createQueryBuilder()
            .insert()
            .into(target)
            .values(rows.slice(i, i + INSERT_CHUNK))
            .execute();
        }
      }
      await this.audit.append(manager, organizationId, items);
    });
    return done;
  }
}
