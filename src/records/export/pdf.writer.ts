import PDFDocument from 'pdfkit';
import { Readable } from 'node:stream';
import { PDF_FONTS } from '../../platform/pdf/pdf.service';
import { PdfText } from './pdf-text';
import { isArt6, isArt9 } from '../legal-bases';
import type { ActivityView } from '../processing-activities.service';
import type { ProcessorEntrySnapshot } from '../record-types';
import {
  contact,
  country,
  DPIA_PROGRESS_TEXT,
  legalBasis,
  RECIPIENT_TYPE_TEXT,
  type RecordLabels,
  RIGHT_TEXT,
  safeguard,
  term,
  transferText,
} from './labels';
import type { RecordSource } from './record-source';

type Pdf = PDFKit.PDFDocument;

const MARGIN = 56;
const FOOTER_SPACE = 20;
const BLUE = '#1f4e79';
const GREY = '#555555';
const TITLE = 'Record of processing activities';
const BACKLOG_BYTES = 1 << 20;
const REGULAR = PDF_FONTS.regular;
const BOLD = PDF_FONTS.bold;

export interface PdfExportOptions {
  /** SHA-256 of the record data (see recordHash): a PDF cannot contain its own hash. */
  dataSha256: string;
}

/**
 * The record as a PDF/A-2b document: a cover page (organisation, DPO, as-of date, generation time and
 * the hash of the data), then one section per activity in the order of the CNIL's "fiche", then the
 * processor record. It has the look of PdfRenderer's documents (A4, embedded DejaVu fonts, footer with
 * the document id and the page number) but streams page by page instead of buffering the document,
 * so that a register of any size renders in flat memory; the footer therefore says "Page n", not "of y".
 */
export function pdfExport(source: RecordSource, options: PdfExportOptions): Readable {
  const m = source.meta;
  const generatedAt = new Date(m.generatedAt);
  const doc = new PDFDocument({
    // Fonts are named by path everywhere: a registered alias of the default font is not cached by
    // pdfkit and would re-read the font file at every switch (about twenty times slower).
    font: REGULAR,
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_SPACE, left: MARGIN, right: MARGIN },
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    tagged: true,
    displayTitle: true,
    lang: 'en',
    autoFirstPage: false,
    info: {
      Title: `${TITLE} — ${source.profile.controllerName}`,
      Subject: `Art. 30 GDPR record${m.asOf ? ` as of ${m.asOf}` : ''}`,
      Author: source.profile.controllerName,
      Creator: 'Custos',
      Producer: 'Custos (pdfkit)',
      Keywords: `document-id:${m.exportId}, record-sha256:${options.dataSha256}`,
      CreationDate: generatedAt,
      ModDate: generatedAt,
    },
  });

  const text = new PdfText(doc);
  let pageNumber = 0;
  doc.on('pageAdded', () => {
    pageNumber += 1;
    const footerY = doc.page.height - MARGIN;
    text.line([{ font: REGULAR, text: `${TITLE} · ${m.exportId}` }], MARGIN, footerY, 8, GREY);
    const label = `Page ${pageNumber}`;
    const right = doc.page.width - MARGIN - text.width(REGULAR, 8, label);
    text.line([{ font: REGULAR, text: label }], right, footerY, 8, GREY);
  });
  const pen = new Pen(doc, text);

  const render = async () => {
    doc.addPage();
    cover(pen, source, options);
    // Each activity starts a page of its own, as a CNIL fiche does; the index at the end names its page.
    const index: { name: string; page: number }[] = [];
    let n = 0;
    for await (const batch of source.activities()) {
      for (const row of batch) {
        doc.addPage();
        if (n === 0) pen.heading('Controller record (Art. 30(1) GDPR)', 16);
        index.push({ name: row.activity.name, page: pageNumber });
        activitySection(pen, row, source.labels, ++n);
        if (n % 50 === 0) await drained(doc);
      }
    }
    if (n === 0) {
      doc.addPage();
      pen.heading('Controller record (Art. 30(1) GDPR)', 16);
      pen.field('Processing activities', 'none recorded');
    }
    doc.addPage();
    pen.heading('Processor record (Art. 30(2) GDPR)', 16);
    pen.field(
      'Processor',
      [source.profile.controllerName, source.profile.address].filter(Boolean).join(', '),
    );
    pen.field('Data protection officer', contact(source.profile.dpo) || 'none recorded');
    pen.field('Representative', contact(source.profile.representative) || 'none recorded');
    let entries = 0;
    for await (const batch of source.processorEntries()) {
      for (const entry of batch) processorEntrySection(pen, entry, source.labels, ++entries);
    }
    if (entries === 0) pen.field('Controllers processed for', 'none recorded');
    doc.addPage();
    pen.heading('Index of processing activities', 16);
    if (index.length === 0) pen.note('No processing activities are recorded.');
    index.forEach((entry, i) => pen.indexLine(`${i + 1}. ${entry.name}`, entry.page));
    doc.end();
  };
  render().catch((error: Error) => doc.destroy(error));
  return doc;
}

/**
 * pdfkit pushes what it writes whether or not anyone reads it: wait while more than a little is waiting
 * to be read, so that the file, not memory, takes the pages.
 */
async function drained(doc: Pdf): Promise<void> {
  while (doc.readableLength > BACKLOG_BYTES) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** Headings, labelled fields and notes in the house style, one after the other down the page. */
class Pen {
  constructor(
    private readonly doc: Pdf,
    private readonly text: PdfText,
  ) {}

  private get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  space(points: number): void {
    this.doc.y += points;
  }

  heading(title: string, size = 13): void {
    // The heading, however many lines it wraps to, and the first two lines of what follows.
    const lines = this.text.lines([{ font: BOLD, text: title }], size, this.width);
    this.keepRoom(
      size * 0.5 + lines * this.text.lineHeight(BOLD, size) + 3 + 2 * this.text.lineHeight(BOLD, 9),
    );
    this.space(size * 0.5);
    this.text.paragraph([{ font: BOLD, text: title }], {
      x: MARGIN,
      width: this.width,
      size,
      color: BLUE,
      after: 3,
    });
  }

  field(label: string, value: string | string[]): void {
    const shown = (Array.isArray(value) ? value.join('; ') : value) || '—';
    this.text.paragraph(
      [
        { font: BOLD, text: `${label}: ` },
        { font: REGULAR, text: shown },
      ],
      { x: MARGIN, width: this.width, size: 9 },
    );
  }

  /** A label, then one indented line per item: for lists a reader scans (recipients, transfers). */
  items(label: string, values: string[], empty: string): void {
    if (values.length === 0) return this.field(label, empty);
    // The label stays with its first item.
    this.keepRoom(3 * this.text.lineHeight(BOLD, 9));
    this.text.paragraph([{ font: BOLD, text: `${label}:` }], { x: MARGIN, width: this.width, size: 9 });
    for (const value of values)
      this.text.paragraph([{ font: REGULAR, text: `• ${value}` }], {
        x: MARGIN + 10,
        width: this.width - 10,
        size: 9,
      });
  }

  /** "3. Payroll ........ page 4": a name and the page its section starts on. */
  indexLine(name: string, page: number): void {
    this.keepRoom(14);
    const y = this.doc.y;
    const label = `page ${page}`;
    const right = this.doc.page.width - MARGIN - this.text.width(REGULAR, 10, label);
    this.text.paragraph([{ font: REGULAR, text: name }], {
      x: MARGIN,
      width: right - MARGIN - 12,
      size: 10,
      after: 0,
    });
    const after = this.doc.y;
    this.text.line([{ font: REGULAR, text: label }], right, y, 10, GREY);
    this.doc.y = Math.max(after, y + 13);
  }

  note(value: string, size = 9, color = '#000000', font = REGULAR): void {
    this.text.paragraph([{ font, text: value }], { x: MARGIN, width: this.width, size, color, after: 2 });
  }

  /** Starts a new page unless `points` fit on this one, so that a heading never ends a page. */
  private keepRoom(points: number): void {
    if (this.doc.y + points > this.doc.page.height - this.doc.page.margins.bottom) this.doc.addPage();
  }
}

function cover(pen: Pen, source: RecordSource, options: PdfExportOptions): void {
  const m = source.meta;
  const p = source.profile;
  pen.space(60);
  pen.note(TITLE, 24, BLUE, BOLD);
  pen.note('Article 30 GDPR — controller and processor record', 12);
  pen.space(24);
  pen.heading('Organisation', 12);
  pen.field('Controller', p.controllerName);
  pen.field('Address', p.address ?? '');
  pen.field('Contact', [p.contactEmail, p.contactPhone].filter(Boolean).join(', '));
  pen.field('Data protection officer', contact(p.dpo) || 'none recorded');
  pen.field('Representative in the Union', contact(p.representative) || 'none recorded');
  pen.heading('This document', 12);
  pen.field(
    'State as of',
    m.asOf ? `the end of ${m.asOf} (UTC)` : `${m.snapshotAt}, when the export was requested`,
  );
  pen.field('Agreement statuses and authorisations on', m.day);
  pen.field('Generated at', m.generatedAt);
  pen.field('Document id', m.exportId);
  pen.field('Processing activities', `${source.activityCount} (one per page; the index is at the end)`);
  pen.field('Controllers in the processor record', String(source.processorEntryCount));
  pen.heading('Document hash', 12);
  pen.field('SHA-256 of the record data', options.dataSha256);
  pen.space(4);
  pen.note(
    'This is the SHA-256 of the record data this document shows: the "record" member of the JSON export ' +
      'of the same state (its "recordSha256"), not of this PDF file, since a file cannot contain its own hash. ' +
      'The SHA-256 of this PDF file is kept by Custos with the export and shown with it.',
    8,
    '#333333',
  );
}

const list = (values: string[]): string => (values.length ? values.join('; ') : '');

/** One activity, in the order of the CNIL's fiche. */
function activitySection(pen: Pen, row: ActivityView, labels: RecordLabels, n: number): void {
  const a = row.activity;
  const d = row.derived;
  pen.heading(`${n}. ${a.name}`);
  pen.field(
    'Version',
    `${a.version}; created ${a.createdAt.slice(0, 10)}, last updated ${a.updatedAt.slice(0, 10)}`,
  );
  pen.field('Joint controllers', list(a.jointControllers.map((j) => `${j.name} (${j.contact})`)) || 'none');
  pen.field('Business function', a.businessFunction ?? '');
  pen.field(
    'Purposes',
    list([
      ...(a.purposeDescription ? [a.purposeDescription] : []),
      ...a.purposes.map((k) => term(labels.dataUses, k)),
    ]),
  );
  pen.field('Lawful basis (Art. 6)', list(a.legalBases.filter(isArt6).map(legalBasis)));
  if (a.legitimateInterest) pen.field('Legitimate interests', a.legitimateInterest);
  if (a.legitimateInterestsAssessment)
    pen.field('Legitimate interests assessment', a.legitimateInterestsAssessment);
  if (a.consentRecord) pen.field('Record of consent', a.consentRecord);
  pen.field(
    'Rights available',
    list((a.rightsAvailable ?? []).map((k) => RIGHT_TEXT[k] ?? k)) || 'not recorded',
  );
  pen.field('Automated decision-making, including profiling', a.automatedDecisionMaking ?? 'none');
  pen.field(
    'Categories of data subjects',
    list(a.dataSubjectCategories.map((k) => term(labels.dataSubjects, k))),
  );
  const limits = new Map(a.retentionByCategory.map((r) => [r.dataCategory, r.limit]));
  pen.field(
    'Categories of personal data (retention)',
    list(a.dataCategories.map((k) => `${term(labels.dataCategories, k)} (${limits.get(k) ?? a.retention})`)),
  );
  const sensitive = a.dataCategories.flatMap((k) => {
    const s = labels.specialCategoryOf(k);
    return s ? [`${term(labels.dataCategories, k)}: Art. ${s.article}, ${s.kind}`] : [];
  });
  pen.field(
    'Sensitive data',
    sensitive.length
      ? `Yes: ${list(sensitive)}. Condition: ${list(a.legalBases.filter((b) => isArt9(b) || b === 'art10').map(legalBasis))}`
      : 'No',
  );
  pen.field('Retention (general)', a.retention);
  pen.field('Source of the data', a.dataSource ?? '');
  if (a.dataLocation) pen.field('Location of the data', a.dataLocation);
  const byKind = (kind: string) => d.recipients.filter((r) => r.kind === kind);
  pen.field(
    'Recipients: internal',
    list(
      byKind('other')
        .filter((r) => r.type === 'internal')
        .map((r) => r.name),
    ) || 'none',
  );
  pen.field(
    'Recipients: external bodies',
    list(
      byKind('other')
        .filter((r) => r.type !== 'internal')
        .map(
          (r) =>
            `${r.name} (${RECIPIENT_TYPE_TEXT[r.type ?? 'external']}${r.country ? `, ${country(labels, r.country)}` : ''})`,
        ),
    ) || 'none',
  );
  pen.items(
    'Recipients: processors',
    [...byKind('processor'), ...byKind('sub_processor')].map(
      (r) =>
        `${r.name}${r.kind === 'sub_processor' ? ' (sub-processor)' : ''}, ${r.country ? country(labels, r.country) : ''}: ${r.agreement ? `${r.agreement.title}, ${r.agreement.status}` : 'no agreement in force'}${r.ended ? ' (engagement ended)' : ''}`,
    ),
    'none',
  );
  pen.items(
    'Transfers outside the EU',
    d.transfers.map((t) => transferText(labels, t)),
    'No',
  );
  pen.field('Security measures', a.securityMeasures);
  pen.field(
    'DPIA',
    a.dpiaRequired
      ? `required${a.dpiaProgress ? `, ${DPIA_PROGRESS_TEXT[a.dpiaProgress].toLowerCase()}` : ''}${a.dpiaReference ? `: ${a.dpiaReference}` : ''}`
      : 'not required',
  );
  if (a.breachRecord) pen.field('Personal-data breaches', a.breachRecord);
}

function processorEntrySection(pen: Pen, e: ProcessorEntrySnapshot, labels: RecordLabels, n: number): void {
  pen.heading(`${n}. ${e.controllerName}`);
  pen.field('Version', String(e.version));
  pen.field(
    'Controller',
    [e.controllerName, e.controllerAddress, contact(e.controllerContact)].filter(Boolean).join(', '),
  );
  pen.field("Controller's representative", contact(e.controllerRepresentative) || 'none');
  pen.field("Controller's DPO", contact(e.controllerDpo) || 'none');
  pen.field('Categories of processing', list(e.processingCategories));
  pen.field(
    'Transfers outside the EU',
    e.transfers.length
      ? `Yes: ${list(e.transfers.map((t) => `${country(labels, t.country)}: ${safeguard(t.safeguard)}${t.reference ? ` (${t.reference})` : ''}`))}`
      : 'No',
  );
  pen.field('Security measures', e.securityMeasures);
  if (e.contractReference) pen.field('Contract', e.contractReference);
}
