import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';
import { Processor } from '../processors/processor.entity';
import { Agreement } from './agreement.entity';

/**
 * A documented instruction of the controller to the processor (Art. 28(3)(a)): the processor processes
 * personal data only on such instructions, so the log of what was instructed, when and by whom is the
 * controller's evidence. Entries are never changed; a new instruction supersedes an earlier one.
 */
@Entity('agreement_instruction')
@Index('agreement_instruction_org_agreement_idx', ['organizationId', 'agreementId', 'givenOn'])
export class AgreementInstruction {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'agreement_instruction_organization_fk' })
  organizationId: string;

  @Column('uuid')
  @ForeignKey(() => Agreement, { name: 'agreement_instruction_agreement_fk' })
  agreementId: string;

  @Column('uuid')
  @ForeignKey(() => Processor, { name: 'agreement_instruction_processor_fk' })
  processorId: string;

  @Column('date')
  givenOn: string;

  /** Who gave it for the controller. */
  @Column('text')
  givenBy: string;

  @Column('text')
  instruction: string;

  /** How it reached the processor (letter, e-mail, ticket…). */
  @Column('text', { nullable: true })
  channel: string | null;

  /** Where it is documented (annex, letter reference). */
  @Column('text', { nullable: true })
  documentReference: string | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
