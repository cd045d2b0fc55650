import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  VersionColumn,
} from 'typeorm';
import { Organization } from '../identity/organization.entity';
import { Processor } from '../processors/processor.entity';
import type { PortalPurpose } from './portal-link-rules';

/**
 * A link that lets a processor's contact do their part without an account. The token itself is never
 * stored: only its SHA-256, which is how a presented token is found.
 */
@Entity('portal_link')
@Index('portal_link_token_hash_key', ['tokenHash'], { unique: true })
@Index('portal_link_org_processor_idx', ['organizationId', 'processorId'])
@Check(
  'portal_link_purposes_check',
  `cardinality("purposes") > 0 AND "purposes" <@ ARRAY['assessment', 'breach_notice', 'subprocessor_notice', 'offboarding']::text[]`,
)
export class PortalLink {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'portal_link_organization_fk' })
  organizationId: string;

  @Column('uuid')
  @ForeignKey(() => Processor, { name: 'portal_link_processor_fk' })
  processorId: string;

  @Column('text')
  contactEmail: string;

  @Column('text')
  contactName: string;

  @Column('text', { array: true })
  purposes: PortalPurpose[];

  @Column('uuid', { nullable: true })
  // By name: the features that send links depend on this folder, not the other way round.
  @ForeignKey('Assessment', { name: 'portal_link_assessment_fk' })
  assessmentId: string | null;

  @Column('uuid', { nullable: true })
  @ForeignKey('Offboarding', { name: 'portal_link_offboarding_fk' })
  offboardingId: string | null;

  /** SHA-256 (hex) of the token; the token is e-mailed once and kept nowhere. */
  @Column('char', { length: 64 })
  tokenHash: string;

  /** The last day the link works (UTC). */
  @Column('date')
  expiresOn: string;

  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @Column('uuid', { nullable: true })
  revokedBy: string | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
