import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxStatus = 'pending' | 'dispatched' | 'completed' | 'failed';

/**
 * Work that a committed change must cause. Written in the change's own transaction; the relay moves
 * it to BullMQ and the worker records how it ended, so a failure is visible, not just logged.
 */
@Entity('outbox')
@Check('outbox_status_check', `"status" IN ('pending', 'dispatched', 'completed', 'failed')`)
@Index('outbox_pending_idx', ['availableAt'], { where: `status = 'pending'` })
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { nullable: true })
  organizationId: string | null;

  @Column('text')
  queue: string;

  @Column('text')
  jobName: string;

  @Column('text', { unique: true })
  jobId: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('text', { default: 'pending' })
  status: OutboxStatus;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('timestamptz')
  availableAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  dispatchedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
