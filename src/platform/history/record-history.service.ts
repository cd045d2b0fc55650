import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { TenantScope } from '../context/request-context';
import { RecordVersion, type RecordEntityType } from './record-version.entity';
import { ColumnArrays } from '../database/column-arrays';
import { likeEscaped } from '../database/like';

interface VersionInput {
  organizationId: string;
  entityType: RecordEntityType;
  entityId: string;
  version: number;
  label: string;
  data: object;
  archived: boolean;
  at: Date;
  changedBy: string | null;
}

/**
 * What the history keeps of each version of an entity (a tenant repository's `history` option, or a
 * set-based update's): its type, what it is sorted by, its snapshot, whether it is archived, and when the
 * version begins (the instant of the change when absent).
 */
export interface HistoryOptions<T> {
  entityType: RecordEntityType;
  label(entity: T): string;
  data(entity: T): object;
  archived(entity: T): boolean;
  at?(entity: T): Date;
}

/** An entity the history keeps: one organisation's, with a version that moves on with each change. */
export interface HistoryEntity {
  id: string;
  organizationId: string;
  version: number;
}

export interface VersionRow {
  entityId: string;
  version: number;
  label: string;
  data: Record<string, unknown>;
  validFrom: Date;
  validTo: Date | null;
  changedBy: string | null;
}

interface RawVersion {
  entity_id: string;
  version: number;
  label: string;
  data: Record<string, unknown>;
  valid_from: Date;
  valid_to: Date | null;
  changed_by: string | null;
}

const toRow = (r: RawVersion): VersionRow => ({
  entityId: r.entity_id,
  version: r.version,
  label: r.label,
  data: r.data,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  changedBy: r.changed_by,
});

/** The columns of a version as `RawVersion` reads them. */
const VERSION_COLUMNS = 'entity_id, version, label, data, valid_from, valid_to, changed_by';

/** The version valid at `$at`: begun at or before it and not yet replaced then. */
const VALID_AT = `valid_from <= $3 AND (valid_to IS NULL OR valid_to > $3)`;

/** The instant whose state is "as of" a day: its last millisecond, UTC. */
export function endOfDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000 - 1);
}

/**
 * The history of the record. A change closes the open version and opens the next in the change's own
 * transaction; reading "as of" an instant picks, per entity, the one version valid then.
 */
@Injectable()
export class RecordHistory {
  private readonly arrays: ColumnArrays;

  constructor(private readonly dataSource: DataSource) {
    this.arrays = new ColumnArrays(dataSource);
  }

  /**
   * The entities' new versions, in the caller's transaction: each closes its entity's open version and
   * opens the next at `options.at` (or `now`, the instant of the change).
   */
  async remember<T extends HistoryEntity>(
    manager: EntityManager,
    options: HistoryOptions<T>,
    entities: readonly T[],
    changedBy: string | null,
    now: Date,
  ): Promise<void> {
    await this.write(
      manager,
      entities.map((entity) => ({
        organizationId: entity.organizationId,
        entityType: options.entityType,
        entityId: entity.id,
        version: entity.version,
        label: options.label(entity),
        data: options.data(entity),
        archived: options.archived(entity),
        at: options.at?.(entity) ?? now,
        changedBy,
      })),
    );
  }

  /** Closes each entity's open version and inserts the next, in two statements for all of them. */
  private async write(manager: EntityManager, inputs: readonly VersionInput[]): Promise<void> {
    if (inputs.length === 0) return;
    await manager.query(
      `UPDATE record_version v SET valid_to = x.valid_from
         FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS x(organization_id, entity_id, valid_from)
        WHERE v.organization_id = x.organization_id AND v.entity_id = x.entity_id AND v.valid_to IS NULL`,
      [
        inputs.map((i) => i.organizationId),
        inputs.map((i) => i.entityId),
        inputs.map((i) => i.at.toISOString()),
      ],
    );
    const insert = this.arrays.insert(
      RecordVersion,
      inputs.map(({ at, ...input }) => ({ ...input, validFrom: at })),
      1,
    );
    await manager.query(insert.sql, insert.values);
  }

  /** One entity as it was at `at` (archived or not), or undefined when it did not exist then. */
  async at(
    scope: TenantScope,
    type: RecordEntityType,
    entityId: string,
    at: Date,
  ): Promise<VersionRow | undefined> {
    const rows = await this.dataSource.query<RawVersion[]>(
      `SELECT ${VERSION_COLUMNS} FROM record_version
        WHERE organization_id = $1 AND entity_type = $2 AND ${VALID_AT} AND entity_id = $4`,
      [scope.organizationId, type, at, entityId],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /** Every entity as it was at `at`, archived or not, by label then id. */
  async allAt(scope: TenantScope, type: RecordEntityType, at: Date): Promise<VersionRow[]> {
    const rows = await this.dataSource.query<RawVersion[]>(
      `SELECT ${VERSION_COLUMNS} FROM record_version
        WHERE organization_id = $1 AND entity_type = $2 AND ${VALID_AT} ORDER BY label, entity_id`,
      [scope.organizationId, type, at],
    );
    return rows.map(toRow);
  }

  /** Every version of one entity, oldest first. */
  async versions(scope: TenantScope, type: RecordEntityType, entityId: string): Promise<VersionRow[]> {
    const rows = await this.dataSource.query<RawVersion[]>(
      `SELECT ${VERSION_COLUMNS} FROM record_version
        WHERE organization_id = $1 AND entity_type = $2 AND entity_id = $3 ORDER BY version`,
      [scope.organizationId, type, entityId],
    );
    return rows.map(toRow);
  }

  /** A page of the entities (not archived) as they were at `at`, by label. */
  async page(
    scope: TenantScope,
    type: RecordEntityType,
    at: Date,
    page: { page: number; pageSize: number; q?: string },
  ): Promise<{ items: VersionRow[]; total: number }> {
    const params: unknown[] = [scope.organizationId, type, at];
    let where = `organization_id = $1 AND entity_type = $2 AND ${VALID_AT} AND NOT archived`;
    if (page.q) {
      params.push(`%${likeEscaped(page.q)}%`);
      where += ` AND (label ILIKE $4 OR data->>'businessFunction' ILIKE $4)`;
    }
    const [{ count }] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM record_version WHERE ${where}`,
      params,
    );
    const rows = await this.dataSource.query<RawVersion[]>(
      `SELECT ${VERSION_COLUMNS} FROM record_version
        WHERE ${where} ORDER BY label, entity_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.pageSize, (page.page - 1) * page.pageSize],
    );
    return { items: rows.map(toRow), total: Number(count) };
  }

  /**
   * The entities (not archived) as they were at `at`, by label, in batches read by keyset pagination:
   * memory holds one batch, however large the record.
   */
  async *batches(
    scope: TenantScope,
    type: RecordEntityType,
    at: Date,
    batchSize = 500,
  ): AsyncGenerator<VersionRow[]> {
    let after: { label: string; entityId: string } | undefined;
    for (;;) {
      const params: unknown[] = [scope.organizationId, type, at, batchSize];
      let keyset = '';
      if (after) {
        params.push(after.label, after.entityId);
        keyset = 'AND (label, entity_id) > ($5, $6::uuid)';
      }
      const rows = await this.dataSource.query<RawVersion[]>(
        `SELECT ${VERSION_COLUMNS} FROM record_version
          WHERE organization_id = $1 AND entity_type = $2 AND ${VALID_AT} AND NOT archived ${keyset}
          ORDER BY label, entity_id LIMIT $4`,
        params,
      );
      if (rows.length === 0) return;
      yield rows.map(toRow);
      if (rows.length < batchSize) return;
      const last = rows[rows.length - 1];
      after = { label: last.label, entityId: last.entity_id };
    }
  }

  async count(scope: TenantScope, type: RecordEntityType, at: Date): Promise<number> {
    const [{ count }] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM record_version
        WHERE organization_id = $1 AND entity_type = $2 AND ${VALID_AT} AND NOT archived`,
      [scope.organizationId, type, at],
    );
    return Number(count);
  }
}
