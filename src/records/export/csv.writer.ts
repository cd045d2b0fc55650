import { stringify } from 'csv-stringify';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Cell, type ColumnSpec, CONTROLLER_COLUMNS, PROCESSOR_RECORD_COLUMNS } from './columns';
import { contact } from './labels';
import type { RecordSource } from './record-source';

const csvCell = (cell: Cell): string | number => (Array.isArray(cell) ? cell.join('; ') : cell);

/** Excel reads a CSV as UTF-8 only when it starts with the byte order mark. */
const BOM = '\uFEFF';

/**
 * The record as one CSV file (RFC 4180, UTF-8 with BOM, CRLF), in the ICO template's layout: a header
 * block with the controller, its DPO and representative and the date of the state; a blank line; the
 * controller record, one row per activity with the controller sheet's columns; a blank line; then the
 * processor record (Art. 30(2)) under its own title and headings. One file rather than a ZIP, so that
 * a spreadsheet opens it with a double click.
 */
export function csvExport(source: RecordSource): Readable {
  const m = source.meta;
  const p = source.profile;
  const width = CONTROLLER_COLUMNS.length;
  const pad = (cells: (string | number)[]) => [
    ...cells,
    ...Array<string>(Math.max(0, width - cells.length)).fill(''),
  ];

  async function* table<T>(columns: readonly ColumnSpec<T>[], batches: AsyncIterable<T[]>) {
    yield pad(columns.map((c) => c.header));
    for await (const batch of batches)
      for (const row of batch) yield pad(columns.map((c) => csvCell(c.value(row, source.labels))));
  }

  async function* rows(): AsyncGenerator<(string | number)[]> {
    const organisation = [p.controllerName, p.address, p.contactEmail, p.contactPhone]
      .filter(Boolean)
      .join(', ');
    const asOf = m.asOf ? `end of ${m.asOf} (UTC)` : `${m.snapshotAt} (at the request)`;
    yield pad(['Record of processing activities — controller (Art. 30(1) GDPR)']);
    yield pad(['Controller', organisation]);
    yield pad(['Data protection officer', contact(p.dpo) || 'none recorded']);
    yield pad(['Representative', contact(p.representative) || 'none recorded']);
    yield pad(['State as of', asOf]);
    yield pad(['Generated at', m.generatedAt]);
    yield pad([]);
    yield* table(CONTROLLER_COLUMNS, source.activities());
    yield pad([]);
    yield pad(['Record of processing activities — processor (Art. 30(2) GDPR)']);
    yield pad(['Processor', organisation]);
    yield pad([]);
    yield* table(PROCESSOR_RECORD_COLUMNS, source.processorEntries());
  }
  const out = new PassThrough();
  out.write(BOM);
  pipeline(Readable.from(rows()), stringify({ record_delimiter: 'windows' }), out).catch((error: Error) =>
    out.destroy(error),
  );
  return out;
}
