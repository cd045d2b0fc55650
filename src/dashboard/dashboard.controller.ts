import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgreementsService } from '../agreements/agreements.service';
import { IncidentsService } from '../incidents/incidents.service';
import { MonitoringService } from '../monitoring/monitoring.service';
import { OffboardingService } from '../offboarding/offboarding.service';
import { RequirePermission } from '../platform/access/access.decorators';
import { Clock } from '../platform/clock/clock';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { ProcessorsService } from '../processors/processors.service';
import { TransferChecksService } from '../transfers/transfer-checks.service';
import {
  BreachClocksResponse,
  DecisionTallyResponse,
  ExpiringAgreementsResponse,
  ExpiringAssessmentsResponse,
  ObjectionWindowsResponse,
  OffboardingsDueResponse,
  OverdueMonitoringResponse,
  ProcessorTallyResponse,
} from './dashboard.dto';

/** Items a panel lists; its `total` counts the rest. */
const PANEL_ITEMS = 10;
/** How far ahead agreements and assessments count as running out. */
const HORIZON_DAYS = 90;
/** The span of the gate's chart. */
const DECISION_DAYS = 30;

/**
 * The dashboard: one route per panel, each answering what needs someone now from the feature that owns
 * the fact, under that feature's read permission (the console shows the panels a user's roles allow).
 */
@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly monitoring: MonitoringService,
    private readonly agreements: AgreementsService,
    private readonly processors: ProcessorsService,
    private readonly offboardings: OffboardingService,
    private readonly transfers: TransferChecksService,
    private readonly clock: Clock,
  ) {}

  @Get('breach-clocks')
  @RequirePermission('incidents.read')
  @ApiOperation({
    summary: 'Breaches whose notification to the authority is outstanding, with their 72-hour clocks',
  })
  @ApiOkResponse({ type: BreachClocksResponse })
  async breachClocks(@Ctx() ctx: RequestContext): Promise<BreachClocksResponse> {
    const now = this.clock.now();
    const { items, total, overdue } = await this.incidents.notificationClocks(ctx, now, PANEL_ITEMS);
    const names = await this.processors.names(
      ctx,
      items.flatMap((i) => (i.processorId ? [i.processorId] : [])),
    );
    return {
      total,
      overdue,
      asOf: now.toISOString(),
      items: items.map((i) => ({
        id: i.id,
        title: i.title,
        processorId: i.processorId,
        processorName: i.processorId ? (names.get(i.processorId) ?? null) : null,
        awareAt: i.awareAt.toISOString(),
        notificationDeadline: i.notificationDeadline.toISOString(),
        overdue: i.notificationDeadline.getTime() < now.getTime(),
      })),
    };
  }

  @Get('overdue-monitoring')
  @RequirePermission('monitoring.read')
  @ApiOperation({ summary: 'Monitoring checks and findings past their due date' })
  @ApiOkResponse({ type: OverdueMonitoringResponse })
  async overdueMonitoring(@Ctx() ctx: RequestContext): Promise<OverdueMonitoringResponse> {
    const [checks, findings] = await Promise.all([
      this.monitoring.overdueChecks(ctx, PANEL_ITEMS),
      this.monitoring.overdueFindings(ctx, PANEL_ITEMS),
    ]);
    const names = await this.processors.names(ctx, [
      ...checks.items.map((c) => c.processorId),
      ...findings.items.map((f) => f.processorId),
    ]);
    const name = (id: string) => names.get(id) ?? '';
    return {
      checks: {
        total: checks.total,
        items: checks.items.map((c) => ({
          id: c.id,
          processorId: c.processorId,
          processorName: name(c.processorId),
          type: c.type,
          dueOn: c.dueOn,
        })),
      },
      findings: {
        total: findings.total,
        items: findings.items.map((f) => ({
          id: f.id,
          processorId: f.processorId,
          processorName: name(f.processorId),
          title: f.title,
          severity: f.severity,
          status: f.status,
          dueOn: f.dueOn ?? '',
        })),
      },
    };
  }

  @Get('expiring-agreements')
  @RequirePermission('agreements.read')
  @ApiOperation({ summary: 'Signed agreements ending within 90 days' })
  @ApiOkResponse({ type: ExpiringAgreementsResponse })
  async expiringAgreements(@Ctx() ctx: RequestContext): Promise<ExpiringAgreementsResponse> {
    const { items, total } = await this.agreements.expiringWithin(ctx, HORIZON_DAYS, PANEL_ITEMS);
    const names = await this.processors.names(
      ctx,
      items.map((a) => a.processorId),
    );
    return {
      total,
      withinDays: HORIZON_DAYS,
      items: items.map((a) => ({
        id: a.id,
        processorId: a.processorId,
        processorName: names.get(a.processorId) ?? '',
        title: a.title,
        expiresOn: a.expiresOn ?? '',
      })),
    };
  }

  @Get('expiring-assessments')
  @RequirePermission('assessments.read')
  @ApiOperation({ summary: 'Processors whose approved assessment runs out within 90 days or has run out' })
  @ApiOkResponse({ type: ExpiringAssessmentsResponse })
  async expiringAssessments(@Ctx() ctx: RequestContext): Promise<ExpiringAssessmentsResponse> {
    const today = this.clock.today();
    const { items, total } = await this.processors.assessmentsRunningOut(ctx, HORIZON_DAYS, PANEL_ITEMS);
    return {
      total,
      withinDays: HORIZON_DAYS,
      items: items.map((p) => ({
        processorId: p.id,
        processorName: p.name,
        assessmentId: p.approvedAssessmentId ?? '',
        validUntil: p.assessmentValidUntil ?? '',
        expired: (p.assessmentValidUntil ?? '') < today,
      })),
    };
  }

  @Get('objection-windows')
  @RequirePermission('processors.read')
  @ApiOperation({ summary: 'Announced sub-processors whose objection window is still open' })
  @ApiOkResponse({ type: ObjectionWindowsResponse })
  async objectionWindows(@Ctx() ctx: RequestContext): Promise<ObjectionWindowsResponse> {
    const { items, total } = await this.processors.objectionWindows(ctx, PANEL_ITEMS);
    const parents = await this.processors.names(
      ctx,
      items.flatMap((p) => (p.parentId ? [p.parentId] : [])),
    );
    return {
      total,
      items: items.map((p) => ({
        processorId: p.id,
        processorName: p.name,
        parentId: p.parentId,
        parentName: p.parentId ? (parents.get(p.parentId) ?? null) : null,
        endsOn: p.objectionWindowEndsOn ?? '',
      })),
    };
  }

  @Get('offboardings-due')
  @RequirePermission('offboarding.read')
  @ApiOperation({ summary: "Offboardings waiting for the processor's confirmation, overdue ones first" })
  @ApiOkResponse({ type: OffboardingsDueResponse })
  async offboardingsDue(@Ctx() ctx: RequestContext): Promise<OffboardingsDueResponse> {
    const today = this.clock.today();
    const { items, total } = await this.offboardings.due(ctx, PANEL_ITEMS);
    const names = await this.processors.names(
      ctx,
      items.map((o) => o.processorId),
    );
    return {
      total,
      items: items.map((o) => ({
        id: o.id,
        processorId: o.processorId,
        processorName: names.get(o.processorId) ?? '',
        dataHandling: o.dataHandling,
        dueOn: o.dueOn,
        overdue: this.offboardings.status(o, today) === 'overdue',
      })),
    };
  }

  @Get('processors')
  @RequirePermission('processors.read')
  @ApiOperation({ summary: 'Processors by risk rating and by status' })
  @ApiOkResponse({ type: ProcessorTallyResponse })
  async processorTally(@Ctx() ctx: RequestContext): Promise<ProcessorTallyResponse> {
    const tally = await this.processors.tally(ctx);
    return { total: tally.byStatus.reduce((n, s) => n + s.count, 0), ...tally };
  }

  @Get('transfer-decisions')
  @RequirePermission('transfers.read')
  @ApiOperation({
    summary: "The gate's decisions of the last 30 days: eligible and refused per day, refusals by reason",
  })
  @ApiOkResponse({ type: DecisionTallyResponse })
  decisionTally(@Ctx() ctx: RequestContext): Promise<DecisionTallyResponse> {
    return this.transfers.decisionsByDay(ctx, DECISION_DAYS);
  }
}
