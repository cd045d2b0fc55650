import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../platform/context/request-context';
import { VersionedRecord } from '../platform/database/versioned-record';

/** A tenant: every row of tenant data belongs to exactly one organisation. */
@Entity('organization')
export class Organization extends VersionedRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** Roles whose users must enrol in MFA before they may do anything else. */
  @Column('text', { array: true, default: '{}' })
  mfaRequiredRoles: Role[];
}
