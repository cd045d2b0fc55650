import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';

/** The last certificate number issued per organisation and year: CUS-2026-000042. */
@Entity('certificate_sequence')
export class CertificateSequence {
  @PrimaryColumn('uuid')
  @ForeignKey(() => Organization, { name: 'certificate_sequence_organization_fk' })
  organizationId: string;

  @PrimaryColumn('int')
  year: number;

  @Column('int')
  last: number;
}
