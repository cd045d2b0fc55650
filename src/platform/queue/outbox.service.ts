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
    const jobId = options.jobId ?? definition.jobId(payload);
    await manager.query(
      `INSERT INTO outbox (organization_id, queue, job_name, job_id, payload, available_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (job_id) DO NOTHING`,
      [
        payload.organizationId,
        definition.queue,
        definition.name,
        jobId,
        JSON.stringify(payload),
        options.availableAt ?? this.clock.now(),
      ],
    );
    return jobId;
  }
}
