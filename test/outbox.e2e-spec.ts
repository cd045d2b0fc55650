import { JobQueue } from '../src/platform/queue/job-queue.service';
import { JobRunner } from '../src/platform/queue/job-runner';
import { MailService } from '../src/platform/mail/mail.service';
import { SendMailJob, SendMailPayload } from '../src/platform/mail/mail.jobs';
import { RedisProxy } from './support/redis-proxy';
import { createTestApp, TestApp } from './support/test-app';
import { settled } from './support/wait';

function testMail(key: string, to = 'dpo@acme.example'): SendMailPayload {
  return {
    organizationId: null,
    idempotencyKey: key,
    to: [to],
    template: 'smtp-test',
    context: { requestedBy: 'the outbox test', requestedAt: '2026-01-15T09:00:00.000Z' },
  };
}

async function outboxRows(t: TestApp): Promise<{ job_id: string; status: string; attempts: number }[]> {
  return t.dataSource.query('SELECT job_id, status, attempts FROM outbox ORDER BY created_at');
}

describe('platform: outbox, queue and mail', () => {
  describe('with Redis up', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());
    beforeEach(() => t.smtp.clear());

    it('sends nothing when the transaction that asked for the e-mail rolls back', async () => {
      const mail = t.get(MailService);
      await expect(
        t.dataSource.transaction(async (manager) => {
          await mail.queue(manager, testMail('rolled-back'));
          throw new Error('the change failed after asking for an e-mail');
        }),
      ).rejects.toThrow('the change failed');
      await settled(t);
      expect(t.smtp.messages).toHaveLength(0);
      expect(await outboxRows(t)).toEqual([]);
    });

    it('sends a committed e-mail exactly once, even when its job runs twice', async () => {
      const payload = testMail('committed-once', 'legal@acme.example');
      await t.dataSource.transaction((manager) => t.get(MailService).queue(manager, payload));
      // The same logical work enqueued again is kept once.
      await t.dataSource.transaction((manager) => t.get(MailService).queue(manager, payload));
      await t.flushOutbox();
      const [mail] = await t.smtp.waitFor((m) => m.length === 1);
      expect(mail.to).toEqual(['legal@acme.example']);
      expect(mail.from).toBe('custos@test.localhost');
      expect(mail.subject).toBe('Custos test message: e-mail delivery works');
      expect(mail.text).toContain('requested by the outbox test');
      expect(mail.html).toContain('<strong>the outbox test</strong>');

      // Run the job again: directly, as a retry would, and through the queue under a second id.
      const result = await t.get(JobRunner).run(SendMailJob.name, payload, {
        jobId: 'replayed',
        attempt: 2,
        isFinalAttempt: false,
      });
      expect(result).toMatchObject({ status: 'already-sent' });
      await t.get(JobQueue).add(SendMailJob, payload, 'mail.replayed-by-hand');
      await settled(t);
      expect(t.smtp.messages).toHaveLength(1);

      const rows = await outboxRows(t);
      expect(rows).toEqual([
        expect.objectContaining({ job_id: SendMailJob.jobId(payload), status: 'completed' }),
      ]);
      const [sent] = await t.dataSource.query(
        `SELECT status, recipients, subject, attempts FROM mail_message WHERE idempotency_key = $1`,
        ['committed-once'],
      );
      expect(sent).toEqual({
        status: 'sent',
        recipients: ['legal@acme.example'],
        subject: 'Custos test message: e-mail delivery works',
        attempts: 1,
      });
    });
  });

  describe('with Redis unreachable', () => {
    let t: TestApp;
    let proxy: RedisProxy;
    beforeAll(async () => {
      proxy = await new RedisProxy().start();
      t = await createTestApp({ env: { REDIS_URL: proxy.url } });
    });
    afterAll(async () => {
      await t.close();
      await proxy.cut();
    });

    it('keeps the work while Redis is down and delivers it once Redis is back', async () => {
      await proxy.cut();
      await t.dataSource.transaction((manager) =>
        t.get(MailService).queue(manager, testMail('during-outage')),
      );
      // Each flush (the relay's own tick meanwhile) fails on Redis, or finds nothing because the relay's
      // tick holds the row at that instant; either way nothing reaches the queue.
      for (let attempt = 0; attempt < 5; attempt++) {
        await t.flushOutbox().then(
          (dispatched) => expect(dispatched).toBe(0),
          (error: unknown) => expect(error).toBeInstanceOf(Error),
        );
      }
      expect(t.smtp.messages).toHaveLength(0);
      expect(await outboxRows(t)).toEqual([expect.objectContaining({ status: 'pending' })]);

      await proxy.restore();
      const [mail] = await t.smtp.waitFor((m) => m.length >= 1, 30_000);
      expect(mail.to).toEqual(['dpo@acme.example']);
      await settled(t);
      expect(t.smtp.messages).toHaveLength(1);
      expect(await outboxRows(t)).toEqual([expect.objectContaining({ status: 'completed' })]);
    });
  });
});
