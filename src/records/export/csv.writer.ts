import { Readable } from 'node:stream';
import { type CsvCell, csvStream } from '../../platform/csv/csv-writer';
import { type Cell, type ColumnSpec, CONTROLLER_COLUMNS, PROCESSOR_RECORD_COLUMNS } from './columns';
import { contact } from './labels';
import type { RecordSource } from './record-source';

const csvCell = (cell: Cell): string | number => (Array.isArray(cell) ? cell.join('; ') : cell);

/**
 * The record as one CSV file through the shared writer (RFC 4180, UTF-8 with a byte order mark so that
 * Excel reads it, CRLF, no formula cells), in the ICO template's layout: a header block with the
 * controller, its DPO and representative and the date of the state; a blank line; the controller
 * record, one row per activity with the controller sheet's columns; a blank line; then the processor
 * record (Art. 30(2)) under its own title and headings. One file rather than a ZIP, so that a
 * spreadsheet opens it with a double click.
 */
export function csvExport(source: RecordSource): Readable {
  const m = source.meta;
  const p = source.profile;
  const organisation = [p.controllerName, p.address, p.contactEmail, p.contactPhone]
    .filter(Boolean)
    .join(', ');
  const asOf = m.asOf ? `end of ${m.asOf} (UTC)` : `${m.snapshotAt} (at the request)`;

  async function* table<T>(columns: readonly ColumnSpec<T>[], batches: AsyncIterable<T[]>) {
    for await (const batch of batches)
      for (const row of batch) yield columns.map((c) => csvCell(c.value(row, source.labels)));
  }

  async function* rows(): AsyncGenerator<CsvCell[]> {
    yield* table(CONTROLLER_COLUMNS, source.activities());
    yield [];
    yield ['Record of processing activities — processor (Art. 30(2) GDPR)'];
    yield ['Processor', organisation];
    yield [];
    yield PROCESSOR_RECORD_COLUMNS.map((c) => c.header);
    yield* table(PROCESSOR_RECORD_COLUMNS, source.processorEntries());
  }

  return csvStream(rows(), {
    bom: true,
    preamble: [
      ['Record of processing activities — controller (Art. 30(1) GDPR)'],
      ['Controller', organisation],
      ['Data protection officer', contact(p.dpo) || 'none recorded'],
      ['Representative', contact(p.representative) || 'none recorded'],
      ['State as of', asOf],
      ['Generated at', m.generatedAt],
    ],
    columns: CONTROLLER_COLUMNS.map((c) => c.header),
  });
}
