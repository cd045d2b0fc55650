import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';
import { Assessment } from './assessment.entity';

/** A file a processor gave as evidence for an assessment; kept under STORAGE_DIR with its SHA-256. */
@Entity('assessment_evidence')
@Index('assessment_evidence_assessment_idx', ['organizationId', 'assessmentId'])
export class AssessmentEvidence {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'assessment_evidence_organization_fk' })
  organizationId: string;

  @Column('uuid')
  @ForeignKey(() => Assessment, { name: 'assessment_evidence_assessment_fk' })
  assessmentId: string;

  @Column('text', { nullable: true })
  questionId: string | null;

  @Column('text')
  filename: string;

  @Column('text')
  contentType: string;

  @Column('bigint')
  size: string;

  @Column('char', { length: 64 })
  sha256: string;

  @Column('text')
  storageKey: string;

  @Column('uuid', { nullable: true })
  uploadedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  uploadedAt: Date;
}
