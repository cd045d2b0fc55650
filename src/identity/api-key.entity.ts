import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from './organization.entity';
import type { Role } from '../platform/context/request-context';

/** A credential for an integration. The key is shown once; only its SHA-256 is kept. */
@Entity('api_key')
@Index('api_key_prefix_key', ['prefix'], { unique: true })
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'api_key_organization_fk' })
  organizationId: string;

  @Column('text')
  name: string;

  /** The public part of the key, to recognise it in lists and logs. */
  @Column('text')
  prefix: string;

  @Column('text')
  keyHash: string;

  @Column('text', { array: true })
  roles: Role[];

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
