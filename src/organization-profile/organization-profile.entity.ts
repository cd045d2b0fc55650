import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';
import type { ContactDetails, Representative } from './profile-types';

/** The header of every record and export: the controller, its representative and its DPO (Art. 30(1)(a)). */
@Entity('organization_profile')
@Index('organization_profile_org_key', ['organizationId'], { unique: true })
export class OrganizationProfile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'organization_profile_organization_fk' })
  organizationId: string;

  @Column('text')
  controllerName: string;

  @Column('text', { nullable: true })
  address: string | null;

  @Column('text', { nullable: true })
  contactEmail: string | null;

  @Column('text', { nullable: true })
  contactPhone: string | null;

  @Column('jsonb', { nullable: true })
  representative: Representative | null;

  @Column('jsonb', { nullable: true })
  dpo: ContactDetails | null;

  @Column('uuid', { nullable: true })
  updatedBy: string | null;

  @VersionColumn()
  version: number;

  /** From the injectable clock, like the history, so that "as of" and this agree. */
  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz')
  updatedAt: Date;
}
