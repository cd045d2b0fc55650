import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';
import type { LegalBasis } from './legal-bases';
import type {
  DataSubjectRight,
  DpiaProgress,
  JointController,
  OtherRecipient,
  RetentionLimit,
} from './record-types';

/**
 * A processing activity of the controller's record (Art. 30(1)). Recipients, transfers and their
 * safeguards are not stored here: they are derived from the linked processors and their agreements.
 */
@Entity('processing_activity')
@Index('processing_activity_org_name_idx', ['organizationId', 'name', 'id'])
export class ProcessingActivity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'processing_activity_organization_fk' })
  organizationId: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  businessFunction: string | null;

  /** Data uses (fideslang keys). */
  @Column('text', { array: true })
  purposes: string[];

  @Column('text', { nullable: true })
  purposeDescription: string | null;

  @Column('text', { array: true })
  legalBases: LegalBasis[];

  @Column('text', { nullable: true })
  legitimateInterestsAssessment: string | null;

  @Column('text', { nullable: true })
  consentRecord: string | null;

  @Column('text', { array: true, default: '{}' })
  rightsAvailable: DataSubjectRight[];

  @Column('text', { nullable: true })
  automatedDecisionMaking: string | null;

  @Column('text', { nullable: true })
  dataLocation: string | null;

  @Column('text', { nullable: true })
  dpiaProgress: DpiaProgress | null;

  @Column('text', { nullable: true })
  breachRecord: string | null;

  @Column('text', { nullable: true })
  legitimateInterest: string | null;

  @Column('text', { array: true })
  dataSubjectCategories: string[];

  @Column('text', { array: true })
  dataCategories: string[];

  /** The general erasure time limit (Art. 30(1)(f)). */
  @Column('text')
  retention: string;

  /** Limits for the categories whose limit differs from the general one. */
  @Column('jsonb', { default: () => `'[]'` })
  retentionByCategory: RetentionLimit[];

  @Column('text')
  securityMeasures: string;

  @Column('boolean', { default: false })
  dpiaRequired: boolean;

  @Column('text', { nullable: true })
  dpiaReference: string | null;

  @Column('jsonb', { default: () => `'[]'` })
  jointControllers: JointController[];

  @Column('text', { nullable: true })
  dataSource: string | null;

  /** Processors (of this organisation) that process the data; their sub-processors follow from them. */
  @Column('uuid', { array: true, default: '{}' })
  processorIds: string[];

  @Column('jsonb', { default: () => `'[]'` })
  otherRecipients: OtherRecipient[];

  @Column('timestamptz', { nullable: true })
  archivedAt: Date | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('uuid', { nullable: true })
  updatedBy: string | null;

  @VersionColumn()
  version: number;

  /** From the injectable clock, like the history, so that "as of" and this agree. */
  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz')
  updatedAt: Date;
}
