import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { RecordSource } from './record-source';

export const JSON_FORMAT = 'custos.records-of-processing';
export const JSON_FORMAT_VERSION = 1;

/**
 * The `record` member of the JSON export, chunk by chunk: the controller (profile), every activity with
 * its derived recipients, transfers and flags, the processor record and the processors. The same bytes
 * are hashed for the PDF's cover, so that the PDF names the data it shows.
 */
export async function* recordJson(source: RecordSource): AsyncGenerator<string> {
  yield `{\n"controller":${JSON.stringify(source.profile)},\n"processingActivities":[`;
  let first = true;
  for await (const batch of source.activities()) {
    const parts = batch.map(({ activity, derived }) => JSON.stringify({ ...activity, ...derived }));
    if (parts.length === 0) continue;
    yield `${first ? '\n' : ',\n'}${parts.join(',\n')}`;
    first = false;
  }
  yield `\n],\n"processorRecord":[`;
  first = true;
  for await (const batch of source.processorEntries()) {
    if (batch.length === 0) continue;
    yield `${first ? '\n' : ',\n'}${batch.map((e) => JSON.stringify(e)).join(',\n')}`;
    first = false;
  }
  yield `\n],\n"processors":[`;
  first = true;
  for await (const batch of source.processors()) {
    if (batch.length === 0) continue;
    yield `${first ? '\n' : ',\n'}${batch.map((p) => JSON.stringify(p)).join(',\n')}`;
    first = false;
  }
  yield `\n]\n}`;
}

/** SHA-256 (hex) of the record data: what `recordSha256` of a JSON export of the same snapshot says. */
export async function recordHash(source: RecordSource): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of recordJson(source)) hash.update(chunk);
  return hash.digest('hex');
}

export interface JsonExport {
  stream: Readable;
  /** Settles when the stream has been read to the end. */
  dataSha256: Promise<string>;
}

/** The complete, machine-readable export: metadata, the record, and the SHA-256 of the record's bytes. */
export function jsonExport(source: RecordSource): JsonExport {
  let settle!: (hash: string) => void;
  const dataSha256 = new Promise<string>((resolve) => (settle = resolve));
  async function* body(): AsyncGenerator<Buffer> {
    const m = source.meta;
    const head = {
      format: JSON_FORMAT,
      formatVersion: JSON_FORMAT_VERSION,
      exportId: m.exportId,
      generatedAt: m.generatedAt,
      asOf: m.asOf,
      snapshotAt: m.snapshotAt,
      statusesOn: m.day,
      activityCount: source.activityCount,
      processorRecordCount: source.processorEntryCount,
    };
    const json = JSON.stringify(head);
    yield Buffer.from(`${json.slice(0, -1)},\n"record":`);
    const hash = createHash('sha256');
    for await (const chunk of recordJson(source)) {
      const bytes = Buffer.from(chunk);
      hash.update(bytes);
      yield bytes;
    }
    const digest = hash.digest('hex');
    settle(digest);
    yield Buffer.from(`,\n"recordSha256":"${digest}"\n}\n`);
  }
  return { stream: Readable.from(body()), dataSha256 };
}
