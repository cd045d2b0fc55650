import { Caller } from '../client';
import { TestApp } from '../test-app';
import { binaryParser } from './files';
import { eventually } from '../wait';

/** The record of processing activities: its exports. */

/**
 * Polls GET /records/exports/:id as `caller` (flushing the outbox between tries) until the export has
 * completed or failed; fails unless every answer is 200 or after `timeoutMs`. Returns its status.
 */
export async function finishedExport<
  T extends { status: string } = Record<string, unknown> & { status: string },
>(t: TestApp, caller: Caller, id: string, timeoutMs = 30_000): Promise<T> {
  return eventually(
    async () => {
      await t.flushOutbox();
      const res = await t.as(caller).get(`/records/exports/${id}`);
      expect(res.status).toBe(200);
      if (res.body.status !== 'completed' && res.body.status !== 'failed')
        throw new Error(`export ${id} still ${res.body.status} after ${timeoutMs} ms`);
      return res.body as T;
    },
    { timeoutMs },
  );
}

/**
 * Requests an export of the record as `caller` (202), waits until it has completed and downloads its file
 * (200); returns the file's bytes.
 */
export async function exportedRecord(
  t: TestApp,
  caller: Caller,
  format: 'xlsx' | 'csv' | 'json' | 'pdf',
  timeoutMs = 30_000,
): Promise<Buffer> {
  const created = await t.as(caller).post('/records/exports', { format });
  expect(created.status).toBe(202);
  const done = await finishedExport(t, caller, created.body.id, timeoutMs);
  if (done.status !== 'completed') throw new Error(`export ${format}: ${JSON.stringify(done)}`);
  const file = await t
    .as(caller)
    .get(`/records/exports/${created.body.id}/file`)
    .buffer(true)
    .parse(binaryParser);
  expect(file.status).toBe(200);
  return file.body as Buffer;
}
