import { ValidationFailed } from '../platform/errors/domain-error';

/** One row of a processor's published sub-processor list. */
export interface ListedSubProcessor {
  /** The line of the file the row is on (the header is line 1). */
  line: number;
  name: string;
  country: string;
  processingCountries: string[];
  services: string;
}

export interface KnownSubProcessor {
  id: string;
  name: string;
  country: string;
  processingCountries: string[];
}

export type ListDifference =
  | { kind: 'not_in_custos'; name: string; listed: ListedSubProcessor; message: string }
  | { kind: 'listed_twice'; name: string; processorId?: string; listed: ListedSubProcessor; message: string }
  | { kind: 'not_in_list'; name: string; processorId: string; message: string }
  | {
      kind: 'country_differs' | 'processing_countries_differ';
      name: string;
      processorId: string;
      listed: string;
      recorded: string;
      message: string;
    };

/** A record of a CSV file: its fields, and the line of the file it starts on (the first line is 1). */
export interface CsvRow {
  line: number;
  fields: string[];
}

/**
 * RFC 4180 fields: commas, double quotes escaped by doubling, line breaks inside quotes. Blank records
 * are left out; each record keeps the line it starts on, so that a problem names the line a spreadsheet
 * shows even after blank lines or a field over several lines.
 */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let line = 1;
  let start = 1;
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const end = () => {
    row.push(field);
    if (row.some((f) => f.trim() !== '')) rows.push({ line: start, fields: row });
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === ';') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      end();
      line++;
      start = line;
    } else field += c;
  }
  if (field !== '' || row.length) end();
  return rows;
}

const HEADERS: Record<string, Exclude<keyof ListedSubProcessor, 'line'>> = {
  name: 'name',
  'sub-processor': 'name',
  subprocessor: 'name',
  country: 'country',
  'processing countries': 'processingCountries',
  processingcountries: 'processingCountries',
  locations: 'processingCountries',
  services: 'services',
  purpose: 'services',
};

/**
 * Reads a published list: a header row naming at least `name` and `country` (also `processing
 * countries`, `services`); countries as ISO codes, several separated by spaces or "|".
 */
export function readSubProcessorList(
  text: string,
  isCountry: (code: string) => boolean,
): ListedSubProcessor[] {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  const columns = (header?.fields ?? []).map((h) => HEADERS[h.trim().toLowerCase()]);
  if (!columns.includes('name') || !columns.includes('country')) {
    throw ValidationFailed.field(
      'file',
      'needs a header row with at least the columns name and country',
      'csvHeader',
    );
  }
  const errors: { field: string; message: string; rule: string }[] = [];
  const listed = rows.map(({ line, fields: cells }) => {
    const item: ListedSubProcessor = { line, name: '', country: '', processingCountries: [], services: '' };
    columns.forEach((column, i) => {
      const value = (cells[i] ?? '').trim();
      if (column === 'processingCountries')
        item.processingCountries = value
          .toUpperCase()
          .split(/[\s|/]+/)
          .filter(Boolean);
      else if (column === 'country') item.country = value.toUpperCase();
      else if (column) item[column] = value;
    });
    if (!item.name) errors.push({ field: `file[${line}].name`, message: 'is empty', rule: 'required' });
    for (const code of [item.country, ...item.processingCountries]) {
      if (!isCountry(code)) {
        errors.push({
          field: `file[${line}].country`,
          message: `"${code}" is not an ISO 3166-1 alpha-2 code`,
          rule: 'country',
        });
      }
    }
    return item;
  });
  if (errors.length) throw new ValidationFailed(errors);
  return listed;
}

const key = (name: string) => name.toLowerCase().replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();
const set = (codes: string[]) => [...new Set(codes)].sort().join(', ');

/** What legal must look at: who is listed but unknown to Custos, who is known but not listed, what differs. */
export function compareSubProcessorLists(
  listed: ListedSubProcessor[],
  known: KnownSubProcessor[],
): ListDifference[] {
  const byName = new Map(known.map((k) => [key(k.name), k]));
  const seen = new Set<string>();
  const differences: ListDifference[] = [];
  const lineOf = new Map<string, number>();
  for (const item of listed) {
    // A second row of the same name is not a second confirmation: the list is ambiguous about it.
    const first = lineOf.get(key(item.name));
    if (first !== undefined) {
      const known = byName.get(key(item.name));
      differences.push({
        kind: 'listed_twice',
        name: known?.name ?? item.name,
        ...(known ? { processorId: known.id } : {}),
        listed: item,
        message: `${known?.name ?? item.name} is on the processor's list twice (lines ${first} and ${item.line}): ask which entry is right.`,
      });
      continue;
    }
    lineOf.set(key(item.name), item.line);
    const match = byName.get(key(item.name));
    if (!match) {
      differences.push({
        kind: 'not_in_custos',
        name: item.name,
        listed: item,
        message: `${item.name} is on the processor's list but not recorded in Custos: treat it as a notice of a new sub-processor.`,
      });
      continue;
    }
    seen.add(match.id);
    if (item.country !== match.country) {
      differences.push({
        kind: 'country_differs',
        name: match.name,
        processorId: match.id,
        listed: item.country,
        recorded: match.country,
        message: `${match.name}: the list says established in ${item.country}, Custos records ${match.country}.`,
      });
    }
    if (item.processingCountries.length && set(item.processingCountries) !== set(match.processingCountries)) {
      differences.push({
        kind: 'processing_countries_differ',
        name: match.name,
        processorId: match.id,
        listed: set(item.processingCountries),
        recorded: set(match.processingCountries),
        message: `${match.name}: the list says processing in ${set(item.processingCountries)}, Custos records ${set(match.processingCountries) || 'none'}.`,
      });
    }
  }
  for (const k of known) {
    if (seen.has(k.id)) continue;
    differences.push({
      kind: 'not_in_list',
      name: k.name,
      processorId: k.id,
      message: `${k.name} is recorded in Custos but no longer on the processor's list: ask whether it was replaced.`,
    });
  }
  return differences;
}
