import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';

export const VOCABULARIES = ['data-categories', 'data-subjects', 'data-uses'] as const;
export type VocabularyName = (typeof VOCABULARIES)[number];

/** A key an organisation added beneath a shipped (or its own) key, e.g. `user.contact.email.work`. */
@Entity('vocabulary_term')
@Index('vocabulary_term_key', ['organizationId', 'vocabulary', 'key'], { unique: true })
@Check(
  'vocabulary_term_vocabulary_check',
  `"vocabulary" IN ('data-categories', 'data-subjects', 'data-uses')`,
)
export class VocabularyTerm {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'vocabulary_term_organization_fk' })
  organizationId: string;

  @Column('text')
  vocabulary: VocabularyName;

  @Column('text')
  key: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text')
  parent: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
