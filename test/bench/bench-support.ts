import 'reflect-metadata';
import { Body, Controller, DynamicModule, Get, HttpCode, Module, Post, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Result as AutocannonResult } from 'autocannon';
import IORedis from 'ioredis';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { AppModule } from '../../src/app.module';
import { AppConfig } from '../../src/config/app-config';
import { dropDatabase, ensureDatabase, runMigrations } from '../../src/platform/database/prepare-database';
import { ensureRuntimeRole } from '../../src/platform/database/runtime-role';
import { configureHttpApp } from '../../src/platform/http/configure-app';
import { Public } from '../../src/platform/http/public.decorator';
import { RequirePermission } from '../../src/platform/access/access.decorators';
import { TransferCheckDto } from '../../src/transfers/dto/transfer-check.dto';
import { RULE_SET_VERSION } from '../../src/transfers/transfer-rules';

/*
 * What every benchmark under test/bench needs: a scratch database and queue prefix that are removed at
 * the end even when the run fails, the real app listening on 127.0.0.1, a load generator in a process
 * of its own, and plain tables on stdout. Progress goes to stderr, so `> results.txt` keeps the figures.
 */

const started = performance.now();

/** A progress line on stderr, with the seconds since the run started. */
export function progress(message: string): void {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s] ${message}\n`);
}

export const benchDatabaseBaseUrl = (): string =>
  process.env.CUSTOS_BENCH_DATABASE_BASE_URL ??
  process.env.CUSTOS_TEST_DATABASE_BASE_URL ??
  'postgres://postgres@127.0.0.1:5432';

export const benchRedisUrl = (): string => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// ---------------------------------------------------------------------------------------------------
// The run: cleanup that always happens, a watchdog, signals.

type CleanupStep = { label: string; run: () => Promise<unknown> };

/** Cleanup steps run in reverse order of registration, once, whatever happened before. */
export class BenchRun {
  private readonly steps: CleanupStep[] = [];
  private cleaning: Promise<void> | undefined;

  defer(label: string, run: () => Promise<unknown>): void {
    this.steps.push({ label, run });
  }

  cleanup(): Promise<void> {
    this.cleaning ??= (async () => {
      for (let step = this.steps.pop(); step; step = this.steps.pop()) {
        try {
          await step.run();
        } catch (error) {
          progress(`cleanup "${step.label}" failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.cleaning;
  }
}

/**
 * Runs a benchmark and ends the process: exit 0 when `main` resolves, 1 when it throws or the watchdog
 * fires, 130/143 on SIGINT/SIGTERM. Cleanup runs in every case (bounded to 30 s).
 */
export function runBench(main: (run: BenchRun) => Promise<void>, options: { timeoutMs: number }): void {
  const run = new BenchRun();
  const finish = async (code: number): Promise<never> => {
    const cap = setTimeout(() => {
      progress('cleanup did not finish within 30 s; exiting anyway');
      process.exit(code || 1);
    }, 30_000);
    await run.cleanup();
    clearTimeout(cap);
    process.exit(code);
  };
  const watchdog = setTimeout(() => {
    progress(`the benchmark exceeded its limit of ${options.timeoutMs / 1000} s; stopping`);
    void finish(1);
  }, options.timeoutMs);
  watchdog.unref();
  process.once('unhandledRejection', (error) => {
    process.stderr.write(`\nBENCHMARK FAILED (unhandled rejection): ${String(error)}\n`);
    void finish(1);
  });
  process.once('SIGINT', () => void finish(130));
  process.once('SIGTERM', () => void finish(143));
  main(run).then(
    () => finish(0),
    (error: unknown) => {
      process.stderr.write(
        `\nBENCHMARK FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      return finish(1);
    },
  );
}

// ---------------------------------------------------------------------------------------------------
// Scratch database, queue prefix and files.

export interface Scratch {
  /** `custos_bench_<random>`. */
  databaseName: string;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  filesDir: string;
}

async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/**
 * A database `custos_bench_<random>` with every migration applied, a queue prefix and a temporary
 * directory of its own. Their removal is registered on `run` before they are created.
 */
export async function createScratch(run: BenchRun): Promise<Scratch> {
  const id = randomBytes(4).toString('hex');
  const databaseName = `custos_bench_${id}`;
  const scratch: Scratch = {
    databaseName,
    databaseUrl: `${benchDatabaseBaseUrl()}/${databaseName}`,
    redisUrl: benchRedisUrl(),
    queuePrefix: `cb_${id}`,
    filesDir: await mkdtemp(join(tmpdir(), 'custos-bench-')),
  };
  run.defer('files', () => rm(scratch.filesDir, { recursive: true, force: true }));
  run.defer('redis keys', async () => {
    const n = await deleteRedisKeys(scratch.redisUrl, scratch.queuePrefix);
    progress(`deleted ${n} Redis key(s) under ${scratch.queuePrefix}:`);
  });
  run.defer('database', async () => {
    await dropDatabase(scratch.databaseUrl);
    progress(`dropped database ${databaseName}`);
  });
  await ensureDatabase(scratch.databaseUrl);
  await runMigrations(scratch.databaseUrl);
  await ensureRuntimeRole(
    scratch.databaseUrl,
    AppConfig.fromEnvironment({ DATABASE_URL: scratch.databaseUrl }).databaseAppUrl,
  );
  return scratch;
}

/**
 * What autovacuum does to a table after bulk inserts, before anyone measures: statistics for the
 * planner and the visibility map that index-only scans rely on. As the owner: the app's runtime role
 * owns no table, and its ANALYZE would skip every one with a warning.
 */
export async function vacuumAsOwner(scratch: Scratch): Promise<void> {
  const owner = new Client({ connectionString: scratch.databaseUrl });
  await owner.connect();
  try {
    await owner.query('VACUUM ANALYZE');
  } finally {
    await owner.end();
  }
}

/** The app's configuration on the scratch resources: API only, silent, no practical rate limit. */
export function benchConfig(scratch: Scratch, overrides: Record<string, string> = {}): AppConfig {
  return AppConfig.fromEnvironment({
    NODE_ENV: 'production',
    AUTH_SECRET: randomBytes(32).toString('hex'),
    AUDIT_KEYS: `bench:${randomBytes(32).toString('hex')}`,
    DATABASE_URL: scratch.databaseUrl,
    REDIS_URL: scratch.redisUrl,
    QUEUE_PREFIX: scratch.queuePrefix,
    STORAGE_DIR: join(scratch.filesDir, 'storage'),
    MAIL_OUTBOX_DIR: join(scratch.filesDir, 'mail'),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    MIGRATIONS_RUN: 'false',
    MODE: 'api',
    RATE_LIMIT_PER_MINUTE: '100000000',
    // To measure the gate reading its facts for every check: GATE_FACTS_CACHE_PROCESSORS=0.
    ...(process.env.GATE_FACTS_CACHE_PROCESSORS
      ? { GATE_FACTS_CACHE_PROCESSORS: process.env.GATE_FACTS_CACHE_PROCESSORS }
      : {}),
    ...overrides,
  });
}

// ---------------------------------------------------------------------------------------------------
// The app.

/** The baseline: a route through the same global middleware, guards, pipes and filter, doing nothing. */
@ApiExcludeController()
@Controller('bench')
export class BenchController {
  @Get('constant')
  @Public()
  constant(): { ok: true } {
    return { ok: true };
  }

  /**
   * The gate's HTTP path without the gate: the same API key and permission, the same body and its
   * validation, and an answer of the gate's shape, without reading, deciding or storing anything.
   */
  @Post('accepted')
  @HttpCode(200)
  @RequirePermission('transfers.check')
  accepted(@Body() body: TransferCheckDto): object {
    return {
      decisionId: '00000000-0000-4000-8000-000000000000',
      processorId: body.processorId,
      eligible: true,
      reasons: [],
      checkedAt: new Date().toISOString(),
      ruleSetVersion: RULE_SET_VERSION,
      destinations: [],
    };
  }
}

export interface BenchApp {
  app: NestExpressApplication;
  /** e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /**
   * Resolves once no request is in progress: a load generator that stops after a fixed duration
   * leaves requests behind in the app, which must not run into the next phase.
   */
  idle(timeoutMs?: number): Promise<void>;
}

/**
 * Custos as `main.ts` starts it (NestFactory, configureHttpApp), plus the given controllers, listening
 * on an ephemeral port of 127.0.0.1. Closing is registered on `run`.
 */
export async function bootApp(
  run: BenchRun,
  config: AppConfig,
  controllers: Type[] = [BenchController],
): Promise<BenchApp> {
  @Module({})
  class BenchRootModule {}
  const root: DynamicModule = {
    module: BenchRootModule,
    imports: [AppModule.register(config)],
    controllers,
  };
  const app = await NestFactory.create<NestExpressApplication>(root, {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  run.defer('app', () => app.close());
  configureHttpApp(app, config);
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer();
  let inFlight = 0;
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight += 1;
    res.once('close', () => (inFlight -= 1));
  });
  const idle = async (timeoutMs = 30_000): Promise<void> => {
    const until = performance.now() + timeoutMs;
    while (inFlight > 0) {
      if (performance.now() > until)
        throw new Error(`${inFlight} request(s) still running after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const { port } = server.address() as AddressInfo;
  return { app, origin: `http://127.0.0.1:${port}`, idle };
}

// ---------------------------------------------------------------------------------------------------
// Requests.

export interface JsonResponse {
  status: number;
  body: unknown;
}

export async function requestJson(
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<JsonResponse> {
  const res = await fetch(url, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text for the error message
  }
  return { status: res.status, body: parsed };
}

/** Milliseconds `fn` takes, and what it returned. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// ---------------------------------------------------------------------------------------------------
// Load: autocannon in a child process, so that the load generator does not share the app's event loop.

/*
 * Plain JavaScript run with `node -e`: loading autocannon takes a fraction of a second, where loading
 * this file (and with it the whole app) would take several.
 */
const LOAD_CHILD = `
'use strict';
const autocannon = require(process.env.CUSTOS_BENCH_AUTOCANNON);
process.on('disconnect', () => process.exit(0));
process.once('message', (spec) => {
  const bodies = spec.bodies || [];
  let next = Math.floor(Math.random() * Math.max(bodies.length, 1));
  const options = {
    url: spec.url,
    method: spec.method,
    headers: spec.headers,
    connections: spec.connections,
    pipelining: spec.pipelining,
    duration: spec.durationSeconds,
    timeout: spec.timeoutSeconds,
    // The parent merges the latency histograms of several runs (rounds) into one.
    skipAggregateResult: true,
  };
  if (bodies.length) {
    options.requests = [{ setupRequest: (req) => { req.body = bodies[next++ % bodies.length]; return req; } }];
  }
  if (spec.expectBodyIncludes) options.verifyBody = (body) => body.includes(spec.expectBodyIncludes);
  autocannon(options, (error, result) => {
    process.send({ error: error ? String(error.stack || error) : null, result }, () => process.disconnect());
  });
});
`;

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Request bodies, used in turn from a random start (one sequence shared by all connections). */
  bodies?: string[];
  connections: number;
  pipelining?: number;
  durationSeconds: number;
  timeoutSeconds?: number;
  /** A response whose body lacks this text counts as a mismatch. */
  expectBodyIncludes?: string;
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  responses: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  durationSeconds: number;
  statusCodes: Record<string, number>;
}

/** One run of the load generator, as it reports it (histograms encoded, for `mergeLoad`). */
export async function loadRun(spec: LoadSpec): Promise<AutocannonResult> {
  const child = spawn(process.execPath, ['-e', LOAD_CHILD], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, CUSTOS_BENCH_AUTOCANNON: require.resolve('autocannon') },
  });
  return new Promise<AutocannonResult>((resolve, reject) => {
    const limit = setTimeout(
      () => {
        child.kill('SIGKILL');
        reject(new Error(`the load generator did not finish within ${spec.durationSeconds + 30} s`));
      },
      (spec.durationSeconds + 30) * 1000,
    );
    child.once('error', reject);
    child.once('message', (message: { error: string | null; result: AutocannonResult }) => {
      clearTimeout(limit);
      if (message.error) reject(new Error(`autocannon: ${message.error}`));
      else resolve(message.result);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(limit);
      reject(new Error(`the load generator exited (${signal ?? code}) without a result`));
    });
    child.send({ method: 'GET', pipelining: 1, timeoutSeconds: 10, ...spec });
  });
}

/**
 * Runs of one route merged into one result: counts added, latency percentiles from the merged
 * histogram (not averaged), requests per second over the runs' summed duration.
 */
export function mergeLoad(runs: AutocannonResult[]): LoadResult {
  // Loaded here, not at the top: only the benchmarks that measure load need it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { aggregateResult } = require('autocannon') as {
    aggregateResult: (results: AutocannonResult[], opts?: object) => AutocannonResult;
  };
  const raw = aggregateResult(runs, { url: 'http://127.0.0.1' });
  const durationSeconds = runs.reduce((sum, r) => sum + r.duration, 0);
  const statusCodes: Record<string, number> = {};
  const stats = (raw as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  for (const [code, { count }] of Object.entries(stats)) statusCodes[code] = count;
  return {
    requestsPerSecond: raw['2xx'] / durationSeconds,
    latencyMs: {
      mean: raw.latency.mean,
      p50: raw.latency.p50,
      p90: raw.latency.p90,
      p99: raw.latency.p99,
      max: raw.latency.max,
    },
    responses: raw['1xx'] + raw['2xx'] + raw['3xx'] + raw['4xx'] + raw['5xx'],
    ok2xx: raw['2xx'],
    non2xx: raw.non2xx,
    errors: raw.errors,
    timeouts: raw.timeouts,
    mismatches: raw.mismatches,
    durationSeconds,
    statusCodes,
  };
}

/** One run of the load generator, summed up. */
export async function loadTest(spec: LoadSpec): Promise<LoadResult> {
  return mergeLoad([await loadRun(spec)]);
}

/** Throws unless every response of the run was a 2xx with the expected body and nothing failed. */
export function assertClean(label: string, result: LoadResult): void {
  const problems = [
    result.non2xx && `${result.non2xx} non-2xx response(s) ${JSON.stringify(result.statusCodes)}`,
    result.errors && `${result.errors} connection error(s)`,
    result.timeouts && `${result.timeouts} timeout(s)`,
    result.mismatches && `${result.mismatches} response(s) without the expected body`,
    result.ok2xx === 0 && 'no successful response at all',
  ].filter(Boolean);
  if (problems.length) throw new Error(`${label}: ${problems.join('; ')}`);
}

// ---------------------------------------------------------------------------------------------------
// PostgreSQL instrumentation.

/**
 * Counts the statements every pg client of this process sends while `fn` runs (the app's pool
 * included), and keeps their first words.
 */
export async function countPgStatements<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; count: number; statements: string[] }> {
  const statements: string[] = [];
  const value = await watchPgQueries(fn, (first) => {
    const text = typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text;
    statements.push((text ?? '?').replace(/\s+/g, ' ').trim().slice(0, 90));
  });
  return { value, count: statements.length, statements };
}

/**
 * How many times each prepared statement (by name) was sent while `fn` runs: under load, how many
 * requests one statement serves. Cheap enough not to change what it measures.
 */
export async function countPreparedStatements<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; counts: Map<string, number> }> {
  const counts = new Map<string, number>();
  const value = await watchPgQueries(fn, (first) => {
    const name = typeof first === 'object' ? (first as { name?: string } | null)?.name : undefined;
    if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  });
  return { value, counts };
}

async function watchPgQueries<T>(fn: () => Promise<T>, seen: (first: unknown) => void): Promise<T> {
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]): unknown {
    seen(args[0]);
    return original.apply(this, args);
  };
  try {
    return await fn();
  } finally {
    proto.query = original;
  }
}

export interface ActivitySample {
  samples: number;
  /** Mean number of the database's backends in each state/wait, e.g. "active", "Lock:advisory". */
  mean: Record<string, number>;
}

/**
 * Samples pg_stat_activity of one database on a connection of its own (not the app's pool) until the
 * returned function is called: what the app's backends are doing, or waiting for, under load.
 */
export async function sampleActivity(databaseUrl: string, databaseName: string, everyMs = 250) {
  const client = new Client({ connectionString: databaseUrl });
  client.on('error', () => undefined); // terminated with the database at cleanup: nothing to report
  await client.connect();
  const totals: Record<string, number> = {};
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await client.query<{ what: string; n: string }>(
        `SELECT CASE WHEN wait_event_type IS NOT NULL AND state = 'active'
                     THEN wait_event_type || ':' || wait_event ELSE coalesce(state, 'unknown') END AS what,
                count(*) AS n
           FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'
          GROUP BY 1`,
        [databaseName],
      );
      samples += 1;
      for (const { what, n } of rows) totals[what] = (totals[what] ?? 0) + Number(n);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })().catch((error: Error) => progress(`activity sampling stopped: ${error.message}`));
  return async (): Promise<ActivitySample> => {
    stopped = true;
    await loop;
    await client.end();
    const mean: Record<string, number> = {};
    for (const [what, total] of Object.entries(totals)) mean[what] = total / Math.max(samples, 1);
    return { samples, mean };
  };
}

// ---------------------------------------------------------------------------------------------------
// Output.

export function cpuSummary(): string {
  const list = cpus();
  return `${list.length} × ${list[0]?.model.trim() ?? 'unknown CPU'}`;
}

/** The 1-minute load average: figures taken on a busy machine say so. */
export const loadAverage = (): string => loadavg()[0].toFixed(2);

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function printTable(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  process.stdout.write(`${line(cells[0])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of cells.slice(1)) process.stdout.write(`${line(r)}\n`);
}

export function printHeading(title: string): void {
  process.stdout.write(`\n${title}\n${'='.repeat(title.length)}\n`);
}

export const fmt = (n: number, digits = 1): string =>
  n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** CPU milliseconds spent while a meter ran: by this process (the app) and by the database's backends. */
export interface CpuSpent {
  /** The app's process, user and kernel time. */
  appMs: number;
  /** Of `appMs`, the time in the kernel (system calls: sockets, epoll). */
  appKernelMs: number;
  databaseMs: number;
  /** What every process on the machine spent (the load generator too), and the CPU time there was. */
  machineBusyMs: number;
  machineMs: number;
}

export const noCpu = (): CpuSpent => ({
  appMs: 0,
  appKernelMs: 0,
  databaseMs: 0,
  machineBusyMs: 0,
  machineMs: 0,
});

/** Adds what a meter measured to a running total (of a route's rounds). */
export function addCpu(total: CpuSpent, spent: CpuSpent): void {
  for (const key of Object.keys(total) as (keyof CpuSpent)[]) total[key] += spent[key];
}

/** Busy and total CPU milliseconds of the whole machine since boot, from /proc/stat (zeros elsewhere). */
function machineTicks(): { busy: number; total: number } {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    return { busy: busy * 10, total: (busy + idle + iowait) * 10 };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** CPU ticks (user + system) of each backend of the database, read from /proc (Linux; empty elsewhere). */
async function backendTicks(client: Client, databaseName: string): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
    [databaseName],
  );
  const ticks = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12])); // utime, stime (fields 14 and 15)
    } catch {
      // ended meanwhile, or no /proc: not counted
    }
  }
  return ticks;
}

/**
 * Starts counting CPU time: the app's (this process: the app runs in it, the load generator does not),
 * the database backends' (per pid, from /proc; clock ticks of 10 ms), and the whole machine's, which
 * says whether the machine's cores or something else (one thread, a round trip) set the pace.
 */
export async function cpuMeter(databaseUrl: string, databaseName: string): Promise<() => Promise<CpuSpent>> {
  const client = new Client({ connectionString: databaseUrl });
  client.on('error', () => undefined);
  await client.connect();
  const app = process.cpuUsage();
  const machine = machineTicks();
  const before = await backendTicks(client, databaseName);
  return async () => {
    const spent = process.cpuUsage(app);
    const machineNow = machineTicks();
    const after = await backendTicks(client, databaseName);
    await client.end();
    let ticks = 0;
    for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
    return {
      appMs: (spent.user + spent.system) / 1000,
      appKernelMs: spent.system / 1000,
      databaseMs: ticks * 10,
      machineBusyMs: machineNow.busy - machine.busy,
      machineMs: machineNow.total - machine.total,
    };
  };
}

/**
 * When `BENCH_CPU_PROFILE` names a folder, records a V8 CPU profile of this process's main thread (the
 * app's) until the returned function is called, and writes it there as `<label>.cpuprofile` (open it in
 * Chrome's DevTools or https://www.speedscope.app). Without it, does nothing.
 */
export async function cpuProfile(label: string): Promise<() => Promise<void>> {
  const folder = process.env.BENCH_CPU_PROFILE;
  if (!folder) return async () => undefined;
  const path = join(folder, `${label.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`);
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return async () => {
    const { profile } = await post<{ profile: object }>('Profiler.stop');
    session.disconnect();
    mkdirSync(folder, { recursive: true });
    writeFileSync(path, JSON.stringify(profile));
    progress(`${label}: CPU profile written to ${path}`);
  };
}
