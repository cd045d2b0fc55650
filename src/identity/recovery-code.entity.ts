import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/** A single-use MFA recovery code, stored as its SHA-256 (the codes carry 50 bits of randomness). */
@Entity('recovery_code')
@Index('recovery_code_user_idx', ['userId'])
export class RecoveryCode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  organizationId: string;

  @Column('uuid')
  @ForeignKey(() => User, { name: 'recovery_code_user_fk' })
  userId: string;

  @Column('text')
  codeHash: string;

  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;
}
