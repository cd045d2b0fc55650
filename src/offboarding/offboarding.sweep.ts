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
                  'Return or destruction of personal data by ' || to_char(o.due_on, 'YYYY-MM-DD') || ': ' || p.name AS subject,
                  CASE WHEN $3 = 'processor'
                    THEN 'Our agreement has ended. Please ' || (CASE o.data_handling WHEN 'return_then_delete' THEN 'return then delete' WHEN 'delete' THEN 'delete' ELSE 'return' END) || ' all personal data listed in our request and send the confirmation (per data set and medium: action, NIST SP 800-88 category, technique, verification; who performed and who verified; sub-processors; anything the law makes you keep) by ' || to_char(o.due_on, 'YYYY-MM-DD') || ', through the link in our request. Questions? Reply to this e-mail.'
                    ELSE p.name || ' must confirm the ' || (CASE o.data_handling WHEN 'return_then_delete' THEN 'return then deletion' WHEN 'delete' THEN 'deletion' ELSE 'return' END) || ' of the personal data by ' || to_char(o.due_on, 'YYYY-MM-DD') || '. Record the confirmation to issue the certificate.'
                  END AS summary,
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
                p.name || ' has not confirmed the return or destruction of personal data' AS subject,
                p.name || ' was to confirm the ' || (CASE o.data_handling WHEN 'return_then_delete' THEN 'return then deletion' WHEN 'delete' THEN 'deletion' ELSE 'return' END) || ' of the personal data by '
                  || to_char(o.due_on, 'YYYY-MM-DD') || ' and has not. Follow up with the processor (Art. 28(3)(g) GDPR).' AS summary,
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
