import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Agreement } from '../agreements/agreement.entity';
import { AgreementsService } from '../agreements/agreements.service';
import { OrganizationsService } from '../identity/organizations.service';
import { UsersService } from '../identity/users.service';
import { addDays, Clock } from '../platform/clock/clock';
import type { RequestContext, TenantScope } from '../platform/context/request-context';
import { Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { FieldError, NotFound, ValidationFailed } from '../platform/errors/domain-error';
import { Page, Shortlist } from '../platform/http/pagination';
import { consoleUrl } from '../platform/mail/console-url';
import { MailService } from '../platform/mail/mail.service';
import { storeAttachment } from '../platform/storage/attached-file';
import { FileStorage } from '../platform/storage/file-storage.service';
import type { UploadedFile } from '../platform/storage/uploads';
import { ProcessorsService } from '../processors/processors.service';
import { PortalLinksService } from '../portal-links/portal-links.service';
import { OFFBOARDING_LINK_GRACE_DAYS } from '../portal-links/portal-link-rules';
import { ProcessingActivitiesService } from '../records/processing-activities.service';
import { VocabulariesService } from '../vocabularies/vocabularies.service';
import { covers } from '../vocabularies/vocabulary-rules';
import { CertificateRenderer } from './certificate.renderer';
import {
  Confirmation,
  DataHandling,
  Offboarding,
  ReturnLeg,
  SignOffStep,
  SubProcessorConfirmation,
} from './offboarding.entity';
import { OffboardingErrors } from './offboarding.errors';

export interface TerminationInput {
  effectiveOn: string;
  reason: string;
  dataHandling: DataHandling;
  dueOn: string;
}

export interface ConfirmationInput {
  completedOn: string;
  performedBy: Confirmation['performedBy'];
  verifiedBy: Confirmation['verifiedBy'];
  items: (Omit<Confirmation['items'][number], 'tool'> & { tool?: string | null })[];
  subProcessorsCovered: boolean;
  legallyRetained?: RetainedInput | null;
  legallyRetainedSets?: RetainedInput[];
  subProcessors?: (Omit<SubProcessorConfirmation, 'processorId'> & { processorId?: string | null })[];
  returnLeg?: ReturnLeg | null;
  verificationStep?: SignOffStep | null;
  validationStep?: SignOffStep | null;
}

interface RetainedInput {
  description: string;
  legalBasis: string;
  retainUntil: string;
  dataCategories?: string[];
}

/**
 * What the confirmation must say beyond its shape: dates not in the future and in order, and an item
 * returned then deleted documents its return leg.
 */
export function confirmationProblems(input: ConfirmationInput, today: string): FieldError[] {
  const errors: FieldError[] = [];
  const notFuture = (field: string, day: string | undefined) => {
    if (day && day > today) errors.push({ field, message: 'must not be in the future', rule: 'past' });
  };
  notFuture('completedOn', input.completedOn);
  notFuture('returnLeg.returnedOn', input.returnLeg?.returnedOn);
  notFuture('verificationStep.signedOn', input.verificationStep?.signedOn);
  notFuture('validationStep.signedOn', input.validationStep?.signedOn);
  input.subProcessors?.forEach((sp, i) => notFuture(`subProcessors[${i}].confirmedOn`, sp.confirmedOn));
  if (
    input.verificationStep &&
    input.validationStep &&
    input.validationStep.signedOn < input.verificationStep.signedOn
  ) {
    errors.push({
      field: 'validationStep.signedOn',
      message: 'must not be before verificationStep.signedOn: validation follows verification',
      rule: 'chronology',
    });
  }
  if (input.items.some((i) => i.action === 'returned_then_deleted') && !input.returnLeg) {
    errors.push({
      field: 'returnLeg',
      message: 'is required when an item was returned then deleted: when, format, channel, who received it',
      rule: 'required',
    });
  }
  return errors;
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

export type OffboardingStatus = 'requested' | 'overdue' | 'confirmed';

@Injectable()
export class OffboardingService {
  private readonly offboardings: TenantRepository<Offboarding>;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly agreements: AgreementsService,
    private readonly processors: ProcessorsService,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly vocabularies: VocabulariesService,
    private readonly mail: MailService,
    private readonly storage: FileStorage,
    private readonly renderer: CertificateRenderer,
    private readonly activities: ProcessingActivitiesService,
    private readonly portalLinks: PortalLinksService,
    private readonly clock: Clock,
  ) {
    this.offboardings = tenancy.repository(Offboarding, 'Offboarding', 'offboarding');
  }

  /** Requested, overdue once past its due date, confirmed when a certificate was issued. */
  status(o: Offboarding, today = this.clock.today()): OffboardingStatus {
    if (o.status === 'confirmed') return 'confirmed';
    return o.dueOn < today ? 'overdue' : o.status;
  }

  /**
   * Ends an agreement. When no other agreement governs the processor any more, its offboarding starts
   * at once: the gate refuses new transfers, and the processor is told what to return or destroy by when.
   */
  async terminate(
    ctx: RequestContext,
    agreementId: string,
    input: TerminationInput,
  ): Promise<{ agreement: Agreement; offboarding: Offboarding | null }> {
    const today = this.clock.today();
    if (input.dueOn < input.effectiveOn) {
      throw ValidationFailed.field('dueOn', 'must not be before effectiveOn', 'dateOrder');
    }
    if (input.dueOn < today) throw ValidationFailed.field('dueOn', 'must not be in the past', 'future');
    return this.dataSource.transaction(async (manager) => {
      const agreement = await this.agreements.terminate(manager, ctx, agreementId, input);
      const others = (await this.agreements.forProcessors(ctx, [agreement.processorId], manager)).filter(
        (a) => a.id !== agreement.id,
      );
      if (this.agreements.governing(others, today)) return { agreement, offboarding: null };
      const processor = await this.processors.lockForUpdate(ctx, agreement.processorId, manager);
      if (processor.status === 'offboarding' || processor.status === 'offboarded')
        return { agreement, offboarding: null };
      await this.processors.transition(manager, ctx, processor, 'offboarding');
      // What must come back or be destroyed: the agreement's scope and what the processing activities send it.
      const inUse = await this.activities.usingProcessor(ctx, processor.id, manager);
      const offboarding = await this.offboardings.insert(manager, ctx, {
        processorId: processor.id,
        agreementId: agreement.id,
        status: 'requested',
        dataHandling: input.dataHandling,
        dueOn: input.dueOn,
        effectiveOn: input.effectiveOn,
        reason: input.reason,
        dataCategories: unique([...agreement.scope.dataCategories, ...inUse.dataCategories]),
        dataSubjectCategories: unique([
          ...agreement.scope.dataSubjectCategories,
          ...inUse.dataSubjectCategories,
        ]),
        requestedBy: ctx.actor.id,
      });
      const organization = await this.organizations.get(ctx.organizationId, manager);
      // The request carries a portal link through which the processor confirms and gets the certificate.
      const portalExpiresOn = addDays(input.dueOn, OFFBOARDING_LINK_GRACE_DAYS);
      const { url: portalUrl } = await this.portalLinks.issue(manager, ctx, {
        processor,
        contactEmail: processor.contactEmail,
        contactName: processor.privacyContact?.name ?? processor.name,
        purposes: ['offboarding'],
        offboarding: { id: offboarding.id, dueOn: offboarding.dueOn },
        expiresOn: portalExpiresOn,
      });
      const to = [
        ...new Set([processor.contactEmail, processor.privacyContact?.email].filter((e): e is string => !!e)),
      ];
      // The processor's answers go to the legal user who ended the agreement, not to Custos' sender.
      const sender =
        ctx.actor.type === 'user' && ctx.actor.id ? await this.users.findById(ctx, ctx.actor.id) : null;
      await this.mail.queue(manager, {
        organizationId: ctx.organizationId,
        idempotencyKey: `offboarding-requested:${offboarding.id}`,
        to,
        replyTo: sender?.email,
        template: 'offboarding-requested',
        context: {
          controllerName: organization.name,
          processorName: processor.name,
          agreementTitle: agreement.title,
          effectiveOn: input.effectiveOn,
          dueOn: input.dueOn,
          handling: {
            return: 'return all personal data to us',
            delete: 'delete all personal data, including copies and back-ups',
            return_then_delete:
              'return all personal data to us and then delete every copy, including back-ups',
          }[input.dataHandling],
          dataCategories: offboarding.dataCategories,
          dataSubjectCategories: offboarding.dataSubjectCategories,
          activities: inUse.names,
          senderName: sender?.name ?? '',
          senderEmail: sender?.email ?? '',
          portalExpiresOn,
        },
        secretContext: { portalUrl },
      });
      return { agreement, offboarding };
    });
  }

  /** Offboardings still waiting for the processor's confirmation, the earliest due date first. */
  async due(scope: TenantScope, limit: number): Promise<Shortlist<Offboarding>> {
    const [items, total] = await this.offboardings
      .query(scope, 'o')
      .andWhere(`o.status <> 'confirmed'`)
      .orderBy('o.due_on', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .take(limit)
      .getManyAndCount();
    return { items, total };
  }

  list(
    scope: TenantScope,
    filter: { processorId?: string; page: number; pageSize: number },
  ): Promise<Page<Offboarding>> {
    return this.offboardings.page(scope, filter, {
      where: filter.processorId ? { processorId: filter.processorId } : {},
      order: { createdAt: 'DESC' },
    });
  }

  get(scope: TenantScope, id: string): Promise<Offboarding> {
    return this.offboardings.getById(scope, id);
  }

  /**
   * Records the processor's confirmation and issues the numbered certificate: every data category of
   * the agreement must be accounted for (returned, destroyed or legally retained).
   */
  async confirm(ctx: RequestContext, id: string, input: ConfirmationInput): Promise<Offboarding> {
    const errors: FieldError[] = [];
    for (const [i, item] of input.items.entries()) {
      errors.push(
        ...(await this.vocabularies.unknownKeys(
          ctx,
          'data-categories',
          item.dataCategories,
          `items[${i}].dataCategories`,
        )),
      );
    }
    const today = this.clock.today();
    errors.push(...confirmationProblems(input, today));
    if (errors.length) throw new ValidationFailed(errors);

    // The certificate's file is written inside the transaction and removed again if it does not commit.
    return this.storage.removedOnFailure((put) =>
      this.dataSource.transaction(async (manager) => {
        const offboarding = await this.offboardings.getById(ctx, id, manager, true);
        if (offboarding.status === 'confirmed') {
          throw OffboardingErrors.conflict(
            'OFFBOARDING_CONFIRMED',
            `A certificate was already issued: ${offboarding.certificateNumber}.`,
            {
              certificateNumber: offboarding.certificateNumber,
            },
          );
        }
        const retained = [
          ...(input.legallyRetained ? [input.legallyRetained] : []),
          ...(input.legallyRetainedSets ?? []),
        ].map((r) => ({ ...r, dataCategories: r.dataCategories ?? [] }));
        const accounted = [
          ...input.items.flatMap((i) => i.dataCategories),
          ...retained.flatMap((r) => r.dataCategories),
        ];
        const missing = offboarding.dataCategories.filter((c) => !accounted.some((a) => covers(a, c)));
        if (missing.length) {
          throw new ValidationFailed(
            missing.map((c) => ({
              field: 'items',
              message: `data category ${c} is not accounted for`,
              rule: 'allCategoriesAccounted',
            })),
            `The confirmation leaves data categories of the agreement unaccounted for: ${missing.join(', ')}.`,
          );
        }
        const confirmation: Confirmation = {
          completedOn: input.completedOn,
          performedBy: input.performedBy,
          verifiedBy: input.verifiedBy,
          subProcessorsCovered: input.subProcessorsCovered,
          items: input.items.map((i) => ({ ...i, tool: i.tool ?? null })),
          legallyRetained: retained[0] ?? null,
          legallyRetainedSets: retained,
          subProcessors: (input.subProcessors ?? []).map((sp) => ({
            ...sp,
            processorId: sp.processorId ?? null,
          })),
          returnLeg: input.returnLeg ?? null,
          verificationStep: input.verificationStep ?? null,
          validationStep: input.validationStep ?? null,
          recordedBy: ctx.actor.id,
          recordedAt: this.clock.now().toISOString(),
        };
        const number = await this.nextNumber(manager, ctx.organizationId, today);
        const processor = await this.processors.lockForUpdate(ctx, offboarding.processorId, manager);
        const agreement = await this.agreements.get(ctx, offboarding.agreementId, manager);
        const organization = await this.organizations.get(ctx.organizationId, manager);
        const pdf = await this.renderer.render({
          number,
          issuedOn: today,
          controller: { name: organization.name },
          processor: {
            name: processor.name,
            legalName: processor.legalName,
            country: processor.country,
            registrationNumber: processor.registrationNumber,
            contactEmail: processor.contactEmail,
          },
          agreement: {
            id: agreement.id,
            title: agreement.title,
            reference: agreement.reference,
            effectiveFrom: agreement.effectiveFrom,
            terminatedOn: offboarding.effectiveOn,
            reason: offboarding.reason,
          },
          dataHandling: offboarding.dataHandling,
          term: await this.categoryNames(ctx),
          attestations: offboarding.attestations,
          dataCategories: offboarding.dataCategories,
          dataSubjectCategories: offboarding.dataSubjectCategories,
          confirmation,
        });
        const stored = await put(`${ctx.organizationId}/certificates/${number}.pdf`, pdf);
        const saved = await this.offboardings.update(
          manager,
          ctx,
          offboarding,
          {
            status: 'confirmed',
            confirmation,
            certificateNumber: number,
            certificateSha256: stored.sha256,
            certificateStorageKey: stored.key,
            certificateIssuedOn: today,
          },
          'offboarding.confirmed',
        );
        await this.processors.transition(manager, ctx, processor, 'offboarded');
        const dpo = await this.users.withRole(ctx, 'dpo');
        const legal = await this.users.withRole(ctx, 'legal');
        const to = [...new Set([...dpo, ...legal].map((u) => u.email))];
        if (to.length) {
          await this.mail.queue(manager, {
            organizationId: ctx.organizationId,
            idempotencyKey: `certificate-issued:${ctx.organizationId}:${number}`,
            to,
            template: 'certificate-issued',
            context: {
              number,
              processorName: processor.name,
              agreementTitle: agreement.title,
              issuedOn: today,
              sha256: stored.sha256,
              verifyUrl: `${this.renderer.verificationUrl(number)}${stored.sha256}`,
              url: consoleUrl(this.config.publicUrl, 'offboarding', offboarding.id),
            },
            attachments: [
              { filename: `${number}.pdf`, contentType: 'application/pdf', storageKey: stored.key },
            ],
          });
        }
        return saved;
      }),
    );
  }

  /**
   * Keeps the processor's signed attestation with the offboarding; it is listed with its SHA-256 on the
   * certificate, so it must come before the confirmation.
   */
  async addAttestation(
    ctx: RequestContext,
    id: string,
    file: UploadedFile | undefined,
  ): Promise<Offboarding> {
    const existing = await this.offboardings.getById(ctx, id);
    this.assertOpen(existing);
    const attached = await storeAttachment(this.storage, `${ctx.organizationId}/offboardings/${id}`, file);
    return this.dataSource.transaction(async (manager) => {
      const offboarding = await this.offboardings.getById(ctx, id, manager, true);
      this.assertOpen(offboarding);
      return this.offboardings.update(
        manager,
        ctx,
        offboarding,
        { attestations: [...offboarding.attestations, attached] },
        'offboarding.attestation_added',
      );
    });
  }

  private assertOpen(offboarding: Offboarding): void {
    if (offboarding.status === 'confirmed') {
      throw OffboardingErrors.conflict(
        'OFFBOARDING_CONFIRMED',
        `A certificate was already issued: ${offboarding.certificateNumber}.`,
        { certificateNumber: offboarding.certificateNumber },
      );
    }
  }

  /** Data categories in words, by key. */
  private async categoryNames(scope: TenantScope): Promise<Record<string, string>> {
    const categories = await this.vocabularies.list(scope, 'data-categories');
    return Object.fromEntries(categories.items.map((t) => [t.key, t.name]));
  }

  /** Numbers run per organisation and year without gaps: CUS-2026-000001, CUS-2026-000002, … */
  private async nextNumber(manager: EntityManager, organizationId: string, today: string): Promise<string> {
    const year = Number(today.slice(0, 4));
    // eslint-disable-next-line no-restricted-syntax -- the organisation's gap-free certificate counter, one atomic upsert
    const [row] = await manager.query<{ last: number }[]>(
      `INSERT INTO certificate_sequence (organization_id, year, last) VALUES ($1, $2, 1)
       ON CONFLICT (organization_id, year) DO UPDATE SET last = certificate_sequence.last + 1
       RETURNING last`,
      [organizationId, year],
    );
    return `CUS-${year}-${String(row.last).padStart(6, '0')}`;
  }

  async certificate(scope: TenantScope, number: string) {
    const offboarding = await this.offboardings.findOne(scope, { certificateNumber: number });
    if (!offboarding?.certificateStorageKey) throw new NotFound('Certificate', number);
    return { offboarding, stream: this.storage.stream(offboarding.certificateStorageKey) };
  }

  /** Public: is this file (by its SHA-256) the certificate issued under this number? Nothing personal. */
  async verify(
    number: string,
    sha256: string,
  ): Promise<{ valid: boolean; number: string; issuedOn: string | null }> {
    // eslint-disable-next-line no-restricted-syntax -- public verification: a certificate is found by number and hash, before any organisation
    const [row] = await this.dataSource.query<{ issued_on: string }[]>(
      `SELECT to_char(certificate_issued_on, 'YYYY-MM-DD') AS issued_on FROM offboarding
        WHERE certificate_number = $1 AND certificate_sha256 = $2 LIMIT 1`,
      [number, sha256.toLowerCase()],
    );
    return { valid: !!row, number, issuedOn: row?.issued_on ?? null };
  }
}
