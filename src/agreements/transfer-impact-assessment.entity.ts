import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';
import { Processor } from '../processors/processor.entity';
import { Agreement, SignedDocument } from './agreement.entity';
import type { TiaOutcome } from './transfer-tools';
import { VersionedRecord } from '../platform/database/versioned-record';

/**
 * A transfer impact assessment (Schrems II, C-311/18; EDPB Recommendations 01/2020): for one agreement
 * and one destination without adequacy, whether its laws and practices let the recorded Art. 46 tool
 * work, with which supplementary measures, and the outcome the gate relies on.
 */
@Entity('transfer_impact_assessment')
@Index('tia_org_agreement_idx', ['organizationId', 'agreementId', 'destination'])
@Index('tia_review_idx', ['reviewOn'])
@Check('tia_outcome_check', `"outcome" IN ('proceed', 'proceed_with_measures', 'do_not_proceed')`)
export class TransferImpactAssessment extends VersionedRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'tia_organization_fk' })
  organizationId: string;

  @Column('uuid')
  @ForeignKey(() => Agreement, { name: 'tia_agreement_fk' })
  agreementId: string;

  @Column('uuid')
  @ForeignKey(() => Processor, { name: 'tia_processor_fk' })
  processorId: string;

  /** ISO 3166-1 alpha-2, or an international organisation's code. */
  @Column('text')
  destination: string;

  @Column('date')
  assessedOn: string;

  /** Who assessed: a person, a firm of counsel. */
  @Column('text')
  assessor: string;

  /** The laws and practices of the destination considered (public authorities' access, redress). */
  @Column('text')
  lawsAndPractices: string;

  /** Supplementary measures (technical, contractual, organisational) the assessment relies on. */
  @Column('text', { nullable: true })
  supplementaryMeasures: string | null;

  /** Whether those measures are in place; an outcome that needs them allows nothing until they are. */
  @Column('boolean', { default: false })
  measuresInPlace: boolean;

  @Column('text')
  outcome: TiaOutcome;

  /** When it must be looked at again (changes of law, of the processor's practice, or periodically). */
  @Column('date', { nullable: true })
  reviewOn: string | null;

  @Column('jsonb', { nullable: true })
  document: SignedDocument | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;
}
