import type { Result as AutocannonResult } from 'autocannon';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../../src/identity/api-keys.service';
import { PROCESSORS, Seeded, seedProcessorSet } from './processor-set';
import { TransferChecksService } from '../../src/transfers/transfer-checks.service';
import { OrganizationsService } from '../../src/identity/organizations.service';
import {
  ActivitySample,
  assertClean,
  BenchRun,
  benchConfig,
  bootApp,
  countPgStatements,
  addCpu,
  countPreparedStatements,
  cpuMeter,
  cpuProfile,
  CpuSpent,
  cpuSummary,
  loadAverage,
  createScratch,
  fmt,
  LoadResult,
  LoadSpec,
  loadRun,
  loadTest,
  mergeLoad,
  noCpu,
  median,
  printHeading,
  printTable,
  progress,
  requestJson,
  runBench,
  sampleActivity,
  timed,
  vacuumAsOwner,
} from './bench-support';

/*
 * `npm run bench:transfer-check`: the transfer gate (POST /transfer-checks) under concurrent load beside
 * a bare route of the same app, and a batch of 1,000 checks. About a minute and a half; it stops by itself.
 */

/**
 * BENCH_CONNECTIONS overrides the concurrency of both routes (e.g. 1 for a sequential run);
 * BENCH_CPU_PROFILE=folder records the app's CPU profile during each route's measured run;
 * GATE_FACTS_CACHE_PROCESSORS=0 has the gate read the facts of every check (none kept between checks).
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const PIPELINING = 1;
const WARMUP_SECONDS = 3;
const ROUNDS = 5;
const ROUND_SECONDS = 3;
const BATCH_SIZE = 1_000;
const BATCH_RUNS = 5;
const BODIES = 20_000;
const PROBE_CHECKS = 20;

const API = '/api/v1';

interface CheckBody {
  processorId: string;
  dataCategories: string[];
  purpose: string;
  destinationCountry?: string;
}

// ---------------------------------------------------------------------------------------------------
// The checks: two thirds within the agreement's scope, one third refused (a category outside the scope,
// or a destination outside the EEA without a transfer mechanism).

const ELIGIBLE_CATEGORIES = [['user.contact.email'], ['user.contact.phone_number'], ['user.contact']];
const ELIGIBLE_PURPOSES = ['marketing', 'marketing.communications.email', 'marketing.advertising'];

function checkBody(processorId: string, n: number): CheckBody {
  switch (n % 6) {
    case 2:
      return { processorId, dataCategories: ['user.contact.email', 'user.financial'], purpose: 'marketing' };
    case 5:
      return {
        processorId,
        dataCategories: ['user.contact.email'],
        purpose: 'marketing',
        destinationCountry: 'US',
      };
    default:
      return {
        processorId,
        dataCategories: ELIGIBLE_CATEGORIES[n % ELIGIBLE_CATEGORIES.length],
        purpose: ELIGIBLE_PURPOSES[n % ELIGIBLE_PURPOSES.length],
      };
  }
}

const expectedReasons = (n: number): string[] =>
  n % 6 === 2 ? ['DATA_CATEGORY_NOT_COVERED'] : n % 6 === 5 ? ['THIRD_COUNTRY_NO_SAFEGUARD'] : [];

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

interface Outcome {
  decisionId?: unknown;
  processorId?: unknown;
  eligible?: unknown;
  reasons?: { code?: unknown; message?: unknown }[];
  checkedAt?: unknown;
  ruleSetVersion?: unknown;
}

/** Whether one answer has the documented shape and the reasons the seeded data must give. */
function verifyOutcome(label: string, body: CheckBody, outcome: Outcome, want: string[]): void {
  const codes = Array.isArray(outcome.reasons) ? outcome.reasons.map((r) => r.code) : undefined;
  const ok =
    typeof outcome.decisionId === 'string' &&
    outcome.processorId === body.processorId &&
    outcome.eligible === (want.length === 0) &&
    typeof outcome.checkedAt === 'string' &&
    typeof outcome.ruleSetVersion === 'string' &&
    !!codes &&
    JSON.stringify(codes) === JSON.stringify(want) &&
    (outcome.reasons ?? []).every((r) => typeof r.message === 'string');
  if (!ok) {
    throw new Error(
      `${label}: expected eligible=${want.length === 0} with reasons [${want.join(', ')}] for ` +
        `${JSON.stringify(body)}, got ${JSON.stringify(outcome)}`,
    );
  }
}

async function verifySamples(origin: string, headers: Record<string, string>, seeded: Seeded): Promise<void> {
  const samples: [string, CheckBody, string[]][] = [
    ['eligible', checkBody(pick(seeded.processorIds), 0), []],
    ['eligible, with an authorised sub-processor', checkBody(pick(seeded.withSubProcessor), 1), []],
    ['category outside the scope', checkBody(pick(seeded.processorIds), 2), expectedReasons(2)],
    ['destination US without a mechanism', checkBody(pick(seeded.processorIds), 5), expectedReasons(5)],
  ];
  for (const [label, body, want] of samples) {
    const res = await requestJson('POST', `${origin}${API}/transfer-checks`, headers, body);
    if (res.status !== 200) throw new Error(`${label}: answered ${res.status} ${JSON.stringify(res.body)}`);
    verifyOutcome(label, body, res.body as Outcome, want);
  }
  // The same number of checks at once as the load will keep in flight, with a readable failure.
  const together = Array.from({ length: CONNECTIONS }, (_, n) => checkBody(pick(seeded.processorIds), n));
  const answers = await Promise.all(
    together.map((body) => requestJson('POST', `${origin}${API}/transfer-checks`, headers, body)),
  );
  const failed = answers.filter((a) => a.status !== 200);
  if (failed.length) {
    const statuses = failed.map((a) => a.status).join(', ');
    throw new Error(
      `${failed.length} of ${CONNECTIONS} concurrent checks failed (status ${statuses}); first answer: ` +
        JSON.stringify(failed[0].body),
    );
  }
  answers.forEach((a, n) =>
    verifyOutcome(`concurrent check ${n}`, together[n], a.body as Outcome, expectedReasons(n)),
  );
  const sample = checkBody(pick(seeded.processorIds), 0);
  const accepted = await requestJson('POST', `${origin}${API}/bench/accepted`, headers, sample);
  if (accepted.status !== 200 || (accepted.body as Outcome).processorId !== sample.processorId) {
    throw new Error(
      `the gate's path without the gate answered ${accepted.status} ${JSON.stringify(accepted.body)}`,
    );
  }
  const bare = await requestJson('GET', `${origin}${API}/bench/constant`);
  if (bare.status !== 200 || JSON.stringify(bare.body) !== '{"ok":true}') {
    throw new Error(`bare route answered ${bare.status} ${JSON.stringify(bare.body)}`);
  }
}

// ---------------------------------------------------------------------------------------------------

interface Measured {
  result: LoadResult;
  activity?: ActivitySample;
  cpu: CpuSpent;
  /** The share of the run the app's event loop was busy (event-loop utilisation, 0..1). */
  busy: number;
  /** Prepared statements sent during the run, by name. */
  statements: Map<string, number>;
}

interface Route {
  label: string;
  spec: Omit<LoadSpec, 'durationSeconds'>;
  /** Samples the database's backends during each of the route's rounds. */
  watch?: () => Promise<() => Promise<ActivitySample>>;
}

/**
 * Routes (warmed up) measured in ROUNDS rounds that take the routes in turn, ROUND_SECONDS
 * each: a change in the machine's speed during the run (a shared host's other tenants) then weighs on
 * every route alike, where routes measured one after the other could each meet a different machine.
 * A route's figures are over all its rounds (latency percentiles from the merged histogram).
 */
async function measureInRounds(
  idle: () => Promise<void>,
  routes: Route[],
  meter: () => Promise<() => Promise<CpuSpent>>,
): Promise<Measured[]> {
  const runs = routes.map(() => [] as AutocannonResult[]);
  const cpu = routes.map(noCpu);
  const loop = routes.map(() => ({ idle: 0, active: 0 }));
  const statements = routes.map(() => new Map<string, number>());
  const activity = routes.map((): { samples: number; totals: Record<string, number> } => ({
    samples: 0,
    totals: {},
  }));
  for (let round = 1; round <= ROUNDS; round++) {
    progress(`round ${round} of ${ROUNDS}: ${ROUND_SECONDS} s per route, ${CONNECTIONS} connections`);
    for (const [n, { label, spec, watch }] of routes.entries()) {
      const stopWatch = watch ? await watch() : undefined;
      const stopMeter = await meter();
      const stopProfile = await cpuProfile(`${label} round ${round}`);
      const loopAtStart = performance.eventLoopUtilization();
      let measured: AutocannonResult | undefined;
      try {
        const { value, counts } = await countPreparedStatements(async () => {
          const result = await loadRun({ ...spec, durationSeconds: ROUND_SECONDS });
          await idle();
          return result;
        });
        measured = value;
        runs[n].push(value);
        for (const [name, count] of counts) statements[n].set(name, (statements[n].get(name) ?? 0) + count);
      } finally {
        const spent = await stopMeter();
        addCpu(cpu[n], spent);
        if (measured) {
          progress(
            `  ${label}: ${fmt(measured['2xx'] / measured.duration)} req/s, ` +
              `app ${fmt(spent.appMs / Math.max(measured['2xx'], 1), 2)} ms per request, ` +
              `machine ${fmt((100 * spent.machineBusyMs) / Math.max(spent.machineMs, 1), 0)} % busy`,
          );
        }
        await stopProfile();
        const sampled = stopWatch ? await stopWatch() : undefined;
        if (sampled) {
          for (const [what, mean] of Object.entries(sampled.mean))
            activity[n].totals[what] = (activity[n].totals[what] ?? 0) + mean * sampled.samples;
          activity[n].samples += sampled.samples;
        }
        const used = performance.eventLoopUtilization(loopAtStart);
        loop[n].idle += used.idle;
        loop[n].active += used.active;
      }
    }
  }
  return routes.map(({ label, watch }, n) => {
    const result = mergeLoad(runs[n]);
    assertClean(label, result);
    progress(`${label}: ${fmt(result.requestsPerSecond)} req/s, p99 ${result.latencyMs.p99} ms`);
    const mean: Record<string, number> = {};
    for (const [what, total] of Object.entries(activity[n].totals))
      mean[what] = total / Math.max(activity[n].samples, 1);
    return {
      result,
      cpu: cpu[n],
      busy: loop[n].active / Math.max(loop[n].active + loop[n].idle, 1),
      statements: statements[n],
      activity: watch ? { samples: activity[n].samples, mean } : undefined,
    };
  });
}

async function main(run: BenchRun): Promise<void> {
  const loadAtStart = loadAverage();
  progress('creating the scratch database and applying migrations');
  const scratch = await createScratch(run);
  const config = benchConfig(scratch);
  progress(`booting Custos on ${scratch.databaseName} (queue prefix ${scratch.queuePrefix})`);
  const { app, origin, idle } = await bootApp(run, config);
  const dataSource = app.get(DataSource);

  progress(`seeding ${PROCESSORS.toLocaleString('en-GB')} processors with assessments and agreements`);
  const seeded = await seedProcessorSet(dataSource, app.get(OrganizationsService), app.get(ApiKeysService));
  await vacuumAsOwner(scratch);
  progress(`seeded in ${fmt(seeded.seedMs / 1000, 2)} s`);

  const headers = { 'x-api-key': seeded.apiKey };
  await verifySamples(origin, headers, seeded);
  progress('sample answers verified (200, shape, eligible and refused as seeded)');

  const bodies = Array.from({ length: BODIES }, (_, n) =>
    JSON.stringify(checkBody(pick(seeded.processorIds), n)),
  );
  const common = { connections: CONNECTIONS, pipelining: PIPELINING };
  const meter = () => cpuMeter(scratch.databaseUrl, scratch.databaseName);

  const decisionCount = async () => {
    const [row] = await dataSource.query<{ total: string; eligible: string }[]>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE eligible) AS eligible FROM transfer_decision`,
    );
    return { total: Number(row.total), eligible: Number(row.eligible) };
  };
  const routes: Route[] = [
    {
      label: 'bare route',
      spec: { ...common, url: `${origin}${API}/bench/constant`, expectBodyIncludes: '"ok":true' },
    },
    {
      label: 'gate path without the gate',
      spec: {
        ...common,
        url: `${origin}${API}/bench/accepted`,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        bodies,
        expectBodyIncludes: '"ruleSetVersion"',
      },
    },
    {
      label: 'transfer gate',
      spec: {
        ...common,
        url: `${origin}${API}/transfer-checks`,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        bodies,
        expectBodyIncludes: '"ruleSetVersion"',
      },
      watch: () => sampleActivity(scratch.databaseUrl, scratch.databaseName),
    },
  ];
  for (const { label, spec } of routes) {
    progress(`${label}: warm-up ${WARMUP_SECONDS} s`);
    assertClean(`${label} (warm-up)`, await loadTest({ ...spec, durationSeconds: WARMUP_SECONDS }));
    await idle();
  }
  // Only the gate stores decisions: those stored from here on are its measured rounds'.
  const before = await decisionCount();
  const gateService = app.get(TransferChecksService);
  const decidedBefore = { ...gateService.decidedOn };
  const [bare, accepted, gate] = await measureInRounds(idle, routes, meter);
  const after = await decisionCount();
  const decidedOn = {
    kept: gateService.decidedOn.kept - decidedBefore.kept,
    read: gateService.decidedOn.read - decidedBefore.read,
  };
  const keptProcessors = gateService.keptProcessors;
  // After a full collection (the script runs with --expose-gc): what the app holds, kept facts included.
  (globalThis as { gc?: () => void }).gc?.();
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  const stored = { total: after.total - before.total, eligible: after.eligible - before.eligible };
  // Requests still in flight when a round's load generator stopped are answered to nobody but stored: at
  // most two per connection at the end of each round (the one in flight, and one a connection sent as
  // the round stopped; seen at 64 connections: 1.13 per connection and round).
  if (
    stored.total < gate.result.ok2xx ||
    stored.total > gate.result.ok2xx + 2 * ROUNDS * CONNECTIONS * PIPELINING
  ) {
    throw new Error(
      `${gate.result.ok2xx} answers but ${stored.total} decisions stored during the measured run`,
    );
  }

  progress(`batch of ${BATCH_SIZE.toLocaleString('en-GB')} checks × ${BATCH_RUNS}`);
  const batchMs: number[] = [];
  const stopBatchProfile = await cpuProfile('batch');
  for (let runNo = 0; runNo < BATCH_RUNS; runNo++) {
    const checks = Array.from({ length: BATCH_SIZE }, (_, n) => checkBody(pick(seeded.processorIds), n));
    const { ms, value: res } = await timed(() =>
      requestJson('POST', `${origin}${API}/transfer-checks/batch`, headers, { checks }),
    );
    const results = (res.body as { results?: Outcome[] } | undefined)?.results;
    if (res.status !== 200 || !Array.isArray(results) || results.length !== BATCH_SIZE) {
      throw new Error(`batch answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
    }
    results.forEach((outcome, n) => verifyOutcome(`batch item ${n}`, checks[n], outcome, expectedReasons(n)));
    batchMs.push(ms);
  }
  await stopBatchProfile();

  progress(`counting PostgreSQL round trips of ${PROBE_CHECKS} sequential checks and one batch`);
  const single = await countPgStatements(async () => {
    for (let n = 0; n < PROBE_CHECKS; n++) {
      const res = await requestJson(
        'POST',
        `${origin}${API}/transfer-checks`,
        headers,
        checkBody(pick(seeded.processorIds), n),
      );
      if (res.status !== 200) throw new Error(`probe check answered ${res.status}`);
    }
  });
  const oneCheck = await countPgStatements(() =>
    requestJson(
      'POST',
      `${origin}${API}/transfer-checks`,
      headers,
      checkBody(pick(seeded.withSubProcessor), 0),
    ),
  );
  const batchChecks = Array.from({ length: BATCH_SIZE }, (_, n) => checkBody(pick(seeded.processorIds), n));
  const batch = await countPgStatements(() =>
    requestJson('POST', `${origin}${API}/transfer-checks/batch`, headers, { checks: batchChecks }),
  );
  if (batch.value.status !== 200) throw new Error(`probe batch answered ${batch.value.status}`);
  const poolSize = (dataSource.options as { extra?: { max?: number } }).extra?.max ?? 10;
  const [{ server_version: pgVersion }] =
    await dataSource.query<{ server_version: string }[]>('SHOW server_version');

  // ------------------------------------------------------------------------------------------------
  printHeading('Custos transfer gate benchmark');
  process.stdout.write(
    `node ${process.version}, ${cpuSummary()}, PostgreSQL ${pgVersion}, app pool ${poolSize} connections, ` +
      `load average ${loadAtStart} at start, ${loadAverage()} at end\n` +
      `seeded in one organisation: ${Object.entries(seeded.counts)
        .map(([k, v]) => `${v.toLocaleString('en-GB')} ${k}`)
        .join(', ')} (in ${fmt(seeded.seedMs / 1000, 2)} s)\n` +
      `load: autocannon in its own process, connections ${CONNECTIONS}, pipelining ${PIPELINING}, ` +
      `${WARMUP_SECONDS} s warm-up per route, then ${ROUNDS} rounds of ${ROUND_SECONDS} s per route taking ` +
      `the routes in turn (${ROUNDS * ROUND_SECONDS} s per route), X-API-Key (role procurement)\n` +
      `gate mix: ${fmt((100 * stored.eligible) / Math.max(stored.total, 1))} % eligible of ` +
      `${stored.total.toLocaleString('en-GB')} decisions stored during the measured run ` +
      `(refused: a category outside the scope, or destination US)\n\n`,
  );
  const row = (label: string, r: LoadResult) => [
    label,
    fmt(r.requestsPerSecond),
    fmt(r.latencyMs.mean, 2),
    fmt(r.latencyMs.p50, 0),
    fmt(r.latencyMs.p99, 0),
    fmt(r.latencyMs.max, 0),
    r.ok2xx.toLocaleString('en-GB'),
    r.non2xx + r.errors + r.timeouts + r.mismatches,
  ];
  printTable(
    ['route', 'req/s', 'mean ms', 'p50 ms', 'p99 ms', 'max ms', '2xx', 'failed'],
    [
      row('GET  /api/v1/bench/constant (bare)', bare.result),
      row('POST /api/v1/bench/accepted (gate path without the gate)', accepted.result),
      row('POST /api/v1/transfer-checks (gate)', gate.result),
    ],
  );
  const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);
  const machineBusy = (m: Measured) => fmt((100 * m.cpu.machineBusyMs) / Math.max(m.cpu.machineMs, 1));
  const perRequest = (m: Measured) =>
    `app ${fmt(m.cpu.appMs / Math.max(m.result.responses, 1), 2)} ms ` +
    `(kernel ${fmt(m.cpu.appKernelMs / Math.max(m.result.responses, 1), 2)}), ` +
    `PostgreSQL ${fmt(m.cpu.databaseMs / Math.max(m.result.responses, 1), 2)} ms`;
  process.stdout.write(
    `\nCPU per request (it drifts with a shared machine's speed: compare routes of one run): bare ${perRequest(bare)}; ` +
      `without the gate ${perRequest(accepted)}; gate ${perRequest(gate)}\n` +
      `app event loop busy during the run: bare ${fmt(100 * bare.busy)} %, ` +
      `without the gate ${fmt(100 * accepted.busy)} %, gate ${fmt(100 * gate.busy)} % ` +
      `(the rest of the time every request in the app was waiting on PostgreSQL, Redis or the load generator)\n` +
      `machine busy during the run (all ${cpus().length} cores, every process): bare ${machineBusy(bare)} %, ` +
      `without the gate ${machineBusy(accepted)} %, gate ${machineBusy(gate)} %\n`,
  );
  process.stdout.write(
    `\ngate / bare: throughput ${fmt(ratio(gate.result.requestsPerSecond, bare.result.requestsPerSecond), 3)}` +
      ` (the bare route serves ${fmt(ratio(bare.result.requestsPerSecond, gate.result.requestsPerSecond))}× as many),` +
      ` p99 ${fmt(ratio(gate.result.latencyMs.p99, bare.result.latencyMs.p99))}×\n` +
      `gate path without the gate / bare: throughput ` +
      `${fmt(ratio(accepted.result.requestsPerSecond, bare.result.requestsPerSecond), 3)} (an API key, ` +
      `a JSON body and its validation, no reading, deciding or storing: what the gate costs before its ` +
      `own work)\n\n`,
  );
  const sortedBatch = [...batchMs].sort((a, b) => a - b);
  printTable(
    [
      `POST /api/v1/transfer-checks/batch (${BATCH_SIZE.toLocaleString('en-GB')} checks)`,
      'min ms',
      'median ms',
      'max ms',
      'checks/s (median)',
    ],
    [
      [
        `${BATCH_RUNS} runs, one at a time`,
        fmt(sortedBatch[0], 0),
        fmt(median(batchMs), 0),
        fmt(sortedBatch[sortedBatch.length - 1], 0),
        fmt((BATCH_SIZE * 1000) / median(batchMs), 0),
      ],
    ],
  );
  process.stdout.write(
    `\nPostgreSQL statements: ${fmt(single.count / PROBE_CHECKS)} per single check (mean of ${PROBE_CHECKS}), ` +
      `${batch.count} for a batch of ${BATCH_SIZE.toLocaleString('en-GB')}\n`,
  );
  process.stdout.write(`one check, with a sub-processor in its chain:\n`);
  for (const s of oneCheck.statements) process.stdout.write(`  ${s}\n`);
  const perStatement = [...gate.statements]
    .map(([name, n]) => `${name} ${fmt(gate.result.responses / n)}`)
    .join(', ');
  process.stdout.write(`checks served per statement under load (group sizes): ${perStatement || 'none'}\n`);
  process.stdout.write(
    `facts of the measured checks: ${fmt((100 * decidedOn.kept) / Math.max(decidedOn.kept + decidedOn.read, 1))} % ` +
      `kept from earlier checks, ${decidedOn.read.toLocaleString('en-GB')} checks read them ` +
      `(GATE_FACTS_CACHE_PROCESSORS=${config.gateFactsCacheProcessors}); ${keptProcessors.toLocaleString('en-GB')} ` +
      `processors kept at the end, app heap after a full collection ${fmt(heapMb, 0)} MB\n`,
  );
  if (gate.activity) {
    const waits = Object.entries(gate.activity.mean)
      .sort(([, a], [, b]) => b - a)
      .map(([what, n]) => `${what} ${fmt(n)}`)
      .join(', ');
    process.stdout.write(
      `app backends during the gate run (mean of ${gate.activity.samples} samples of pg_stat_activity): ${waits}\n`,
    );
  }
}

runBench(main, { timeoutMs: 6 * 60_000 });
