import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { AssessmentsService } from '../../assessments/assessments.service';
import { UsersService } from '../../identity/users.service';
import { AuditService, SetBasedUpdate } from '../../platform/audit/audit.service';
import { Clock } from '../../platform/clock/clock';
import { systemContext, type TenantScope } from '../../platform/context/request-context';
import type { Page, PageQuery } from '../../platform/http/pagination';
import { MailRequest, MailService } from '../../platform/mail/mail.service';
import { sqlEndSentence } from '../../platform/mail/sentence';
import { activeSql, inForceSql } from '../../agreements/agreement-status';
import { TransferToolsSweep } from '../../agreements/transfer-tools.sweep';
import { OffboardingSweep } from '../../offboarding/offboarding.sweep';
import { digestContext } from './reminder-digest';
import { DueReminder } from './sweep-step';

export type SweepStats = Record<string, number>;

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
const ORG = `($2::uuid IS NULL OR organization_id = $2::uuid)`;

/**
 * The daily sweep, set-based: each step is one SQL statement over due dates (indexed), whatever the
 * number of processors. Reminders are rows with a unique (organisation, kind, subject, threshold), so a
 * sweep run any number of times sends each exactly once.
 */
@Injectable()
export class SweepService {
  private readonly logger = new Logger('MonitoringSweep');

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly mail: MailService,
    private readonly assessments: AssessmentsService,
    private readonly offboarding: OffboardingSweep,
    private readonly transferTools: TransferToolsSweep,
    private readonly clock: Clock,
  ) {}

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
      const stats: SweepStats = {};
      const args = [today, organizationId];
      // Each change is audited per row with the fields it changed, before and after.
      const update = (change: Omit<SetBasedUpdate, 'parameters'>) =>
        this.audit.updateRows(m, 'daily sweep', { ...change, parameters: args });
      stats.checksDue = await update({
        table: 'monitoring_check',
        where: `status = 'scheduled' AND due_on >= $1::date AND due_on <= $1::date + 30 AND ${ORG}`,
        set: { status: `'due'` },
        action: 'monitoring_check.due',
        entityType: 'monitoring_check',
      });
      stats.checksOverdue = await update({
        table: 'monitoring_check',
        where: `status IN ('scheduled', 'due') AND due_on < $1::date AND ${ORG}`,
        set: { status: `'overdue'` },
        action: 'monitoring_check.overdue',
        entityType: 'monitoring_check',
      });
      stats.findingsOverdue = await update({
        table: 'finding',
        where: `status IN ('open', 'in_progress') AND due_on < $1::date AND overdue_since IS NULL AND ${ORG}`,
        set: { overdue_since: 'now()' },
        action: 'finding.overdue',
        entityType: 'finding',
      });
      stats.subProcessorsAuthorized = await update({
        table: 'processor',
        where: `authorization_status = 'objection_window' AND objection_window_ends_on < $1::date AND ${ORG}`,
        set: {
          authorization_status: `'authorized'`,
          authorization_decided_at: 'now()',
          authorization_note: `'objection window passed without objection'`,
        },
        action: 'processor.subprocessor_authorized',
        entityType: 'processor',
      });
      stats.processorsActivated = await update({
        table: 'processor',
        where: `status = 'approved' AND ${ORG} AND EXISTS (
                  SELECT 1 FROM agreement a
                   WHERE a.processor_id = processor.id AND ${activeSql('a', '$1::date')})`,
        set: { status: `'active'` },
        action: 'processor.status_changed',
        entityType: 'processor',
      });

      const reminders = [
        ...(await this.agreementExpiry(m, args)),
        ...(await this.assessmentValidity(m, args)),
        ...(await this.certificationExpiry(m, args)),
        ...(await this.objectionWindows(m, args)),
        ...(await this.overdueChecks(m, args)),
        ...(await this.overdueCriticalFindings(m, args)),
        ...(await this.expiredAgreementsInUse(m, args)),
        ...(await this.offboarding.reminders(m, today, organizationId)),
        ...(await this.transferTools.reminders(m, today, organizationId)),
      ];
      stats.offboardingsOverdue = await this.offboarding.markOverdue(m, today, organizationId);
      const sent = await this.send(m, reminders, today);
      stats.remindersQueued = sent.reminders;
      stats.emailsQueued = sent.emails;
      stats.reassessmentDrafts = await this.reassessmentDrafts(m, reminders);
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

  private agreementExpiry(m: EntityManager, args: unknown[]): Promise<DueReminder[]> {
    return m.query(
      `WITH due AS (
         INSERT INTO reminder (organization_id, kind, subject_key, threshold, due_on, audience, sent_on)
         SELECT a.organization_id, 'agreement_expiry', a.id::text, t.threshold, a.expires_on, 'legal', $1::date
           FROM agreement a
           CROSS JOIN LATERAL (SELECT min(x) AS threshold FROM unnest(ARRAY[90, 30, 7]) x
                                WHERE a.expires_on - $1::date <= x) t
          WHERE a.status = 'signed' AND a.expires_on BETWEEN $1::date AND $1::date + 90
            AND (a.terminated_on IS NULL OR a.terminated_on > $1::date)
            AND (a.superseded_from IS NULL OR a.superseded_from > $1::date)
            AND ($2::uuid IS NULL OR a.organization_id = $2::uuid)
         ON CONFLICT DO NOTHING RETURNING *)
       SELECT due.*, to_char(due.due_on, 'YYYY-MM-DD') AS due_on, p.id AS processor_id,
              'Agreement with ' || p.name || ' expires on ' || to_char(a.expires_on, 'YYYY-MM-DD') AS subject,
              'The data processing agreement "' || a.title || '" with ' || p.name || ' expires in '
                || (a.expires_on - $1::date) || ' day(s). Renew or replace it before then: without an agreement in force no personal data may go to '
                || ${sqlEndSentence('p.name')} AS summary,
              'agreements' AS page, a.id AS page_id
         FROM due JOIN agreement a ON a.id::text = due.subject_key JOIN processor p ON p.id = a.processor_id`,
      args,
    );
  }

  private assessmentValidity(m: EntityManager, args: unknown[]): Promise<DueReminder[]> {
    return m.query(
      `WITH due AS (
         INSERT INTO reminder (organization_id, kind, subject_key, threshold, due_on, audience, sent_on)
         SELECT p.organization_id, 'assessment_validity', p.approved_assessment_id::text, t.threshold, p.assessment_valid_until, 'legal', $1::date
           FROM processor p
           CROSS JOIN LATERAL (SELECT min(x) AS threshold FROM unnest(ARRAY[60, 14]) x
                                WHERE p.assessment_valid_until - $1::date <= x) t
          WHERE p.status IN ('approved', 'active') AND p.archived_at IS NULL AND p.approved_assessment_id IS NOT NULL
            AND p.assessment_valid_until BETWEEN $1::date AND $1::date + 60
            AND ($2::uuid IS NULL OR p.organization_id = $2::uuid)
         ON CONFLICT DO NOTHING RETURNING *)
       SELECT due.*, to_char(due.due_on, 'YYYY-MM-DD') AS due_on, p.id AS processor_id,
              'Assessment of ' || p.name || ' is valid until ' || to_char(p.assessment_valid_until, 'YYYY-MM-DD') AS subject,
              'The approved assessment of ' || p.name || ' ends its validity in ' || (p.assessment_valid_until - $1::date)
                || ' day(s). A re-assessment draft is ready: answer it, submit it and have it decided before then, '
                || 'or Custos will refuse transfers to ' || ${sqlEndSentence('p.name')} AS summary,
              'processors' AS page, p.id AS page_id
         FROM due JOIN processor p ON p.approved_assessment_id::text = due.subject_key`,
      args,
    );
  }

  private certificationExpiry(m: EntityManager, args: unknown[]): Promise<DueReminder[]> {
    return m.query(
      `WITH certs AS (
         SELECT p.id, p.organization_id, p.name, c ->> 'type' AS type, (c ->> 'validUntil')::date AS valid_until
           FROM processor p CROSS JOIN LATERAL jsonb_array_elements(p.certifications) c
          WHERE p.status IN ('approved', 'active') AND p.archived_at IS NULL
            AND (c ->> 'validUntil')::date BETWEEN $1::date AND $1::date + 60
            AND ($2::uuid IS NULL OR p.organization_id = $2::uuid)
       ), due AS (
         INSERT INTO reminder (organization_id, kind, subject_key, threshold, due_on, audience, sent_on)
         SELECT organization_id, 'certification_expiry', id || '/' || type || '/' || valid_until, t.threshold, valid_until, 'legal', $1::date
           FROM certs CROSS JOIN LATERAL (SELECT min(x) AS threshold FROM unnest(ARRAY[60, 14]) x
                                           WHERE valid_until - $1::date <= x) t
         ON CONFLICT DO NOTHING RETURNING *)
       SELECT due.*, to_char(due.due_on, 'YYYY-MM-DD') AS due_on, certs.id AS processor_id,
              certs.type || ' of ' || certs.name || ' expires on ' || to_char(certs.valid_until, 'YYYY-MM-DD') AS subject,
              'The certification ' || certs.type || ' of ' || certs.name || ' expires in ' || (certs.valid_until - $1::date)
                || ' day(s). Ask for the renewed certificate and record a certification review.' AS summary,
              'processors' AS page, certs.id AS page_id
         FROM due JOIN certs ON due.subject_key = certs.id || '/' || certs.type || '/' || certs.valid_until`,
      args,
    );
  }

  private objectionWindows(m: EntityManager, args: unknown[]): Promise<DueReminder[]> {
    return m.query(
      `WITH due AS (
         INSERT INTO reminder (organization_id, kind, subject_key, threshold, due_on, audience, sent_on)
         SELECT p.organization_id, 'objection_window', p.id::text, 3, p.objection_window_ends_on, 'legal', $1::date
           FROM processor p
          WHERE p.authorization_status = 'objection_window'
            AND p.objection_window_ends_on BETWEEN $1::date AND $1::date + 3
            AND ($2::uuid IS NULL OR p.organization_id = $2::uuid)
         ON CONFLICT DO NOTHING RETURNING *)
       SELECT due.*, to_char(due.due_on, 'YYYY-MM-DD') AS due_on, p.id AS processor_id,
              'Objection window for sub-processor ' || p.name || ' closes on ' || to_char(p.objection_window_ends_on, 'YYYY-MM-DD') AS subject,
              'You can object to the new sub-processor ' || p.name || ' until ' || to_char(p.objection_window_ends_on, 'YYYY-MM-DD')
                || '. Without an objection it counts as authorised from the day after.' AS summary,
              'processors' AS page, p.id AS page_id
         FROM due JOIN processor p ON p.id::text = due.subject_key`,
      args,
    );
  }

  private overdueChecks(m: EntityManager, args: unknown[]): Promise<DueReminder[]> {
    return m.query(
      `WITH due AS (
         INSERT INTO reminder (organization_id, kind, subject_key, threshold, due_on, audience, sent_on)
         SELECT c.organization_id, 'check_overdue', c.id::text, 0, c.due_on, 'dpo', $1::date
           FROM monitoring_check c
          WHERE c.status = 'overdue' AND ($2::uuid IS NULL OR c.organization_id = $2::uuid)
         ON CONFLICT DO NOTHING RETURNING *)
       SELECT due.*, to_char(due.due_on, 'YYYY-MM-DD') AS due_on, p.id AS processor_id,
              initcap(left(c.type, 1)) || replace(substr(c.type, 2), '_', ' ') || ' of ' || p.name AS subject,
              'The ' || replace(c.type, '_', ' ') || ' of ' || p.name || ' was due on ' || to_char(c.due_on, 'YYYY-MM-DD')
                || ' and has no documented result. Until a result is recorded, Custos refuses transfers to ' || ${sqlEndSentence('p.name')} AS summary,
              'monitoring' AS page, NULL AS page_id
         FROM due JOIN monitoring_check c ON c.id::text = due.subject_key JOIN processor p ON p.id = c.processor_id`,
      args,
    );
  }

  private overdueCriticalFindings(m: EntityManager, args: unknown[]): Promise<DueReminder[]> {
    return m.query(
      `WITH due AS (
         INSERT INTO reminder (organization_id, kind, subject_key, threshold, due_on, audience, sent_on)
         SELECT f.organization_id, 'critical_finding_overdue', f.id::text, 0, f.due_on, 'dpo', $1::date
           FROM finding f
          WHERE f.severity = 'critical' AND f.status IN ('open', 'in_progress') AND f.due_on < $1::date
            AND ($2::uuid IS NULL OR f.organization_id = $2::uuid)
         ON CONFLICT DO NOTHING RETURNING *)
       SELECT due.*, to_char(due.due_on, 'YYYY-MM-DD') AS due_on, p.id AS processor_id,
              'Critical finding "' || f.title || '" at ' || p.name AS subject,
              'The critical finding "' || f.title || '" at ' || p.name || ' was to be remedied by '
                || to_char(f.due_on, 'YYYY-MM-DD') || ' and is still ' || replace(f.status, '_', ' ') || '.' AS summary,
              'findings' AS page, NULL AS page_id
         FROM due JOIN finding f ON f.id::text = due.subject_key JOIN processor p ON p.id = f.processor_id`,
      args,
    );
  }

  /** An agreement that expired while processing activities still name its processor: the DPO must act. */
  private expiredAgreementsInUse(m: EntityManager, args: unknown[]): Promise<DueReminder[]> {
    return m.query<DueReminder[]>(
      `WITH due AS (
         INSERT INTO reminder (organization_id, kind, subject_key, threshold, due_on, audience, sent_on)
         SELECT a.organization_id, 'expired_agreement_in_use', a.id::text, 0, a.expires_on, 'dpo', $1::date
           FROM agreement a JOIN processor p ON p.id = a.processor_id
          WHERE a.status = 'signed' AND a.expires_on < $1::date AND a.superseded_from IS NULL
            AND p.status NOT IN ('offboarding', 'offboarded')
            AND ($2::uuid IS NULL OR a.organization_id = $2::uuid)
            AND EXISTS (SELECT 1 FROM processing_activity pa
                         WHERE pa.organization_id = a.organization_id AND pa.archived_at IS NULL
                           AND p.id = ANY(pa.processor_ids))
            AND NOT EXISTS (SELECT 1 FROM agreement b
                             WHERE b.organization_id = a.organization_id AND b.processor_id = a.processor_id
                               AND b.id <> a.id AND ${inForceSql('b', '$1::date')})
         ON CONFLICT DO NOTHING RETURNING *)
       SELECT due.*, to_char(due.due_on, 'YYYY-MM-DD') AS due_on, p.id AS processor_id,
              'Agreement "' || a.title || '" with ' || p.name || ' expired on ' || to_char(a.expires_on, 'YYYY-MM-DD')
                || ', processing activities still name it' AS subject,
              'The data processing agreement "' || a.title || '" with ' || p.name || ' expired on '
                || to_char(a.expires_on, 'YYYY-MM-DD') || ', but processing activities still name ' || p.name
                || ' as a recipient. Renew the agreement, or end the processing and offboard the processor.' AS summary,
              'agreements' AS page, a.id AS page_id
         FROM due JOIN agreement a ON a.id::text = due.subject_key JOIN processor p ON p.id = a.processor_id`,
      args,
    );
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
    reminders: DueReminder[],
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
    const byRecipient = new Map<string, { organizationId: string; to: string; items: DueReminder[] }>();
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

  /**
   * The first validity reminder (60 days) opens the re-assessment draft, unless one is already open: in
   * one batch per organisation.
   */
  private async reassessmentDrafts(m: EntityManager, reminders: DueReminder[]): Promise<number> {
    const byOrg = new Map<string, string[]>();
    for (const r of reminders) {
      if (r.kind !== 'assessment_validity' || !r.processor_id) continue;
      byOrg.set(r.organization_id, [...(byOrg.get(r.organization_id) ?? []), r.processor_id]);
    }
    let created = 0;
    for (const [org, processorIds] of byOrg) {
      const opened = await this.assessments.openReassessments(
        m,
        systemContext(org, 'daily sweep'),
        processorIds,
      );
      created += opened.length;
    }
    return created;
  }
}
