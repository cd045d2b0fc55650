import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { RecordExportsService } from '../../src/records/record-exports.service';
import {
  benchConfig,
  BenchRun,
  cpuSummary,
  createScratch,
  fmt,
  loadAverage,
  printHeading,
  printTable,
  progress,
  runBench,
  Scratch,
} from './bench-support';

/*
 * npm run bench:export — the records export at 1,000, 10,000 and 100,000 processing activities.
 *
 * The register is seeded with SQL into a scratch database (20 processors, 10 sub-processors, their
 * agreements, a profile, 50 processor-record entries, and the activities with their history rows).
 * Each export then runs in a child process of its own, through the same code as the queued job
 * (RecordExportsService.run: read in keyset batches, write, store with SHA-256, mark completed), so
 * that its peak RSS is its own. Time is the export alone, not the child's start-up; the child's RSS
 * after start-up is shown beside the peak, so that what the export adds is visible.
 */

/** BENCH_EXPORT_SIZES=1000,5000 runs other sizes (e.g. for a quick look). */
const SIZES = (process.env.BENCH_EXPORT_SIZES ?? '1000,10000,100000').split(',').map(Number);
const ALL_FORMATS = ['csv', 'json', 'xlsx', 'pdf'] as const;
type Format = (typeof ALL_FORMATS)[number];
/** BENCH_EXPORT_FORMATS=csv,pdf runs only those. */
const FORMATS = (process.env.BENCH_EXPORT_FORMATS?.split(',') ?? ALL_FORMATS) as Format[];
/**
 * Node flags of the export children. The heap is capped so that V8 collects garbage rather than let
 * the resident set grow into free memory: the peak is then what an export needs, and an export whose
 * memory grew with the register would fail at 100,000 instead of showing a larger figure.
 * BENCH_EXPORT_CHILD_FLAGS="" runs them uncapped.
 */
const CHILD_FLAGS = (process.env.BENCH_EXPORT_CHILD_FLAGS ?? '--max-old-space-size=256')
  .split(' ')
  .filter(Boolean);

interface ChildSpec {
  scratch: Scratch;
  organizationId: string;
  format: Format;
}

interface ChildResult {
  ms: number;
  startRssMb: number;
  peakRssMb: number;
  bytes: number;
  activityCount: number;
  status: string;
  error: string | null;
}

const mb = (bytes: number): number => bytes / (1024 * 1024);

// ---------------------------------------------------------------------------------------------------
// The child: boots Custos (no HTTP, no worker), makes one export, reports through IPC.

async function child(spec: ChildSpec): Promise<ChildResult> {
  const config = benchConfig(spec.scratch, { MODE: 'api', NODE_ENV: 'production' });
  const app = await NestFactory.createApplicationContext(AppModule.register(config), { logger: false });
  try {
    const dataSource = app.get(DataSource);
    const exports = app.get(RecordExportsService);
    const [row] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO record_export (organization_id, format, snapshot_at, status, version, created_at)
       VALUES ($1, $2, now(), 'queued', 1, now()) RETURNING id`,
      [spec.organizationId, spec.format],
    );
    global.gc?.();
    const startRssMb = mb(process.memoryUsage().rss);
    const t0 = performance.now();
    await exports.run(spec.organizationId, row.id);
    const ms = performance.now() - t0;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const [done] = await dataSource.query<
      { status: string; size: string | null; activity_count: number | null; error: string | null }[]
    >(`SELECT status, size, activity_count, error FROM record_export WHERE id = $1`, [row.id]);
    return {
      ms,
      startRssMb,
      peakRssMb,
      bytes: Number(done.size ?? 0),
      activityCount: done.activity_count ?? 0,
      status: done.status,
      error: done.error,
    };
  } finally {
    await app.close();
  }
}

function runChild(spec: ChildSpec): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      // Compiled (npm run bench:export): the child runs the same compiled file; from the source, through ts-node.
      [
        ...CHILD_FLAGS,
        '--expose-gc',
        ...(__filename.endsWith('.ts') ? ['-r', 'ts-node/register'] : []),
        __filename,
        '--child',
      ],
      {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      },
    );
    let result: ChildResult | undefined;
    proc.once('error', reject);
    proc.on('message', (message: { result?: ChildResult; error?: string }) => {
      if (message.error) reject(new Error(`export child: ${message.error}`));
      else result = message.result;
    });
    proc.once('exit', (code, signal) => {
      if (result) resolve(result);
      else reject(new Error(`export child exited (${signal ?? code}) without a result`));
    });
    proc.send(spec);
  });
}

// ---------------------------------------------------------------------------------------------------
// Seeding, all in SQL.

async function seedBase(db: Client, organizationId: string): Promise<string[]> {
  await db.query(`INSERT INTO organization (id, name, version) VALUES ($1, 'Bench GmbH', 1)`, [
    organizationId,
  ]);
  const profile = randomUUID();
  const profileData = {
    controllerName: 'Bench GmbH',
    address: 'Benchstraße 1, 10115 Berlin, Germany',
    contactEmail: 'privacy@bench.example',
    contactPhone: '+49 30 1234567',
    representative: null,
    dpo: { name: 'Dana Protect', email: 'dpo@bench.example', phone: null },
    version: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  await db.query(
    `INSERT INTO organization_profile
       (id, organization_id, controller_name, address, contact_email, contact_phone, dpo, version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 1, '2026-01-01', '2026-01-01')`,
    [
      profile,
      organizationId,
      profileData.controllerName,
      profileData.address,
      profileData.contactEmail,
      profileData.contactPhone,
      JSON.stringify(profileData.dpo),
    ],
  );
  await db.query(
    `INSERT INTO record_version (organization_id, entity_type, entity_id, version, label, data, valid_from)
     VALUES ($1, 'profile', $2, 1, 'Bench GmbH', $3, '2026-01-01')`,
    [organizationId, profile, JSON.stringify(profileData)],
  );
  // 20 processors: US under SCCs, IE, IN (no mechanism: flagged), DE; every fifth without an agreement.
  const roots = Array.from({ length: 20 }, () => randomUUID());
  for (const [i, id] of roots.entries()) {
    const country = ['DE', 'US', 'IE', 'IN'][i % 4];
    await db.query(
      `INSERT INTO processor (id, organization_id, name, country, processing_countries, services, contact_email,
                              status, version)
       VALUES ($1, $2, $3, $4, $5, 'Hosting and support', $6, 'active', 1)`,
      [
        id,
        organizationId,
        `Processor ${String(i + 1).padStart(2, '0')}`,
        country,
        [country],
        `p${i}@vendor.example`,
      ],
    );
    if (i % 5 === 4) continue;
    await db.query(
      `INSERT INTO agreement (organization_id, processor_id, title, status, effective_from, scope, clauses,
                              sub_processor_authorization, transfer_mechanisms, version)
       VALUES ($1, $2, $3, 'signed', '2025-01-01', $4, $5, '{"type":"general","objectionPeriodDays":30}', $6, 1)`,
      [
        organizationId,
        id,
        `DPA ${i + 1}`,
        JSON.stringify({
          subjectMatter: 'Hosting',
          nature: 'Storage',
          purposes: ['essential'],
          dataCategories: ['user'],
          dataSubjectCategories: ['customer', 'employee'],
          processingCountries: [country],
        }),
        JSON.stringify(
          Object.fromEntries(
            ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'H2'].map((c, n) => [
              `A28_3_${c}`,
              { covered: true, reference: `§ ${n + 1}` },
            ]),
          ),
        ),
        JSON.stringify(
          country === 'US'
            ? [
                {
                  country: 'US',
                  mechanism: 'scc_2021_914_module_2',
                  tiaCompleted: true,
                  reference: 'Annex III',
                },
              ]
            : [],
        ),
      ],
    );
  }
  for (let i = 0; i < 10; i++) {
    await db.query(
      `INSERT INTO processor (organization_id, name, country, processing_countries, services, contact_email, status,
                              version, parent_id, authorization_status)
       VALUES ($1, $2, 'US', '{US}', 'Support', $3, 'active', 1, $4, 'authorized')`,
      [organizationId, `Sub-processor ${i + 1}`, `s${i}@vendor.example`, roots[i]],
    );
  }
  await db.query(
    `WITH e AS (
       INSERT INTO processor_record_entry (organization_id, controller_name, controller_contact, processing_categories,
                                           transfers, security_measures, version, created_at, updated_at)
       SELECT $1, 'Controller ' || lpad(g::text, 3, '0'), '{"name":"Privacy","email":"privacy@client.example","phone":null}',
              ARRAY['Hosting', 'Support'], '[]', 'ISO 27001 hosting', 1, '2026-01-01', '2026-01-01'
         FROM generate_series(1, 50) g
       RETURNING *)
     INSERT INTO record_version (organization_id, entity_type, entity_id, version, label, data, valid_from)
     SELECT organization_id, 'processor_record_entry', id, 1, controller_name,
            jsonb_build_object('id', id, 'controllerName', controller_name, 'controllerAddress', null,
              'controllerContact', controller_contact, 'controllerRepresentative', null, 'controllerDpo', null,
              'processingCategories', to_jsonb(processing_categories), 'transfers', transfers,
              'securityMeasures', security_measures, 'contractReference', null, 'archivedAt', null, 'version', 1,
              'createdAt', '2026-01-01T00:00:00.000Z', 'updatedAt', '2026-01-01T00:00:00.000Z'),
            '2026-01-01'
       FROM e`,
    [organizationId],
  );
  return roots;
}

/** Activities `from`..`to` (1-based), each with its one history row, as the service would write them. */
async function seedActivities(
  db: Client,
  organizationId: string,
  processors: string[],
  from: number,
  to: number,
) {
  await db.query(
    `WITH a AS (
       INSERT INTO processing_activity
         (organization_id, name, business_function, purposes, legal_bases, data_subject_categories, data_categories,
          retention, retention_by_category, security_measures, dpia_required, dpia_reference, joint_controllers,
          data_source, processor_ids, other_recipients, version, created_at, updated_at)
       SELECT $1,
              'Activity ' || lpad(g::text, 6, '0') || ' ' ||
                (ARRAY['Payroll','Recruitment','Newsletter','Customer support','Web analytics','Access control',
                       'Accounting','CRM'])[1 + g % 8],
              (ARRAY['Human resources','Marketing','Sales','Finance','IT','Legal'])[1 + g % 6],
              ARRAY[(ARRAY['employment','marketing.communications.email','essential.service','analytics.reporting',
                           'finance','sales'])[1 + g % 6]],
              CASE WHEN g % 10 = 0 THEN ARRAY['art6_1_c','art9_2_h'] ELSE ARRAY['art6_1_b'] END,
              ARRAY['employee','customer'],
              CASE WHEN g % 10 = 0 THEN ARRAY['user.name','user.contact.email','user.health.medical_diagnosis']
                   ELSE ARRAY['user.name','user.contact.email','user.contact.address','user.financial.bank_account'] END,
              '6 years after the end of the contract',
              '[{"dataCategory":"user.name","limit":"10 years after the end of the contract"}]',
              'Role-based access control; encryption in transit (TLS 1.3) and at rest (AES-256); audit logging; '
                || 'quarterly access reviews; backups with tested restores.',
              g % 10 = 0,
              CASE WHEN g % 20 = 0 THEN 'DPIA-' || g END,
              CASE WHEN g % 25 = 0 THEN '[{"name":"Group Holding SE","contact":"privacy@holding.example"}]'::jsonb
                   ELSE '[]'::jsonb END,
              'The data subject',
              ARRAY[($2::uuid[])[1 + g % 20], ($2::uuid[])[1 + (g + 1 + (g / 20) % 19) % 20]],
              '[{"name":"Tax office","type":"public_authority","country":"DE","safeguard":null}]',
              1, '2026-01-01', '2026-01-01'
         FROM generate_series($3::int, $4::int) g
       RETURNING *)
     INSERT INTO record_version (organization_id, entity_type, entity_id, version, label, data, valid_from)
     SELECT organization_id, 'processing_activity', id, 1, name,
            jsonb_build_object('id', id, 'name', name, 'businessFunction', business_function,
              'purposes', to_jsonb(purposes), 'legalBases', to_jsonb(legal_bases), 'legitimateInterest', null,
              'dataSubjectCategories', to_jsonb(data_subject_categories), 'dataCategories', to_jsonb(data_categories),
              'retention', retention, 'retentionByCategory', retention_by_category,
              'securityMeasures', security_measures, 'dpiaRequired', dpia_required, 'dpiaReference', dpia_reference,
              'jointControllers', joint_controllers, 'dataSource', data_source, 'processorIds', to_jsonb(processor_ids),
              'otherRecipients', other_recipients, 'archivedAt', null, 'version', 1,
              'createdAt', '2026-01-01T00:00:00.000Z', 'updatedAt', '2026-01-01T00:00:00.000Z'),
            '2026-01-01'
       FROM a`,
    [organizationId, processors, from, to],
  );
}

// ---------------------------------------------------------------------------------------------------

async function main(run: BenchRun): Promise<void> {
  progress(`export benchmark on ${cpuSummary()}, load ${loadAverage()}`);
  const scratch = await createScratch(run);
  progress(`scratch database ${scratch.databaseName} migrated`);
  const db = new Client({ connectionString: scratch.databaseUrl });
  await db.connect();
  run.defer('seed connection', () => db.end());
  const organizationId = randomUUID();
  const processors = await seedBase(db, organizationId);

  const rows: (string | number)[][] = [];
  let seeded = 0;
  for (const size of SIZES) {
    const t0 = performance.now();
    for (let from = seeded + 1; from <= size; from += 10_000) {
      await seedActivities(db, organizationId, processors, from, Math.min(size, from + 9_999));
    }
    seeded = size;
    await db.query('VACUUM ANALYZE processing_activity, record_version');
    progress(
      `seeded ${size.toLocaleString('en-GB')} activities in ${fmt((performance.now() - t0) / 1000)} s`,
    );
    for (const format of FORMATS) {
      const result = await runChild({ scratch: { ...scratch }, organizationId, format });
      if (result.status !== 'completed' || result.activityCount !== size) {
        throw new Error(
          `${format} export of ${size}: ${result.status} ${result.error ?? ''} (${result.activityCount})`,
        );
      }
      progress(
        `${size.toLocaleString('en-GB')} ${format}: ${fmt(result.ms / 1000, 2)} s, peak RSS ${fmt(result.peakRssMb, 0)} MB`,
      );
      rows.push([
        size.toLocaleString('en-GB'),
        format,
        fmt(result.ms / 1000, 2),
        fmt(size / (result.ms / 1000), 0),
        fmt(result.startRssMb, 0),
        fmt(result.peakRssMb, 0),
        fmt(mb(result.bytes), 1),
      ]);
    }
  }
  printHeading(`Records export (${cpuSummary()}, Node ${process.version}, load ${loadAverage()})`);
  printTable(
    ['activities', 'format', 'time (s)', 'activities/s', 'RSS at start (MB)', 'peak RSS (MB)', 'file (MB)'],
    rows,
  );
  process.stdout.write(
    '\nTime: the export alone (read in keyset batches of 500, derive, write, store with SHA-256), in a child\n' +
      'process per run. Peak RSS: the child’s maximum resident set (process.resourceUsage().maxRSS), start-up\n' +
      'included; "RSS at start" is after start-up. The PDF reads the record twice (its cover shows the hash of\n' +
      'the data, known only after a first pass).\n' +
      `Child flags: ${CHILD_FLAGS.join(' ') || '(none)'}.\n`,
  );
}

if (process.argv.includes('--child')) {
  process.once('message', (spec: ChildSpec) => {
    child(spec).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (error: Error) => process.send!({ error: error.stack ?? error.message }, () => process.exit(1)),
    );
  });
} else {
  runBench(main, { timeoutMs: 15 * 60_000 });
}
