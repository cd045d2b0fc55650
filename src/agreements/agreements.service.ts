import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { addDays, Clock } from '../platform/clock/clock';
import type { RequestContext, TenantScope } from '../platform/context/request-context';
import { Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { FieldError, NotFound, ValidationFailed } from '../platform/errors/domain-error';
import { Page, Shortlist } from '../platform/http/pagination';
import { FileStorage } from '../platform/storage/file-storage.service';
import { acceptUpload, UploadedFile } from '../platform/storage/uploads';
import { ProcessorsService } from '../processors/processors.service';
import { VocabulariesService } from '../vocabularies/vocabularies.service';
import { AgreementInstruction } from './agreement-instruction.entity';
import {
  Agreement,
  AgreementScope,
  Signature,
  SubProcessorAuthorization,
  TransferMechanism,
} from './agreement.entity';
import {
  AgreementStatus,
  agreementStatus,
  assertAgreementTransition,
  governingAgreement,
} from './agreement-status';
import { ClauseInput, normalizeClauses } from '../clauses/clauses';
import { DerogationGround } from './transfer-tools';
import { ProcessorErrors } from '../processors/processors.errors';
import { AgreementErrors } from './agreements.errors';

export interface AgreementInput {
  title: string;
  reference?: string | null;
  effectiveFrom: string;
  expiresOn?: string | null;
  scope: AgreementScope;
  clauses: ClauseInput;
  subProcessorAuthorization: { type: 'specific' | 'general'; objectionPeriodDays?: number | null };
  transferMechanisms?: {
    country: string;
    mechanism: TransferMechanism['mechanism'];
    tiaCompleted?: boolean | null;
    reference?: string | null;
    derogationGround?: DerogationGround | null;
    derogationDocumentation?: string | null;
    bindingCommitments?: boolean | null;
    authorization?: string | null;
  }[];
  supersedesId?: string | null;
}

export interface InstructionInput {
  givenOn: string;
  givenBy: string;
  instruction: string;
  channel?: string | null;
  documentReference?: string | null;
}

export interface SignatureInput {
  party: Signature['party'];
  signerName: string;
  signerTitle: string;
  signedAt: string;
  documentSha256?: string | null;
}

export interface TerminationInput {
  effectiveOn: string;
  reason: string;
}

@Injectable()
export class AgreementsService {
  private readonly agreements: TenantRepository<Agreement>;
  private readonly instructions: TenantRepository<AgreementInstruction>;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
    private readonly processors: ProcessorsService,
    private readonly vocabularies: VocabulariesService,
    private readonly storage: FileStorage,
    private readonly clock: Clock,
  ) {
    this.agreements = tenancy.repository(Agreement, 'Agreement', 'agreement');
    this.instructions = tenancy.repository(AgreementInstruction, 'Instruction', 'agreement_instruction');
  }

  status(agreement: Agreement, today = this.clock.today()): AgreementStatus {
    return agreementStatus(agreement, today);
  }

  private async validate(scope: TenantScope, input: AgreementInput): Promise<void> {
    const errors: FieldError[] = [];
    if (input.expiresOn && input.expiresOn < input.effectiveFrom) {
      errors.push({ field: 'expiresOn', message: 'must not be before effectiveFrom', rule: 'dateOrder' });
    }
    errors.push(
      ...(await this.vocabularies.unknownKeys(
        scope,
        'data-categories',
        input.scope.dataCategories,
        'scope.dataCategories',
      )),
    );
    errors.push(
      ...(await this.vocabularies.unknownKeys(
        scope,
        'data-subjects',
        input.scope.dataSubjectCategories,
        'scope.dataSubjectCategories',
      )),
    );
    errors.push(
      ...(await this.vocabularies.unknownKeys(scope, 'data-uses', input.scope.purposes, 'scope.purposes')),
    );
    errors.push(
      ...this.vocabularies.unknownCountries(input.scope.processingCountries, 'scope.processingCountries'),
    );
    const sub = input.subProcessorAuthorization;
    if (
      sub.type === 'general' &&
      !(typeof sub.objectionPeriodDays === 'number' && sub.objectionPeriodDays >= 1)
    ) {
      errors.push({
        field: 'subProcessorAuthorization.objectionPeriodDays',
        message: 'a general authorisation needs an objection period of at least one day',
        rule: 'objectionPeriod',
      });
    }
    const seen = new Set<string>();
    (input.transferMechanisms ?? []).forEach((m, i) => {
      const at = (f: string) => `transferMechanisms[${i}].${f}`;
      if (!this.vocabularies.isDestination(m.country))
        errors.push({
          field: at('country'),
          message: 'is not an ISO 3166-1 alpha-2 code or a known international organisation',
          rule: 'destination',
        });
      else if (this.vocabularies.destination(m.country, false, this.clock.today()) === 'eea') {
        errors.push({
          field: at('country'),
          message: 'is in the EEA, where no transfer mechanism is needed',
          rule: 'thirdCountry',
        });
      }
      const key = `${m.country}|${m.mechanism}`;
      if (seen.has(key))
        errors.push({
          field: at('mechanism'),
          message: 'is recorded twice for this country',
          rule: 'unique',
        });
      seen.add(key);
      if (m.mechanism === 'art49_derogation') {
        if (!m.derogationGround)
          errors.push({
            field: at('derogationGround'),
            message: 'an Art. 49 derogation names its ground: a to g of Art. 49(1), or second_subparagraph',
            rule: 'required',
          });
        else if (m.derogationGround === 'second_subparagraph' && !m.derogationDocumentation?.trim())
          errors.push({
            field: at('derogationDocumentation'),
            message:
              'the second subparagraph of Art. 49(1) requires the assessment and the information of the authority to be documented',
            rule: 'required',
          });
      } else if (m.derogationGround) {
        errors.push({
          field: at('derogationGround'),
          message: 'only an art49_derogation has a derogation ground',
          rule: 'notApplicable',
        });
      }
    });
    if (errors.length) throw new ValidationFailed(errors);
  }

  private fields(input: AgreementInput): Partial<Agreement> {
    const sub: SubProcessorAuthorization = {
      type: input.subProcessorAuthorization.type,
      objectionPeriodDays:
        input.subProcessorAuthorization.type === 'general'
          ? (input.subProcessorAuthorization.objectionPeriodDays ?? null)
          : null,
    };
    return {
      title: input.title.trim(),
      reference: input.reference ?? null,
      effectiveFrom: input.effectiveFrom,
      expiresOn: input.expiresOn ?? null,
      scope: {
        ...input.scope,
        purposes: [...new Set(input.scope.purposes)],
        dataCategories: [...new Set(input.scope.dataCategories)],
        dataSubjectCategories: [...new Set(input.scope.dataSubjectCategories)],
        processingCountries: [...new Set(input.scope.processingCountries)],
      },
      clauses: normalizeClauses(input.clauses),
      subProcessorAuthorization: sub,
      transferMechanisms: (input.transferMechanisms ?? []).map((m) => ({
        country: m.country,
        mechanism: m.mechanism,
        tiaCompleted: m.tiaCompleted ?? null,
        reference: m.reference ?? null,
        derogationGround: m.derogationGround ?? null,
        derogationDocumentation: m.derogationDocumentation?.trim() || null,
        bindingCommitments: m.bindingCommitments ?? null,
        authorization: m.authorization?.trim() || null,
      })),
    };
  }

  async create(ctx: RequestContext, processorId: string, input: AgreementInput): Promise<Agreement> {
    await this.validate(ctx, input);
    return this.dataSource.transaction(async (manager) => {
      const processor = await this.processors.get(ctx, processorId, manager);
      if (processor.archivedAt)
        throw ProcessorErrors.conflict('PROCESSOR_ARCHIVED', 'An archived processor gets no new agreement.');
      if (input.supersedesId) {
        const previous = await this.agreements.findById(ctx, input.supersedesId, manager);
        if (!previous || previous.processorId !== processorId) {
          throw ValidationFailed.field(
            'supersedesId',
            'is not an agreement of this processor',
            'sameProcessor',
          );
        }
        if (previous.status !== 'signed') {
          throw ValidationFailed.field(
            'supersedesId',
            `is ${this.status(previous)}; only a signed agreement is superseded`,
            'signed',
          );
        }
      }
      return this.agreements.insert(manager, ctx, {
        ...this.fields(input),
        processorId,
        status: 'draft',
        signatures: [],
        supersedesId: input.supersedesId ?? null,
        createdBy: ctx.actor.id,
      });
    });
  }

  async update(ctx: RequestContext, id: string, input: AgreementInput): Promise<Agreement> {
    await this.validate(ctx, input);
    return this.dataSource.transaction(async (manager) => {
      const agreement = await this.agreements.getById(ctx, id, manager, true);
      if (agreement.status !== 'draft') {
        throw AgreementErrors.conflict(
          'AGREEMENT_NOT_EDITABLE',
          `The agreement is ${this.status(agreement)}; only a draft can change.`,
        );
      }
      return this.agreements.update(manager, ctx, agreement, this.fields(input));
    });
  }

  /** Records an instruction the controller documented to the processor (Art. 28(3)(a)). */
  async addInstruction(
    ctx: RequestContext,
    agreementId: string,
    input: InstructionInput,
  ): Promise<AgreementInstruction> {
    return this.dataSource.transaction(async (manager) => {
      const agreement = await this.agreements.getById(ctx, agreementId, manager);
      if (input.givenOn > this.clock.today()) {
        throw ValidationFailed.field('givenOn', 'must not be in the future', 'notInFuture');
      }
      return this.instructions.insert(manager, ctx, {
        agreementId: agreement.id,
        processorId: agreement.processorId,
        givenOn: input.givenOn,
        givenBy: input.givenBy,
        instruction: input.instruction,
        channel: input.channel?.trim() || null,
        documentReference: input.documentReference?.trim() || null,
        createdBy: ctx.actor.id,
      });
    });
  }

  /** The instruction log of an agreement, in the order the instructions were given. */
  async listInstructions(
    scope: TenantScope,
    agreementId: string,
    query: { page: number; pageSize: number },
  ): Promise<Page<AgreementInstruction>> {
    await this.agreements.getById(scope, agreementId);
    return this.instructions.page(scope, query, {
      where: { agreementId },
      order: { givenOn: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
  }

  get(scope: TenantScope, id: string, manager?: EntityManager): Promise<Agreement> {
    return this.agreements.getById(scope, id, manager);
  }

  async listForProcessor(
    scope: TenantScope,
    processorId: string,
    page: { page: number; pageSize: number },
  ): Promise<Page<Agreement>> {
    await this.processors.get(scope, processorId);
    return this.agreements.page(scope, page, {
      where: { processorId },
      order: { effectiveFrom: 'DESC', createdAt: 'DESC' },
    });
  }

  /** Signed agreements that end within the coming days (today included), the soonest first. */
  async expiringWithin(scope: TenantScope, days: number, limit: number): Promise<Shortlist<Agreement>> {
    const today = this.clock.today();
    const [items, total] = await this.agreements
      .query(scope, 'a')
      .andWhere(`a.status = 'signed' AND a.expires_on >= :today AND a.expires_on <= :until`, {
        today,
        until: addDays(today, days),
      })
      .orderBy('a.expires_on', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .take(limit)
      .getManyAndCount();
    return { items, total };
  }

  /**
   * The statement part that selects the agreements of `processorIds` (a uuid[]) as whole rows; `org`
   * and `processorIds` are SQL expressions. For statements that gather many facts at once (the gate).
   */
  forProcessorsSql(org: string, processorIds: string): string {
    return `SELECT * FROM agreement WHERE organization_id = ${org} AND processor_id = ANY(${processorIds})`;
  }

  /** Agreements of many processors in one query (the transfer gate, the records). */
  forProcessors(scope: TenantScope, processorIds: string[], manager?: EntityManager): Promise<Agreement[]> {
    if (processorIds.length === 0) return Promise.resolve([]);
    return this.agreements.find(
      scope,
      { where: { processorId: In(processorIds) }, order: { effectiveFrom: 'DESC', createdAt: 'DESC' } },
      manager,
    );
  }

  async send(ctx: RequestContext, id: string): Promise<Agreement> {
    return this.dataSource.transaction(async (manager) => {
      const agreement = await this.agreements.getById(ctx, id, manager, true);
      assertAgreementTransition(agreement.status, 'sent');
      return this.agreements.update(
        manager,
        ctx,
        agreement,
        { status: 'sent', sentAt: this.clock.now() },
        'agreement.sent',
      );
    });
  }

  /**
   * Records one party's signature. With both, the agreement is signed; it is active from its effective
   * date when every clause is covered, supersedes its predecessor, and makes an approved processor active.
   */
  async sign(ctx: RequestContext, id: string, input: SignatureInput): Promise<Agreement> {
    return this.dataSource.transaction(async (manager) => {
      const agreement = await this.agreements.getById(ctx, id, manager, true);
      if (agreement.status !== 'draft' && agreement.status !== 'sent') {
        throw AgreementErrors.conflict(
          'AGREEMENT_NOT_SIGNABLE',
          `The agreement is ${this.status(agreement)}; it takes no more signatures.`,
        );
      }
      if (agreement.signatures.some((s) => s.party === input.party)) {
        throw AgreementErrors.conflict(
          'ALREADY_SIGNED',
          `The ${input.party} has already signed this agreement.`,
        );
      }
      const documentSha = input.documentSha256?.toLowerCase() ?? null;
      if (documentSha && agreement.signedDocument && agreement.signedDocument.sha256 !== documentSha) {
        throw AgreementErrors.conflict(
          'DOCUMENT_MISMATCH',
          'The signature names a document other than the uploaded signed document.',
          {
            uploadedSha256: agreement.signedDocument.sha256,
          },
        );
      }
      const signatures: Signature[] = [
        ...agreement.signatures,
        { ...input, documentSha256: documentSha, recordedBy: ctx.actor.id },
      ];
      const complete =
        signatures.some((s) => s.party === 'controller') && signatures.some((s) => s.party === 'processor');
      const changes: Partial<Agreement> = { signatures };
      if (complete) {
        assertAgreementTransition(agreement.status, 'signed');
        changes.status = 'signed';
      }
      const saved = await this.agreements.update(
        manager,
        ctx,
        agreement,
        changes,
        complete ? 'agreement.signed' : 'agreement.signature_added',
      );
      if (complete) await this.afterSigned(manager, ctx, saved);
      return saved;
    });
  }

  private async afterSigned(
    manager: EntityManager,
    ctx: RequestContext,
    agreement: Agreement,
  ): Promise<void> {
    if (agreement.supersedesId) {
      const previous = await this.agreements.getById(ctx, agreement.supersedesId, manager, true);
      if (previous.status === 'signed') {
        await this.agreements.update(
          manager,
          ctx,
          previous,
          { supersededById: agreement.id, supersededFrom: agreement.effectiveFrom },
          'agreement.superseded',
        );
      }
    }
    await this.activateProcessorIfDue(manager, ctx, agreement.processorId);
  }

  /** An approved processor becomes active once one of its agreements is active today. */
  async activateProcessorIfDue(
    manager: EntityManager,
    ctx: RequestContext,
    processorId: string,
  ): Promise<boolean> {
    const processor = await this.processors.lockForUpdate(ctx, processorId, manager);
    if (processor.status !== 'approved') return false;
    const agreements = await this.forProcessors(ctx, [processorId], manager);
    if (!agreements.some((a) => this.status(a) === 'active')) return false;
    await this.processors.transition(manager, ctx, processor, 'active');
    return true;
  }

  async uploadDocument(ctx: RequestContext, id: string, file: UploadedFile | undefined): Promise<Agreement> {
    const { filename, buffer } = acceptUpload(file, ['application/pdf']);
    const agreement = await this.agreements.getById(ctx, id);
    if (agreement.status === 'terminated' || agreement.status === 'superseded') {
      throw AgreementErrors.conflict('AGREEMENT_CLOSED', `The agreement is ${agreement.status}.`);
    }
    const stored = await this.storage.put(
      `${ctx.organizationId}/agreements/${id}/${randomUUID()}.pdf`,
      buffer,
    );
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.agreements.getById(ctx, id, manager, true);
      const mismatch = locked.signatures.find((s) => s.documentSha256 && s.documentSha256 !== stored.sha256);
      if (mismatch) {
        throw AgreementErrors.conflict(
          'DOCUMENT_MISMATCH',
          `The ${mismatch.party}'s signature names a document with another SHA-256.`,
          {
            signedSha256: mismatch.documentSha256,
          },
        );
      }
      return this.agreements.update(
        manager,
        ctx,
        locked,
        {
          signedDocument: {
            filename,
            contentType: 'application/pdf',
            size: stored.size,
            sha256: stored.sha256,
            storageKey: stored.key,
            uploadedAt: this.clock.now().toISOString(),
          },
        },
        'agreement.document_uploaded',
      );
    });
  }

  async document(scope: TenantScope, id: string) {
    const agreement = await this.agreements.getById(scope, id);
    if (!agreement.signedDocument) throw new NotFound('Signed document');
    return {
      document: agreement.signedDocument,
      stream: this.storage.stream(agreement.signedDocument.storageKey),
    };
  }

  /** Ends a signed agreement; the caller decides what follows for the processor (offboarding). */
  async terminate(
    manager: EntityManager,
    ctx: RequestContext,
    id: string,
    input: TerminationInput,
  ): Promise<Agreement> {
    const agreement = await this.agreements.getById(ctx, id, manager, true);
    const current = this.status(agreement);
    if (agreement.status !== 'signed' || current === 'expired' || current === 'superseded') {
      throw AgreementErrors.conflict(
        'AGREEMENT_NOT_TERMINABLE',
        `The agreement is ${current}; only a signed agreement in force is terminated.`,
        {
          currentStatus: current,
        },
      );
    }
    assertAgreementTransition(agreement.status, 'terminated');
    return this.agreements.update(
      manager,
      ctx,
      agreement,
      { status: 'terminated', terminatedOn: input.effectiveOn, terminationReason: input.reason },
      'agreement.terminated',
    );
  }

  /** The agreement governing a processor today: active, or signed and in its dates but incomplete. */
  governing(agreements: Agreement[], today = this.clock.today()): Agreement | undefined {
    return governingAgreement(agreements, today);
  }
}
