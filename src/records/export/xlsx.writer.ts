import ExcelJS from 'exceljs';
import { PassThrough, Readable, Writable } from 'node:stream';
import type { ProfileSnapshot } from '../record-types';
import {
  type Cell,
  type ColumnSpec,
  CONTROLLER_COLUMNS,
  PROCESSOR_COLUMNS,
  PROCESSOR_RECORD_COLUMNS,
} from './columns';
import { contact } from './labels';
import type { RecordSource } from './record-source';

/** Rows 1-6 hold the header (as in the ICO template); row 7 the column headings; data from row 8. */
const HEADING_ROW = 7;
const HEADING_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };

const xlsxCell = (cell: Cell): string | number => (Array.isArray(cell) ? cell.join('\n') : cell);

const BACKLOG_BYTES = 4 << 20;

/** Bytes waiting to be written to `stream`, for node's streams and for readable-stream's. */
function backlog(stream: Writable | undefined): number {
  if (!stream) return 0;
  return (
    stream.writableLength ?? (stream as { _writableState?: { length?: number } })._writableState?.length ?? 0
  );
}

/**
 * Waits until the zip has taken what the sheet gave it. exceljs hands a sheet's XML to the zip without
 * heeding backpressure, and the compressor gets a turn only when this loop yields: without the wait,
 * the uncompressed XML piles up in memory (some 150 MB at 100,000 rows). The output is waited for too.
 */
async function caughtUp(ws: ExcelJS.Worksheet, out: Writable): Promise<void> {
  const entry = (ws as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes?.[0];
  while (backlog(entry) > BACKLOG_BYTES || out.writableNeedDrain) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * The record as a workbook, written with exceljs' streaming writer: "Controller record" (the ICO
 * template's Art. 30 columns), "Processor record" (Art. 30(2)) and "Processors" (agreement, countries,
 * assessment). Each sheet has its header rows, a frozen heading row with filters, and column widths.
 */
export function xlsxExport(source: RecordSource): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const m = source.meta;
  workbook.creator = 'Custos';
  workbook.created = new Date(m.generatedAt);
  workbook.title = `Record of processing activities — ${source.profile.controllerName}`;

  async function sheet<T>(
    name: string,
    title: string,
    header: [string, string][],
    columns: readonly ColumnSpec<T>[],
    rows: AsyncIterable<T[]>,
  ): Promise<void> {
    const ws = workbook.addWorksheet(name, {
      views: [{ state: 'frozen', xSplit: 1, ySplit: HEADING_ROW, topLeftCell: `B${HEADING_ROW + 1}` }],
      // Printed as people print a register: A4 landscape, as wide as the page, the headings on every page.
      pageSetup: {
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: `${HEADING_ROW}:${HEADING_ROW}`,
        margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: `&L${title}&RPage &P of &N` },
    });
    ws.columns = columns.map((c, i) => ({ key: String(i), width: c.width }));
    ws.getRow(1).values = [title];
    ws.getRow(1).font = { bold: true, size: 14, color: { argb: 'FF1F4E79' } };
    ws.getRow(1).commit();
    header.forEach(([label, value], i) => {
      const row = ws.getRow(2 + i);
      row.values = [label, value];
      row.getCell(1).font = { bold: true };
      row.commit();
    });
    const heading = ws.getRow(HEADING_ROW);
    heading.values = columns.map((c) => c.header);
    heading.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    heading.fill = HEADING_FILL;
    heading.alignment = { wrapText: true, vertical: 'top' };
    heading.height = 60;
    heading.commit();
    ws.autoFilter = {
      from: { row: HEADING_ROW, column: 1 },
      to: { row: HEADING_ROW, column: columns.length },
    };
    for await (const batch of rows) {
      for (const [i, item] of batch.entries()) {
        const row = ws.addRow(columns.map((c) => xlsxCell(c.value(item, source.labels))));
        row.alignment = { wrapText: true, vertical: 'top' };
        row.commit();
        if (i % 100 === 99) await caughtUp(ws, out);
      }
      await caughtUp(ws, out);
    }
    ws.commit();
  }

  const asOf = m.asOf ? `end of ${m.asOf} (UTC)` : `${m.snapshotAt} (at the request)`;
  const controllerHeader = headerRows(source.profile, 'Controller', asOf, m.generatedAt);
  const run = async () => {
    await sheet(
      'Controller record',
      'Record of processing activities — controller (Art. 30(1) GDPR)',
      controllerHeader,
      CONTROLLER_COLUMNS,
      source.activities(),
    );
    await sheet(
      'Processor record',
      'Record of processing activities — processor (Art. 30(2) GDPR)',
      headerRows(source.profile, 'Processor', asOf, m.generatedAt),
      PROCESSOR_RECORD_COLUMNS,
      source.processorEntries(),
    );
    await sheet(
      'Processors',
      `Processors and their agreements and assessments on ${m.day}`,
      [
        ['Organisation', source.profile.controllerName],
        ['Agreements and assessments as of', m.day],
        ['Generated at', m.generatedAt],
        ['Export', m.exportId],
        ['', ''],
      ],
      PROCESSOR_COLUMNS,
      source.processors(),
    );
    await workbook.commit();
  };
  run().catch((error: Error) => out.destroy(error));
  return out;
}

function headerRows(p: ProfileSnapshot, role: string, asOf: string, generatedAt: string): [string, string][] {
  const organisation = [p.controllerName, p.address, p.contactEmail, p.contactPhone]
    .filter(Boolean)
    .join(', ');
  return [
    [role, organisation],
    ['Data protection officer', contact(p.dpo) || 'none recorded'],
    ['Representative', contact(p.representative) || 'none recorded'],
    ['State as of', asOf],
    ['Generated at', generatedAt],
  ];
}
