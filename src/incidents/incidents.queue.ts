import { defineJob, JobPayload, safeJobId } from '../platform/queue/job';

export interface IncidentDeadlinePayload extends JobPayload {
  organizationId: string;
  incidentId: string;
  /** `warning`: the deadline is near; `overdue`: it has passed without a notification. */
  stage: 'warning' | 'overdue';
  /** The deadline the job was planned for: a moved deadline makes it stale, and it does nothing. */
  deadline: string;
}

export const IncidentDeadlineJob = defineJob<IncidentDeadlinePayload>({
  queue: 'incidents',
  name: 'incident.deadline',
  jobId: (p) => safeJobId('incident-deadline', p.incidentId, p.stage, String(Date.parse(p.deadline))),
});
