import ExcelJS from 'exceljs';
import { humanUtc } from '../platform/clock/clock';
import { Pdf, pdfLayout } from '../platform/pdf/pdf.service';
import type { Incident } from './incident.entity';
import { AuthorityNotice, authorityNotice } from './incident-rules';

/** One breach as the register (Art. 33(5)) lists it, in words a reader of the register understands. */
export interface RegisterRow {
  title: string;
  where: string;
  awareAt: string;
  deadline: string;
  status: string;
  risk: string;
  authority: string;
  subjects: string;
  data: string;
  special: string;
  people: string;
  consequences: string;
  measures: string;
  closedAt: string;
}

const RISK: Record<string, string> = {
  unlikely: 'unlikely to result in a risk',
  risk: 'risk',
  high_risk: 'high risk',
};

const NOTICE: Record<AuthorityNotice, string> = {
  not_required: 'not required',
  pending: 'due',
  overdue: 'overdue',
  notified: 'notified',
  notified_late: 'notified late',
};

export function registerRow(
  i: Incident,
  now: Date,
  where: string,
  term: (key: string) => string,
  special: string[],
): RegisterRow {
  const notice = NOTICE[authorityNotice(i, now)];
  return {
    title: i.title,
    where,
    awareAt: humanUtc(i.awareAt),
    deadline: humanUtc(i.notificationDeadline),
    status: i.status,
    risk: i.riskLevel ? RISK[i.riskLevel] : 'not yet assessed',
    authority: i.authorityNotifiedAt
      ? `${notice}: ${i.authorityName ?? ''} on ${humanUtc(i.authorityNotifiedAt)}`
      : notice,
    subjects: i.subjectsNotifiedAt
      ? `told on ${humanUtc(i.subjectsNotifiedAt)} (${i.subjectsNoticeChannel ?? ''}, ${i.subjectsNotifiedCount ?? 0} people)`
      : i.subjectNoticeExemption
        ? `not told: Art. 34(3)(${i.subjectNoticeExemption.slice(-1)})`
        : i.riskLevel === 'high_risk'
          ? 'to be told'
          : 'not required',
    data: i.dataCategories.map(term).join(', ') || 'not yet known',
    special: special.join(', ') || 'none',
    people: i.approxSubjectCount === null ? 'not yet known' : i.approxSubjectCount.toLocaleString('en-GB'),
    consequences: i.likelyConsequences ?? 'not yet assessed',
    measures: i.measures ?? 'not yet recorded',
    closedAt: i.closedAt ? humanUtc(i.closedAt) : 'open',
  };
}

const COLUMNS: { key: keyof RegisterRow; header: string; width: number }[] = [
  { key: 'title', header: 'Breach', width: 30 },
  { key: 'where', header: 'Processor', width: 22 },
  { key: 'awareAt', header: 'Aware since', width: 18 },
  { key: 'deadline', header: 'Deadline (72 h)', width: 18 },
  { key: 'status', header: 'Status', width: 10 },
  { key: 'risk', header: 'Risk', width: 16 },
  { key: 'authority', header: 'Supervisory authority', width: 30 },
  { key: 'subjects', header: 'Data subjects told (Art. 34)', width: 28 },
  { key: 'data', header: 'Personal data', width: 30 },
  { key: 'special', header: 'Special categories', width: 18 },
  { key: 'people', header: 'People (approx.)', width: 12 },
  { key: 'consequences', header: 'Effects', width: 34 },
  { key: 'measures', header: 'Remedial action', width: 34 },
  { key: 'closedAt', header: 'Closed', width: 18 },
];

/** The register as a workbook laid out to print: landscape A4, one page wide, headings on every page. */
export async function registerXlsx(
  controllerName: string,
  generatedAt: Date,
  rows: RegisterRow[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Custos';
  workbook.created = generatedAt;
  workbook.title = `Breach register — ${controllerName}`;
  const ws = workbook.addWorksheet('Breach register', {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '3:3',
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&LBreach register&RPage &P of &N' },
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  ws.getCell('A1').value = `Breach register (Art. 33(5) GDPR) — ${controllerName}`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = `As of ${humanUtc(generatedAt)}; ${rows.length} breach(es)`;
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  const heading = ws.getRow(3);
  COLUMNS.forEach((c, n) => {
    const cell = heading.getCell(n + 1);
    cell.value = c.header;
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
    cell.alignment = { vertical: 'top', wrapText: true };
  });
  for (const row of rows) {
    const added = ws.addRow(row);
    added.alignment = { vertical: 'top', wrapText: true };
  }
  ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: COLUMNS.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The register as pages: one block per breach, newest first. */
export function drawRegister(doc: Pdf, controllerName: string, generatedAt: Date, rows: RegisterRow[]): void {
  const { heading, field, paragraph } = pdfLayout;
  heading(doc, 'Breach register', 18);
  paragraph(
    doc,
    `The personal data breaches of ${controllerName}, with their facts, effects and remedial action ` +
      `(Art. 33(5) GDPR), as of ${humanUtc(generatedAt)}.`,
  );
  if (rows.length === 0) paragraph(doc, 'No breach is recorded.');
  rows.forEach((row, n) => {
    heading(doc, `${n + 1}. ${row.title}`, 12);
    for (const c of COLUMNS.slice(1)) field(doc, c.header, row[c.key]);
  });
}
