import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AppConfig } from '../../src/config/app-config';
import { CertificateContent, CertificateRenderer } from '../../src/offboarding/certificate.renderer';
import { TestClock } from '../../src/platform/clock/clock';
import { PdfRenderer } from '../../src/platform/pdf/pdf.service';

/*
 * `npm run bench:certificates`: certificates of return or destruction rendered per second on one core.
 * CertificateRenderer with the real PdfRenderer (pdfkit, PDF/A-2b, embedded DejaVu fonts), one
 * certificate at a time in this single process: no database, no queue, no HTTP. A warm-up, then a
 * fixed measuring time. BENCH_SECONDS and BENCH_WARMUP_SECONDS override the defaults (10 and 1).
 * Progress goes to stderr, the figures to stdout.
 */

const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);

const started = performance.now();
const progress = (message: string): void => {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}\n`);
};

/** A realistic certificate: a processor with five data sets and media, legally retained invoices. */
function certificate(sequence: number): CertificateContent {
  const number = `CUS-2026-${String(sequence).padStart(6, '0')}`;
  return {
    number,
    issuedOn: '2026-01-15',
    controller: { name: 'Acme Versand GmbH' },
    processor: {
      name: 'MailFast',
      legalName: 'MailFast Europe SAS',
      country: 'FR',
      registrationNumber: 'RCS Paris 812 345 678',
      contactEmail: 'privacy@mailfast.example',
    },
    agreement: {
      id: '7b0c0f4e-8a7e-4b7a-9a55-3a1d8f2f1e01',
      title: 'Data processing agreement: newsletter dispatch and customer support mailboxes',
      reference: 'DPA-2024-017',
      effectiveFrom: '2024-03-01',
      terminatedOn: '2026-01-31',
      reason: 'Contract not renewed after the 2025 tender; the newsletter moves to an in-house system',
    },
    dataHandling: 'return_then_delete',
    dataCategories: [
      'user.contact',
      'user.financial',
      'user.behavior.purchase_history',
      'user.account',
      'user.content.private',
    ],
    dataSubjectCategories: ['customer', 'prospect', 'employee'],
    confirmation: {
      completedOn: '2026-01-14',
      performedBy: {
        name: 'Jean Dupont',
        title: 'Head of IT Operations',
        organisation: 'MailFast Europe SAS',
      },
      verifiedBy: { name: 'Claire Martin', title: 'Information Security Officer' },
      items: [
        {
          dataCategories: ['user.contact', 'user.behavior.purchase_history'],
          medium: 'Production database cluster eu-west-3 (PostgreSQL 16) and its snapshots',
          action: 'deleted',
          sanitization: 'purge',
          technique: 'Cryptographic erase: the volume and snapshot encryption keys were destroyed',
          tool: 'AWS KMS ScheduleKeyDeletion, 7-day waiting period',
          verification: 'sampling',
        },
        {
          dataCategories: ['user.contact', 'user.account'],
          medium: 'Object storage bucket with the CSV imports and exports',
          action: 'returned',
          sanitization: 'clear',
          technique: 'Returned by SFTP, then the objects and all their versions were deleted',
          tool: 'aws s3api delete-objects, lifecycle rule for non-current versions',
          verification: 'full',
        },
        {
          dataCategories: ['user.content.private'],
          medium: 'Support mailboxes (Microsoft 365, tenant mailfast-eu)',
          action: 'deleted',
          sanitization: 'clear',
          technique: 'Mailboxes deleted and purged from the recoverable items folder',
          tool: 'Exchange Online PowerShell, Remove-Mailbox -PermanentlyDelete',
          verification: 'full',
        },
        {
          dataCategories: ['user.contact', 'user.financial'],
          medium: 'Two support laptops (Dell Latitude 7440, NVMe SSD)',
          action: 'destroyed',
          sanitization: 'destroy',
          technique: 'SSDs removed and shredded to DIN 66399 E-4 by a certified disposal company',
          tool: null,
          verification: 'full',
        },
        {
          dataCategories: ['user.financial'],
          medium: 'Paper invoices and credit notes in the Lyon archive',
          action: 'destroyed',
          sanitization: 'destroy',
          technique: 'Cross-cut shredding to DIN 66399 P-4, certificate of destruction no. 2026-0113',
          tool: null,
          verification: 'sampling',
        },
      ],
      subProcessorsCovered: true,
      legallyRetained: {
        description: 'Invoices naming customers, kept in the accounting system',
        legalBasis: '§ 147 AO and § 257 HGB (10 years)',
        retainUntil: '2036-12-31',
        dataCategories: ['user.financial'],
      },
      recordedBy: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
      recordedAt: '2026-01-15T09:00:00.000Z',
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const fmt = (n: number, digits = 1): string =>
  n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** qpdf's verdict on one rendered certificate, when qpdf is installed. */
function qpdfVerdict(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'custos-bench-certificate-'));
  try {
    const file = join(dir, 'certificate.pdf');
    writeFileSync(file, pdf);
    execFileSync('qpdf', ['--check', file], { stdio: 'pipe' });
    return 'qpdf --check passes';
  } catch (error) {
    const code = (error as { code?: string; status?: number }).code;
    return code === 'ENOENT' ? 'qpdf not installed, not checked' : `qpdf --check FAILED (${String(error)})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const renderer = new CertificateRenderer(new PdfRenderer(new TestClock()), AppConfig.fromEnvironment({}));
  const loadAtStart = loadavg()[0].toFixed(2);
  let sequence = 0;

  const first = await renderer.render(certificate(++sequence));
  const verdict = qpdfVerdict(first);
  const pages = (first.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
  if (verdict.includes('FAILED')) throw new Error(verdict);

  progress(`warming up for ${WARMUP_SECONDS} s`);
  const warmUntil = performance.now() + WARMUP_SECONDS * 1000;
  while (performance.now() < warmUntil) await renderer.render(certificate(++sequence));

  progress(`measuring for ${MEASURE_SECONDS} s`);
  const durations: number[] = [];
  let bytes = 0;
  let minBytes = Infinity;
  let maxBytes = 0;
  const cpuStart = process.cpuUsage();
  const t0 = performance.now();
  const until = t0 + MEASURE_SECONDS * 1000;
  while (performance.now() < until) {
    const start = performance.now();
    const pdf = await renderer.render(certificate(++sequence));
    durations.push(performance.now() - start);
    bytes += pdf.length;
    minBytes = Math.min(minBytes, pdf.length);
    maxBytes = Math.max(maxBytes, pdf.length);
  }
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;

  const sorted = [...durations].sort((a, b) => a - b);
  const mean = durations.reduce((sum, d) => sum + d, 0) / durations.length;
  const list = cpus();
  const title = 'Custos certificate rendering benchmark';
  process.stdout.write(`\n${title}\n${'='.repeat(title.length)}\n`);
  process.stdout.write(
    `node ${process.version}, ${list.length} × ${list[0]?.model.trim() ?? 'unknown CPU'}, ` +
      `load average ${loadAtStart} at start, ${loadavg()[0].toFixed(2)} at end\n` +
      `one process, one certificate at a time (5 items, legally retained data, ${pages} page(s)); ` +
      `${WARMUP_SECONDS} s warm-up, ${MEASURE_SECONDS} s measured; ${verdict}\n\n`,
  );
  const rows: [string, string][] = [
    ['certificates rendered', durations.length.toLocaleString('en-GB')],
    ['measured wall time', `${fmt(elapsed, 2)} s`],
    ['certificates/s', fmt(durations.length / elapsed)],
    ['mean ms per certificate', fmt(mean, 2)],
    ['p50 ms', fmt(percentile(sorted, 50), 2)],
    [
      durations.length < 100 ? `p99 ms (${durations.length} samples: the slowest)` : 'p99 ms',
      fmt(percentile(sorted, 99), 2),
    ],
    ['max ms', fmt(sorted[sorted.length - 1], 2)],
    [
      'PDF size',
      `${fmt(bytes / durations.length / 1024)} KiB mean (${minBytes.toLocaleString('en-GB')}–${maxBytes.toLocaleString('en-GB')} bytes)`,
    ],
    ['CPU time / wall time', `${fmt(cpuSeconds / elapsed, 2)} (user and system time of this process)`],
    [
      'certificates per CPU second',
      `${fmt(durations.length / cpuSeconds)} (what one core would give unshared)`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `\nBENCHMARK FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
