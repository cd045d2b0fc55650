import { TestApp } from '../test-app';
import { eventually } from '../wait';

/** The daily sweep and its e-mails. */

/** A SWEEP_CRON that never fires during a test (1 January, midnight): sweeps run when a test asks. */
export const NO_SCHEDULED_SWEEP = '0 0 1 1 *';

export interface SweepRunRow {
  id: string;
  jobId: string;
  organizationId: string | null;
  trigger: 'schedule' | 'manual';
  day: string;
  startedAt: Date;
  finishedAt: Date | null;
  stats: Record<string, number> | null;
}

/** Every recorded sweep run, oldest first. */
export async function sweepRuns(t: TestApp): Promise<SweepRunRow[]> {
  return t.dataSource.query(
    `SELECT id, job_id AS "jobId", organization_id AS "organizationId", trigger,
            to_char(day, 'YYYY-MM-DD') AS day, started_at AS "startedAt", finished_at AS "finishedAt", stats
       FROM sweep_run ORDER BY started_at, job_id`,
  );
}

/** Polls `sweep_run` (flushing the outbox meanwhile) until the run of queue job `jobId` has finished. */
export async function waitForSweepRun(t: TestApp, jobId: string, timeoutMs = 20_000): Promise<SweepRunRow> {
  return eventually(
    async () => {
      await t.flushOutbox();
      const run = (await sweepRuns(t)).find((r) => r.jobId === jobId);
      if (!run?.finishedAt) throw new Error(`sweep ${jobId} not recorded after ${timeoutMs} ms`);
      return run;
    },
    { timeoutMs },
  );
}

/**
 * POST /monitoring/sweeps as the caller; fails the test unless it answers 202 `{id, status: 'queued'}`.
 * Waits until the run is recorded and returns it.
 */
export async function runSweep(t: TestApp, accessToken: string): Promise<SweepRunRow> {
  const res = await t.as(accessToken).post('/monitoring/sweeps', {});
  if (res.status !== 202 || typeof res.body.id !== 'string' || res.body.status !== 'queued')
    throw new Error(`POST /monitoring/sweeps answered ${res.status}: ${JSON.stringify(res.body)}`);
  return waitForSweepRun(t, res.body.id);
}

export function isSweepMail(mail: TestApp['smtp']['messages'][number]): boolean {
  return mail.text.includes('daily monitoring sweep of Custos');
}

/** A Custos user's digest of the sweep's reminders (a processor's contact gets single reminders). */
export function isDigest(mail: TestApp['smtp']['messages'][number]): boolean {
  return isSweepMail(mail) && /^Custos: [\d,]+ things? needs? your attention/.test(mail.subject);
}

/** The item lines of a digest's text, "- <what> (<when>): <console link>", in their order. */
export function digestLines(mail: TestApp['smtp']['messages'][number]): string[] {
  return mail.text.split('\n').filter((line) => line.startsWith('- '));
}

/** The section headings of a digest's text, "<kind> (<count>)", in their order. */
export function digestHeadings(mail: TestApp['smtp']['messages'][number]): string[] {
  return mail.text.split('\n').filter((line) => /^[A-Z][^:]* \([\d,]+\)$/.test(line));
}
