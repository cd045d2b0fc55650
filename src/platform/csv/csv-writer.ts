import { stringify, type Options } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type CsvCell = string | number | boolean | Date | null | undefined;

export interface CsvOptions {
  /** The table's header row. */
  columns: readonly string[];
  /** Start with a UTF-8 byte order mark, so that spreadsheet programs read the file as UTF-8. */
  bom?: boolean;
  /** Rows written before the table's header (e.g. who the document is about), neutralised like every cell. */
  preamble?: readonly (readonly CsvCell[])[];
}

/** What a spreadsheet program reads as the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell that a spreadsheet would run as a formula is written with a leading apostrophe, which
 * spreadsheets show as text and do not evaluate. Numbers stay numbers (a negative number is no formula).
 */
export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function settings(options: CsvOptions): Options {
  return {
    bom: options.bom ?? false,
    record_delimiter: 'windows',
    cast: {
      string: (value) => neutralizeCell(value),
      boolean: (value) => (value ? 'true' : 'false'),
      date: (value) => value.toISOString(),
    },
  };
}

/** The preamble, a blank line when there is one, then the header row. */
function leadingRows(options: CsvOptions): CsvCell[][] {
  const preamble = (options.preamble ?? []).map((row) => [...row]);
  return [...preamble, ...(preamble.length ? [[]] : []), [...options.columns]];
}

/**
 * Every CSV Custos writes goes through here (RFC 4180, UTF-8, CRLF): the records export and the access
 * review alike, so that no cell reaches a spreadsheet as a formula.
 */
export function csvStream(
  rows: AsyncIterable<CsvCell[]> | Iterable<CsvCell[]>,
  options: CsvOptions,
): Readable {
  async function* all(): AsyncGenerator<CsvCell[]> {
    yield* leadingRows(options);
    yield* rows;
  }
  const out = new PassThrough();
  pipeline(Readable.from(all()), stringify(settings(options)), out).catch((error: Error) =>
    out.destroy(error),
  );
  return out;
}

/** The same CSV as one string, for a small table answered in a request. */
export function csvString(rows: Iterable<CsvCell[]>, options: CsvOptions): string {
  return stringifySync([...leadingRows(options), ...rows], settings(options));
}
