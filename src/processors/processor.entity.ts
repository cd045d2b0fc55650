import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';
import type { AdequacyScopeConfirmation, DpfCertification } from './transfer-facts';
import type { Clauses } from '../clauses/clauses';
import type { ProcessorStatus } from './processor-lifecycle';
import { VersionedRecord } from '../platform/database/versioned-record';

export interface Contact {
  name?: string;
  email?: string;
  phone?: string;
}

export interface Certification {
  type: string;
  reference?: string;
  issuer?: string;
  validFrom?: string;
  validUntil: string;
}

/** The contract between a processor and its sub-processor (Art. 28(4)), with the same clause checklist. */
export interface FlowDownContract {
  signedOn: string;
  /** The document: its title, reference or where it is kept. */
  document: string;
  clauses: Clauses;
  recordedAt: string;
  recordedBy: string | null;
}

export const RISK_RATINGS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskRating = (typeof RISK_RATINGS)[number];

export type SubProcessorAuthorizationStatus = 'pending' | 'objection_window' | 'authorized' | 'objected';

/** A vendor or subcontractor that processes personal data for the organisation (Art. 28). */
@Entity('processor')
@Index('processor_org_status_idx', ['organizationId', 'status'])
@Index('processor_org_parent_idx', ['organizationId', 'parentId'])
@Index('processor_assessment_validity_idx', ['assessmentValidUntil'], {
  where: `approved_assessment_id IS NOT NULL`,
})
@Index('processor_objection_window_idx', ['objectionWindowEndsOn'], {
  where: `authorization_status = 'objection_window'`,
})
@Check(
  'processor_authorization_status_check',
  `"authorization_status" IN ('pending', 'objection_window', 'authorized', 'objected')`,
)
@Check(
  'processor_status_check',
  `"status" IN ('proposed', 'under_assessment', 'approved', 'rejected', 'active', 'offboarding', 'offboarded')`,
)
export class Processor extends VersionedRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'processor_organization_fk' })
  organizationId: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  legalName: string | null;

  @Column('text', { nullable: true })
  registrationNumber: string | null;

  @Column('text', { nullable: true })
  vatId: string | null;

  /** ISO 3166-1 alpha-2 country of establishment. */
  @Column('char', { length: 2 })
  country: string;

  /** Where the processor (itself, not its sub-processors) processes the data. */
  @Column('text', { array: true, default: '{}' })
  processingCountries: string[];

  @Column('text')
  services: string;

  @Column('text', { nullable: true })
  website: string | null;

  @Column('text')
  contactEmail: string;

  // postalAddress, contactPerson, subprocessorNoticeOn and flowDownContract are optional in the type only,
  // so that hand-built Processor fixtures elsewhere stay valid; a loaded row has them (null when empty).

  /** Where letters reach the processor (EDPB Opinion 22/2024); shown as missing until filled. */
  @Column('text', { nullable: true })
  postalAddress?: string | null;

  /** The named person the controller deals with; shown as missing until filled. */
  @Column('jsonb', { nullable: true })
  contactPerson?: Contact | null;

  @Column('jsonb', { nullable: true })
  privacyContact: Contact | null;

  @Column('jsonb', { nullable: true })
  dpoContact: Contact | null;

  @Column('jsonb', { default: () => `'[]'` })
  certifications: Certification[];

  /** Data categories the processor is meant to receive: weighs in its risk rating. */
  @Column('text', { array: true, default: '{}' })
  intendedDataCategories: string[];

  /**
   * Whether a DPF certification is recorded (kept in step with `dpfCertification`); whether it makes a
   * US destination adequate on a day is `transferBasis`'s question (date, yearly re-confirmation, scope).
   */
  @Column('boolean', { default: false })
  dpfCertified: boolean;

  /** The EU-US Data Privacy Framework certification: dated, HR and/or non-HR, re-confirmed yearly. */
  @Column('jsonb', { nullable: true })
  dpfCertification: DpfCertification | null;

  /** Partial adequacy decisions (e.g. JP, KR, CA) whose scope the processor is confirmed to be within. */
  @Column('jsonb', { default: () => `'[]'` })
  adequacyScopeConfirmations: AdequacyScopeConfirmation[];

  /** Set for a sub-processor: the processor that engages it. */
  @Column('uuid', { nullable: true })
  @ForeignKey(() => Processor, { name: 'processor_parent_fk' })
  parentId: string | null;

  @Column('text', { default: 'proposed' })
  status: ProcessorStatus;

  /**
   * For a sub-processor: the controller's authorisation (Art. 28(2)). Specific: it waits for legal's
   * explicit authorisation. General: an objection window opens; when it passes without objection the
   * sub-processor is authorised.
   */
  @Column('text', { nullable: true })
  authorizationStatus: SubProcessorAuthorizationStatus | null;

  @Column('text', { nullable: true })
  authorizationBasis: 'specific' | 'general' | null;

  /** For a sub-processor: the day the processor gave notice of it; the objection window runs from here. */
  @Column('date', { nullable: true })
  subprocessorNoticeOn?: string | null;

  @Column('date', { nullable: true })
  objectionWindowEndsOn: string | null;

  /** For a sub-processor: its contract with the processor that engages it (Art. 28(4)). */
  @Column('jsonb', { nullable: true })
  flowDownContract?: FlowDownContract | null;

  @Column('timestamptz', { nullable: true })
  authorizationDecidedAt: Date | null;

  @Column('uuid', { nullable: true })
  authorizationDecidedBy: string | null;

  @Column('text', { nullable: true })
  authorizationNote: string | null;

  /** From the last approved assessment. */
  @Column('text', { nullable: true })
  riskRating: RiskRating | null;

  @Column('uuid', { nullable: true })
  approvedAssessmentId: string | null;

  @Column('date', { nullable: true })
  assessmentValidUntil: string | null;

  @Column('timestamptz', { nullable: true })
  archivedAt: Date | null;
}
