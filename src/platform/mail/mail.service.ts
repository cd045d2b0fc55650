import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxService } from '../queue/outbox.service';
import { AppConfig } from '../../config/app-config';
import { SealedBox } from '../crypto/sealed-box';
import { mailSecrets, SendMailJob, SendMailPayload } from './mail.jobs';
import { MailTemplates } from './mail-templates';

export type MailRequest = Omit<SendMailPayload, 'sealedContext'> & {
  /** Template context that is sealed until the message is rendered (never in clear in the outbox or queue). */
  secretContext?: Record<string, unknown>;
};

/** Features ask for e-mail here, inside the transaction of the change that causes it. */
@Injectable()
export class MailService {
  private readonly secrets: SealedBox;

  constructor(
    private readonly outbox: OutboxService,
    private readonly templates: MailTemplates,
    config: AppConfig,
  ) {
    this.secrets = mailSecrets(config);
  }

  async queue(manager: EntityManager, mail: MailRequest): Promise<string> {
    const [jobId] = await this.queueMany(manager, [mail]);
    return jobId;
  }

  async queueMany(manager: EntityManager, mails: MailRequest[]): Promise<string[]> {
    for (const mail of mails) {
      if (!this.templates.exists(mail.template))
        throw new Error(`Unknown e-mail template "${mail.template}"`);
      if (mail.to.length === 0) throw new Error(`E-mail ${mail.idempotencyKey} has no recipient`);
    }
    return this.outbox.enqueueMany(
      manager,
      SendMailJob,
      mails.map(({ secretContext, ...mail }) =>
        secretContext ? { ...mail, sealedContext: this.secrets.seal(JSON.stringify(secretContext)) } : mail,
      ),
    );
  }
}
