import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type MailStatus = 'sending' | 'sent' | 'failed';

/** One e-mail Custos sent or tried to send; the idempotency key makes a retried job send it once. */
@Entity('mail_message')
@Check('mail_message_status_check', `"status" IN ('sending', 'sent', 'failed')`)
export class MailMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { nullable: true })
  organizationId: string | null;

  @Column('text', { unique: true })
  idempotencyKey: string;

  @Column('text')
  template: string;

  @Column('text', { array: true })
  recipients: string[];

  @Column('text', { nullable: true })
  subject: string | null;

  @Column('text', { default: 'sending' })
  status: MailStatus;

  @Column('text', { nullable: true })
  messageId: string | null;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
