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

  it('leaves no widow: a paragraph that would carry a single line over moves whole to the next page', async () => {
    const renderer = new PdfRenderer(new TestClock('2026-03-01T10:00:00.000Z'));
    const words = Array.from({ length: 160 }, (_, i) => `word${i}`).join(' ');
    const pdf = await renderer.render({ title: 'Widow', documentId: 'DOC-2026-0002' }, (doc) => {
      doc.font('regular').fontSize(10);
      const height = doc.heightOfString(words);
      const line = doc.currentLineHeight(true);
      // Room for all lines of the paragraph but its last one.
      doc.y = doc.page.height - doc.page.margins.bottom - (height - line * 0.5);
      pdfLayout.paragraph(doc, words);
    });
    const file = join(dir, 'widow.pdf');
    writeFileSync(file, pdf);
    const [first, second] = execFileSync('pdftotext', [file, '-']).toString().split('\f');
    expect(first).not.toContain('word0');
    expect(second).toContain('word0');
    expect(second).toContain('word159');
  });
});
