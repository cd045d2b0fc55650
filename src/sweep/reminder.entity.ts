import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';

/**
 * A reminder or escalation the sweep sent: one row per subject, kind and threshold, so that a sweep
 * run any number of times on a day sends each exactly once.
 */
@Entity('reminder')
@Index('reminder_once_key', ['organizationId', 'kind', 'subjectKey', 'threshold'], { unique: true })
export class Reminder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'reminder_organization_fk' })
  organizationId: string;

  /** e.g. agreement_expiry, assessment_validity, certification_expiry, objection_window, check_overdue. */
  @Column('text')
  kind: string;

  /** What it is about, e.g. the agreement id, or processor id / certification / expiry date. */
  @Column('text')
  subjectKey: string;

  /** Days before the date it reminds of (0 for an escalation of something already overdue). */
  @Column('int')
  threshold: number;

  @Column('date')
  dueOn: string;

  @Column('text')
  audience: 'legal' | 'dpo' | 'processor';

  @Column('text', { array: true, default: '{}' })
  recipients: string[];

  @Column('date')
  sentOn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
