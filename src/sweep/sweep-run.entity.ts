import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One run of the monitoring sweep, whoever started it; the queue job id is unique, so a tick runs once. */
@Entity('sweep_run')
@Index('sweep_run_job_key', ['jobId'], { unique: true })
export class SweepRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  jobId: string;

  /** Null for the scheduled sweep over every organisation. */
  @Column('uuid', { nullable: true })
  organizationId: string | null;

  @Column('text')
  trigger: 'schedule' | 'manual';

  @Column('date')
  day: string;

  @Column('timestamptz')
  startedAt: Date;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;

  @Column('jsonb', { nullable: true })
  stats: Record<string, number> | null;
}
