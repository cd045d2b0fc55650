import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';

/** An organisation's monitoring cadence: months between periodic checks, by risk rating. */
@Entity('monitoring_settings')
export class MonitoringSettings {
  @PrimaryColumn('uuid')
  @ForeignKey(() => Organization, { name: 'monitoring_settings_organization_fk' })
  organizationId: string;

  @Column('int', { default: 6 })
  cadenceHighMonths: number;

  @Column('int', { default: 12 })
  cadenceMediumMonths: number;

  @Column('int', { default: 24 })
  cadenceLowMonths: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
