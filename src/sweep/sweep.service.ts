import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { UsersService } from '../identity/users.service';
import { AuditService } from '../platform/audit/audit.service';
import { Clock } from '../platform/clock/clock';
import type { TenantScope } from '../platform/context/request-context';
import type { Page, PageQuery } from '../platform/http/pagination';
import { MailTemplates } from '../platform/mail/mail-templates';
import { MailRequest, MailService } from '../platform/mail/mail.service';
import { digestContext, WordedReminder } from './reminder-digest';
import { DueReminder, SWEEP_STEP, SweepRun, SweepStats, SweepStep } from './sweep-step';

/** A run as an organisation sees it: the counts only of a run over that organisation alone. */
export interface SweepRunView {
  id: string;
  trigger: 'schedule' | 'manual';
  day: string;
  startedAt: Date;
  finishedAt: Date | null;
  stats: SweepStats | null;
}

const SWEEP_LOCK = 4_242_003;

/**
 * The daily sweep, set-based: each feature's `@OnSweep` step is a few SQL statements over due dates
 * (indexed), whatever the number of processors. Reminders are rows with a unique (organisation, kind,
 * subject, threshold), so a sweep run any number of times sends each exactly once. The sweep itself owns
 * the run, its lock and the e-mails; what changes and what is reminded of belongs to the features.
 */
@Injectable()
export class SweepService implements OnModuleInit {
  private readonly logger = new Logger('MonitoringSweep');
  private steps: SweepStep[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly mail: MailService,
    private readonly templates: MailTemplates,
    private readonly clock: Clock,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    this.steps = this.discovery
      .getProviders()
      .filter((w) => w.metatype && w.instance && w.isDependencyTreeStatic())
      .map((w) => ({
        step: w.instance as SweepStep,
        order: this.reflector.get<number>(SWEEP_STEP, w.metatype!),
      }))
      .filter(({ order }) => order !== undefined)
      .sort((a, b) => a.order - b.order)
      .map(({ step }) => step);
  }

  async run(
    jobId: string,
    organizationId: string | null,
    trigger: 'schedule' | 'manual',
  ): Promise<SweepStats | undefined> {
    const today = this.clock.today();
    const stats = await this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [SWEEP_LOCK]);
      const [run] = await m.query<{ id: string }[]>(
        `INSERT INTO sweep_run (job_id, organization_id, trigger, day, started_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (job_id) DO NOTHING RETURNING id`,
        [jobId, organizationId, trigger, today, this.clock.now()],
      );
      if (!run) return undefined;
      const now = this.clock.now();
      const sweep: SweepRun = {
        manager: m,
        today,
        now,
        organizationId,
        parameters: [today, organizationId],
        // Each change is audited per row with the fields it changed, before and after.
        update: (change) =>
          this.audit.updateRows(m, 'daily sweep', { ...change, parameters: sweep.parameters }),
      };
      const stats: SweepStats = {};
      for (const step of this.steps) {
        for (const [name, change] of Object.entries(step.changes?.() ?? {})) {
          stats[name] = await sweep.update(change);
        }
      }
      const reminders: DueReminder[] = [];
      for (const step of this.steps) reminders.push(...((await step.reminders?.(sweep)) ?? []));
      const sent = await this.send(
        m,
        reminders.map((r) => this.worded(r)),
        today,
      );
      stats.remindersQueued = sent.reminders;
      stats.emailsQueued = sent.emails;
      for (const step of this.steps) Object.assign(stats, await step.afterReminders?.(sweep, reminders));
      await m.query(`UPDATE sweep_run SET finished_at = $2, stats = $3 WHERE id = $1`, [
        run.id,
        this.clock.now(),
        stats,
      ]);
      return stats;
    });
    if (stats) this.logger.log({ stats, organizationId, trigger }, `Monitoring sweep of ${today} done`);
    return stats;
  }

  /**
   * The organisation's last runs, newest first: its own (run on request) and the scheduled ones over
   * every organisation. A scheduled run's counts add up every organisation's, so they are not shown.
   */
  async runs(scope: TenantScope, query: PageQuery): Promise<Page<SweepRunView>> {
    const where = `organization_id = $1 OR organization_id IS NULL`;
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM sweep_run WHERE ${where}`,
      [scope.organizationId],
    );
    const items = await this.dataSource.query<SweepRunView[]>(
      `SELECT id, trigger, to_char(day, 'YYYY-MM-DD') AS day, started_at AS "startedAt",
              finished_at AS "finishedAt", CASE WHEN organization_id IS NULL THEN NULL ELSE stats END AS stats
         FROM sweep_run WHERE ${where}
        ORDER BY started_at DESC, id LIMIT $2 OFFSET $3`,
      [scope.organizationId, query.pageSize, (query.page - 1) * query.pageSize],
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** The reminder's subject line and summary, from `templates/reminders/<kind>/` and its facts. */
  private worded(reminder: DueReminder): WordedReminder {
    const words = (part: string) =>
      this.templates.renderText(['reminders', reminder.kind, part], reminder.facts);
    return { ...reminder, subject: words('subject'), summary: words('summary') };
  }

  /**
   * Queues the e-mails of the new reminders, after recording on each row who it went to. A Custos user
   * (legal, DPO) gets one digest per sweep with every reminder addressed to them; the key is the hash of
   * those reminders' ids, which are new rows of this run, so a retried sweep queues no second digest. A
   * processor's contact has no console account and replies to the legal user who wrote to it: it keeps
   * one e-mail per reminder, with that Reply-To.
   */
  private async send(
    m: EntityManager,
    reminders: WordedReminder[],
    today: string,
  ): Promise<{ reminders: number; emails: number }> {
    if (reminders.length === 0) return { reminders: 0, emails: 0 };
    const orgs = [...new Set(reminders.map((r) => r.organization_id))];
    const legal = await this.users.emailsByRole(orgs, 'legal');
    const dpo = await this.users.emailsByRole(orgs, 'dpo');
    const recipients = new Map(
      reminders.map((r) => [
        r.id,
        r.audience === 'processor'
          ? [r.processor_email].filter((e): e is string => !!e)
          : ((r.audience === 'dpo' ? dpo : legal).get(r.organization_id) ?? []),
      ]),
    );
    await m.query(
      `UPDATE reminder r SET recipients = ARRAY(SELECT jsonb_array_elements_text(v.value))
         FROM jsonb_each($1::jsonb) v WHERE r.id = v.key::uuid`,
      [JSON.stringify(Object.fromEntries(recipients))],
    );
    const sent = reminders.filter((r) => (recipients.get(r.id) ?? []).length > 0);
    const toProcessors: MailRequest[] = sent
      .filter((r) => r.audience === 'processor')
      .map((r) => ({
        organizationId: r.organization_id,
        idempotencyKey: `reminder:${r.id}`,
        to: recipients.get(r.id) ?? [],
        replyTo: r.reply_to ?? undefined,
        template: 'reminder',
        context: {
          subjectLine: r.subject,
          summary: r.summary,
          kind: r.kind,
          dueOn: r.due_on,
          escalation: r.threshold === 0,
          // A processor has no console account: it answers by e-mail or through the link of the request.
          url: '',
        },
      }));
    // Per organisation and address: one person may be a user of two organisations.
    const byRecipient = new Map<string, { organizationId: string; to: string; items: WordedReminder[] }>();
    for (const r of sent) {
      if (r.audience === 'processor') continue;
      for (const to of recipients.get(r.id) ?? []) {
        const key = `${r.organization_id} ${to}`;
        const digest = byRecipient.get(key) ?? { organizationId: r.organization_id, to, items: [] };
        digest.items.push(r);
        byRecipient.set(key, digest);
      }
    }
    const digests: MailRequest[] = [...byRecipient.values()].map(({ organizationId, to, items }) => ({
      organizationId,
      idempotencyKey: `reminder-digest:${createHash('sha256')
        .update(
          items
            .map((r) => r.id)
            .sort()
            .join(','),
        )
        .digest('hex')}:${to}`,
      to: [to],
      template: 'reminder-digest',
      context: { ...digestContext(items, today, this.config.publicUrl) },
    }));
    const mails = [...digests, ...toProcessors];
    await this.mail.queueMany(m, mails);
    return { reminders: sent.length, emails: mails.length };
  }
}
