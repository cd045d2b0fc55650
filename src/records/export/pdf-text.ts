type Pdf = PDFKit.PDFDocument;

/**
 * The parts of pdfkit's embedded font (0.20) this module writes through: the fontkit font, its subset
 * and the Widths and ToUnicode tables that pdfkit embeds from `widths` and `unicode`.
 */
interface EmbeddedFontParts {
  id: string;
  ascender: number;
  descender: number;
  lineGap: number;
  scale: number;
  font: { glyphForCodePoint(codePoint: number): { id: number; advanceWidth: number } };
  subset: { includeGlyph(glyphId: number): number };
  widths: number[];
  unicode: number[][];
  ref(): unknown;
}

interface Metrics {
  parts: EmbeddedFontParts;
  /** Per character: the glyph id in the subset (4 hex digits) and its advance in 1/1000 em. */
  glyphs: Map<string, { hex: string; advance: number }>;
}

export interface Run {
  font: string;
  text: string;
}

export interface ParagraphOptions {
  size: number;
  color?: string;
  x: number;
  width: number;
  /** Extra space after the paragraph, in points. */
  after?: number;
}

/**
 * Plain left-aligned text for long documents, drawn with pdfkit's embedded fonts.
 *
 * pdfkit's own `text()` shapes every word through fontkit and keeps each distinct word's layout in a
 * cache that is never emptied: on a register of 100,000 activities (ids, names, dates) memory grows
 * by gigabytes, and at about 6 ms an activity the PDF takes ten minutes. This lays Latin text out
 * itself, glyph by glyph with a cache per character (bounded by the alphabet), wraps at spaces, and
 * writes the same operators pdfkit writes; the glyphs go into the same font subset, with their widths
 * and Unicode values, so that the fonts stay embedded (PDF/A) and the text stays extractable. It does
 * no kerning, ligatures or complex scripts, which a record of processing does not need.
 */
export class PdfText {
  private readonly metrics = new Map<string, Metrics>();

  constructor(private readonly doc: Pdf) {}

  private use(font: string): Metrics {
    let m = this.metrics.get(font);
    if (!m) {
      this.doc.font(font);
      const parts = (this.doc as unknown as { _font: EmbeddedFontParts })._font;
      if (
        typeof parts?.subset?.includeGlyph !== 'function' ||
        typeof parts.font?.glyphForCodePoint !== 'function' ||
        !Array.isArray(parts.widths) ||
        !Array.isArray(parts.unicode)
      ) {
        throw new Error(`pdfkit's embedded font has changed shape; PdfText cannot draw with ${font}`);
      }
      m = { parts, glyphs: new Map() };
      this.metrics.set(font, m);
    }
    return m;
  }

  private glyph(m: Metrics, char: string): { hex: string; advance: number } {
    let g = m.glyphs.get(char);
    if (!g) {
      const codePoint = char.codePointAt(0) ?? 0;
      const glyph = m.parts.font.glyphForCodePoint(codePoint);
      const gid = m.parts.subset.includeGlyph(glyph.id);
      const advance = glyph.advanceWidth * m.parts.scale;
      m.parts.widths[gid] ??= advance;
      m.parts.unicode[gid] ??= [codePoint];
      g = { hex: gid.toString(16).padStart(4, '0'), advance };
      m.glyphs.set(char, g);
    }
    return g;
  }

  width(font: string, size: number, text: string): number {
    const m = this.use(font);
    let advance = 0;
    for (const char of text) advance += this.glyph(m, char).advance;
    return (advance * size) / 1000;
  }

  lineHeight(font: string, size: number): number {
    const p = this.use(font).parts;
    return ((p.ascender - p.descender + p.lineGap) * size) / 1000;
  }

  /**
   * Draws runs (e.g. a bold label, then its value) as one paragraph from `doc.y`, wrapped to `width`,
   * starting a new page whenever the next line does not fit; leaves `doc.y` below it.
   */
  paragraph(runs: Run[], options: ParagraphOptions): void {
    const lineHeight = Math.max(...runs.map((r) => this.lineHeight(r.font, options.size)));
    const lines = this.wrap(runs, options.size, options.width);
    const fits = () =>
      Math.floor((this.doc.page.height - this.doc.page.margins.bottom - this.doc.y) / lineHeight + 1e-6);
    // No orphan and no widow: a paragraph that breaks leaves at least two lines at the foot of the page
    // and carries at least two to the next; one of two or three lines moves whole.
    const room = fits();
    let breakAt = -1;
    if (lines.length > room) {
      if (room < 2 || lines.length <= 3) this.doc.addPage();
      else breakAt = lines.length - room === 1 ? room - 1 : room;
    }
    for (const [i, line] of lines.entries()) {
      if (i === breakAt || fits() < 1) this.doc.addPage();
      this.draw(line, options.x, this.doc.y, options.size, options.color ?? '#000000');
      this.doc.y += lineHeight;
    }
    this.doc.y += options.after ?? 0;
    this.doc.x = options.x;
  }

  /** How many lines the runs take at this size and width. */
  lines(runs: Run[], size: number, width: number): number {
    return this.wrap(runs, size, width).length;
  }

  /** One line at (x, y), not wrapped and never breaking the page: footers. */
  line(runs: Run[], x: number, y: number, size: number, color: string): void {
    this.draw(runs, x, y, size, color);
  }

  /** Greedy wrapping at spaces; a word longer than the line is cut where it reaches the edge. */
  private wrap(runs: Run[], size: number, width: number): Run[][] {
    const lines: Run[][] = [];
    let line: Run[] = [];
    let used = 0;
    const push = (font: string, text: string) => {
      const last = line[line.length - 1];
      if (last && last.font === font) last.text += text;
      else line.push({ font, text });
    };
    const breakLine = () => {
      const last = line[line.length - 1];
      if (last) last.text = last.text.replace(/ +$/, '');
      lines.push(line);
      line = [];
      used = 0;
    };
    for (const run of runs) {
      for (const paragraph of run.text.split('\n').entries()) {
        const [index, text] = paragraph;
        if (index > 0) breakLine();
        for (const word of text.match(/[^ ]+ *| +/g) ?? []) {
          const w = this.width(run.font, size, word);
          const bare = this.width(run.font, size, word.trimEnd());
          if (used + bare > width && used > 0) breakLine();
          if (bare > width) {
            for (const char of word) {
              const c = this.width(run.font, size, char);
              if (used + c > width && used > 0) breakLine();
              push(run.font, char);
              used += c;
            }
            continue;
          }
          if (used === 0 && word.trim() === '') continue;
          push(run.font, word);
          used += w;
        }
      }
    }
    if (line.length) breakLine();
    return lines.length ? lines : [[]];
  }

  /** The operators pdfkit's `text()` writes: unflip the page, place the text matrix, show glyphs. */
  private draw(runs: Run[], x: number, y: number, size: number, color: string): void {
    const doc = this.doc;
    const visible = runs.filter((r) => r.text.length > 0);
    if (visible.length === 0) return;
    const fonts = doc.page.fonts as Record<string, unknown>;
    const ascender = Math.max(...visible.map((r) => this.use(r.font).parts.ascender));
    doc.fillColor(color);
    doc.save();
    doc.transform(1, 0, 0, -1, 0, doc.page.height);
    const ops = ['BT', `1 0 0 1 ${round(x)} ${round(doc.page.height - y - (ascender / 1000) * size)} Tm`];
    for (const run of visible) {
      const m = this.use(run.font);
      fonts[m.parts.id] ??= m.parts.ref();
      let hex = '';
      for (const char of run.text) hex += this.glyph(m, char).hex;
      ops.push(`/${m.parts.id} ${round(size)} Tf`, `<${hex}> Tj`);
    }
    ops.push('ET');
    doc.addContent(ops.join('\n'));
    doc.restore();
  }
}

const round = (n: number): string => String(Math.round(n * 1000) / 1000);
