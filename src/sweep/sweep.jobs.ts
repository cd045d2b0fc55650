import { Injectable } from '@nestjs/common';
import { JobContext, OnJob } from '../platform/queue/job';
import { MonitoringSweepJob, SweepPayload } from './sweep.queue';
import { SweepService } from './sweep.service';

@Injectable()
export class SweepJobs {
  constructor(private readonly sweep: SweepService) {}

  @OnJob(MonitoringSweepJob)
  async run(payload: SweepPayload, context: JobContext): Promise<Record<string, number> | undefined> {
    return this.sweep.run(context.jobId, payload.organizationId, payload.trigger);
  }
}
