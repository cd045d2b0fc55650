import { DataSource } from 'typeorm';
import { ApiKeysService } from '../../src/identity/api-keys.service';
import { OrganizationsService } from '../../src/identity/organizations.service';
import {
  BenchRun,
  benchConfig,
  bootApp,
  cpuSummary,
  createScratch,
  fmt,
  loadAverage,
  median,
  printHeading,
  printTable,
  progress,
  requestJson,
  runBench,
  timed,
  vacuumAsOwner,
} from './bench-support';
import { PROCESSORS, seedProcessorSet } from './processor-set';

/*
 * `npm run bench:dashboard`: the dashboard's summary routes on the data set of bench:transfer-check
 * (10,000 processors with assessments and agreements), with a month of the gate's decisions and what a
 * busy organisation has waiting: breaches on the clock, overdue checks and findings, agreements and
 * assessments running out, objection windows, offboardings. Each route is called one at a time, as a
 * browser opening the dashboard does; the goal is the slowest route's median ≤ 200 ms.
 */

const DECISIONS_PER_DAY = 5_000;
const DAYS = 30;
const CALLS = 30;
const WARMUP_CALLS = 3;
const TARGET_MS = 200;
const ROUTES = [
  'breach-clocks',
  'overdue-monitoring',
  'expiring-agreements',
  'expiring-assessments',
  'objection-windows',
  'offboardings-due',
  'processors',
  'transfer-decisions',
];

/** What needs someone, in quantities a large organisation has. Answers the row counts it added. */
async function seedAttention(dataSource: DataSource, org: string): Promise<Record<string, number>> {
  return dataSource.transaction(async (m) => {
    const count = async (sql: string, params: unknown[] = []) => {
      const rows = await m.query<{ n: number }[]>(
        `WITH added AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM added`,
        params,
      );
      return rows[0].n;
    };
    const ids = `(SELECT id, row_number() OVER (ORDER BY id) AS n FROM processor WHERE organization_id = $1 AND parent_id IS NULL)`;
    return {
      'transfer decisions': await count(
        `INSERT INTO transfer_decision (organization_id, processor_id, data_categories, purpose, destination_country,
                                        eligible, reasons, facts, rule_set_version, checked_at, actor_type, actor_label)
         SELECT $1, p.id, '{user.contact.email}', 'marketing', CASE WHEN g % 3 = 0 THEN 'US' END, g % 3 <> 0,
                CASE WHEN g % 3 <> 0 THEN '[]'::jsonb
                     WHEN g % 2 = 0 THEN '[{"code":"CATEGORY_NOT_COVERED","message":"","details":{}}]'::jsonb
                     ELSE '[{"code":"TRANSFER_MECHANISM_MISSING","message":"","details":{}},{"code":"CATEGORY_NOT_COVERED","message":"","details":{}}]'::jsonb END,
                '{}', 'bench', now() - (g * interval '${(DAYS * 86_400) / (DAYS * DECISIONS_PER_DAY)} seconds'),
                'api_key', 'bench'
           FROM generate_series(1, ${DAYS * DECISIONS_PER_DAY}) AS g
           JOIN ${ids} AS p ON p.n = 1 + g % ${PROCESSORS}`,
        [org],
      ),
      'breaches on the clock': await count(
        `INSERT INTO incident (organization_id, processor_id, title, nature, reported_at, aware_at, notification_deadline, version)
         SELECT $1, p.id, 'Breach ' || p.n, 'Seeded', now() - p.n * interval '1 hour', now() - p.n * interval '1 hour',
                now() - p.n * interval '1 hour' + interval '72 hours', 1
           FROM ${ids} AS p WHERE p.n <= 300`,
        [org],
      ),
      'overdue checks': await count(
        `INSERT INTO monitoring_check (organization_id, processor_id, type, due_on, status, version)
         SELECT $1, p.id, 'periodic_review', current_date - (p.n % 60)::int - 1, 'overdue', 1
           FROM ${ids} AS p WHERE p.n <= 2000`,
        [org],
      ),
      'scheduled checks': await count(
        `INSERT INTO monitoring_check (organization_id, processor_id, type, due_on, status, version)
         SELECT $1, p.id, 'periodic_review', current_date + (p.n % 365)::int + 1, 'scheduled', 1 FROM ${ids} AS p`,
        [org],
      ),
      'overdue findings': await count(
        `INSERT INTO finding (organization_id, processor_id, source, source_id, title, severity, status, due_on, version)
         SELECT $1, p.id, 'monitoring_check', gen_random_uuid(), 'Finding ' || p.n, 'medium', 'open',
                current_date - (p.n % 30)::int - 1, 1
           FROM ${ids} AS p WHERE p.n <= 1000`,
        [org],
      ),
      'agreements running out': await count(
        `UPDATE agreement a SET expires_on = current_date + (p.n % 90)::int
           FROM ${ids} AS p WHERE a.processor_id = p.id AND p.n <= 500`,
        [org],
      ),
      'assessments running out': await count(
        `UPDATE processor x SET assessment_valid_until = current_date + (p.n % 120)::int - 30
           FROM ${ids} AS p WHERE x.id = p.id AND p.n <= 300`,
        [org],
      ),
      'objection windows': await count(
        `UPDATE processor SET authorization_status = 'objection_window', objection_window_ends_on = current_date + 10
          WHERE organization_id = $1 AND parent_id IS NOT NULL`,
        [org],
      ),
      offboardings: await count(
        `INSERT INTO offboarding (organization_id, processor_id, agreement_id, data_handling, due_on, data_categories,
                                  data_subject_categories, reason, effective_on, version)
         SELECT $1, a.processor_id, a.id, 'delete', current_date + (p.n % 40)::int - 20, '{user.contact}', '{customer}',
                'Seeded', current_date - 30, 1
           FROM agreement a JOIN ${ids} AS p ON a.processor_id = p.id WHERE p.n > 9800`,
        [org],
      ),
    };
  });
}

async function main(run: BenchRun): Promise<void> {
  const loadAtStart = loadAverage();
  progress('creating the scratch database and applying migrations');
  const scratch = await createScratch(run);
  const { app, origin } = await bootApp(run, benchConfig(scratch));
  const dataSource = app.get(DataSource);
  progress(`seeding ${PROCESSORS.toLocaleString('en-GB')} processors with assessments and agreements`);
  const seeded = await seedProcessorSet(dataSource, app.get(OrganizationsService), app.get(ApiKeysService), [
    'dpo',
    'legal',
    'procurement',
  ]);
  progress(
    `seeding ${(DAYS * DECISIONS_PER_DAY).toLocaleString('en-GB')} decisions and the items that need someone`,
  );
  const { ms: attentionMs, value: added } = await timed(() =>
    seedAttention(dataSource, seeded.organizationId),
  );
  await vacuumAsOwner(scratch);
  progress(`seeded in ${fmt((seeded.seedMs + attentionMs) / 1000, 2)} s`);

  const headers = { 'x-api-key': seeded.apiKey };
  const rows: (string | number)[][] = [];
  let slowest = { route: '', median: 0 };
  for (const route of ROUTES) {
    const url = `${origin}/api/v1/dashboard/${route}`;
    const times: number[] = [];
    let total: unknown;
    for (let n = 0; n < WARMUP_CALLS + CALLS; n++) {
      const { ms, value } = await timed(() => requestJson('GET', url, headers));
      if (value.status !== 200)
        throw new Error(`${route} answered ${value.status}: ${JSON.stringify(value.body)}`);
      const body = value.body as {
        total?: number;
        refused?: number;
        checks?: { total: number };
        findings?: { total: number };
      };
      total = body.total ?? body.refused ?? `${body.checks?.total} checks, ${body.findings?.total} findings`;
      if (n >= WARMUP_CALLS) times.push(ms);
    }
    times.sort((a, b) => a - b);
    const mid = median(times);
    if (mid > slowest.median) slowest = { route, median: mid };
    rows.push([
      `GET /api/v1/dashboard/${route}`,
      fmt(mid, 1),
      fmt(times[Math.ceil(times.length * 0.95) - 1], 1),
      fmt(times[times.length - 1], 1),
      String(total),
    ]);
  }

  // Where the slowest route's time goes: its statements' plans as PostgreSQL ran them.
  const [{ from }] = await dataSource.query<{ from: string }[]>(
    `SELECT (date_trunc('day', now() AT TIME ZONE 'UTC') - interval '29 days') AT TIME ZONE 'UTC' AS from`,
  );
  const plans: string[] = [];
  for (const sql of [
    `SELECT d.start, c.* FROM generate_series($2::timestamptz, $2::timestamptz + interval '29 days', interval '1 day') AS d(start),
            LATERAL (SELECT count(*) FILTER (WHERE eligible), count(*) FROM transfer_decision
                      WHERE organization_id = $1 AND checked_at >= d.start AND checked_at < d.start + interval '1 day') AS c`,
    `SELECT code, count(*) FROM transfer_decision d, jsonb_array_elements_text(d.reason_codes) AS code
      WHERE d.organization_id = $1 AND d.checked_at >= $2 AND NOT d.eligible GROUP BY 1`,
  ]) {
    const rows = await dataSource.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [
      seeded.organizationId,
      from,
    ]);
    plans.push(rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n'));
  }

  printHeading('Custos dashboard benchmark');
  process.stdout.write(
    `node ${process.version}, ${cpuSummary()}, load average ${loadAtStart} at start, ${loadAverage()} at end\n` +
      `data set: ${Object.entries(seeded.counts)
        .map(([k, v]) => `${v.toLocaleString('en-GB')} ${k}`)
        .join(', ')}; added: ${Object.entries(added)
        .map(([k, v]) => `${v.toLocaleString('en-GB')} ${k}`)
        .join(', ')}\n` +
      `each route ${CALLS} times one after another (after ${WARMUP_CALLS} warm-up calls), X-API-Key (dpo, legal, procurement)\n\n`,
  );
  printTable(['route', 'median ms', 'p95 ms', 'max ms', 'total (decisions: refused)'], rows);
  process.stdout.write(
    `\nslowest route: ${slowest.route}, median ${fmt(slowest.median, 1)} ms ` +
      `(goal ≤ ${TARGET_MS} ms: ${slowest.median <= TARGET_MS ? 'met' : 'NOT met'})\n`,
  );
  process.stdout.write(`\nthe chart's statements as PostgreSQL ran them:\n${plans.join('\n\n')}\n`);
}

runBench(main, { timeoutMs: 10 * 60_000 });
