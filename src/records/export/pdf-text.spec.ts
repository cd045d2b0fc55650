import PDFDocument from 'pdfkit';
import { PDF_FONTS } from '../../platform/pdf/pdf.service';
import { PdfText } from './pdf-text';

const SIZE = 10;

function documentWithText(): { doc: PDFKit.PDFDocument; text: PdfText; pages: () => number } {
  const doc = new PDFDocument({ size: 'A4', margin: 50, font: PDF_FONTS.regular, autoFirstPage: false });
  let pages = 0;
  doc.on('pageAdded', () => (pages += 1));
  doc.on('data', () => undefined);
  doc.addPage();
  return { doc, text: new PdfText(doc), pages: () => pages };
}

describe('PdfText', () => {
  it('measures with the embedded font: a wider string is wider, a bold one wider still', () => {
    const { doc, text } = documentWithText();
    const narrow = text.width(PDF_FONTS.regular, SIZE, 'iiii');
    const wide = text.width(PDF_FONTS.regular, SIZE, 'WWWW');
    expect(narrow).toBeGreaterThan(0);
    expect(wide).toBeGreaterThan(narrow);
    expect(text.width(PDF_FONTS.bold, SIZE, 'WWWW')).toBeGreaterThan(wide);
    expect(text.width(PDF_FONTS.regular, SIZE * 2, 'WWWW')).toBeCloseTo(2 * wide, 6);
    doc.end();
  });

  it('wraps at spaces to the width, one line height per line', () => {
    const { doc, text } = documentWithText();
    const line = text.lineHeight(PDF_FONTS.regular, SIZE);
    const word = 'activity ';
    const perLine = Math.floor(200 / text.width(PDF_FONTS.regular, SIZE, word));
    const start = doc.y;
    text.paragraph([{ font: PDF_FONTS.regular, text: word.repeat(perLine * 3).trim() }], {
      x: 50,
      width: 200,
      size: SIZE,
    });
    expect((doc.y - start) / line).toBeCloseTo(3, 6);
    doc.end();
  });

  it('keeps line breaks, cuts a word longer than the line, and draws an empty paragraph as one line', () => {
    const { doc, text } = documentWithText();
    const line = text.lineHeight(PDF_FONTS.bold, SIZE);
    let start = doc.y;
    text.paragraph(
      [
        { font: PDF_FONTS.bold, text: 'Label: ' },
        { font: PDF_FONTS.regular, text: 'first\nsecond' },
      ],
      { x: 50, width: 400, size: SIZE },
    );
    expect((doc.y - start) / line).toBeCloseTo(2, 6);
    start = doc.y;
    const long = 'x'.repeat(200);
    const width = text.width(PDF_FONTS.regular, SIZE, long) / 2.5;
    text.paragraph([{ font: PDF_FONTS.regular, text: long }], { x: 50, width, size: SIZE });
    expect((doc.y - start) / line).toBeCloseTo(3, 6);
    start = doc.y;
    text.paragraph([{ font: PDF_FONTS.regular, text: '' }], { x: 50, width: 400, size: SIZE, after: 4 });
    expect(doc.y - start).toBeCloseTo(line + 4, 6);
    doc.end();
  });

  it('starts a new page when the next line does not fit', () => {
    const { doc, text, pages } = documentWithText();
    const lines = Math.ceil((doc.page.height - 100) / text.lineHeight(PDF_FONTS.regular, SIZE)) + 5;
    text.paragraph(
      [{ font: PDF_FONTS.regular, text: Array.from({ length: lines }, () => 'line').join('\n') }],
      {
        x: 50,
        width: 400,
        size: SIZE,
      },
    );
    expect(pages()).toBe(2);
    expect(doc.y).toBeLessThan(doc.page.height / 2);
    doc.end();
  });

  it('leaves no orphan and no widow: two lines at least on either side of a page break', () => {
    const { doc, text, pages } = documentWithText();
    const line = text.lineHeight(PDF_FONTS.regular, SIZE);
    const bottom = doc.page.height - doc.page.margins.bottom;
    const linesOnPage = () => Math.round((doc.y - doc.page.margins.top) / line);
    // A paragraph of exactly n lines: one short word per line.
    const paragraph = (n: number) =>
      text.paragraph(
        [{ font: PDF_FONTS.regular, text: Array.from({ length: n }, (_, i) => `l${i}`).join('\n') }],
        {
          x: 50,
          width: 200,
          size: SIZE,
        },
      );

    // Room for one line: a paragraph of five does not leave its first line alone.
    doc.y = bottom - line * 1.5;
    paragraph(5);
    expect({ pages: pages(), lines: linesOnPage() }).toEqual({ pages: 2, lines: 5 });

    // Room for four lines of five: three stay and two go, not four and one.
    doc.y = bottom - line * 4.2;
    paragraph(5);
    expect({ pages: pages(), lines: linesOnPage() }).toEqual({ pages: 3, lines: 2 });

    // A paragraph of three that does not fit moves whole.
    doc.y = bottom - line * 2.5;
    paragraph(3);
    expect({ pages: pages(), lines: linesOnPage() }).toEqual({ pages: 4, lines: 3 });
    doc.end();
  });
});
