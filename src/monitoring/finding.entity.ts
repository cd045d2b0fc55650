import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';
import { Processor } from '../processors/processor.entity';
import { VersionedRecord } from '../platform/database/versioned-record';

export const FINDING_STATUSES = ['open', 'in_progress', 'resolved', 'risk_accepted'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
/** The statuses of a finding still to be remediated: only these can be overdue. */
export const OPEN_FINDING_STATUSES: readonly FindingStatus[] = ['open', 'in_progress'];

/** Past its due date while open (`today` as YYYY-MM-DD). */
export const isOverdue = (f: Pick<Finding, 'status' | 'dueOn'>, today: string): boolean =>
  OPEN_FINDING_STATUSES.includes(f.status) && !!f.dueOn && f.dueOn < today;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A weakness found at a processor (a failed assessment question or a monitoring check) and its remediation. */
@Entity('finding')
@Index('finding_org_processor_status_idx', ['organizationId', 'processorId', 'status'])
@Index('finding_open_due_idx', ['dueOn'], { where: `status IN ('open', 'in_progress')` })
@Check('finding_status_check', `"status" IN ('open', 'in_progress', 'resolved', 'risk_accepted')`)
@Check('finding_severity_check', `"severity" IN ('low', 'medium', 'high', 'critical')`)
export class Finding extends VersionedRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'finding_organization_fk' })
  organizationId: string;

  @Column('uuid')
  @ForeignKey(() => Processor, { name: 'finding_processor_fk' })
  processorId: string;

  @Column('text')
  source: 'assessment' | 'monitoring_check';

  @Column('uuid')
  sourceId: string;

  @Column('text', { nullable: true })
  questionId: string | null;

  @Column('text')
  title: string;

  @Column('text')
  severity: Severity;

  @Column('text', { default: 'open' })
  status: FindingStatus;

  @Column('text', { nullable: true })
  owner: string | null;

  @Column('date', { nullable: true })
  dueOn: string | null;

  @Column('text', { nullable: true })
  resolution: string | null;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @Column('uuid', { nullable: true })
  closedBy: string | null;

  /** Set by the sweep once the finding is past its due date while still open. */
  @Column('timestamptz', { nullable: true })
  overdueSince: Date | null;
}
