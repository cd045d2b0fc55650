import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { agreementStatus } from '../agreements/agreement-status';
import { AgreementsService } from '../agreements/agreements.service';
import { TransferImpactAssessmentsService } from '../agreements/transfer-impact-assessments.service';
import type { DestinationBasis } from '../agreements/transfer-tools';
import { IncidentsService } from '../incidents/incidents.service';
import { MonitoringService } from '../monitoring/monitoring.service';
import { AuditGroupCommit } from '../platform/audit/audit-group-commit';
import { Clock } from '../platform/clock/clock';
import type { RequestContext, TenantScope } from '../platform/context/request-context';
import { Tenancy, TenantRepository } from '../platform/database/tenant-repository';
import { FieldError, NotFound, ValidationFailed } from '../platform/errors/domain-error';
import { Page } from '../platform/http/pagination';
import { Processor } from '../processors/processor.entity';
import { ProcessorsService } from '../processors/processors.service';
import { effectiveAuthorization } from '../processors/subprocessor-authorization';
import { VocabulariesService } from '../vocabularies/vocabularies.service';
import { TransferDecision } from './transfer-decision.entity';
import {
  assessTransfer,
  Geography,
  Reason,
  RULE_SET_VERSION,
  TransferFacts,
  TransferRequest,
} from './transfer-rules';

export interface CheckOutcome {
  decisionId: string;
  processorId: string;
  eligible: boolean;
  reasons: Reason[];
  checkedAt: string;
  ruleSetVersion: string;
  destinations: DestinationBasis[];
}

export interface CheckError {
  processorId: string;
  eligible: false;
  error: { status: number; code: string; detail: string };
}

interface ChainRow {
  root: string;
  id: string;
}

/**
 * The transfer gate. Facts for any number of checks are gathered in a fixed number of queries, every
 * rule is evaluated, and each decision is stored with its inputs, facts and rule-set version, and audited.
 */
@Injectable()
export class TransferChecksService {
  readonly decisions: TenantRepository<TransferDecision>;
  private readonly geography: Geography;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
    private readonly processors: ProcessorsService,
    private readonly agreements: AgreementsService,
    private readonly tias: TransferImpactAssessmentsService,
    private readonly monitoring: MonitoringService,
    private readonly incidents: IncidentsService,
    private readonly vocabularies: VocabulariesService,
    private readonly writes: AuditGroupCommit,
    private readonly clock: Clock,
  ) {
    this.decisions = tenancy.repository(TransferDecision, 'Transfer decision', 'transfer_decision');
    this.geography = {
      isEea: (code) => vocabularies.isEea(code),
      nameOf: (code) => vocabularies.destinationName(code),
      adequacyOn: (code, day) => vocabularies.adequacyOn(code, day),
    };
  }

  async check(ctx: RequestContext, request: TransferRequest): Promise<CheckOutcome> {
    await this.validate(ctx, [request], (i, field) => field);
    const [outcome] = await this.run(ctx, [request], null);
    if ('error' in outcome) throw new NotFound('Processor', request.processorId);
    return outcome;
  }

  /** Up to 1,000 checks answered in order, in one round trip and a fixed number of queries. */
  async checkBatch(ctx: RequestContext, requests: TransferRequest[]): Promise<(CheckOutcome | CheckError)[]> {
    await this.validate(ctx, requests, (i, field) => `checks[${i}].${field}`);
    return this.run(ctx, requests, randomUUID());
  }

  private async validate(
    scope: TenantScope,
    requests: TransferRequest[],
    path: (index: number, field: string) => string,
  ): Promise<void> {
    const errors: FieldError[] = [];
    const [knownCategories, knownUses] = await this.vocabularies.knownKeysOf(scope, [
      'data-categories',
      'data-uses',
    ]);
    requests.forEach((r, i) => {
      r.dataCategories.forEach((c, j) => {
        if (!knownCategories.has(c))
          errors.push({
            field: path(i, `dataCategories[${j}]`),
            message: 'is not a known data category',
            rule: 'vocabulary',
          });
      });
      if (!knownUses.has(r.purpose))
        errors.push({ field: path(i, 'purpose'), message: 'is not a known data use', rule: 'vocabulary' });
      if (r.destinationCountry && !this.vocabularies.isDestination(r.destinationCountry)) {
        errors.push({
          field: path(i, 'destinationCountry'),
          message: 'is not an ISO 3166-1 alpha-2 code or a known international organisation',
          rule: 'destination',
        });
      }
    });
    if (errors.length) throw new ValidationFailed(errors);
  }

  private async run(
    ctx: RequestContext,
    requests: TransferRequest[],
    batchId: string | null,
  ): Promise<(CheckOutcome | CheckError)[]> {
    const today = this.clock.today();
    const checkedAt = this.clock.now();
    // Facts are read outside a transaction; decisions and audit events commit in a group commit.
    return this.withoutTransaction(async (manager) => {
      const facts = await this.gather(manager, ctx, [...new Set(requests.map((r) => r.processorId))], today);
      const decisions: TransferDecision[] = [];
      const outcomes = requests.map((request): CheckOutcome | CheckError => {
        const f = facts.get(request.processorId);
        if (!f) {
          return {
            processorId: request.processorId,
            eligible: false,
            error: {
              status: 404,
              code: 'NOT_FOUND',
              detail: `No processor with id ${request.processorId} exists.`,
            },
          };
        }
        const { reasons, destinations } = assessTransfer(request, f);
        const decision = manager.create(TransferDecision, {
          id: randomUUID(),
          organizationId: ctx.organizationId,
          processorId: request.processorId,
          dataCategories: request.dataCategories,
          purpose: request.purpose,
          destinationCountry: request.destinationCountry ?? null,
          eligible: reasons.length === 0,
          reasons,
          facts: this.snapshot(f),
          destinations,
          ruleSetVersion: RULE_SET_VERSION,
          checkedAt,
          actorType: ctx.actor.type,
          actorId: ctx.actor.id,
          actorLabel: ctx.actor.label,
          requestId: ctx.requestId ?? null,
          batchId,
        });
        decisions.push(decision);
        return {
          decisionId: decision.id,
          processorId: decision.processorId,
          eligible: decision.eligible,
          reasons,
          checkedAt: checkedAt.toISOString(),
          ruleSetVersion: RULE_SET_VERSION,
          destinations,
        };
      });
      await this.writes.commit({
        context: ctx,
        inserts: [{ target: TransferDecision, rows: decisions }],
        audit: decisions.map((d) => ({
          action: 'transfer.checked',
          entityType: 'transfer_decision',
          entityId: d.id,
          after: {
            processorId: d.processorId,
            dataCategories: d.dataCategories,
            purpose: d.purpose,
            destinationCountry: d.destinationCountry,
            eligible: d.eligible,
            reasons: d.reasons.map((r) => r.code),
            destinations: d.destinations.map((b) => ({
              destination: b.destination,
              processorId: b.recipientId,
              classification: b.classification,
              adequacy: b.adequacy?.instrument ?? null,
              mechanism: b.mechanism?.type ?? null,
              tiaId: b.tia?.id ?? null,
              problem: b.problem,
            })),
            ruleSetVersion: d.ruleSetVersion,
          },
        })),
      });
      return outcomes;
    });
  }

  private withoutTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }

  /** The facts of each requested processor: itself, its chain both ways, agreements and monitoring. */
  private async gather(
    manager: EntityManager,
    scope: TenantScope,
    ids: string[],
    today: string,
  ): Promise<Map<string, TransferFacts>> {
    const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    const roots = await this.processors.processors.repository(manager).find({
      where: { organizationId: scope.organizationId, id: In(valid) },
    });
    if (roots.length === 0) return new Map();
    const rootIds = roots.map((p) => p.id);
    const down = await manager.query<ChainRow[]>(
      `WITH RECURSIVE d(root, id, depth) AS (
         SELECT id, id, 0 FROM processor WHERE organization_id = $1 AND id = ANY($2::uuid[])
         UNION ALL
         SELECT d.root, p.id, d.depth + 1 FROM processor p JOIN d ON p.parent_id = d.id
          WHERE p.organization_id = $1 AND p.archived_at IS NULL AND d.depth < 50
       ) SELECT root, id FROM d WHERE depth > 0`,
      [scope.organizationId, rootIds],
    );
    const up = await manager.query<ChainRow[]>(
      `WITH RECURSIVE u(root, id, parent_id, depth) AS (
         SELECT id, id, parent_id, 0 FROM processor WHERE organization_id = $1 AND id = ANY($2::uuid[])
         UNION ALL
         SELECT u.root, p.id, p.parent_id, u.depth + 1 FROM processor p JOIN u ON p.id = u.parent_id
          WHERE p.organization_id = $1 AND u.depth < 50
       ) SELECT root, id FROM u WHERE depth > 0`,
      [scope.organizationId, rootIds],
    );
    const relatedIds = [...new Set([...down, ...up].map((r) => r.id))].filter((id) => !rootIds.includes(id));
    const related = relatedIds.length
      ? await this.processors.processors
          .repository(manager)
          .find({ where: { organizationId: scope.organizationId, id: In(relatedIds) } })
      : [];
    const byId = new Map<string, Processor>([...roots, ...related].map((p) => [p.id, p]));
    const agreements = await this.agreements.forProcessors(scope, rootIds, manager);
    const tias = await this.tias.summariesFor(
      scope,
      agreements.map((a) => a.id),
      manager,
    );
    const monitoring = await this.monitoring.gateFacts(scope, rootIds, today, manager);
    // A breach anywhere the data would go: at the processor or at one of its sub-processors.
    const breaches = await this.incidents.openBreaches(
      scope,
      [...new Set([...rootIds, ...down.map((r) => r.id)])],
      manager,
    );

    const facts = new Map<string, TransferFacts>();
    for (const processor of roots) {
      const pick = (rows: ChainRow[]) =>
        rows
          .filter((r) => r.root === processor.id)
          .map((r) => byId.get(r.id))
          .filter((p): p is Processor => !!p);
      const subProcessors = pick(down);
      const receiving = new Set([processor.id, ...subProcessors.map((s) => s.id)]);
      const own = agreements.filter((a) => a.processorId === processor.id);
      const agreementIds = new Set(own.map((a) => a.id));
      facts.set(processor.id, {
        today,
        processor,
        ancestors: pick(up),
        subProcessors,
        agreements: own,
        openCriticalFindings: monitoring.get(processor.id)?.openCriticalFindings ?? [],
        overdueChecks: monitoring.get(processor.id)?.overdueChecks ?? [],
        openBreaches: breaches
          .filter((b) => receiving.has(b.processorId))
          .map((b) => ({ ...b, processorName: byId.get(b.processorId)?.name ?? b.processorId })),
        tias: tias.filter((t) => agreementIds.has(t.agreementId)),
        specialCategoryOf: (key) => this.vocabularies.specialCategoryOf(key)?.kind,
        geography: this.geography,
      });
    }
    return facts;
  }

  /** What the decision rested on, kept with it so that it can be explained later. */
  private snapshot(f: TransferFacts): object {
    const p = f.processor;
    return {
      today: f.today,
      processor: {
        id: p.id,
        name: p.name,
        status: p.status,
        riskRating: p.riskRating,
        approvedAssessmentId: p.approvedAssessmentId,
        assessmentValidUntil: p.assessmentValidUntil,
        processingCountries: p.processingCountries,
        dpfCertified: p.dpfCertified,
        dpfCertification: p.dpfCertification,
        adequacyScopeConfirmations: p.adequacyScopeConfirmations,
      },
      ancestors: f.ancestors.map((a) => ({ id: a.id, name: a.name, status: a.status })),
      subProcessors: f.subProcessors.map((s) => ({
        id: s.id,
        name: s.name,
        authorizationStatus: effectiveAuthorization(s, f.today),
        processingCountries: s.processingCountries,
        dpfCertification: s.dpfCertification,
        adequacyScopeConfirmations: s.adequacyScopeConfirmations,
      })),
      agreements: f.agreements.map((a) => ({
        id: a.id,
        title: a.title,
        status: agreementStatus(a, f.today),
        transferMechanisms: a.transferMechanisms,
      })),
      transferImpactAssessments: f.tias,
      openCriticalFindings: f.openCriticalFindings,
      overdueChecks: f.overdueChecks,
    };
  }

  get(scope: TenantScope, id: string): Promise<TransferDecision> {
    return this.decisions.getById(scope, id);
  }

  list(
    scope: TenantScope,
    filter: { processorId?: string; eligible?: boolean; page: number; pageSize: number },
  ): Promise<Page<TransferDecision>> {
    return this.decisions.page(scope, filter, {
      where: {
        ...(filter.processorId ? { processorId: filter.processorId } : {}),
        ...(filter.eligible !== undefined ? { eligible: filter.eligible } : {}),
      },
      order: { checkedAt: 'DESC' },
    });
  }
}
