import { Global, Module } from '@nestjs/common';
import { MailJobs } from './mail.jobs';
import { MailService } from './mail.service';
import { MailTemplates } from './mail-templates';

@Global()
@Module({ providers: [MailJobs, MailService, MailTemplates], exports: [MailService, MailTemplates] })
export class MailModule {}
