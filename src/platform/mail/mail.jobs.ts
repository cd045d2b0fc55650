import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../clock/clock';
import { SealedBox } from '../crypto/sealed-box';
import { resolveDir } from '../../config/paths';
import { defineJob, JobContext, JobPayload, OnJob, safeJobId } from '../queue/job';
import { FileStorage } from '../storage/file-storage.service';
import { MailMessage } from './mail-message.entity';
import { MailTemplates } from './mail-templates';

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** A FileStorage key: attachments travel by reference, never inside the job payload. */
  storageKey: string;
}

export interface SendMailPayload extends JobPayload {
  idempotencyKey: string;
  to: string[];
  cc?: string[];
  /** Where replies go, when not to the sender (e.g. the legal user who wrote to a processor). */
  replyTo?: string;
  template: string;
  context: Record<string, unknown>;
  /**
   * Context that must not rest in the outbox or the queue in clear (a portal link): sealed by
   * MailService, opened only to render the message.
   */
  sealedContext?: string;
  attachments?: MailAttachment[];
}

/** The key that seals and opens `sealedContext`. */
export function mailSecrets(config: AppConfig): SealedBox {
  return new SealedBox(config.authSecret, 'mail-secret-context');
}

function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 40);
}

export const SendMailJob = defineJob<SendMailPayload>({
  queue: 'mail',
  name: 'mail.send',
  jobId: (p) => safeJobId('mail', keyHash(p.idempotencyKey)),
});

@Injectable()
export class MailJobs {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter;
  private readonly secrets: SealedBox;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly templates: MailTemplates,
    private readonly storage: FileStorage,
    private readonly clock: Clock,
  ) {
    this.secrets = mailSecrets(config);
    this.transport = config.mail.smtpUrl
      ? nodemailer.createTransport(config.mail.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  /**
   * Sends one e-mail at most once per idempotency key. The row is locked for the duration of the send,
   * so a second run of the same job waits and then finds it sent.
   */
  @OnJob(SendMailJob)
  async send(payload: SendMailPayload, context: JobContext): Promise<{ status: string; messageId?: string }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const manager = runner.manager;
      await manager
        .createQueryBuilder()
        .insert()
        .into(MailMessage)
        .values({
          organizationId: payload.organizationId,
          idempotencyKey: payload.idempotencyKey,
          template: payload.template,
          recipients: payload.to,
        })
        .orIgnore()
        .execute();
      const message = await manager.findOneOrFail(MailMessage, {
        where: { idempotencyKey: payload.idempotencyKey },
        lock: { mode: 'pessimistic_write' },
      });
      if (message.status === 'sent') {
        await runner.commitTransaction();
        return { status: 'already-sent', messageId: message.messageId ?? undefined };
      }
      try {
        const messageId = await this.deliver(payload, message);
        Object.assign(message, { status: 'sent', messageId, sentAt: this.clock.now(), lastError: null });
        message.attempts += 1;
        await manager.save(message);
        await runner.commitTransaction();
        return { status: 'sent', messageId };
      } catch (error) {
        message.attempts += 1;
        message.lastError = (error as Error).message;
        message.status = context.isFinalAttempt ? 'failed' : 'sending';
        await manager.save(message);
        await runner.commitTransaction();
        throw error;
      }
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async deliver(payload: SendMailPayload, message: MailMessage): Promise<string> {
    const context = payload.sealedContext
      ? { ...payload.context, ...(JSON.parse(this.secrets.open(payload.sealedContext)) as object) }
      : payload.context;
    const rendered = this.templates.render(payload.template, context);
    message.subject = rendered.subject;
    const messageId = `<${keyHash(payload.idempotencyKey)}@custos>`;
    const attachments = await Promise.all(
      (payload.attachments ?? []).map(async (a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: await this.storage.read(a.storageKey),
      })),
    );
    const info = (await this.transport.sendMail({
      from: this.config.mail.from,
      to: payload.to,
      cc: payload.cc,
      replyTo: payload.replyTo,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId,
      headers: { 'X-Custos-Template': payload.template },
      attachments,
    })) as { message?: Buffer };
    if (!this.config.mail.smtpUrl && info.message) {
      const dir = resolveDir(this.config.mail.outboxDir);
      await mkdir(dir, { recursive: true });
      const file = join(
        dir,
        `${this.clock.now().toISOString().replace(/[:.]/g, '-')}-${keyHash(payload.idempotencyKey)}.eml`,
      );
      await writeFile(file, info.message);
      this.logger.log(
        `SMTP_URL is not set: e-mail "${rendered.subject}" to ${payload.to.join(', ')} written to ${file}`,
      );
    }
    return messageId;
  }
}
