import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClock } from '../clock/clock';
import { pdfLayout, PdfRenderer } from './pdf.service';

describe('PdfRenderer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'custos-pdf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders a valid PDF/A-2b with an embedded font, page numbers and a document id', async () => {
    const renderer = new PdfRenderer(new TestClock('2026-03-01T10:00:00.000Z'));
    const pdf = await renderer.render({ title: 'Custos sample', documentId: 'DOC-2026-0001' }, (doc) => {
      pdfLayout.heading(doc, 'Sample document');
      pdfLayout.field(doc, 'Processor', 'Rechenzentrum Süd GmbH');
      doc.addPage();
      doc.text('Second page, with umlauts: Datenschutz-Folgenabschätzung.');
    });
    const file = join(dir, 'sample.pdf');
    writeFileSync(file, pdf);

    expect(execFileSync('qpdf', ['--check', file]).toString()).toContain(
      'No syntax or stream encoding errors',
    );
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain('Sample document');
    expect(text).toContain('Rechenzentrum Süd GmbH');
    expect(text).toContain('Datenschutz-Folgenabschätzung');
    expect(text).toContain('Page 1 of 2');
    expect(text).toContain('Page 2 of 2');
    expect(text).toContain('DOC-2026-0001');

    const fonts = execFileSync('pdffonts', [file]).toString();
    expect(fonts).toMatch(/DejaVuSans/);
    expect(fonts).not.toMatch(/Helvetica/);
    for (const line of fonts.split('\n').slice(2).filter(Boolean)) expect(line).toMatch(/\byes\b/); // embedded

    const info = execFileSync('pdfinfo', [file]).toString();
    expect(info).toMatch(/Title:\s+Custos sample/);
    expect(info).toMatch(/CreationDate:.*2026/);
    expect(pdf.toString('latin1')).toMatch(/pdfaid:part[^0-9]*2/);
  });
});
