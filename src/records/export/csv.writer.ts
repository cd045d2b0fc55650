import { stringify } from 'csv-stringify';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Cell, CONTROLLER_COLUMNS } from './columns';
import type { RecordSource } from './record-source';

const csvCell = (cell: Cell): string | number => (Array.isArray(cell) ? cell.join('; ') : cell);

/** One row per activity with the controller sheet's columns (RFC 4180, UTF-8, CRLF). */
export function csvExport(source: RecordSource): Readable {
  async function* rows(): AsyncGenerator<(string | number)[]> {
    for await (const batch of source.activities()) {
      for (const row of batch) yield CONTROLLER_COLUMNS.map((c) => csvCell(c.value(row, source.labels)));
    }
  }
  const out = new PassThrough();
  pipeline(
    Readable.from(rows()),
    stringify({
      header: true,
      columns: CONTROLLER_COLUMNS.map((c) => c.header),
      record_delimiter: 'windows',
    }),
    out,
  ).catch((error: Error) => out.destroy(error));
  return out;
}
