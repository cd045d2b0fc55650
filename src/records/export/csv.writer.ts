import { Readable } from 'node:stream';
import { csvStream } from '../../platform/csv/csv-writer';
import { type Cell, CONTROLLER_COLUMNS } from './columns';
import type { RecordSource } from './record-source';

const csvCell = (cell: Cell): string | number => (Array.isArray(cell) ? cell.join('; ') : cell);

/** One row per activity with the controller sheet's columns (RFC 4180, UTF-8, CRLF, no formula cells). */
export function csvExport(source: RecordSource): Readable {
  async function* rows(): AsyncGenerator<(string | number)[]> {
    for await (const batch of source.activities()) {
      for (const row of batch) yield CONTROLLER_COLUMNS.map((c) => csvCell(c.value(row, source.labels)));
    }
  }
  return csvStream(rows(), { columns: CONTROLLER_COLUMNS.map((c) => c.header) });
}
