import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxService } from '../queue/outbox.service';
import { SendMailJob, SendMailPayload } from './mail.jobs';
import { MailTemplates } from './mail-templates';

export type MailRequest = SendMailPayload;

/** Features ask for e-mail here, inside the transaction of the change that causes it. */
@Injectable()
export class MailService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly templates: MailTemplates,
  ) {}

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
    return this.outbox.enqueueMany(manager, SendMailJob, mails);
  }
}
