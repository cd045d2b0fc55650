import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { Clock } from '../clock/clock';
import { templatesDir } from '../../config/paths';

export interface PdfMeta {
  title: string;
  subject?: string;
  /** Shown in every page's footer and in the document's metadata. */
  documentId: string;
  keywords?: string[];
  author?: string;
}

export type Pdf = PDFKit.PDFDocument;

export const PDF_FONTS = {
  regular: templatesDir('pdf', 'fonts', 'DejaVuSans.ttf'),
  bold: templatesDir('pdf', 'fonts', 'DejaVuSans-Bold.ttf'),
};

/** A font parsed by fontkit (pdfkit's own font engine), as pdfkit accepts it in place of a file. */
type ParsedFont = { layout: (text: string, features?: unknown) => GlyphRun; createSubset: () => Subset };
interface Subset {
  glyphs: number[];
  encode: () => Uint8Array;
}
interface GlyphRun {
  glyphs: unknown[];
  positions: Record<string, number>[];
  readonly advanceWidth: number;
}

const LAYOUT_CACHE_ENTRIES = 50_000;
const SUBSET_CACHE_ENTRIES = 500;

/** A parsed font whose embedded subsets are encoded once per set of glyphs (documents of one kind use the same few). */
function withSharedSubsets(font: ParsedFont): ParsedFont {
  const subsets = new Map<string, Uint8Array>();
  const createSubset = (): Subset => {
    const subset = font.createSubset();
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      const key = subset.glyphs.join(',');
      let bytes = subsets.get(key);
      if (!bytes) {
        bytes = encode();
        if (subsets.size >= SUBSET_CACHE_ENTRIES) subsets.clear();
        subsets.set(key, bytes);
      }
      return bytes;
    };
    return subset;
  };
  return new Proxy(font, {
    get: (target, prop): unknown => (prop === 'createSubset' ? createSubset : Reflect.get(target, prop)),
  });
}

/**
 * pdfkit shapes each word once per document and keeps the run, scaled to the font's units, in the
 * embedded font's `layoutCache` (pdfkit copies a run before it changes one). The runs depend on the font
 * alone, so every document's embedded font shares one cache per font for the life of the process, and
 * shaping a word is done once, not once per document. A full cache is replaced by an empty one.
 */
const sharedLayouts = new Map<string, { runs: Record<string, unknown>; documents: number }>();

function shareLayouts(doc: Pdf, fontName: string): void {
  const font = (doc as unknown as { _font?: { layoutCache?: Record<string, unknown> } })._font;
  if (!font?.layoutCache) return;
  let shared = sharedLayouts.get(fontName);
  if (!shared || (++shared.documents % 100 === 0 && Object.keys(shared.runs).length > LAYOUT_CACHE_ENTRIES)) {
    shared = { runs: Object.create(null) as Record<string, unknown>, documents: 0 };
    sharedLayouts.set(fontName, shared);
  }
  font.layoutCache = shared.runs;
}

let parsedFonts: { regular: ParsedFont; bold: ParsedFont } | undefined;

/**
 * The fonts, read and parsed once per process: parsing a TrueType font, measuring its glyphs and shaping
 * words are most of a small document's work, and a parsed font keeps its glyph metrics. Each document
 * still embeds the subset it uses.
 */
function fonts(): { regular: ParsedFont; bold: ParsedFont } {
  const parse = (file: string) => withSharedSubsets(fontkit.create(readFileSync(file)) as ParsedFont);
  parsedFonts ??= { regular: parse(PDF_FONTS.regular), bold: parse(PDF_FONTS.bold) };
  return parsedFonts;
}

const MARGIN = 56;

/**
 * Renders PDF/A-2b documents with an embedded TrueType font (pdfkit's built-in Helvetica is only
 * referenced, which PDF/A forbids), a footer with the document id and "page x of y" on every page,
 * and creation metadata taken from the injectable clock.
 */
@Injectable()
export class PdfRenderer {
  constructor(private readonly clock: Clock) {}

  async render(meta: PdfMeta, draw: (doc: Pdf) => void | Promise<void>): Promise<Buffer> {
    const created = this.clock.now();
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, bottom: MARGIN + 20, left: MARGIN, right: MARGIN },
      pdfVersion: '1.7',
      subset: 'PDF/A-2b',
      tagged: true,
      displayTitle: true,
      lang: 'en',
      bufferPages: true,
      // No default font: pdfkit would open Helvetica, which PDF/A forbids; ours are registered below.
      font: null as unknown as string,
      info: {
        Title: meta.title,
        Subject: meta.subject ?? meta.title,
        Author: meta.author ?? 'Custos',
        Creator: 'Custos',
        Producer: 'Custos (pdfkit)',
        Keywords: [`document-id:${meta.documentId}`, ...(meta.keywords ?? [])].join(', '),
        CreationDate: created,
        ModDate: created,
      },
    });
    doc.registerFont('regular', fonts().regular as unknown as string);
    doc.registerFont('bold', fonts().bold as unknown as string);
    for (const name of ['bold', 'regular']) {
      doc.font(name);
      shareLayouts(doc, name);
    }

    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });

    await draw(doc);
    this.addFooters(doc, meta);
    doc.end();
    return done;
  }

  private addFooters(doc: Pdf, meta: PdfMeta): void {
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const y = doc.page.height - MARGIN;
      doc
        .font('regular')
        .fontSize(8)
        .fillColor('#555555')
        .text(`${meta.title} · ${meta.documentId}`, MARGIN, y, { width: 300, lineBreak: false })
        .text(`Page ${i + 1 - range.start} of ${range.count}`, doc.page.width - MARGIN - 120, y, {
          width: 120,
          align: 'right',
          lineBreak: false,
        });
      doc.page.margins.bottom = bottom;
    }
  }
}

/**
 * Starts a new page for a block of `height` that does not fit: when fewer than `lines` lines of the
 * current font fit (no heading alone and no orphan line at the foot of a page), when the block is short
 * (six lines or fewer move whole), or when less than two of its lines would go over (no widow line at the
 * top of the next page).
 */
function keepTogether(doc: Pdf, height: number, lines = 2): void {
  const room = doc.page.height - doc.page.margins.bottom - doc.y;
  const line = doc.currentLineHeight(true);
  if (height <= room) return;
  if (room < line * lines || height <= line * 6 || height - room < line * 2) doc.addPage();
}

/** Small layout helpers shared by Custos' documents. */
export const pdfLayout = {
  keepTogether,
  /**
   * A heading that stays on one page with what follows it: the first lines of a text (by default), or,
   * given `block` (the height of what follows), all of it: a short section is read as one.
   */
  heading(doc: Pdf, text: string, size = 16, block?: number): void {
    doc.moveDown(0.5);
    doc.font('regular').fontSize(10);
    // The space the heading leaves below itself (its `moveDown(0.3)`) counts toward what follows.
    const following =
      block === undefined ? doc.currentLineHeight(true) * 3 : block + doc.currentLineHeight(true) * 0.3;
    doc.font('bold').fontSize(size);
    keepTogether(doc, doc.heightOfString(text) + following, 99);
    doc.font('bold').fontSize(size).fillColor('#1f4e79').text(text).moveDown(0.3);
    doc.font('regular').fontSize(10).fillColor('#000000');
  },
  field(doc: Pdf, label: string, value: string): void {
    doc.font('regular').fontSize(10);
    keepTogether(doc, doc.heightOfString(`${label}: ${value || '—'}`));
    doc.font('bold').fontSize(10).fillColor('#000000').text(`${label}: `, { continued: true });
    doc.font('regular').text(value || '—');
  },
  paragraph(doc: Pdf, text: string): void {
    doc.font('regular').fontSize(10).fillColor('#000000');
    keepTogether(doc, doc.heightOfString(text));
    doc.text(text);
  },
};
