import { defineJob, defineSchedule, JobPayload, safeJobId } from '../platform/queue/job';

export interface SweepPayload extends JobPayload {
  /** Null: every organisation (the schedule); otherwise the organisation that asked for it. */
  organizationId: string | null;
  trigger: 'schedule' | 'manual';
  /** When a person asked for it: one request, one run. */
  requestedAt: string | null;
}

export const MonitoringSweepJob = defineJob<SweepPayload>({
  queue: 'monitoring',
  name: 'monitoring.sweep',
  attempts: 3,
  jobId: (p) => safeJobId('monitoring-sweep', p.organizationId ?? 'all', p.requestedAt ?? 'scheduled'),
});

/** The daily sweep: BullMQ's job scheduler fires it once per tick however many workers run. */
export const DailySweepSchedule = defineSchedule<SweepPayload>({
  id: 'monitoring-daily-sweep',
  job: MonitoringSweepJob,
  pattern: (config) => config.jobs.sweepCron,
  payload: { organizationId: null, trigger: 'schedule', requestedAt: null },
});
