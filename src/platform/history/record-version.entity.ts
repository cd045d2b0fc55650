import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export const RECORD_ENTITY_TYPES = [
  'profile',
  'processing_activity',
  'processor_record_entry',
  'processor',
] as const;
export type RecordEntityType = (typeof RECORD_ENTITY_TYPES)[number];

/**
 * Every version of every part of the record (profile, activities, processor record) and of every
 * processor, valid from one instant to the next change. Written in the transaction of the change; never
 * updated except to close it (`valid_to`), never deleted. The state as of any instant is the one version
 * valid then.
 */
@Entity('record_version')
@Check(
  'record_version_entity_type_check',
  `"entity_type" IN ('profile', 'processing_activity', 'processor_record_entry', 'processor')`,
)
@Index('record_version_entity_version_key', ['entityType', 'entityId', 'version'], { unique: true })
@Index('record_version_open_key', ['entityId'], { unique: true, where: `"valid_to" IS NULL` })
@Index('record_version_org_type_label_idx', ['organizationId', 'entityType', 'label', 'entityId'])
export class RecordVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  // By name: the platform does not import the features (identity builds on the platform).
  @ForeignKey('Organization', { name: 'record_version_organization_fk' })
  organizationId: string;

  @Column('text')
  entityType: RecordEntityType;

  @Column('uuid')
  entityId: string;

  @Column('int')
  version: number;

  /** What the record is sorted by: the activity's name, the controller's name. */
  @Column('text')
  label: string;

  @Column('jsonb')
  data: Record<string, unknown>;

  @Column('boolean', { default: false })
  archived: boolean;

  @Column('timestamptz')
  validFrom: Date;

  @Column('timestamptz', { nullable: true })
  validTo: Date | null;

  @Column('uuid', { nullable: true })
  changedBy: string | null;
}
