import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { addDays, addMonths, Clock } from '../platform/clock/clock';
import type { RequestContext, TenantScope } from '../platform/context/request-context';
import { Tenancy, TenantRepository } from '../platform/database/tenant-repository';
import type { RiskRating } from '../processors/processor.entity';
import { Finding, Severity } from './finding.entity';
import { MonitoringCheck } from './monitoring-check.entity';

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

export interface GateMonitoringFacts {
  openCriticalFindings: { id: string; title: string }[];
  overdueChecks: { id: string; type: string; dueOn: string; status: string }[];
}

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
  readonly checks: TenantRepository<MonitoringCheck>;
  readonly findings: TenantRepository<Finding>;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
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
    const open = await this.checks.count(
      ctx,
      { processorId, type: 'periodic_review', status: In(['scheduled', 'due', 'overdue']) },
      manager,
    );
    if (open > 0) return undefined;
    return this.checks.insert(manager, ctx, {
      processorId,
      type: 'periodic_review',
      dueOn: addMonths(from, DEFAULT_CADENCE_MONTHS[riskRating]),
      status: 'scheduled',
      origin: 'cadence',
      evidence: [],
    });
  }

  /**
   * What the transfer gate needs, for many processors in two queries: open critical findings, and
   * checks that are past due or whose latest result failed.
   */
  async gateFacts(
    scope: TenantScope,
    processorIds: string[],
    today: string,
    manager?: EntityManager,
  ): Promise<Map<string, GateMonitoringFacts>> {
    const facts = new Map<string, GateMonitoringFacts>(
      processorIds.map((id) => [id, { openCriticalFindings: [], overdueChecks: [] }]),
    );
    if (processorIds.length === 0) return facts;
    const db = manager ?? this.dataSource.manager;
    const findings = await db.query<{ id: string; processor_id: string; title: string }[]>(
      `SELECT id, processor_id, title FROM finding
        WHERE organization_id = $1 AND processor_id = ANY($2::uuid[]) AND severity = 'critical'
          AND status IN ('open', 'in_progress')`,
      [scope.organizationId, processorIds],
    );
    for (const f of findings)
      facts.get(f.processor_id)?.openCriticalFindings.push({ id: f.id, title: f.title });
    const checks = await db.query<
      { id: string; processor_id: string; type: string; due_on: string; status: string }[]
    >(
      `SELECT id, processor_id, type, to_char(due_on, 'YYYY-MM-DD') AS due_on, status FROM (
         SELECT c.*, row_number() OVER (PARTITION BY processor_id ORDER BY performed_at DESC) AS latest
           FROM monitoring_check c
          WHERE organization_id = $1 AND processor_id = ANY($2::uuid[]) AND performed_at IS NOT NULL
       ) done WHERE latest = 1 AND result = 'failed'
       UNION ALL
       SELECT id, processor_id, type, to_char(due_on, 'YYYY-MM-DD'), 'overdue' FROM monitoring_check
        WHERE organization_id = $1 AND processor_id = ANY($2::uuid[])
          AND status IN ('scheduled', 'due', 'overdue') AND due_on < $3::date`,
      [scope.organizationId, processorIds, today],
    );
    for (const c of checks) {
      facts
        .get(c.processor_id)
        ?.overdueChecks.push({ id: c.id, type: c.type, dueOn: c.due_on, status: c.status });
    }
    return facts;
  }
}
