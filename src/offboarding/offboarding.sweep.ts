import type { DueReminder, SweepRun, SweepStats, SweepStep } from '../sweep/sweep-step';
import { OnSweep, sweptOrganization } from '../sweep/sweep-step';

/**
 * The offboarding part of the daily sweep, set-based like the rest: reminders to the processor and
 * legal before the due date (7 and 1 days), then one escalation to the DPO when it has passed, and the
 * request marked overdue.
 */
@OnSweep(50)
export class OffboardingSweep implements SweepStep {
  async reminders(run: SweepRun): Promise<DueReminder[]> {
    const [today, organizationId] = run.parameters;
    const m = run.manager;
    const rows: DueReminder[] = [];
    for (const audience of ['processor', 'legal'] as const) {
      rows.push(
        ...(await m.query<DueReminder[]>(
          `WITH due AS (
             INSERT INTO reminder (organization_id, kind, subject_key, threshold, due_on, audience, sent_on)
             SELECT o.organization_id, 'offboarding_due_' || $3, o.id::text, t.threshold, o.due_on, $3, $1::date
               FROM offboarding o
               CROSS JOIN LATERAL (SELECT min(x) AS threshold FROM unnest(ARRAY[7, 1]) x WHERE o.due_on - $1::date <= x) t
              WHERE o.status = 'requested' AND o.due_on BETWEEN $1::date AND $1::date + 7
                AND ($2::uuid IS NULL OR o.organization_id = $2::uuid)
             ON CONFLICT DO NOTHING RETURNING *)
           SELECT due.*, to_char(due.due_on, 'YYYY-MM-DD') AS due_on, p.id AS processor_id, p.contact_email AS processor_email,
                  CASE WHEN $3 = 'processor' THEN u.email END AS reply_to,
                  jsonb_build_object('processor', p.name, 'handling', o.data_handling,
                                     'dueOn', to_char(o.due_on, 'YYYY-MM-DD')) AS facts,
                  'offboarding' AS page, o.id AS page_id
             FROM due JOIN offboarding o ON o.id::text = due.subject_key JOIN processor p ON p.id = o.processor_id
             LEFT JOIN "user" u ON u.id = o.requested_by AND u.active`,
          [today, organizationId, audience],
        )),
      );
    }
    rows.push(
      ...(await m.query<DueReminder[]>(
        `WITH due AS (
           INSERT INTO reminder (organization_id, kind, subject_key, threshold, due_on, audience, sent_on)
           SELECT o.organization_id, 'offboarding_overdue', o.id::text, 0, o.due_on, 'dpo', $1::date
             FROM offboarding o
            WHERE o.status IN ('requested', 'overdue') AND o.due_on < $1::date
              AND ($2::uuid IS NULL OR o.organization_id = $2::uuid)
           ON CONFLICT DO NOTHING RETURNING *)
         SELECT due.*, to_char(due.due_on, 'YYYY-MM-DD') AS due_on, p.id AS processor_id,
                jsonb_build_object('processor', p.name, 'handling', o.data_handling,
                                   'dueOn', to_char(o.due_on, 'YYYY-MM-DD')) AS facts,
                'offboarding' AS page, o.id AS page_id
           FROM due JOIN offboarding o ON o.id::text = due.subject_key JOIN processor p ON p.id = o.processor_id`,
        [today, organizationId],
      )),
    );
    return rows;
  }

  async afterReminders(run: SweepRun): Promise<SweepStats> {
    return {
      offboardingsOverdue: await run.update({
        table: 'offboarding',
        where: `status = 'requested' AND due_on < $1::date AND ${sweptOrganization()}`,
        set: { status: `'overdue'` },
        action: 'offboarding.overdue',
        entityType: 'offboarding',
      }),
    };
  }
}
