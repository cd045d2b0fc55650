import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';
import type { AttachedFile } from '../platform/storage/attached-file';
import { Processor } from '../processors/processor.entity';
import { VersionedRecord } from '../platform/database/versioned-record';

export const CHECK_TYPES = ['periodic_review', 'audit', 'certification_review', 'agreement_review'] as const;
export type CheckType = (typeof CHECK_TYPES)[number];
export const CHECK_STATUSES = ['scheduled', 'due', 'overdue', 'passed', 'failed', 'warning'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];
export const CHECK_RESULTS = ['passed', 'failed', 'warning'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

/** A scheduled or ad-hoc check of an engaged processor; its result is documented (seed 2.3). */
@Entity('monitoring_check')
@Index('monitoring_check_org_processor_idx', ['organizationId', 'processorId'])
@Index('monitoring_check_org_status_due_idx', ['organizationId', 'status', 'dueOn'])
@Check(
  'monitoring_check_type_check',
  `"type" IN ('periodic_review', 'audit', 'certification_review', 'agreement_review')`,
)
@Check(
  'monitoring_check_status_check',
  `"status" IN ('scheduled', 'due', 'overdue', 'passed', 'failed', 'warning')`,
)
export class MonitoringCheck extends VersionedRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'monitoring_check_organization_fk' })
  organizationId: string;

  @Column('uuid')
  @ForeignKey(() => Processor, { name: 'monitoring_check_processor_fk' })
  processorId: string;

  @Column('text')
  type: CheckType;

  @Column('date')
  dueOn: string;

  @Column('text', { default: 'scheduled' })
  status: CheckStatus;

  /** How it was planned: by the cadence after an approval or a result, or added by a person. */
  @Column('text', { default: 'cadence' })
  origin: 'cadence' | 'ad_hoc';

  @Column('text', { nullable: true })
  result: CheckResult | null;

  @Column('text', { nullable: true })
  notes: string | null;

  @Column('timestamptz', { nullable: true })
  performedAt: Date | null;

  @Column('uuid', { nullable: true })
  performedBy: string | null;

  @Column('jsonb', { default: () => `'[]'` })
  evidence: AttachedFile[];
}
