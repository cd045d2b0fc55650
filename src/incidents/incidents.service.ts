import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { AssessmentsService } from '../assessments/assessments.service';
import { AppConfig } from '../config/app-config';
import { OrganizationsService } from '../identity/organizations.service';
import { UsersService } from '../identity/users.service';
import { Clock, humanUtc } from '../platform/clock/clock';
import { RequestContext, systemContext, TenantScope } from '../platform/context/request-context';
import { Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { ValidationFailed } from '../platform/errors/domain-error';
import { Page, Shortlist } from '../platform/http/pagination';
import { consoleUrl } from '../platform/mail/console-url';
import { MailService } from '../platform/mail/mail.service';
import { OutboxService } from '../platform/queue/outbox.service';
import { findAttachment, storeAttachment } from '../platform/storage/attached-file';
import { FileStorage } from '../platform/storage/file-storage.service';
import { UploadedFile } from '../platform/storage/uploads';
import { Processor } from '../processors/processor.entity';
import { ProcessorsService } from '../processors/processors.service';
import { RecordsProfileService } from '../organization-profile/records-profile.service';
import { VocabulariesService } from '../vocabularies/vocabularies.service';
import { registerRow, registerXlsx } from './breach-register';
import { IncidentNames, ReportIncidentDto, UpdateIncidentDto } from './dto/incident.dto';
import { Incident, IncidentStatus } from './incident.entity';
import { IncidentReportRenderer, NoticeCommitment } from './incident-report.renderer';
import {
  assertIncidentTransition,
  authorityNotice,
  assessmentProblems,
  closingProblems,
  DEADLINE_WARNING_HOURS,
  noticeOutstanding,
  notificationDeadline,
  timelineProblems,
} from './incident-rules';
import { IncidentDeadlineJob, IncidentDeadlinePayload } from './incidents.queue';

const RISK_WORDS: Record<string, string> = {
  none: 'not yet assessed',
  unlikely: 'unlikely to result in a risk to people',
  risk: 'likely to result in a risk to people',
  high_risk: 'likely to result in a high risk to people',
};

const date = (value: string | null | undefined): Date | null | undefined =>
  value === undefined ? undefined : value === null ? null : new Date(value);

/**
 * Personal-data breaches notified by processors: the register Art. 33(5) asks for, the controller's
 * 72-hour clock with reminders to the DPO, and the open breaches that close the transfer gate.
 */
@Injectable()
export class IncidentsService {
  private readonly incidents: TenantRepository<Incident>;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
    private readonly processors: ProcessorsService,
    private readonly vocabularies: VocabulariesService,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly profiles: RecordsProfileService,
    private readonly assessments: AssessmentsService,
    private readonly reports: IncidentReportRenderer,
    private readonly mail: MailService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly storage: FileStorage,
    private readonly clock: Clock,
  ) {
    this.incidents = tenancy.repository(Incident, 'Incident', 'incident');
  }

  /** Records a processor's breach notice, tells the DPOs and legal, and starts the 72-hour clock. */
  async report(ctx: RequestContext, processorId: string, input: ReportIncidentDto): Promise<Incident> {
    return this.record(ctx, processorId, input);
  }

  /** Records a breach at the controller itself (no processor involved), with the same clock. */
  async reportOwn(ctx: RequestContext, input: ReportIncidentDto): Promise<Incident> {
    return this.record(ctx, null, input);
  }

  private async record(
    ctx: RequestContext,
    processorId: string | null,
    input: ReportIncidentDto,
  ): Promise<Incident> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const processor = processorId ? await this.processors.get(ctx, processorId, manager) : null;
      await this.assertVocabulary(ctx, input);
      const reportedAt = date(input.reportedAt) ?? now;
      const awareAt = date(input.awareAt) ?? reportedAt;
      const values = {
        processorId: processor?.id ?? null,
        title: input.title,
        nature: input.nature,
        processorReference: input.processorReference ?? null,
        status: 'open' as const,
        occurredAt: date(input.occurredAt) ?? null,
        detectedAt: date(input.detectedAt) ?? null,
        reportedAt,
        awareAt,
        endedAt: date(input.endedAt) ?? null,
        notificationDeadline: notificationDeadline(awareAt),
        dataCategories: input.dataCategories ?? [],
        dataSubjectCategories: input.dataSubjectCategories ?? [],
        approxSubjectCount: input.approxSubjectCount ?? null,
        approxRecordCount: input.approxRecordCount ?? null,
        contactPoint: input.contactPoint ? { ...input.contactPoint } : null,
        likelyConsequences: input.likelyConsequences ?? null,
        measures: input.measures ?? null,
        crossBorder: input.crossBorder ?? null,
        leadAuthority: input.leadAuthority ?? null,
        dataEncrypted: input.dataEncrypted ?? null,
        encryptionNote: input.encryptionNote ?? null,
        riskLevel: input.riskLevel ?? null,
        riskRationale: input.riskRationale ?? null,
        authorityNotifiedAt: null,
        authorityName: null,
        delayReason: null,
        subjectsNotifiedAt: null,
        subjectsNoticeChannel: null,
        subjectsNotifiedCount: null,
        subjectsNoticeContent: null,
        subjectNoticeExemption: null,
        createdBy: ctx.actor.id,
      };
      // awareAt defaults to reportedAt: a problem with it is reported once, as reportedAt's.
      const problems = [
        ...timelineProblems(values, now).filter((e) => e.field !== 'awareAt' || input.awareAt !== undefined),
        ...assessmentProblems(values),
      ];
      if (problems.length) throw new ValidationFailed(problems);
      const incident = await this.incidents.insert(manager, ctx, values, 'incident.reported');

      const recipients = await this.recipients(ctx);
      if (recipients.length) {
        const source = await this.sourceName(ctx, processor);
        await this.mail.queue(manager, {
          organizationId: ctx.organizationId,
          idempotencyKey: `incident-reported:${incident.id}`,
          to: recipients,
          template: 'incident-reported',
          context: {
            ...this.mailContext(incident, source, now),
            ownBreach: processor === null,
            nature: incident.nature,
            reportedAt: humanUtc(incident.reportedAt),
            dataCategories: incident.dataCategories,
            approxSubjectCount: incident.approxSubjectCount ?? 'not yet known',
            approxRecordCount: incident.approxRecordCount ?? 'not yet known',
            reportedBy: ctx.actor.label,
          },
        });
      }
      await this.planReminders(manager, incident, now);
      return incident;
    });
  }

  list(
    scope: TenantScope,
    filter: { processorId?: string; status?: IncidentStatus; own?: boolean; page: number; pageSize: number },
  ): Promise<Page<Incident>> {
    return this.incidents.page(scope, filter, {
      where: {
        ...(filter.processorId ? { processorId: filter.processorId } : {}),
        ...(filter.own === true
          ? { processorId: IsNull() }
          : filter.own === false
            ? { processorId: Not(IsNull()) }
            : {}),
        ...(filter.status ? { status: filter.status } : {}),
      },
      order: { awareAt: 'DESC', id: 'ASC' },
    });
  }

  /** The processors' names and the special categories, for responses about these breaches. */
  async names(scope: TenantScope, incidents: Incident[]): Promise<IncidentNames> {
    const ids = incidents.map((i) => i.processorId).filter((id): id is string => !!id);
    return {
      processors: await this.processors.names(scope, ids),
      special: (key) => !!this.vocabularies.specialCategoryOf(key),
    };
  }

  /** The whole breach register (Art. 33(5)), newest first, as a printable workbook or a PDF/A document. */
  async register(scope: TenantScope, format: 'xlsx' | 'pdf'): Promise<Buffer> {
    const now = this.clock.now();
    const incidents = await this.incidents.find(scope, { order: { awareAt: 'DESC', id: 'ASC' } });
    const [names, term, profile] = await Promise.all([
      this.names(scope, incidents),
      this.termNames(scope),
      this.profiles.at(scope),
    ]);
    const rows = incidents.map((i) =>
      registerRow(
        i,
        now,
        i.processorId ? (names.processors.get(i.processorId) ?? '') : 'none (own breach)',
        term,
        this.specialCategories(i).map(term),
      ),
    );
    return format === 'xlsx'
      ? registerXlsx(profile.controllerName, now, rows)
      : this.reports.renderRegister(profile.controllerName, scope.organizationId, rows);
  }

  get(scope: TenantScope, id: string): Promise<Incident> {
    return this.incidents.getById(scope, id);
  }

  /** Later information (Art. 33(4)), the risk assessment, the notifications, containment and closure. */
  async update(ctx: RequestContext, id: string, changes: UpdateIncidentDto): Promise<Incident> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const incident = await this.incidents.getForUpdate(ctx, id, manager, {
        expectVersion: changes.version,
      });
      await this.assertVocabulary(ctx, changes);
      const { version: _version, status, ...fields } = changes;
      const next: Partial<Incident> = {};
      for (const [key, value] of Object.entries(fields) as [keyof typeof fields, unknown][]) {
        if (value === undefined) continue;
        (next as Record<string, unknown>)[key] = value;
      }
      for (const key of [
        'occurredAt',
        'detectedAt',
        'reportedAt',
        'awareAt',
        'endedAt',
        'authorityNotifiedAt',
        'subjectsNotifiedAt',
      ] as const) {
        if (changes[key] !== undefined) next[key] = date(changes[key]) as Date;
      }
      if (next.awareAt) next.notificationDeadline = notificationDeadline(next.awareAt);
      const merged = { ...incident, ...next };
      const errors = [...timelineProblems(merged, now), ...assessmentProblems(merged)];

      let action =
        next.authorityNotifiedAt && !incident.authorityNotifiedAt
          ? 'incident.authority_notified'
          : 'incident.updated';
      if (status && status !== incident.status) {
        assertIncidentTransition(incident.status, status);
        if (status === 'closed') errors.push(...closingProblems(merged));
        next.status = status;
        next.closedAt = status === 'closed' ? now : null;
        next.closedBy = status === 'closed' ? ctx.actor.id : null;
        action = incident.status === 'closed' ? 'incident.reopened' : `incident.${status}`;
      } else if (incident.status === 'closed' && Object.keys(next).length) {
        // A closed breach may still be completed (the authority's reference, say), never left incomplete.
        errors.push(...closingProblems(merged));
      }
      if (errors.length) throw new ValidationFailed(errors);

      const deadlineMoved =
        next.notificationDeadline &&
        next.notificationDeadline.getTime() !== incident.notificationDeadline.getTime();
      const saved = await this.incidents.applyChanges(manager, ctx, incident, next, { action });
      if (deadlineMoved || (next.status === 'open' && incident.status === 'closed')) {
        await this.planReminders(manager, saved, now);
      }
      return saved;
    });
  }

  /** Attaches a document (the processor's notice, the authority's acknowledgement…) to the breach. */
  async addDocument(ctx: RequestContext, id: string, file: UploadedFile | undefined): Promise<Incident> {
    await this.incidents.getById(ctx, id);
    const attached = await storeAttachment(this.storage, `${ctx.organizationId}/incidents/${id}`, file);
    return this.dataSource.transaction(async (manager) => {
      const incident = await this.incidents.getById(ctx, id, manager, true);
      const documents = [...incident.documents, attached];
      return this.incidents.update(manager, ctx, incident, { documents }, 'incident.document_added');
    });
  }

  async documentFile(scope: TenantScope, id: string, documentId: string) {
    const incident = await this.incidents.getById(scope, id);
    const document = findAttachment(incident.documents, documentId);
    return { document, stream: this.storage.stream(document.storageKey) };
  }

  /** The breach report (Art. 33(3) content, risk assessment and notifications) as a PDF/A document. */
  async reportPdf(scope: TenantScope, id: string): Promise<{ incident: Incident; pdf: Buffer }> {
    const incident = await this.incidents.getById(scope, id);
    const processor = incident.processorId ? await this.processors.get(scope, incident.processorId) : null;
    const [controller, term, commitment] = await Promise.all([
      this.profiles.at(scope),
      this.termNames(scope),
      processor ? this.noticeCommitment(scope, processor) : null,
    ]);
    const pdf = await this.reports.render(incident, {
      controller,
      processor,
      commitment,
      specialCategories: this.specialCategories(incident).map(term),
      term,
    });
    return { incident, pdf };
  }

  /** The special categories (Arts. 9, 10) among a breach's data categories. */
  specialCategories(incident: Pick<Incident, 'dataCategories'>): string[] {
    return incident.dataCategories.filter((key) => this.vocabularies.specialCategoryOf(key));
  }

  /** Data categories and subjects in words, with the key after them. */
  private async termNames(scope: TenantScope): Promise<(key: string) => string> {
    const [categories, subjects] = await Promise.all([
      this.vocabularies.list(scope, 'data-categories'),
      this.vocabularies.list(scope, 'data-subjects'),
    ]);
    const names = new Map([...categories.items, ...subjects.items].map((t) => [t.key, t.name]));
    return (key) => (names.has(key) ? `${names.get(key)} (${key})` : key);
  }

  /**
   * The breach notice period the processor committed to: its answer on the approved assessment's
   * breach-notification question measured in hours.
   */
  async noticeCommitment(scope: TenantScope, processor: Processor): Promise<NoticeCommitment | null> {
    if (!processor.approvedAssessmentId) return null;
    const assessment = await this.assessments.get(scope, processor.approvedAssessmentId);
    const snapshot = assessment.snapshot;
    if (!snapshot) return null;
    const question = snapshot.questions.find(
      (q) => q.area === 'breach_notification' && q.answerType === 'number' && q.unit === 'hours',
    );
    const value = question ? snapshot.answers[question.id]?.value : undefined;
    if (typeof value !== 'number') return null;
    return { hours: value, source: `the assessment approved on ${snapshot.decidedAt.slice(0, 10)}` };
  }

  /**
   * The statement part the gate reads breaches with: those not yet closed at any of `processorIds`, as
   * `(id, title, processor_id)`, oldest first; `org` and `processorIds` (a uuid[]) are SQL expressions.
   */
  openBreachesSql(org: string, processorIds: string): string {
    return `SELECT id, title, processor_id FROM incident
      WHERE organization_id = ${org} AND processor_id = ANY(${processorIds}) AND status <> 'closed'
      ORDER BY aware_at, id`;
  }

  /**
   * Per processor, the breaches the controller knew of at an instant and how many of them were not yet
   * closed then (the breach column of the record of processing).
   */
  async countsAt(
    scope: TenantScope,
    processorIds: string[],
    at: Date,
  ): Promise<Map<string, { total: number; open: number }>> {
    const counts = new Map<string, { total: number; open: number }>();
    if (processorIds.length === 0) return counts;
    const rows = await this.incidents
      .query(scope, 'i')
      .select('i.processor_id', 'processorId')
      .addSelect('count(*)::int', 'total')
      .addSelect('(count(*) FILTER (WHERE i.closed_at IS NULL OR i.closed_at > :at))::int', 'open')
      .andWhere('i.processor_id = ANY(:ids) AND i.aware_at <= :at', { ids: processorIds, at })
      .groupBy('i.processor_id')
      .getRawMany<{ processorId: string; total: number; open: number }>();
    for (const row of rows) counts.set(row.processorId, { total: row.total, open: row.open });
    return counts;
  }

  /**
   * The breaches whose notification to the authority is still outstanding (Art. 33(1)), the nearest
   * deadline first, so that overdue ones lead: the dashboard's clocks.
   */
  async notificationClocks(
    scope: TenantScope,
    now: Date,
    limit: number,
  ): Promise<Shortlist<Incident> & { overdue: number }> {
    const outstanding = () =>
      this.incidents
        .query(scope, 'i')
        .andWhere(`i.status <> 'closed' AND i.authority_notified_at IS NULL`)
        .andWhere(`i.risk_level IS DISTINCT FROM 'unlikely'`);
    const [[items, total], overdue] = await Promise.all([
      outstanding()
        .orderBy('i.notification_deadline', 'ASC')
        .addOrderBy('i.id', 'ASC')
        .take(limit)
        .getManyAndCount(),
      outstanding().andWhere('i.notification_deadline < :now', { now }).getCount(),
    ]);
    return { items, total, overdue };
  }

  /** The worker's part: remind the DPOs while the authority has not been notified. Idempotent. */
  async remindDeadline(payload: IncidentDeadlinePayload): Promise<void> {
    const ctx = systemContext(payload.organizationId, 'breach notification clock');
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const incident = await this.incidents.findById(ctx, payload.incidentId, manager);
      if (!incident || incident.notificationDeadline.toISOString() !== payload.deadline) return;
      if (!noticeOutstanding(incident, now)) return;
      const overdue = authorityNotice(incident, now) === 'overdue';
      if (payload.stage === 'warning' && overdue) return;
      const recipients = await this.recipients(ctx);
      if (recipients.length === 0) return;
      const processor = incident.processorId
        ? await this.processors.get(ctx, incident.processorId, manager)
        : null;
      await this.mail.queue(manager, {
        organizationId: payload.organizationId,
        idempotencyKey: `incident-deadline:${incident.id}:${payload.stage}:${payload.deadline}`,
        to: recipients,
        template: 'incident-deadline',
        context: { ...this.mailContext(incident, await this.sourceName(ctx, processor), now), overdue },
      });
    });
  }

  private async planReminders(manager: EntityManager, incident: Incident, now: Date): Promise<void> {
    if (!noticeOutstanding(incident, now)) return;
    const deadline = incident.notificationDeadline;
    const base = {
      organizationId: incident.organizationId,
      incidentId: incident.id,
      deadline: deadline.toISOString(),
    };
    const warnAt = new Date(deadline.getTime() - DEADLINE_WARNING_HOURS * 3_600_000);
    if (warnAt > now) {
      await this.outbox.enqueue(
        manager,
        IncidentDeadlineJob,
        { ...base, stage: 'warning' },
        { availableAt: warnAt },
      );
    }
    const dueAt = new Date(Math.max(deadline.getTime() + 1000, now.getTime()));
    await this.outbox.enqueue(
      manager,
      IncidentDeadlineJob,
      { ...base, stage: 'overdue' },
      { availableAt: dueAt },
    );
  }

  private async assertVocabulary(
    scope: TenantScope,
    input: { dataCategories?: string[]; dataSubjectCategories?: string[] },
  ): Promise<void> {
    const errors = [
      ...(await this.vocabularies.unknownKeys(
        scope,
        'data-categories',
        input.dataCategories ?? [],
        'dataCategories',
      )),
      ...(await this.vocabularies.unknownKeys(
        scope,
        'data-subjects',
        input.dataSubjectCategories ?? [],
        'dataSubjectCategories',
      )),
    ];
    if (errors.length) throw new ValidationFailed(errors);
  }

  /** The DPOs decide on the notification; legal hears of it too. */
  private async recipients(scope: TenantScope): Promise<string[]> {
    const [dpo, legal] = [await this.users.withRole(scope, 'dpo'), await this.users.withRole(scope, 'legal')];
    return [...new Set([...dpo, ...legal].map((u) => u.email))];
  }

  /** Whom the e-mails name as where the breach happened: the processor, or the organisation itself. */
  private async sourceName(scope: TenantScope, processor: Processor | null): Promise<string> {
    return processor ? processor.name : (await this.organizations.get(scope.organizationId)).name;
  }

  private mailContext(incident: Incident, processorName: string, now: Date): Record<string, unknown> {
    const hoursLeft = Math.floor((incident.notificationDeadline.getTime() - now.getTime()) / 3_600_000);
    return {
      incidentId: incident.id,
      title: incident.title,
      processorName,
      awareAt: humanUtc(incident.awareAt),
      deadline: humanUtc(incident.notificationDeadline),
      hoursLeft: Math.max(hoursLeft, 0),
      deadlinePassed: authorityNotice(incident, now) === 'overdue',
      riskLevel: RISK_WORDS[incident.riskLevel ?? 'none'],
      url: consoleUrl(this.config.publicUrl, 'breaches', incident.id),
    };
  }
}
