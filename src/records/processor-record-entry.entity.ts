import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';
import type { ContactDetails, ControllerTransfer, Representative } from './record-types';

/** One controller the organisation processes personal data for, as its processor (Art. 30(2)). */
@Entity('processor_record_entry')
@Index('processor_record_entry_org_name_idx', ['organizationId', 'controllerName', 'id'])
export class ProcessorRecordEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'processor_record_entry_organization_fk' })
  organizationId: string;

  @Column('text')
  controllerName: string;

  @Column('text', { nullable: true })
  controllerAddress: string | null;

  @Column('jsonb')
  controllerContact: ContactDetails;

  @Column('jsonb', { nullable: true })
  controllerRepresentative: Representative | null;

  @Column('jsonb', { nullable: true })
  controllerDpo: ContactDetails | null;

  /** Categories of processing carried out on the controller's behalf (Art. 30(2)(b)). */
  @Column('text', { array: true })
  processingCategories: string[];

  @Column('jsonb', { default: () => `'[]'` })
  transfers: ControllerTransfer[];

  @Column('text')
  securityMeasures: string;

  /** The agreement with the controller (its Art. 28(3) contract), e.g. a reference or a link. */
  @Column('text', { nullable: true })
  contractReference: string | null;

  @Column('timestamptz', { nullable: true })
  archivedAt: Date | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('uuid', { nullable: true })
  updatedBy: string | null;

  @VersionColumn()
  version: number;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz')
  updatedAt: Date;
}
