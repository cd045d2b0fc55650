import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { RedisService, withTimeout } from '../redis/redis.service';
import { JobContext, JobPayload, scheduleDefinitions } from './job';
import { JobQueue } from './job-queue.service';
import { JobRegistry } from './job-registry';

/** The worker side: one BullMQ Worker per queue, dispatching by job name, and the job schedulers. */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private readonly workers: Worker[] = [];
  private schedulerRetry?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisService,
    private readonly registry: JobRegistry,
    private readonly jobs: JobQueue,
    private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    for (const queue of this.registry.queues()) this.workers.push(this.startWorker(queue));
    void this.upsertSchedules();
  }

  /** Before the database closes, so that running jobs can still record how they ended. */
  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.schedulerRetry);
    // Let running jobs finish for a while; what is still running after that is retried elsewhere.
    await Promise.all(
      this.workers.map((w) =>
        withTimeout(w.close(), 10_000).catch(() => w.close(true).catch(() => undefined)),
      ),
    );
    this.workers.length = 0;
    // And let the last outcomes reach the outbox before the database closes.
    await Promise.all([...this.recording]);
  }

  /** Runs one job's handler exactly as the worker would; used by the worker and by tests. */
  async run(name: string, payload: JobPayload, context: JobContext): Promise<unknown> {
    return this.registry.handler(name)(payload, context);
  }

  private startWorker(queue: string): Worker {
    const worker = new Worker(
      queue,
      async (job: Job<JobPayload>) =>
        this.run(job.name, job.data, {
          jobId: String(job.id),
          attempt: job.attemptsMade + 1,
          isFinalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        }),
      {
        connection: this.redis.worker(queue),
        prefix: this.config.queuePrefix,
        concurrency: this.config.jobs.concurrency,
      },
    );
    worker.on('error', () => undefined); // connection trouble is reported once by RedisService
    worker.on('completed', (job: Job) => this.track(this.record(job, 'completed')));
    worker.on('failed', (job: Job | undefined, error: Error) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      this.logger.warn(
        { jobId: job.id, job: job.name, attempt: job.attemptsMade, final, err: error },
        `Job ${job.name} failed${final ? ' for good' : ', will retry'}: ${error.message}`,
      );
      this.track(this.record(job, final ? 'failed' : 'retrying', error.message));
    });
    return worker;
  }

  /** Outcome writes still on their way; shutdown waits for them. */
  private readonly recording = new Set<Promise<void>>();

  private track(write: Promise<void>): void {
    this.recording.add(write);
    void write.finally(() => this.recording.delete(write));
  }

  private async record(
    job: Job,
    outcome: 'completed' | 'failed' | 'retrying',
    reason?: string,
  ): Promise<void> {
    const status = outcome === 'retrying' ? null : outcome;
    await this.dataSource
      .query(
        `UPDATE outbox SET attempts = $2, last_error = COALESCE($3, last_error),
                status = COALESCE($4, status), finished_at = CASE WHEN $4::text IS NULL THEN finished_at ELSE now() END
          WHERE job_id = $1`,
        [job.id, job.attemptsMade, reason ?? null, status],
      )
      .catch((error: Error) => this.logger.warn(`Could not record job ${job.id}: ${error.message}`));
  }

  private async upsertSchedules(): Promise<void> {
    try {
      for (const schedule of scheduleDefinitions()) {
        const definition = schedule.job;
        const { jobId: _jobId, ...opts } = this.jobs.options(definition, schedule.id);
        await this.jobs.queue(definition.queue).upsertJobScheduler(
          schedule.id,
          {
            pattern:
              typeof schedule.pattern === 'function' ? schedule.pattern(this.config) : schedule.pattern,
            tz: 'UTC',
          },
          { name: definition.name, data: schedule.payload, opts },
        );
      }
    } catch (error) {
      this.logger.warn(`Job schedulers not registered yet, retrying: ${(error as Error).message}`);
      this.schedulerRetry = setTimeout(() => void this.upsertSchedules(), 5000);
    }
  }
}
