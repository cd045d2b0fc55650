import type { DestinationBasis } from '../agreements/transfer-tools';
import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';
import type { ActorType } from '../platform/context/request-context';
import { Processor } from '../processors/processor.entity';
import type { Reason, ReasonCode } from './transfer-rules';

/** One answer of the transfer gate, with its inputs, the facts it weighed and the rule-set version. */
@Entity('transfer_decision')
@Index('transfer_decision_org_processor_idx', ['organizationId', 'processorId', 'checkedAt'])
@Index('transfer_decision_org_checked_idx', ['organizationId', 'checkedAt'])
export class TransferDecision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'transfer_decision_organization_fk' })
  organizationId: string;

  @Column('uuid')
  @ForeignKey(() => Processor, { name: 'transfer_decision_processor_fk' })
  processorId: string;

  @Column('text', { array: true })
  dataCategories: string[];

  @Column('text')
  purpose: string;

  /** ISO 3166-1 alpha-2, or an international organisation's code. */
  @Column('text', { nullable: true })
  destinationCountry: string | null;

  @Column('boolean')
  eligible: boolean;

  @Column('jsonb')
  reasons: Reason[];

  /** The reasons' codes alone, kept by PostgreSQL for counting (the dashboard); never written by Custos. */
  @Column({
    type: 'jsonb',
    nullable: true,
    generatedType: 'STORED',
    asExpression: `jsonb_path_query_array(reasons, '$[*].code')`,
    insert: false,
    update: false,
    select: false,
  })
  reasonCodes?: ReasonCode[];

  @Column('jsonb')
  facts: object;

  /** Per destination: EEA, adequate (which decision) or third country, and the tool and TIA relied on. */
  @Column('jsonb', { default: () => `'[]'` })
  destinations: DestinationBasis[];

  @Column('text')
  ruleSetVersion: string;

  @Column('timestamptz')
  checkedAt: Date;

  @Column('text')
  actorType: ActorType;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text', { nullable: true })
  actorLabel: string | null;

  @Column('text', { nullable: true })
  requestId: string | null;

  /** Set when the decision was one of a batch. */
  @Column('uuid', { nullable: true })
  batchId: string | null;
}
