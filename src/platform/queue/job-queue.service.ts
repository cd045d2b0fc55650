import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { RedisService, withTimeout } from '../redis/redis.service';
import { JobDefinition, jobDefinition, JobPayload } from './job';

const ADD_TIMEOUT_MS = 5000;

/** Producer side of BullMQ. Work normally reaches it through the outbox relay, never directly. */
@Injectable()
export class JobQueue implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisService,
  ) {}

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis.producer(name), prefix: this.config.queuePrefix });
      queue.on('error', () => undefined); // reported once by RedisService
      this.queues.set(name, queue);
    }
    return queue;
  }

  options(definition: JobDefinition<JobPayload>, jobId: string): JobsOptions {
    return {
      jobId,
      attempts: definition.attempts ?? this.config.jobs.attempts,
      backoff: { type: 'exponential', delay: 1000 },
      // Completed ids are kept for a week so that a re-sent id is recognised and not run again.
      removeOnComplete: { age: 7 * 86_400, count: 50_000 },
      removeOnFail: { age: 30 * 86_400 },
    };
  }

  /** Adds a job by its deterministic id; adding an id that exists is a no-op. Fails fast without Redis. */
  async add<P extends JobPayload>(
    definition: JobDefinition<P>,
    payload: P,
    jobId = definition.jobId(payload),
  ) {
    return this.addByName(definition.queue, definition.name, jobId, payload);
  }

  async addByName(queueName: string, name: string, jobId: string, payload: unknown): Promise<void> {
    const definition = jobDefinition(name);
    if (!definition) throw new Error(`Unknown job ${name}`);
    await withTimeout(
      this.queue(queueName).add(name, payload, this.options(definition, jobId)),
      ADD_TIMEOUT_MS,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [...this.queues.values()].map((q) => withTimeout(q.close(), 2000).catch(() => undefined)),
    );
    this.queues.clear();
  }
}
