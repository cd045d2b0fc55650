import { Injectable } from '@nestjs/common';
import {
  DataSource,
  EntityManager,
  FindOptionsWhere,
  In,
  IsNull,
  LessThan,
  MoreThanOrEqual,
  Not,
} from 'typeorm';
import { allows } from '../platform/access/permissions';
import { addDays, addMonths, Clock } from '../platform/clock/clock';
import type { RequestContext, TenantScope } from '../platform/context/request-context';
import { Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { ValidationFailed } from '../platform/errors/domain-error';
import { AuditService } from '../platform/audit/audit.service';
import { Page, Shortlist } from '../platform/http/pagination';
import { FileStorage } from '../platform/storage/file-storage.service';
import type { RiskRating } from '../processors/processor.entity';
import { ProcessorsService } from '../processors/processors.service';
import { findAttachment, storeAttachment } from '../platform/storage/attached-file';
import { UploadedFile } from '../platform/storage/uploads';
import { assertFindingTransition } from './finding-lifecycle';
import { Finding, FindingStatus, OPEN_FINDING_STATUSES, Severity } from './finding.entity';
import { CheckResult, CheckStatus, CheckType, MonitoringCheck } from './monitoring-check.entity';
import { MonitoringSettings } from './monitoring-settings.entity';
import { ProcessorErrors } from '../processors/processors.errors';
import { MonitoringErrors } from './monitoring.errors';

/** Months between periodic checks, by the processor's risk rating (EDPB 07/2020: appropriate intervals). */
export const DEFAULT_CADENCE_MONTHS: Readonly<Record<Exclude<RiskRating, 'critical'>, number>> = {
  high: 6,
  medium: 12,
  low: 24,
};

/** Days to remediate a finding, by severity. */
export const REMEDIATION_DAYS: Readonly<Record<Severity, number>> = {
  critical: 30,
  high: 60,
  medium: 90,
  low: 180,
};

export interface NewFinding {
  source: Finding['source'];
  sourceId: string;
  questionId?: string | null;
  title: string;
  severity: Severity;
  dueOn?: string | null;
  owner?: string | null;
}

@Injectable()
export class MonitoringService {
  private readonly checks: TenantRepository<MonitoringCheck>;
  private readonly findings: TenantRepository<Finding>;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
    private readonly processors: ProcessorsService,
    private readonly storage: FileStorage,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.checks = tenancy.repository(MonitoringCheck, 'Monitoring check', 'monitoring_check');
    this.findings = tenancy.repository(Finding, 'Finding', 'finding');
  }

  /** Opens findings in the caller's transaction (e.g. an approval's failed questions). */
  async openFindings(
    manager: EntityManager,
    ctx: RequestContext,
    processorId: string,
    findings: NewFinding[],
  ): Promise<Finding[]> {
    const today = this.clock.today();
    const created: Finding[] = [];
    for (const f of findings) {
      created.push(
        await this.findings.insert(manager, ctx, {
          processorId,
          source: f.source,
          sourceId: f.sourceId,
          questionId: f.questionId ?? null,
          title: f.title,
          severity: f.severity,
          status: 'open',
          owner: f.owner ?? null,
          dueOn: f.dueOn ?? addDays(today, REMEDIATION_DAYS[f.severity]),
        }),
      );
    }
    return created;
  }

  /**
   * Plans the next periodic check after an approval or a recorded result, at the cadence of the risk
   * rating, unless one is already open.
   */
  async scheduleNextPeriodic(
    manager: EntityManager,
    ctx: RequestContext,
    processorId: string,
    riskRating: RiskRating | null,
    from = this.clock.today(),
  ): Promise<MonitoringCheck | undefined> {
    if (!riskRating || riskRating === 'critical') return undefined;
    const cadence = await this.cadence(ctx, manager);
    const open = await this.checks.count(
      ctx,
      { processorId, type: 'periodic_review', status: In(['scheduled', 'due', 'overdue']) },
      manager,
    );
    if (open > 0) return undefined;
    return this.checks.insert(manager, ctx, {
      processorId,
      type: 'periodic_review',
      dueOn: addMonths(from, cadence[riskRating]),
      status: 'scheduled',
      origin: 'cadence',
      evidence: [],
    });
  }

  /**
   * The statement parts the gate reads its monitoring facts with; `org`, `processorIds` (a uuid[]) and
   * `today` (a date) are SQL expressions. Critical findings not yet resolved or accepted, as
   * `(id, processor_id, title)`; checks that failed and were not passed since, and checks past their due
   * date, as `(id, processor_id, type, due_on, status)` with `status` `failed` or `overdue`.
   */
  gateFactsSql(org: string, processorIds: string, today: string): { findings: string; checks: string } {
    return {
      findings: `SELECT id, processor_id, title FROM finding
        WHERE organization_id = ${org} AND processor_id = ANY(${processorIds}) AND severity = 'critical'
          AND status IN ('open', 'in_progress')`,
      checks: `SELECT f.id, f.processor_id, f.type, to_char(f.due_on, 'YYYY-MM-DD') AS due_on, 'failed' AS status
         FROM monitoring_check f
        WHERE f.organization_id = ${org} AND f.processor_id = ANY(${processorIds}) AND f.result = 'failed'
          AND NOT EXISTS (SELECT 1 FROM monitoring_check p
                           WHERE p.processor_id = f.processor_id AND p.type = f.type AND p.result = 'passed'
                             AND p.performed_at > f.performed_at)
       UNION ALL
       SELECT id, processor_id, type, to_char(due_on, 'YYYY-MM-DD'), 'overdue' FROM monitoring_check
        WHERE organization_id = ${org} AND processor_id = ANY(${processorIds})
          AND status IN ('scheduled', 'due', 'overdue') AND due_on < ${today}`,
    };
  }

  /** The organisation's cadence, or the defaults (high 6, medium 12, low 24 months). */
  async cadence(
    scope: TenantScope,
    manager?: EntityManager,
  ): Promise<Record<Exclude<RiskRating, 'critical'>, number>> {
    // eslint-disable-next-line no-restricted-syntax -- the settings row is keyed by the organisation itself (no id)
    const settings = await (manager ?? this.dataSource.manager).findOne(MonitoringSettings, {
      where: { organizationId: scope.organizationId },
    });
    return settings
      ? {
          high: settings.cadenceHighMonths,
          medium: settings.cadenceMediumMonths,
          low: settings.cadenceLowMonths,
        }
      : { ...DEFAULT_CADENCE_MONTHS };
  }

  async setCadence(ctx: RequestContext, cadence: Record<Exclude<RiskRating, 'critical'>, number>) {
    if (!(cadence.high <= cadence.medium && cadence.medium <= cadence.low)) {
      throw ValidationFailed.field(
        'high',
        'a higher risk needs checks at least as often as a lower one',
        'cadenceOrder',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const before = await this.cadence(ctx, manager);
      // eslint-disable-next-line no-restricted-syntax -- the settings row is keyed by the organisation itself (no id)
      await manager.upsert(
        MonitoringSettings,
        {
          organizationId: ctx.organizationId,
          cadenceHighMonths: cadence.high,
          cadenceMediumMonths: cadence.medium,
          cadenceLowMonths: cadence.low,
        },
        ['organizationId'],
      );
      await this.audit.recordChange(manager, ctx, {
        action: 'monitoring.cadence_updated',
        entityType: 'monitoring_settings',
        entityId: ctx.organizationId,
        before,
        after: cadence,
      });
      return cadence;
    });
  }

  /** Checks past their due date without a documented result, the longest overdue first. */
  async overdueChecks(scope: TenantScope, limit: number): Promise<Shortlist<MonitoringCheck>> {
    const [items, total] = await this.checks
      .query(scope, 'c')
      .andWhere(`c.status IN ('scheduled', 'due', 'overdue') AND c.due_on < :today`, {
        today: this.clock.today(),
      })
      .orderBy('c.due_on', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .take(limit)
      .getManyAndCount();
    return { items, total };
  }

  /** Findings still open or in progress past their due date, the longest overdue first. */
  async overdueFindings(scope: TenantScope, limit: number): Promise<Shortlist<Finding>> {
    const [items, total] = await this.findings
      .query(scope, 'f')
      .andWhere(`f.status IN ('open', 'in_progress') AND f.due_on < :today`, { today: this.clock.today() })
      .orderBy('f.due_on', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .take(limit)
      .getManyAndCount();
    return { items, total };
  }

  listChecks(
    scope: TenantScope,
    filter: {
      processorId?: string;
      status?: CheckStatus;
      dueBefore?: string;
      page: number;
      pageSize: number;
    },
  ): Promise<Page<MonitoringCheck>> {
    const qb = this.checks.query(scope, 'c');
    if (filter.processorId) qb.andWhere('c.processor_id = :processorId', { processorId: filter.processorId });
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
    if (filter.dueBefore) qb.andWhere('c.due_on < :dueBefore', { dueBefore: filter.dueBefore });
    return qb
      .orderBy('c.due_on', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize)
      .getManyAndCount()
      .then(([items, total]) => ({ items, total, page: filter.page, pageSize: filter.pageSize }));
  }

  getCheck(scope: TenantScope, id: string): Promise<MonitoringCheck> {
    return this.checks.getById(scope, id);
  }

  /** Legal or the DPO adds a check outside the cadence (an audit, a certification review…). */
  async addCheck(
    ctx: RequestContext,
    processorId: string,
    input: { type: CheckType; dueOn: string },
  ): Promise<MonitoringCheck> {
    return this.dataSource.transaction(async (manager) => {
      const processor = await this.processors.get(ctx, processorId, manager);
      if (processor.archivedAt)
        throw ProcessorErrors.conflict('PROCESSOR_ARCHIVED', 'An archived processor is not monitored.');
      return this.checks.insert(manager, ctx, {
        processorId,
        type: input.type,
        dueOn: input.dueOn,
        status: input.dueOn < this.clock.today() ? 'overdue' : 'scheduled',
        origin: 'ad_hoc',
        evidence: [],
      });
    });
  }

  /**
   * Documents a check: who, when, the result, notes and findings. Then the next periodic check is
   * planned at the processor's cadence.
   */
  async recordResult(
    ctx: RequestContext,
    id: string,
    input: {
      result: CheckResult;
      notes: string;
      findings?: { title: string; severity: Severity; dueOn?: string }[];
    },
  ): Promise<{ check: MonitoringCheck; findings: Finding[] }> {
    return this.dataSource.transaction(async (manager) => {
      const check = await this.checks.getById(ctx, id, manager, true);
      if (check.performedAt) {
        throw MonitoringErrors.conflict(
          'CHECK_ALREADY_RECORDED',
          `This check was already recorded as ${check.result}; add a new check instead.`,
        );
      }
      const saved = await this.checks.update(
        manager,
        ctx,
        check,
        {
          result: input.result,
          status: input.result,
          notes: input.notes,
          performedAt: this.clock.now(),
          performedBy: ctx.actor.id,
        },
        'monitoring_check.recorded',
      );
      const findings = await this.openFindings(
        manager,
        ctx,
        check.processorId,
        (input.findings ?? []).map((f) => ({
          source: 'monitoring_check' as const,
          sourceId: check.id,
          title: f.title,
          severity: f.severity,
          dueOn: f.dueOn ?? null,
        })),
      );
      const processor = await this.processors.get(ctx, check.processorId, manager);
      await this.scheduleNextPeriodic(manager, ctx, processor.id, processor.riskRating);
      return { check: saved, findings };
    });
  }

  async addCheckEvidence(
    ctx: RequestContext,
    id: string,
    file: UploadedFile | undefined,
  ): Promise<MonitoringCheck> {
    await this.checks.getById(ctx, id);
    const attached = await storeAttachment(this.storage, `${ctx.organizationId}/monitoring/${id}`, file);
    return this.dataSource.transaction(async (manager) => {
      const check = await this.checks.getById(ctx, id, manager, true);
      const evidence = [...check.evidence, attached];
      return this.checks.update(manager, ctx, check, { evidence }, 'monitoring_check.evidence_added');
    });
  }

  async checkEvidenceFile(scope: TenantScope, id: string, evidenceId: string) {
    const check = await this.checks.getById(scope, id);
    const evidence = findAttachment(check.evidence, evidenceId);
    return { evidence, stream: this.storage.stream(evidence.storageKey) };
  }

  /**
   * Findings by processor, status, and whether they are overdue (past their due date while open, as
   * `FindingResponse.overdue` says), the earliest due first.
   */
  async listFindings(
    scope: TenantScope,
    filter: {
      processorId?: string;
      status?: FindingStatus;
      overdue?: boolean;
      page: number;
      pageSize: number;
    },
  ): Promise<Page<Finding>> {
    const base = {
      ...(filter.processorId ? { processorId: filter.processorId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    };
    const today = this.clock.today();
    // Whether the status asked for is an open one (undefined: no status asked for).
    const open = filter.status && OPEN_FINDING_STATUSES.includes(filter.status);
    let where: FindOptionsWhere<Finding> | FindOptionsWhere<Finding>[] = base;
    if (filter.overdue === true) {
      if (open === false) return { items: [], total: 0, page: filter.page, pageSize: filter.pageSize };
      where = { ...base, status: filter.status ?? In(OPEN_FINDING_STATUSES), dueOn: LessThan(today) };
    } else if (filter.overdue === false) {
      // Not overdue: closed, or due today or later, or without a due date.
      where = [
        ...(open === true ? [] : [{ ...base, status: filter.status ?? Not(In(OPEN_FINDING_STATUSES)) }]),
        ...(open === false
          ? []
          : [
              { ...base, dueOn: IsNull() },
              { ...base, dueOn: MoreThanOrEqual(today) },
            ]),
      ];
    }
    return this.findings.page(scope, filter, { where, order: { dueOn: 'ASC', createdAt: 'ASC' } });
  }

  getFinding(scope: TenantScope, id: string): Promise<Finding> {
    return this.findings.getById(scope, id);
  }

  /**
   * Remediation of a finding; only the DPO may accept a risk or close a critical finding, and a
   * resolution must say what was done.
   */
  async updateFinding(
    ctx: RequestContext,
    id: string,
    changes: {
      status?: FindingStatus;
      owner?: string | null;
      dueOn?: string | null;
      resolution?: string | null;
      version?: number;
    },
  ): Promise<Finding> {
    return this.dataSource.transaction(async (manager) => {
      const finding = await this.findings.getForUpdate(ctx, id, manager, { expectVersion: changes.version });
      const next: Partial<Finding> = {};
      if (changes.owner !== undefined) next.owner = changes.owner;
      if (changes.dueOn !== undefined) next.dueOn = changes.dueOn;
      if (changes.resolution !== undefined) next.resolution = changes.resolution;
      if (changes.status && changes.status !== finding.status) {
        assertFindingTransition(finding.status, changes.status);
        if (changes.status === 'risk_accepted' && !allows(ctx.roles, 'findings.acceptRisk')) {
          throw MonitoringErrors.forbidden(
            'RISK_ACCEPTANCE_DPO_ONLY',
            'Only the DPO may accept a risk',
            'Accepting the risk of an open finding is the data protection officer’s decision.',
          );
        }
        const closing = changes.status === 'resolved' || changes.status === 'risk_accepted';
        if (closing && finding.severity === 'critical' && !allows(ctx.roles, 'findings.closeCritical')) {
          throw MonitoringErrors.forbidden(
            'CRITICAL_FINDING_DPO_ONLY',
            'Only the DPO may close a critical finding',
            'Resolving a critical finding, or accepting its risk, is the data protection officer’s decision; legal may work on it and propose a resolution.',
          );
        }
        const resolution = changes.resolution ?? finding.resolution;
        if ((changes.status === 'resolved' || changes.status === 'risk_accepted') && !resolution?.trim()) {
          throw ValidationFailed.field(
            'resolution',
            `is required to mark a finding ${changes.status}`,
            'required',
          );
        }
        next.status = changes.status;
        next.closedAt = closing ? this.clock.now() : null;
        next.closedBy = closing ? ctx.actor.id : null;
        if (!closing) next.overdueSince = null;
      }
      const action = next.status ? `finding.${next.status}` : 'finding.updated';
      return this.findings.applyChanges(manager, ctx, finding, next, { action });
    });
  }
}
