import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';
import { Processor } from '../processors/processor.entity';
import type { StoredAgreementStatus } from './agreement-status';
import type { Clauses } from '../clauses/clauses';
import type { MechanismRecord } from './transfer-tools';
import { VersionedRecord } from '../platform/database/versioned-record';

export interface AgreementScope {
  subjectMatter: string;
  nature: string;
  /** Required for new agreements; older rows may lack it. */
  duration?: string;
  /** The controller's obligations and rights (Art. 28(3), first sentence), as the document sets them out. */
  controllerObligations?: string;
  purposes: string[];
  dataCategories: string[];
  dataSubjectCategories: string[];
  processingCountries: string[];
}

export interface SubProcessorAuthorization {
  type: 'specific' | 'general';
  /** Days the controller has to object to a new sub-processor under a general authorisation. */
  objectionPeriodDays: number | null;
}

/** A transfer tool recorded for one destination outside the EEA (see transfer-tools.ts). */
export type TransferMechanism = MechanismRecord;

export interface Signature {
  party: 'controller' | 'processor';
  signerName: string;
  signerTitle: string;
  signedAt: string;
  documentSha256: string | null;
  recordedBy: string | null;
}

export interface SignedDocument {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  storageKey: string;
  uploadedAt: string;
}

/** A data processing agreement (Art. 28(3)) between the organisation and a processor. */
@Entity('agreement')
@Index('agreement_org_processor_idx', ['organizationId', 'processorId'])
@Index('agreement_expiry_idx', ['expiresOn'], { where: `status = 'signed'` })
@Check('agreement_status_check', `"status" IN ('draft', 'sent', 'signed', 'terminated', 'superseded')`)
export class Agreement extends VersionedRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'agreement_organization_fk' })
  organizationId: string;

  @Column('uuid')
  @ForeignKey(() => Processor, { name: 'agreement_processor_fk' })
  processorId: string;

  @Column('text')
  title: string;

  @Column('text', { nullable: true })
  reference: string | null;

  @Column('text', { default: 'draft' })
  status: StoredAgreementStatus;

  @Column('date')
  effectiveFrom: string;

  @Column('date', { nullable: true })
  expiresOn: string | null;

  @Column('jsonb')
  scope: AgreementScope;

  @Column('jsonb')
  clauses: Clauses;

  @Column('jsonb')
  subProcessorAuthorization: SubProcessorAuthorization;

  @Column('jsonb', { default: () => `'[]'` })
  transferMechanisms: TransferMechanism[];

  @Column('jsonb', { default: () => `'[]'` })
  signatures: Signature[];

  @Column('jsonb', { nullable: true })
  signedDocument: SignedDocument | null;

  @Column('uuid', { nullable: true })
  supersedesId: string | null;

  @Column('uuid', { nullable: true })
  supersededById: string | null;

  /** Effective date of the successor, from which this agreement counts as superseded. */
  @Column('date', { nullable: true })
  supersededFrom: string | null;

  @Column('date', { nullable: true })
  terminatedOn: string | null;

  @Column('text', { nullable: true })
  terminationReason: string | null;

  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;
}
