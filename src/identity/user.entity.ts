import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from './organization.entity';
import type { Role } from '../platform/context/request-context';
import { VersionedRecord } from '../platform/database/versioned-record';

/** A person who signs in. Deactivated, never deleted: the audit trail keeps pointing at them. */
@Entity('user')
@Index('user_email_key', ['email'], { unique: true })
@Index('user_org_idx', ['organizationId'])
export class User extends VersionedRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'user_organization_fk' })
  organizationId: string;

  /** Stored lower-case; unique across Custos because login asks for no organisation. */
  @Column('text')
  email: string;

  @Column('text')
  name: string;

  @Column('text', { array: true })
  roles: Role[];

  @Column('boolean', { default: true })
  active: boolean;

  @Column('text')
  passwordHash: string;

  @Column('timestamptz')
  passwordChangedAt: Date;

  /** Set when an admin chose the password: the user must change it at the next login. */
  @Column('boolean', { default: true })
  passwordChangeRequired: boolean;

  @Column('int', { default: 0 })
  failedLoginCount: number;

  @Column('timestamptz', { nullable: true })
  lockedUntil: Date | null;

  @Column('timestamptz', { nullable: true })
  lastLoginAt: Date | null;

  @Column('boolean', { default: false })
  mfaEnabled: boolean;

  /** TOTP secret, encrypted with a key derived from AUTH_SECRET. */
  @Column('text', { nullable: true })
  mfaSecret: string | null;

  /** Secret of an enrolment that waits for its first code. */
  @Column('text', { nullable: true })
  mfaPendingSecret: string | null;

  /** Last TOTP time step accepted: a code is never accepted twice. */
  @Column('bigint', { nullable: true })
  mfaLastTimeStep: string | null;

  @Column('timestamptz', { nullable: true })
  deactivatedAt: Date | null;
}
