import type { Redis } from 'ioredis';
import { JobQueue } from '../../src/platform/queue/job-queue.service';
import { JobRegistry } from '../../src/platform/queue/job-registry';
import { RedisService } from '../../src/platform/redis/redis.service';
import { ReceivedMail } from './smtp';
import { TestApp } from './test-app';

export interface EventuallyOptions {
  /** How long to keep trying; 15 s unless told. */
  timeoutMs?: number;
  /** The pause between two tries; 100 ms unless told. */
  intervalMs?: number;
}

/**
 * Runs `attempt` until it returns without throwing (an assertion that holds, or a condition returning
 * anything but `false`) and returns its result; after `timeoutMs` throws the last error. The only place
 * (with `settled`) where a test waits: every other wait is for something observable.
 */
export async function eventually<T>(
  attempt: () => T | Promise<T>,
  { timeoutMs = 15_000, intervalMs = 100 }: EventuallyOptions = {},
): Promise<Exclude<T, false>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      const result = await attempt();
      if (result !== false) return result as Exclude<T, false>;
      failure = new Error(`condition still false after ${timeoutMs} ms`);
    } catch (error) {
      failure = error;
    }
    if (Date.now() >= deadline) throw failure;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Outbox rows that are due and not yet finished, and jobs waiting or running in any queue. */
async function busyWork(t: TestApp): Promise<{ outbox: number; jobs: number; where: string[] }> {
  const [{ outbox }] = await t.dataSource.query<{ outbox: number }[]>(
    `SELECT count(*)::int AS outbox FROM outbox WHERE status IN ('pending', 'dispatched') AND available_at <= $1`,
    [t.clock.now()],
  );
  const queues = t.get(JobQueue);
  let jobs = 0;
  const where: string[] = [];
  for (const name of t.get(JobRegistry).queues()) {
    const counts = await queues.queue(name).getJobCounts('waiting', 'active', 'prioritized');
    for (const [state, n] of Object.entries(counts)) {
      jobs += n;
      if (n) where.push(`${n} ${state} in ${name}`);
    }
  }
  return { outbox, jobs, where };
}

/**
 * Waits until the app has nothing left to do: the outbox flushed and without due rows still pending or
 * dispatched, and no queue with a waiting or running job. After it a test may assert that nothing MORE
 * happened (e.g. no second e-mail): whatever was going to happen has happened.
 */
export async function settled(t: TestApp, { timeoutMs = 20_000 }: EventuallyOptions = {}): Promise<void> {
  await eventually(
    async () => {
      await t.flushOutbox();
      const busy = await busyWork(t);
      if (busy.outbox || busy.jobs)
        throw new Error(
          `not settled: ${busy.outbox} outbox row(s), ${busy.jobs} queued job(s) still busy (${busy.where.join(', ')})`,
        );
    },
    { timeoutMs, intervalMs: 50 },
  );
}

/** Flushes the outbox, waits until `address` has an e-mail that `match`es, and returns all that do. */
export async function mailTo(
  t: TestApp,
  address: string,
  match: (mail: ReceivedMail) => boolean,
): Promise<ReceivedMail[]> {
  await t.flushOutbox();
  await t.smtp.waitFor(() => t.smtp.to(address).some(match), 15_000);
  return t.smtp.to(address).filter(match);
}

/**
 * Waits until every Redis connection the app made (request path, queue producers and workers) is
 * connected again, e.g. after a test cut Redis off and restored it.
 */
export async function redisReconnected(
  t: TestApp,
  { timeoutMs = 30_000 }: EventuallyOptions = {},
): Promise<void> {
  // RedisService keeps its connections to itself; the test reads them to see each one back.
  const { connections } = t.get(RedisService) as unknown as { connections: Set<Redis> };
  await eventually(
    () => {
      const waiting = [...connections].filter((c) => c.status !== 'ready');
      if (waiting.length)
        throw new Error(
          `Redis connections not back: ${waiting.map((c) => c.options.connectionName).join(', ')}`,
        );
    },
    { timeoutMs, intervalMs: 50 },
  );
}
