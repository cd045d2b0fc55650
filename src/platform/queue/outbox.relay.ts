import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../clock/clock';
import { JobQueue } from './job-queue.service';

const BATCH = 200;

interface PendingRow {
  id: string;
  queue: string;
  job_name: string;
  job_id: string;
  payload: unknown;
}

/**
 * Moves committed outbox rows to BullMQ. Rows are claimed with SKIP LOCKED, so several relays can run;
 * a row is marked dispatched only after Redis took its job, and while Redis is down rows simply wait.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.runsWorker) this.schedule(0);
  }

  /** Before the database closes, so that running jobs can still record how they ended. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.flush()
        .catch(() => 0)
        .then((moved) => this.schedule(moved === BATCH ? 0 : this.config.jobs.outboxPollMs));
    }, delay);
  }

  /** Dispatches what is due now; resolves with the number of rows moved. Safe to call any time. */
  flush(): Promise<number> {
    this.running ??= this.dispatchBatch().finally(() => (this.running = undefined));
    return this.running;
  }

  private async dispatchBatch(): Promise<number> {
    try {
      const moved = await this.dataSource.transaction(async (manager) => {
        const rows: PendingRow[] = await manager.query(
          `SELECT id, queue, job_name, job_id, payload FROM outbox
            WHERE status = 'pending' AND available_at <= $1
            ORDER BY available_at, created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          [this.clock.now()],
        );
        for (const row of rows) {
          await this.jobs.addByName(row.queue, row.job_name, row.job_id, row.payload);
        }
        if (rows.length) {
          await manager.query(
            `UPDATE outbox SET status = 'dispatched', dispatched_at = now() WHERE id = ANY($1::uuid[])`,
            [rows.map((r) => r.id)],
          );
        }
        return rows.length;
      });
      if (this.failing) this.logger.log('Outbox relay reaches the queue again');
      this.failing = false;
      return moved;
    } catch (error) {
      if (!this.failing) {
        this.logger.warn(`Outbox relay cannot dispatch yet, will retry: ${(error as Error).message}`);
      }
      this.failing = true;
      throw error;
    }
  }
}
