import { Caller } from '../client';
import { TestApp } from '../test-app';
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
