import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { UsersService } from '../identity/users.service';
import { addDays, Clock } from '../platform/clock/clock';
import { systemContext } from '../platform/context/request-context';
import { consoleUrl } from '../platform/mail/console-url';
import { MailService } from '../platform/mail/mail.service';
import { VocabulariesService } from '../vocabularies/vocabularies.service';
import { OnJob } from '../platform/queue/job';
import { SubProcessorAddedJob, SubProcessorAddedPayload } from '../processors/processors.queue';
import { ProcessorsService } from '../processors/processors.service';
import { AgreementsService } from './agreements.service';

/**
 * A new sub-processor: under the parent's general authorisation its objection window opens (counted
 * from the day the processor gave notice of it); otherwise it waits for legal's explicit authorisation. Legal is told either way.
 */
@Injectable()
export class AgreementJobs {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly agreements: AgreementsService,
    private readonly processors: ProcessorsService,
    private readonly users: UsersService,
    private readonly mail: MailService,
    private readonly vocabularies: VocabulariesService,
    private readonly clock: Clock,
  ) {}

  @OnJob(SubProcessorAddedJob)
  async subProcessorAdded(payload: SubProcessorAddedPayload): Promise<void> {
    const ctx = systemContext(payload.organizationId, 'sub-processor authorisation');
    await this.dataSource.transaction(async (manager) => {
      const processor = await this.processors.lockForUpdate(ctx, payload.processorId, manager);
      if (
        processor.parentId !== payload.parentId ||
        processor.authorizationStatus !== 'pending' ||
        processor.authorizationBasis
      )
        return;
      const parent = await this.processors.get(ctx, payload.parentId, manager);
      // The window runs from the notice; the authorisation is the one of the agreement in force now (an
      // agreement signed after the notice still governs the engagement).
      const governing = this.agreements.governing(
        await this.agreements.forProcessors(ctx, [parent.id], manager),
        this.clock.today(),
      );
      const general = governing?.subProcessorAuthorization.type === 'general' ? governing : undefined;
      const period = general?.subProcessorAuthorization.objectionPeriodDays ?? null;
      const windowEndsOn = general && period ? addDays(payload.addedOn, period) : null;
      await this.processors.setFields(manager, ctx, processor, {
        authorizationBasis: general ? 'general' : 'specific',
        authorizationStatus: windowEndsOn ? 'objection_window' : 'pending',
        objectionWindowEndsOn: windowEndsOn,
      });
      const legal = await this.users.withRole(ctx, 'legal');
      if (legal.length === 0) return;
      await this.mail.queue(manager, {
        organizationId: payload.organizationId,
        idempotencyKey: `subprocessor-added:${processor.id}:${payload.parentId}:${payload.version}`,
        to: legal.map((u) => u.email),
        template: 'subprocessor-added',
        context: {
          processorName: processor.name,
          parentName: parent.name,
          countries: processor.processingCountries.join(', ') || 'none recorded',
          unsafeCountries: processor.processingCountries
            .filter(
              (c) =>
                this.vocabularies.destination(c, processor.dpfCertified, payload.addedOn) ===
                  'third_country' && !governing?.transferMechanisms.some((m) => m.country === c),
            )
            .join(', '),
          services: processor.services,
          noticeOn: payload.addedOn,
          general: Boolean(windowEndsOn),
          windowEndsOn: windowEndsOn ?? '',
          period: period ?? '',
          agreementTitle: governing?.title ?? '',
          url: consoleUrl(this.config.publicUrl, 'processors', processor.id),
        },
      });
    });
  }
}
