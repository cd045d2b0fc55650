import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import IORedis from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { signedAgreementParts } from './processor-set';
import { AppModule } from '../../src/app.module';
import { AppConfig } from '../../src/config/app-config';
import { AssessmentsService } from '../../src/assessments/assessments.service';
import { DEFAULT_TEMPLATE_ID } from '../../src/assessments/templates.service';
import { OrganizationsService } from '../../src/identity/organizations.service';
import type { SweepStats } from '../../src/sweep/sweep-step';
import { SweepService } from '../../src/sweep/sweep.service';
import { AuditService } from '../../src/platform/audit/audit.service';
import { Clock } from '../../src/platform/clock/clock';
import { MailService } from '../../src/platform/mail/mail.service';
import { dropDatabase, ensureDatabase, runMigrations } from '../../src/platform/database/prepare-database';
import { ensureRuntimeRole } from '../../src/platform/database/runtime-role';

/*
 * `npm run bench:sweep`: the daily monitoring sweep over 100,000 processors (4 organisations) with
 * assessments, agreements, certifications, sub-processors in objection windows, monitoring checks and
 * findings whose dates are spread over two years either side of today. It calls SweepService.run directly
 * (MODE=api, so no worker takes the e-mails it queues), three times:
 *   1. the first sweep over that history: a catch-up of everything that ever fell due;
 *   2. the same sweep again the same day: it must queue nothing;
 *   3. the sweep of the next day: the steady state, what crosses a date or threshold in one day.
 * Everything lives in a scratch database custos_bench_sweep_<random> and a queue prefix of its own,
 * both removed at the end, also on failure. Progress goes to stderr, figures to stdout.
 */

const PROCESSORS = Number(process.env.BENCH_PROCESSORS ?? 100_000);
const ORGANIZATIONS = 4;
/** Every n-th processor has a sub-processor in an objection window (±60 days). */
const SUB_PROCESSOR_EVERY = 10;
/** Every n-th processor has an ad-hoc audit besides its periodic review. */
const AUDIT_EVERY = 4;
/** Every n-th processor has a finding. */
const FINDING_EVERY = 3;
/** Every n-th processor has an ISO 27001 certification. */
const CERTIFIED_EVERY = 2;
/** Dates are spread over today ± this many days. */
const SPREAD_DAYS = 730;
const TIME_LIMIT_MS = 10 * 60_000;

const started = performance.now();
function progress(message: string): void {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s] ${message}\n`);
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function printTable(title: string, rows: [string, string][]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\n${title}\n${'-'.repeat(title.length)}\n`);
  for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(width)}  ${v.padStart(12)}\n`);
}

/** A deterministic spread of `g` over today ± SPREAD_DAYS, decorrelated by `prime`. */
const spread = (prime: number): string =>
  `((g::bigint * ${prime}) % ${2 * SPREAD_DAYS + 1})::int - ${SPREAD_DAYS}`;

interface Scratch {
  databaseName: string;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  filesDir: string;
}

async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  let deleted = 0;
  try {
    await redis.connect();
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

async function seed(
  dataSource: DataSource,
  organizations: OrganizationsService,
  today: string,
): Promise<{ counts: [string, number][]; seedMs: number }> {
  const orgIds: string[] = [];
  const t0 = performance.now();
  for (let i = 1; i <= ORGANIZATIONS; i++) {
    const { organization, user } = await organizations.createWithAdmin({
      organizationName: `Bench ${i} GmbH`,
      email: `admin@bench${i}.example`,
      name: `Bench Admin ${i}`,
      password: `Vx9!${randomUUID()}`,
    });
    orgIds.push(organization.id);
    // Two legal users and a DPO per organisation, with the admin's (unused) password hash.
    await dataSource.query(
      `INSERT INTO "user" (organization_id, email, name, roles, active, password_hash, password_changed_at,
                           password_change_required, version)
       SELECT organization_id, x.email, x.name, x.roles, true, password_hash, now(), false, 1
         FROM "user" u
        CROSS JOIN (VALUES ('legal-1@' || $2, 'Lena Legal', ARRAY['legal']),
                           ('legal-2@' || $2, 'Lars Legal', ARRAY['legal']),
                           ('dpo@' || $2, 'Dora DPO', ARRAY['dpo'])) AS x(email, name, roles)
        WHERE u.id = $1`,
      [user.id, `bench${i}.example`],
    );
  }

  const { scope, clauses, signatures } = signedAgreementParts(`${today}T08:00:00.000Z`, null);

  await dataSource.transaction(async (m) => {
    await m.query(
      `CREATE TEMP TABLE bench_seed ON COMMIT DROP AS
         SELECT g, ($1::uuid[])[1 + g % ${ORGANIZATIONS}] AS org_id, gen_random_uuid() AS processor_id,
                gen_random_uuid() AS assessment_id, gen_random_uuid() AS agreement_id
           FROM generate_series(1, ${PROCESSORS}) AS g`,
      [orgIds],
    );
    progress('seeding processors');
    await m.query(
      `INSERT INTO processor (id, organization_id, name, legal_name, country, processing_countries, services,
                              contact_email, status, risk_rating, approved_assessment_id, assessment_valid_until,
                              certifications, version)
       SELECT processor_id, org_id, 'Bench Processor ' || g, 'Bench Processor ' || g || ' GmbH', 'DE', '{DE}',
              'E-mail delivery', 'privacy+' || g || '@processor.example', 'active',
              (ARRAY['low', 'medium', 'high'])[1 + g % 3], assessment_id, $1::date + ${spread(7919)},
              CASE WHEN g % ${CERTIFIED_EVERY} = 0
                THEN jsonb_build_array(jsonb_build_object('type', 'ISO/IEC 27001:2022', 'issuer', 'Bench Cert',
                       'validUntil', to_char($1::date + ${spread(104_729)}, 'YYYY-MM-DD')))
                ELSE '[]'::jsonb END,
              1
         FROM bench_seed`,
      [today],
    );
    progress('seeding sub-processors');
    await m.query(
      `INSERT INTO processor (organization_id, name, country, processing_countries, services, contact_email,
                              parent_id, status, authorization_status, authorization_basis,
                              objection_window_ends_on, version)
       SELECT org_id, 'Bench Hosting ' || g, 'FR', '{FR}', 'Hosting', 'dpo+' || g || '@hosting.example',
              processor_id, 'proposed', 'objection_window', 'general',
              $1::date + ((g::bigint * 31) % 121)::int - 60, 1
         FROM bench_seed WHERE g % ${SUB_PROCESSOR_EVERY} = 0`,
      [today],
    );
    progress('seeding assessments');
    await m.query(
      `INSERT INTO assessment (id, organization_id, processor_id, template_id, template_key, template_version,
                               template_name, areas, questions, status, score, risk_rating, submission_count,
                               decision, decision_comment, decided_at, valid_until, version)
       SELECT assessment_id, org_id, processor_id, $2, 'bench', 1, 'Benchmark questionnaire', '[]', '[]', 'approved',
              92, (ARRAY['low', 'medium', 'high'])[1 + g % 3], 1, 'approve', 'Seeded by the benchmark',
              now() - interval '800 days', $1::date + ${spread(7919)}, 1
         FROM bench_seed`,
      // From the shipped questionnaire, as most are: re-assessment drafts are made from it again.
      [today, DEFAULT_TEMPLATE_ID],
    );
    progress('seeding agreements');
    await m.query(
      `INSERT INTO agreement (id, organization_id, processor_id, title, reference, status, effective_from,
                              expires_on, scope, clauses, sub_processor_authorization, signatures, version)
       SELECT agreement_id, org_id, processor_id, 'DPA with Bench Processor ' || g, 'DPA-' || g, 'signed',
              $1::date - ${SPREAD_DAYS + 100},
              CASE WHEN g % 10 = 0 THEN NULL ELSE $1::date + ${spread(6007)} END,
              $2::jsonb, $3::jsonb, $4::jsonb, $5::jsonb, 1
         FROM bench_seed`,
      [
        today,
        JSON.stringify(scope),
        JSON.stringify(clauses),
        JSON.stringify({ type: 'general', objectionPeriodDays: 30 }),
        JSON.stringify(signatures),
      ],
    );
    progress('seeding monitoring checks');
    await m.query(
      `INSERT INTO monitoring_check (organization_id, processor_id, type, due_on, status, origin, version)
       SELECT org_id, processor_id, 'periodic_review', $1::date + ${spread(3571)}, 'scheduled', 'cadence', 1
         FROM bench_seed
       UNION ALL
       SELECT org_id, processor_id, 'audit', $1::date + ${spread(2797)}, 'scheduled', 'ad_hoc', 1
         FROM bench_seed WHERE g % ${AUDIT_EVERY} = 0`,
      [today],
    );
    progress('seeding findings');
    await m.query(
      `INSERT INTO finding (organization_id, processor_id, source, source_id, title, severity, status, due_on,
                            version)
       SELECT org_id, processor_id, 'monitoring_check', gen_random_uuid(), 'Bench finding ' || g,
              (ARRAY['low', 'medium', 'high', 'critical'])[1 + (g / ${FINDING_EVERY}) % 4],
              CASE g % 10 WHEN 0 THEN 'resolved' WHEN 1 THEN 'risk_accepted' WHEN 2 THEN 'in_progress' ELSE 'open' END,
              $1::date + ${spread(4447)}, 1
         FROM bench_seed WHERE g % ${FINDING_EVERY} = 0`,
      [today],
    );
  });
  await dataSource.query('ANALYZE');
  const [counts] = await dataSource.query<Record<string, string>[]>(
    `SELECT (SELECT count(*) FROM organization) AS "organisations",
            (SELECT count(*) FROM "user") AS "users (admin, 2 legal, dpo each)",
            (SELECT count(*) FROM processor WHERE parent_id IS NULL) AS "processors",
            (SELECT count(*) FROM processor WHERE parent_id IS NOT NULL) AS "sub-processors (objection window)",
            (SELECT count(*) FROM processor WHERE jsonb_array_length(certifications) > 0) AS "certified processors",
            (SELECT count(*) FROM assessment) AS "approved assessments",
            (SELECT count(*) FROM agreement) AS "agreements",
            (SELECT count(*) FROM monitoring_check) AS "monitoring checks",
            (SELECT count(*) FROM finding) AS "findings"`,
  );
  return {
    counts: Object.entries(counts).map(([k, v]) => [k, Number(v)]),
    seedMs: performance.now() - t0,
  };
}

/** Time spent inside a method of a singleton (every caller holds the same instance), and its calls. */
interface Probe {
  label: string;
  calls: number;
  ms: number;
}

function probe<T extends object>(instance: T, method: keyof T & string, label: string): Probe {
  const p: Probe = { label, calls: 0, ms: 0 };
  const original = (instance[method] as (...args: unknown[]) => Promise<unknown>).bind(instance);
  (instance as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    const t0 = performance.now();
    p.calls += 1;
    try {
      return await original(...args);
    } finally {
      p.ms += performance.now() - t0;
    }
  };
  return p;
}

async function mailRows(dataSource: DataSource): Promise<number> {
  const [{ n }] = await dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM outbox WHERE job_name = 'mail.send'`,
  );
  return n;
}

async function main(cleanups: (() => Promise<unknown>)[]): Promise<void> {
  const id = randomBytes(4).toString('hex');
  const base =
    process.env.CUSTOS_BENCH_DATABASE_BASE_URL ??
    process.env.CUSTOS_TEST_DATABASE_BASE_URL ??
    'postgres://postgres@127.0.0.1:5432';
  const scratch: Scratch = {
    databaseName: `custos_bench_sweep_${id}`,
    databaseUrl: `${base}/custos_bench_sweep_${id}`,
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix: `cbs_${id}`,
    filesDir: await mkdtemp(join(tmpdir(), 'custos-bench-sweep-')),
  };
  cleanups.push(() => rm(scratch.filesDir, { recursive: true, force: true }));
  cleanups.push(async () => {
    const n = await deleteRedisKeys(scratch.redisUrl, scratch.queuePrefix);
    progress(`deleted ${n} Redis key(s) under ${scratch.queuePrefix}:`);
  });
  cleanups.push(async () => {
    await dropDatabase(scratch.databaseUrl);
    progress(`dropped database ${scratch.databaseName}`);
  });

  progress(`creating ${scratch.databaseName} and running the migrations`);
  await ensureDatabase(scratch.databaseUrl);
  await runMigrations(scratch.databaseUrl);
  await ensureRuntimeRole(
    scratch.databaseUrl,
    AppConfig.fromEnvironment({ DATABASE_URL: scratch.databaseUrl }).databaseAppUrl,
  );

  const config = AppConfig.fromEnvironment({
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
    // Under load the catch-up run's statements can outlast the default 30 s: allow a longer wait.
    ...(process.env.DATABASE_STATEMENT_TIMEOUT_MS
      ? { DATABASE_STATEMENT_TIMEOUT_MS: process.env.DATABASE_STATEMENT_TIMEOUT_MS }
      : {}),
  });
  progress('booting the application context (MODE=api: no worker takes the queued e-mails)');
  const app: INestApplicationContext = await NestFactory.createApplicationContext(
    AppModule.register(config),
    {
      logger: false,
      abortOnError: false,
    },
  );
  cleanups.push(() => app.close());
  const dataSource = app.get(DataSource);
  const clock = app.get(Clock);
  const sweep = app.get(SweepService);
  const today = clock.today();

  progress(`seeding ${fmt(PROCESSORS)} processors around ${today}`);
  const { counts, seedMs } = await seed(dataSource, app.get(OrganizationsService), today);
  printTable(`Seeded in ${seconds(seedMs)} (dates spread over ${today} ± ${SPREAD_DAYS} days)`, [
    ...counts.map(([k, v]): [string, string] => [k, fmt(v)]),
  ]);

  // Where the time goes: the per-row parts of the sweep, measured from outside.
  const probes = [
    probe(app.get(MailService), 'queueMany', 'MailService.queueMany (e-mails into the outbox)'),
    probe(app.get(AssessmentsService), 'openReassessments', 'AssessmentsService.openReassessments (a batch)'),
    probe(app.get(AuditService), 'recordMany', 'AuditService.recordMany (batched audit events)'),
  ];
  const runs: {
    label: string;
    ms: number;
    stats: SweepStats | undefined;
    mails: number;
    probes: Probe[];
  }[] = [];
  const runOnce = async (label: string, jobId: string) => {
    progress(`sweep: ${label}`);
    const before = await mailRows(dataSource);
    for (const p of probes) Object.assign(p, { calls: 0, ms: 0 });
    const t0 = performance.now();
    const stats = await sweep.run(jobId, null, 'schedule');
    const ms = performance.now() - t0;
    const mails = (await mailRows(dataSource)) - before;
    runs.push({ label, ms, stats, mails, probes: probes.map((p) => ({ ...p })) });
    progress(
      `  ${seconds(ms)}, ${fmt(stats?.remindersQueued ?? 0)} reminder(s), ${fmt(mails)} e-mail(s) queued`,
    );
  };

  await runOnce(`1. first run on ${today} (catch-up)`, `bench-sweep-${today}-1`);
  const byKind = await dataSource.query<{ kind: string; audience: string; n: number }[]>(
    `SELECT kind, audience, count(*)::int AS n FROM reminder GROUP BY kind, audience ORDER BY kind`,
  );
  await runOnce(`2. again on ${today}`, `bench-sweep-${today}-2`);

  // The next day: the same instance of the clock, a day ahead (every service holds this one instance).
  const realNow = clock.now.bind(clock);
  clock.now = () => new Date(realNow().getTime() + 86_400_000);
  await runOnce(`3. the next day, ${clock.today()}`, `bench-sweep-${clock.today()}-3`);
  clock.now = realNow;

  const statKeys = [...new Set(runs.flatMap((r) => Object.keys(r.stats ?? {})))];
  for (const run of runs) {
    printTable(`Sweep ${run.label}: ${seconds(run.ms)}`, [
      ...statKeys.map((k): [string, string] => [k, fmt(run.stats?.[k] ?? 0)]),
      ['e-mails queued (outbox rows)', fmt(run.mails)],
      ...run.probes.map((p): [string, string] => [`in ${p.label}`, `${seconds(p.ms)} / ${fmt(p.calls)}×`]),
    ]);
  }
  printTable(
    'Reminders of the first run, by kind',
    byKind.map((r): [string, string] => [`${r.kind} (to ${r.audience})`, fmt(r.n)]),
  );
  const [{ outbox, reminders, audit }] = await dataSource.query<
    { outbox: number; reminders: number; audit: number }[]
  >(
    `SELECT (SELECT count(*)::int FROM outbox) AS outbox, (SELECT count(*)::int FROM reminder) AS reminders,
            (SELECT count(*)::int FROM audit_event) AS audit`,
  );
  printTable('Totals after the three runs', [
    ['outbox rows (all jobs)', fmt(outbox)],
    ['reminder rows', fmt(reminders)],
    ['audit events', fmt(audit)],
  ]);
  process.stdout.write('\n');
  if ((runs[1].stats?.remindersQueued ?? -1) !== 0 || runs[1].mails !== 0) {
    throw new Error('the second run of the same day queued reminders: they must go out once');
  }
}

function run(): void {
  const cleanups: (() => Promise<unknown>)[] = [];
  let finishing = false;
  const finish = async (code: number): Promise<void> => {
    if (finishing) return;
    finishing = true;
    const cap = setTimeout(() => {
      progress('cleanup did not finish within 30 s; exiting anyway');
      process.exit(code || 1);
    }, 30_000);
    for (let step = cleanups.pop(); step; step = cleanups.pop()) {
      try {
        await step();
      } catch (error) {
        progress(`cleanup failed: ${(error as Error).message}`);
      }
    }
    clearTimeout(cap);
    process.exit(code);
  };
  const watchdog = setTimeout(() => {
    progress(`the benchmark exceeded ${TIME_LIMIT_MS / 60_000} minutes; stopping`);
    void finish(1);
  }, TIME_LIMIT_MS);
  watchdog.unref();
  process.once('SIGINT', () => void finish(130));
  process.once('SIGTERM', () => void finish(143));
  main(cleanups).then(
    () => finish(0),
    (error: unknown) => {
      process.stderr.write(
        `\nBENCHMARK FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      return finish(1);
    },
  );
}

run();
