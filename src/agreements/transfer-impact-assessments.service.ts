import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import type { RequestContext, TenantScope } from '../platform/context/request-context';
import { Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { FieldError, NotFound, ValidationFailed } from '../platform/errors/domain-error';
import { FileStorage } from '../platform/storage/file-storage.service';
import { acceptUpload, UploadedFile } from '../platform/storage/uploads';
import { VocabulariesService } from '../vocabularies/vocabularies.service';
import { AgreementsService } from './agreements.service';
import { TransferImpactAssessment } from './transfer-impact-assessment.entity';
import type { TiaOutcome, TiaSummary } from './transfer-tools';
import { AgreementErrors } from './agreements.errors';

export interface TiaInput {
  destination: string;
  assessedOn: string;
  assessor: string;
  lawsAndPractices: string;
  supplementaryMeasures?: string | null;
  measuresInPlace?: boolean;
  outcome: TiaOutcome;
  reviewOn?: string | null;
}

const DOCUMENT_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain',
];

/** Transfer impact assessments: one record per agreement and destination, each assessment kept. */
@Injectable()
export class TransferImpactAssessmentsService {
  private readonly tias: TenantRepository<TransferImpactAssessment>;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
    private readonly agreements: AgreementsService,
    private readonly vocabularies: VocabulariesService,
    private readonly storage: FileStorage,
    private readonly clock: Clock,
  ) {
    this.tias = tenancy.repository(
      TransferImpactAssessment,
      'Transfer impact assessment',
      'transfer_impact_assessment',
    );
  }

  private validate(input: Partial<TiaInput>, errors: FieldError[] = []): void {
    const today = this.clock.today();
    if (input.destination !== undefined) {
      if (!this.vocabularies.isDestination(input.destination))
        errors.push({
          field: 'destination',
          message: 'is not an ISO 3166-1 alpha-2 code or a known international organisation',
          rule: 'destination',
        });
      else if (this.vocabularies.isEea(input.destination))
        errors.push({
          field: 'destination',
          message: 'is in the EEA: no transfer impact assessment is needed',
          rule: 'thirdCountry',
        });
    }
    if (input.assessedOn && input.assessedOn > today)
      errors.push({ field: 'assessedOn', message: 'must not be in the future', rule: 'notFuture' });
    if (input.reviewOn && input.assessedOn && input.reviewOn <= input.assessedOn)
      errors.push({ field: 'reviewOn', message: 'must be after assessedOn', rule: 'dateOrder' });
    if (
      input.outcome === 'proceed_with_measures' &&
      input.supplementaryMeasures !== undefined &&
      !input.supplementaryMeasures?.trim()
    )
      errors.push({
        field: 'supplementaryMeasures',
        message: 'an outcome that needs supplementary measures names them',
        rule: 'required',
      });
    if (errors.length) throw new ValidationFailed(errors);
  }

  async create(ctx: RequestContext, agreementId: string, input: TiaInput): Promise<TransferImpactAssessment> {
    const errors: FieldError[] = [];
    if (input.outcome === 'proceed_with_measures' && !input.supplementaryMeasures?.trim())
      errors.push({
        field: 'supplementaryMeasures',
        message: 'an outcome that needs supplementary measures names them',
        rule: 'required',
      });
    this.validate(input, errors);
    return this.dataSource.transaction(async (manager) => {
      const agreement = await this.agreements.get(ctx, agreementId, manager);
      if (agreement.status === 'terminated' || agreement.status === 'superseded')
        throw AgreementErrors.conflict('AGREEMENT_CLOSED', `The agreement is ${agreement.status}.`);
      return this.tias.insert(manager, ctx, {
        agreementId: agreement.id,
        processorId: agreement.processorId,
        destination: input.destination,
        assessedOn: input.assessedOn,
        assessor: input.assessor,
        lawsAndPractices: input.lawsAndPractices,
        supplementaryMeasures: input.supplementaryMeasures?.trim() || null,
        measuresInPlace: input.measuresInPlace ?? false,
        outcome: input.outcome,
        reviewOn: input.reviewOn ?? null,
        document: null,
        createdBy: ctx.actor.id,
      });
    });
  }

  async update(
    ctx: RequestContext,
    id: string,
    changes: Partial<TiaInput> & { version?: number },
  ): Promise<TransferImpactAssessment> {
    const { version, ...fields } = changes;
    return this.dataSource.transaction(async (manager) => {
      const tia = await this.tias.getForUpdate(ctx, id, manager, { expectVersion: version });
      const merged = { ...tia, ...fields };
      this.validate({ ...merged, supplementaryMeasures: merged.supplementaryMeasures ?? '' });
      return this.tias.applyChanges(manager, ctx, tia, {
        ...fields,
        ...(fields.supplementaryMeasures !== undefined
          ? { supplementaryMeasures: fields.supplementaryMeasures?.trim() || null }
          : {}),
      });
    });
  }

  get(scope: TenantScope, id: string): Promise<TransferImpactAssessment> {
    return this.tias.getById(scope, id);
  }

  async listForAgreement(scope: TenantScope, agreementId: string): Promise<TransferImpactAssessment[]> {
    await this.agreements.get(scope, agreementId);
    return this.tias.find(scope, {
      where: { agreementId },
      order: { destination: 'ASC', assessedOn: 'DESC' },
    });
  }

  /** Every assessment of the given agreements, for the gate and the record (one query). */
  /**
   * The statement part that selects the TIA summaries of `agreementIds` (a uuid[]) as
   * `(id, agreement_id, destination, assessed_on, outcome, measures_in_place, review_on)`; `org` and
   * `agreementIds` are SQL expressions. For statements that gather many facts at once (the gate).
   */
  summariesSql(org: string, agreementIds: string): string {
    return `SELECT id, agreement_id, destination, to_char(assessed_on, 'YYYY-MM-DD') AS assessed_on, outcome,
        measures_in_place, to_char(review_on, 'YYYY-MM-DD') AS review_on
      FROM transfer_impact_assessment WHERE organization_id = ${org} AND agreement_id = ANY(${agreementIds})`;
  }

  async summariesFor(
    scope: TenantScope,
    agreementIds: string[],
    manager?: EntityManager,
  ): Promise<(TiaSummary & { agreementId: string })[]> {
    if (agreementIds.length === 0) return [];
    const rows = await this.tias.find(
      scope,
      {
        where: { agreementId: In(agreementIds) },
        select: {
          id: true,
          agreementId: true,
          destination: true,
          assessedOn: true,
          outcome: true,
          measuresInPlace: true,
          reviewOn: true,
        },
      },
      manager,
    );
    return rows.map((t) => ({
      id: t.id,
      agreementId: t.agreementId,
      destination: t.destination,
      assessedOn: t.assessedOn,
      outcome: t.outcome,
      measuresInPlace: t.measuresInPlace,
      reviewOn: t.reviewOn,
    }));
  }

  async uploadDocument(
    ctx: RequestContext,
    id: string,
    file: UploadedFile | undefined,
  ): Promise<TransferImpactAssessment> {
    const { filename, contentType, buffer } = acceptUpload(file, DOCUMENT_TYPES);
    await this.tias.getById(ctx, id);
    const stored = await this.storage.put(`${ctx.organizationId}/tias/${id}/${randomUUID()}`, buffer);
    return this.dataSource.transaction(async (manager) => {
      const tia = await this.tias.getById(ctx, id, manager, true);
      return this.tias.update(
        manager,
        ctx,
        tia,
        {
          document: {
            filename,
            contentType,
            size: stored.size,
            sha256: stored.sha256,
            storageKey: stored.key,
            uploadedAt: this.clock.now().toISOString(),
          },
        },
        'transfer_impact_assessment.document_uploaded',
      );
    });
  }

  async document(scope: TenantScope, id: string) {
    const tia = await this.tias.getById(scope, id);
    if (!tia.document) throw new NotFound('Transfer impact assessment document');
    return { document: tia.document, stream: this.storage.stream(tia.document.storageKey) };
  }
}
