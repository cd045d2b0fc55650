import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';

export const EXPORT_FORMATS = ['xlsx', 'csv', 'json', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** An export of the whole record, made by a queued job; the file is kept with its SHA-256. */
@Entity('record_export')
@Index('record_export_org_created_idx', ['organizationId', 'createdAt'])
@Check('record_export_format_check', `"format" IN ('xlsx', 'csv', 'json', 'pdf')`)
@Check('record_export_status_check', `"status" IN ('queued', 'running', 'completed', 'failed')`)
export class RecordExport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'record_export_organization_fk' })
  organizationId: string;

  @Column('text')
  format: ExportFormat;

  /** The day asked for (the state at its end, UTC); null for the state when the export was requested. */
  @Column('date', { nullable: true })
  asOf: string | null;

  /** The instant whose state is exported. */
  @Column('timestamptz')
  snapshotAt: Date;

  @Column('text', { default: 'queued' })
  status: ExportStatus;

  @Column('text', { nullable: true })
  filename: string | null;

  @Column('text', { nullable: true })
  contentType: string | null;

  @Column('text', { nullable: true })
  storageKey: string | null;

  @Column('text', { nullable: true })
  sha256: string | null;

  @Column('bigint', { nullable: true })
  size: string | null;

  /** SHA-256 of the record data (the `record` member of the JSON export of the same snapshot). */
  @Column('text', { nullable: true })
  dataSha256: string | null;

  @Column('int', { nullable: true })
  activityCount: number | null;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('uuid', { nullable: true })
  requestedBy: string | null;

  @Column('text', { nullable: true })
  requestedByLabel: string | null;

  @VersionColumn()
  version: number;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;
}
