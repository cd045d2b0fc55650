import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/** A login session: one family of rotating refresh tokens. Revoking it ends every token of the family. */
@Entity('session')
@Check('session_scope_check', `"scope" IN ('full', 'password_change', 'mfa_enrollment')`)
@Index('session_user_idx', ['userId'])
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  organizationId: string;

  @Column('uuid')
  @ForeignKey(() => User, { name: 'session_user_fk' })
  userId: string;

  /** What the session may do: everything, or only change the password / enrol in MFA. */
  @Column('text', { default: 'full' })
  scope: 'full' | 'password_change' | 'mfa_enrollment';

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { nullable: true })
  userAgent: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @Column('text', { nullable: true })
  revokedReason: string | null;
}

/** One refresh token of a session, stored as its SHA-256. Used once: refreshing rotates it. */
@Entity('refresh_token')
@Index('refresh_token_hash_key', ['tokenHash'], { unique: true })
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Session, { name: 'refresh_token_session_fk', onDelete: 'CASCADE' })
  sessionId: string;

  @Column('text')
  tokenHash: string;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
