import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';
import type { Area, Question } from './questionnaire';

/** An organisation's own questionnaire. Immutable: publishing the same key again makes a new version. */
@Entity('questionnaire_template')
@Index('questionnaire_template_version_key', ['organizationId', 'key', 'version'], { unique: true })
export class QuestionnaireTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'questionnaire_template_organization_fk' })
  organizationId: string;

  @Column('text')
  key: string;

  @Column('int')
  version: number;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('jsonb')
  areas: Area[];

  @Column('jsonb')
  questions: Question[];

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
