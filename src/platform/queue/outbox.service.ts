import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { JobDefinition, JobPayload } from './job';

export interface EnqueueOptions {
  /** Not before this time (e.g. a reminder); now when omitted. */
  availableAt?: Date;
  /** Overrides the definition's id, e.g. to run the same job again deliberately. */
  jobId?: string;
}

@Injectable()
export class OutboxService {
  constructor(private readonly clock: Clock) {}

  /**
   * Records work in the caller's transaction. It reaches the queue only if that transaction commits;
   * the same job id enqueued twice is kept once.
   */
  async enqueue<P extends JobPayload>(
    manager: EntityManager,
    definition: JobDefinition<P>,
    payload: P,
    options: EnqueueOptions = {},
  ): Promise<string> {
    const [jobId] = await this.enqueueMany(manager, definition, [payload], options);
    return jobId;
  }

  /** Records many jobs of one kind in a few multi-row inserts (the sweep's reminders). */
  async enqueueMany<P extends JobPayload>(
    manager: EntityManager,
    definition: JobDefinition<P>,
    payloads: P[],
    options: EnqueueOptions = {},
  ): Promise<string[]> {
    const availableAt = options.availableAt ?? this.clock.now();
    const jobIds = payloads.map((p) => (payloads.length === 1 && options.jobId) || definition.jobId(p));
    for (let start = 0; start < payloads.length; start += 1000) {
      const chunk = payloads.slice(start, start + 1000);
      const values: unknown[] = [];
      const rows = chunk.map((payload, i) => {
        values.push(
          payload.organizationId,
          definition.queue,
          definition.name,
          jobIds[start + i],
          JSON.stringify(payload),
          availableAt,
        );
        const b = i * 6;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`;
      });
      await manager.query(
        `INSERT INTO outbox (organization_id, queue, job_name, job_id, payload, available_at)
         VALUES ${rows.join(', ')} ON CONFLICT (job_id) DO NOTHING`,
        values,
      );
    }
    return jobIds;
  }
}
