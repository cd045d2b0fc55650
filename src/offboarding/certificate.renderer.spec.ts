import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { TestClock } from '../platform/clock/clock';
import { PdfMeta, PdfRenderer } from '../platform/pdf/pdf.service';
import { CertificateContent, CertificateRenderer } from './certificate.renderer';

/** A certificate with every field filled in, each value distinct enough to be found in the text. */
function content(overrides: Partial<CertificateContent> = {}): CertificateContent {
  return {
    number: 'CUS-2026-000042',
    issuedOn: '2026-01-15',
    controller: { name: 'Acme Versand GmbH' },
    processor: {
      name: 'MailFast',
      legalName: null,
      country: 'FR',
      registrationNumber: 'RCS Paris 812 345 678',
      contactEmail: 'privacy@mailfast.example',
    },
    agreement: {
      id: '7b0c0f4e-8a7e-4b7a-9a55-3a1d8f2f1e01',
      title: 'DPA Newsletter dispatch',
      reference: 'DPA-2024-017',
      effectiveFrom: '2024-03-01',
      terminatedOn: '2026-01-31',
      reason: 'Contract not renewed after the tender',
    },
    dataHandling: 'return_then_delete',
    dataCategories: ['user.contact', 'user.financial', 'user.behavior.purchase_history'],
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
          medium: 'Production database cluster eu-west-3 and its snapshots',
          action: 'deleted',
          sanitization: 'purge',
          technique: 'Cryptographic erase of the volume encryption keys',
          tool: 'AWS KMS ScheduleKeyDeletion, 7-day window',
          verification: 'sampling',
        },
        {
          dataCategories: ['user.financial'],
          medium: 'Paper invoices in the Lyon archive',
          action: 'destroyed',
          sanitization: 'destroy',
          technique: 'Cross-cut shredding to DIN 66399 P-4',
          tool: null,
          verification: 'full',
        },
        {
          dataCategories: ['user.contact'],
          medium: 'CSV exports returned to the controller',
          action: 'returned',
          sanitization: 'clear',
          technique: 'Single overwrite pass after the SFTP transfer',
          tool: 'shred 9.4',
          verification: 'full',
        },
      ],
      subProcessorsCovered: true,
      legallyRetained: {
        description: 'Invoices naming customers',
        legalBasis: '§ 147 AO (10 years)',
        retainUntil: '2036-12-31',
        dataCategories: ['user.financial'],
      },
      recordedBy: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
      recordedAt: '2026-01-15T09:00:00.000Z',
    },
    ...overrides,
  };
}

const squash = (s: string): string => s.replace(/\s+/g, '');

/** The values that do not appear in the text (pdftotext wraps long lines wherever the layout did). */
function missingFrom(text: string, values: string[]): string[] {
  const flat = squash(text);
  return values.filter((v) => !flat.includes(squash(v)));
}

describe('CertificateRenderer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'custos-certificate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const config = AppConfig.fromEnvironment({ PUBLIC_URL: 'https://custos.acme.example/' });
  const real = () =>
    new CertificateRenderer(new PdfRenderer(new TestClock('2026-01-15T09:00:00.000Z')), config);

  let counter = 0;
  const tools = (pdf: Buffer) => {
    const file = join(dir, `certificate-${++counter}.pdf`);
    writeFileSync(file, pdf);
    return {
      check: execFileSync('qpdf', ['--check', file]).toString(),
      text: execFileSync('pdftotext', [file, '-']).toString(),
      fonts: execFileSync('pdffonts', [file]).toString(),
      info: execFileSync('pdfinfo', [file]).toString(),
    };
  };

  it('the PDF text contains every field given', async () => {
    const c = content();
    const { check, text } = tools(await real().render(c));
    expect(check).toContain('No syntax or stream encoding errors found');
    const conf = c.confirmation;
    expect(
      missingFrom(text, [
        c.number,
        c.issuedOn,
        c.controller.name,
        c.processor.name,
        c.processor.country,
        c.processor.registrationNumber!,
        c.processor.contactEmail,
        c.agreement.id,
        c.agreement.title,
        c.agreement.reference!,
        c.agreement.effectiveFrom,
        c.agreement.terminatedOn,
        c.agreement.reason,
        'return of all personal data, then deletion of all copies',
        ...c.dataCategories,
        ...c.dataSubjectCategories,
        conf.completedOn,
        conf.performedBy.name,
        conf.performedBy.title,
        conf.performedBy.organisation,
        conf.verifiedBy.name,
        conf.verifiedBy.title,
        ...conf.items.flatMap((i) => [
          i.medium,
          i.action,
          i.technique,
          ...i.dataCategories,
          ...(i.tool ? [i.tool] : []),
        ]),
        'Purge (',
        'Destruct (',
        'Clear (',
        'verification by sampling',
        'full verification',
        'Sub-processors covered: yes',
        conf.legallyRetained!.description,
        conf.legallyRetained!.legalBasis,
        conf.legallyRetained!.retainUntil,
        ...conf.legallyRetained!.dataCategories,
        // Where and how to verify it.
        'https://custos.acme.example/api/v1/certificates/CUS-2026-000042/verify?sha256=',
        'SHA-256',
      ]),
    ).toEqual([]);
    // Every item in order, each with its own sanitisation category.
    const flat = squash(text);
    const positions = conf.items.map((i) => flat.indexOf(squash(i.medium)));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(flat.indexOf('Purge(')).toBeGreaterThan(positions[0]);
    expect(flat.indexOf('Destruct(')).toBeGreaterThan(positions[1]);
    expect(flat.indexOf('Clear(')).toBeGreaterThan(positions[2]);
  });

  it('identifies the processor by its legal name when it has one; says what is not stated', async () => {
    const c = content({
      processor: { ...content().processor, legalName: 'MailFast Europe SAS', registrationNumber: null },
      agreement: { ...content().agreement, reference: null },
      confirmation: {
        ...content().confirmation,
        items: [{ ...content().confirmation.items[1], tool: null }],
        subProcessorsCovered: false,
        legallyRetained: null,
      },
    });
    const { text } = tools(await real().render(c));
    expect(
      missingFrom(text, [
        'Processor: MailFast Europe SAS, FR',
        'Tool: not stated',
        'Sub-processors covered: no',
        'Retained because the law requires it: nothing',
        `Data processing agreement: ${c.agreement.title}`,
      ]),
    ).toEqual([]);
    expect(text).not.toContain('DPA-2024-017');
  });

  it('is a PDF/A-2b with embedded fonts, metadata naming the certificate, and the same bytes for the same input', async () => {
    const c = content();
    const pdf = await real().render(c);
    const { fonts, info } = tools(pdf);
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
    expect(raw).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    // The public check at /verify reads the number from here (plain bytes, not a compressed stream).
    expect(raw).toContain(`document-id:${c.number}`);
    const rows = fonts
      .split('\n')
      .slice(2)
      .filter((line) => line.trim());
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect({ row, embedded: / (yes|no) +(yes|no) +(yes|no) +\d+ +\d+\s*$/.exec(row)?.[1] }).toEqual({
        row,
        embedded: 'yes',
      });
    }
    expect(info).toMatch(/Title:\s+Certificate of return and destruction of personal data/);
    expect(info).toMatch(/Subject:\s+Certificate CUS-2026-000042: end of processing by MailFast/);
    expect(info).toMatch(/Author:\s+Acme Versand GmbH/);
    expect(info).toMatch(/CreationDate:.*2026/);

    // Rendering is a pure function of the content and the clock: the stored SHA-256 can be recomputed.
    const again = await real().render(c);
    expect(createHash('sha256').update(again).digest('hex')).toBe(
      createHash('sha256').update(pdf).digest('hex'),
    );
  });

  it('keeps the verification instructions whole on one page, whatever comes before them', async () => {
    const base = content().confirmation;
    // Each extra item pushes the instructions further down, so some count puts them at a page's foot.
    for (let count = 1; count <= 12; count++) {
      const items = Array.from({ length: count }, (_, i) => base.items[i % base.items.length]);
      const file = join(dir, `certificate-${++counter}.pdf`);
      writeFileSync(file, await real().render(content({ confirmation: { ...base, items } })));
      const pages = execFileSync('pdftotext', ['-layout', file, '-']).toString().split('\f');
      const page = pages.find((p) => p.includes('How to verify this certificate'));
      expect({ count, whole: page?.includes('it reveals nothing else.') }).toEqual({ count, whole: true });
    }
  });

  it('over several pages: no item title or heading ends a page, every heading stays bold, one title throughout', async () => {
    const base = content().confirmation;
    const items = Array.from({ length: 14 }, (_, i) => ({
      ...base.items[i % base.items.length],
      medium: `Medium number ${i + 1}: ${base.items[i % base.items.length].medium}`,
    }));
    const pdf = await real().render(content({ confirmation: { ...base, items } }));
    const file = join(dir, `certificate-${++counter}.pdf`);
    writeFileSync(file, pdf);
    const pages = execFileSync('pdftotext', ['-layout', file, '-'])
      .toString()
      .split('\f')
      .filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(2);
    const headings =
      /^(\d+\. Medium number \d+|Parties|Agreement|Personal data concerned|What was done|Sign-off|The processor's signed attestation|How to verify this certificate)/;
    pages.forEach((page, n) => {
      const lines = page.split('\n').filter((l) => l.trim());
      // The footer names the certificate with the title of its first page.
      expect(lines.at(-1)).toMatch(
        new RegExp(
          `^Certificate of return and destruction of personal data · CUS-2026-000042\\s+Page ${n + 1} of ${pages.length}$`,
        ),
      );
      expect({ page: n + 1, last: lines.at(-2)!.trim() }).toEqual({
        page: n + 1,
        last: expect.not.stringMatching(headings),
      });
      // A page with a heading embeds the bold face on that page.
      if (lines.some((l) => headings.test(l.trim()))) {
        const fonts = execFileSync('pdffonts', ['-f', String(n + 1), '-l', String(n + 1), file]).toString();
        expect({ page: n + 1, bold: /DejaVuSans-Bold/.test(fonts) }).toEqual({ page: n + 1, bold: true });
      }
    });
    expect(pages[0]).toContain('Certificate of return and destruction of personal data');
  });

  it('hands the document metadata to the PdfRenderer', async () => {
    const calls: PdfMeta[] = [];
    const fake = {
      render: (meta: PdfMeta) => {
        calls.push(meta);
        return Promise.resolve(Buffer.from('%PDF-fake'));
      },
    } as unknown as PdfRenderer;
    const renderer = new CertificateRenderer(fake, config);
    await expect(renderer.render(content({ dataHandling: 'return' }))).resolves.toEqual(
      Buffer.from('%PDF-fake'),
    );
    expect(calls).toEqual([
      {
        title: 'Certificate of return of personal data',
        subject: 'Certificate CUS-2026-000042: end of processing by MailFast',
        documentId: 'CUS-2026-000042',
        keywords: ['GDPR Art. 28(3)(g)', 'NIST SP 800-88', 'CUS-2026-000042'],
        author: 'Acme Versand GmbH',
      },
    ]);
    expect(renderer.verificationUrl('CUS-2026-000042')).toBe(
      'https://custos.acme.example/api/v1/certificates/CUS-2026-000042/verify?sha256=',
    );
  });
});
