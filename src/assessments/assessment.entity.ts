import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';
import { Processor, type RiskRating } from '../processors/processor.entity';
import type { AssessmentStatus } from './assessment-lifecycle';
import type { AnswerValue, Area, Question } from './questionnaire';
import type { AssessmentFinding } from './scoring';
import { VersionedRecord } from '../platform/database/versioned-record';

export interface StoredAnswer {
  value: AnswerValue;
  comment: string | null;
  answeredBy: string;
  answeredAt: string;
}

export type Decision = 'approve' | 'reject' | 'request_changes';

/** What was decided on, frozen at decision time and never changed afterwards. */
export interface DecisionSnapshot {
  decision: Decision;
  decidedAt: string;
  decidedBy: string;
  comment: string;
  questions: Question[];
  answers: Record<string, StoredAnswer>;
  score: number | null;
  areaScores: Record<string, number> | null;
  findings: AssessmentFinding[];
  riskRating: RiskRating | null;
  riskFactors: string[];
}

/** A processor's answers to a questionnaire, scored by the worker and decided by a second person. */
@Entity('assessment')
@Index('assessment_org_processor_idx', ['organizationId', 'processorId'])
@Check(
  'assessment_status_check',
  `"status" IN ('draft', 'submitted', 'in_review', 'approved', 'rejected', 'changes_requested')`,
)
export class Assessment extends VersionedRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'assessment_organization_fk' })
  organizationId: string;

  @Column('uuid')
  @ForeignKey(() => Processor, { name: 'assessment_processor_fk' })
  processorId: string;

  @Column('uuid')
  templateId: string;

  @Column('text')
  templateKey: string;

  @Column('int')
  templateVersion: number;

  @Column('text')
  templateName: string;

  /** The questionnaire as it was when the assessment was made; later template versions do not touch it. */
  @Column('jsonb')
  areas: Area[];

  @Column('jsonb')
  questions: Question[];

  @Column('jsonb', { default: () => `'{}'` })
  answers: Record<string, StoredAnswer>;

  @Column('text', { default: 'draft' })
  status: AssessmentStatus;

  @Column('int', { nullable: true })
  score: number | null;

  @Column('jsonb', { nullable: true })
  areaScores: Record<string, number> | null;

  @Column('jsonb', { default: () => `'[]'` })
  findings: AssessmentFinding[];

  @Column('text', { nullable: true })
  riskRating: RiskRating | null;

  @Column('jsonb', { default: () => `'[]'` })
  riskFactors: string[];

  /** Why scoring failed for good, when it did: shown to the user instead of a silent stall. */
  @Column('text', { nullable: true })
  scoringError: string | null;

  @Column('int', { default: 0 })
  submissionCount: number;

  @Column('uuid', { nullable: true })
  submittedBy: string | null;

  @Column('timestamptz', { nullable: true })
  submittedAt: Date | null;

  @Column('text', { nullable: true })
  decision: Decision | null;

  @Column('text', { nullable: true })
  decisionComment: string | null;

  @Column('uuid', { nullable: true })
  decidedBy: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @Column('date', { nullable: true })
  validUntil: string | null;

  @Column('jsonb', { nullable: true })
  snapshot: DecisionSnapshot | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;
}
