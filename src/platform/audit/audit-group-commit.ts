import { Injectable } from '@nestjs/common';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { AuditContext } from '../context/request-context';
import type { AuditEntry } from './audit.service';
import { AuditService } from './audit.service';

/** A write ready to commit: rows to insert (already built) and the audit entries that record them. */
export interface PreparedWrite {
  context: AuditContext;
  inserts: { target: EntityTarget<ObjectLiteral>; rows: ObjectLiteral[] }[];
  audit: AuditEntry[];
}

interface Waiting {
  write: PreparedWrite;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Rows one group commits at most; more wait for the next group. */
const GROUP_ROWS = 2_000;
const INSERT_CHUNK = 500;

/**
 * Group commit of prepared writes per organisation. Writes that arrive while the organisation's previous
 * group is committing share the next transaction and one extension of the audit chain, so the chain lock
 * is taken once per group, not once per request; an organisation's group is one statement
 * (`AuditService.appendWithChanges`), which holds the lock only while the database inserts.
 * No timer: a lone write commits at once; under load, groups grow by themselves. Each caller's promise
 * settles only when its group committed (or failed): nothing is answered before it is durable.
 */
@Injectable()
export class AuditGroupCommit {
  private readonly lanes = new Map<string, Waiting[]>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  commit(write: PreparedWrite): Promise<void> {
    const lane = write.context.organizationId ?? '';
    return new Promise<void>((resolve, reject) => {
      const waiting = this.lanes.get(lane);
      if (waiting) {
        waiting.push({ write, resolve, reject });
        return;
      }
      const queue: Waiting[] = [{ write, resolve, reject }];
      this.lanes.set(lane, queue);
      void this.drain(lane, queue);
    });
  }

  private async drain(lane: string, queue: Waiting[]): Promise<void> {
    while (queue.length > 0) {
      let rows = 0;
      let take = 0;
      while (take < queue.length && (take === 0 || rows < GROUP_ROWS)) {
        rows += queue[take].write.audit.length;
        take++;
      }
      const group = queue.splice(0, take);
      try {
        await this.commitGroup(lane || null, group);
        for (const w of group) w.resolve();
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
    this.lanes.delete(lane);
  }

  private async commitGroup(organizationId: string | null, group: Waiting[]): Promise<void> {
    const byTarget = new Map<EntityTarget<ObjectLiteral>, ObjectLiteral[]>();
    for (const { write } of group) {
      for (const insert of write.inserts) {
        const rows = byTarget.get(insert.target) ?? [];
        rows.push(...insert.rows);
        byTarget.set(insert.target, rows);
      }
    }
    const items = group.flatMap(({ write }) =>
      write.audit.map((entry) => ({ context: write.context, entry })),
    );
    if (organizationId) {
      // One statement, its own transaction; the chain lock is held only inside the database.
      const inserts = [...byTarget].map(([target, rows]) => ({ target, rows }));
      await this.audit.appendWithChanges(organizationId, inserts, items);
      return;
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
  }
}
