import { Injectable } from '@nestjs/common';
import { defineJob, defineSchedule, JobPayload, OnJob, safeJobId } from '../queue/job';
import { AuditCheckpoints } from './audit-checkpoints.service';

export const AuditCheckpointsJob = defineJob<JobPayload>({
  queue: 'audit',
  name: 'audit.checkpoints',
  attempts: 3,
  jobId: () => safeJobId('audit-checkpoints', 'scheduled'),
});

/** Every organisation's chain head is signed at least daily (AUDIT_CHECKPOINT_CRON), once per tick. */
export const DailyAuditCheckpointSchedule = defineSchedule<JobPayload>({
  id: 'audit-daily-checkpoints',
  job: AuditCheckpointsJob,
  pattern: (config) => config.auditCheckpointCron,
  payload: { organizationId: null },
});

@Injectable()
export class AuditJobs {
  constructor(private readonly checkpoints: AuditCheckpoints) {}

  @OnJob(AuditCheckpointsJob)
  run(): Promise<{ organizations: number; created: number }> {
    return this.checkpoints.createForAll();
  }
}
