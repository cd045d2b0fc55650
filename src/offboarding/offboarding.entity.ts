import type { AttachedFile } from '../platform/storage/attached-file';
import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Agreement } from '../agreements/agreement.entity';
import { Organization } from '../identity/organization.entity';
import { Processor } from '../processors/processor.entity';
import { VersionedRecord } from '../platform/database/versioned-record';

export const DATA_HANDLING = ['return', 'delete', 'return_then_delete'] as const;
export type DataHandling = (typeof DATA_HANDLING)[number];
export type StoredOffboardingStatus = 'requested' | 'overdue' | 'confirmed';

/** The medium sanitised, as NIST SP 800-88 Rev. 2's sample certificate records it. */
export interface SanitizedMedia {
  make: string;
  model: string;
  /** Serial or property number. */
  serialNumber: string;
  /** e.g. magnetic, flash, hybrid, paper, cloud volume. */
  mediaType: string;
  /** Where the medium came from (user, system, data centre). */
  source: string;
  /** The classification of the data left on the medium after sanitisation. */
  postSanitizationClassification: string;
  /** What happened to the medium afterwards: reused, returned, recycled, destroyed… */
  destination: string;
}

/** One sign-off step (verification, then validation), each with its organisation, signatory and date. */
export interface SignOffStep {
  organisation: string;
  name: string;
  signedOn: string;
}

export interface LegallyRetained {
  description: string;
  legalBasis: string;
  retainUntil: string;
  dataCategories: string[];
}

/** A sub-processor's own confirmation that it returned or destroyed the data too. */
export interface SubProcessorConfirmation {
  name: string;
  processorId: string | null;
  confirmedOn: string;
  confirmedBy: string;
  statement: string;
}

/** The return leg: when the data came back, in what format, by which channel, who received it. */
export interface ReturnLeg {
  returnedOn: string;
  format: string;
  channel: string;
  receivedBy: string;
}

export interface ConfirmationItem {
  dataCategories: string[];
  medium: string;
  action: 'returned' | 'deleted' | 'destroyed' | 'returned_then_deleted';
  /** NIST SP 800-88 sanitisation category. */
  sanitization: 'clear' | 'purge' | 'destroy';
  technique: string;
  tool: string | null;
  verification: 'full' | 'sampling';
  media?: SanitizedMedia | null;
}

export interface Confirmation {
  completedOn: string;
  performedBy: { name: string; title: string; organisation: string; location?: string; phone?: string };
  verifiedBy: { name: string; title: string };
  items: ConfirmationItem[];
  subProcessorsCovered: boolean;
  legallyRetained: LegallyRetained | null;
  /** Every legally retained data set (the first is `legallyRetained`, kept for older readers). */
  legallyRetainedSets?: LegallyRetained[];
  subProcessors?: SubProcessorConfirmation[];
  returnLeg?: ReturnLeg | null;
  /** NIST SP 800-88 Rev. 2: verification and validation are two steps, each signed. */
  verificationStep?: SignOffStep | null;
  validationStep?: SignOffStep | null;
  recordedBy: string | null;
  recordedAt: string;
}

/** The end of a processor's contract: what must come back or be destroyed, by when, and the proof. */
@Entity('offboarding')
@Index('offboarding_org_processor_idx', ['organizationId', 'processorId'])
@Index('offboarding_due_idx', ['dueOn'], { where: `status <> 'confirmed'` })
@Index('offboarding_certificate_key', ['organizationId', 'certificateNumber'], { unique: true })
@Check('offboarding_status_check', `"status" IN ('requested', 'overdue', 'confirmed')`)
@Check('offboarding_data_handling_check', `"data_handling" IN ('return', 'delete', 'return_then_delete')`)
export class Offboarding extends VersionedRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'offboarding_organization_fk' })
  organizationId: string;

  @Column('uuid')
  @ForeignKey(() => Processor, { name: 'offboarding_processor_fk' })
  processorId: string;

  @Column('uuid')
  @ForeignKey(() => Agreement, { name: 'offboarding_agreement_fk' })
  agreementId: string;

  @Column('text', { default: 'requested' })
  status: StoredOffboardingStatus;

  @Column('text')
  dataHandling: DataHandling;

  @Column('date')
  dueOn: string;

  /** Data categories and subjects to return or destroy: the agreement's scope at termination. */
  @Column('text', { array: true })
  dataCategories: string[];

  @Column('text', { array: true })
  dataSubjectCategories: string[];

  @Column('text')
  reason: string;

  @Column('date')
  effectiveOn: string;

  @Column('uuid', { nullable: true })
  requestedBy: string | null;

  @Column('jsonb', { nullable: true })
  confirmation: Confirmation | null;

  /** The processor's signed attestations, listed with their SHA-256 on the certificate. */
  @Column('jsonb', { default: [] })
  attestations: AttachedFile[];

  @Column('text', { nullable: true })
  certificateNumber: string | null;

  @Column('char', { length: 64, nullable: true })
  certificateSha256: string | null;

  @Column('text', { nullable: true })
  certificateStorageKey: string | null;

  @Column('date', { nullable: true })
  certificateIssuedOn: string | null;
}
