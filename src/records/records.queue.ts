import { defineJob, JobPayload, safeJobId } from '../platform/queue/job';

/** Jobs of the records feature; handled in records.jobs.ts. */
export interface ExportRecordsPayload extends JobPayload {
  organizationId: string;
  exportId: string;
}

export const ExportRecordsJob = defineJob<ExportRecordsPayload>({
  queue: 'records',
  name: 'records.export',
  jobId: (p) => safeJobId('records-export', p.exportId),
});
