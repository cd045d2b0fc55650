import type { DueReminder, SweepRun, SweepStats, SweepStep } from '../sweep/sweep-step';
import { insertReminders, OnSweep, sweptOrganization, thresholdSql } from '../sweep/sweep-step';

/**
 * The offboarding part of the daily sweep, set-based like the rest: reminders to the processor and
 * legal before the due date (7 and 1 days), then one escalation to the DPO when it has passed, and the
 * request marked overdue.
 */
@OnSweep(50)
export class OffboardingSweep implements SweepStep {
  async reminders(run: SweepRun): Promise<DueReminder[]> {
    const rows: DueReminder[] = [];
    for (const audience of ['processor', 'legal'] as const) {
      rows.push(
        ...(await insertReminders(run, {
          due: `SELECT o.organization_id, 'offboarding_due_' || $3::text, o.id::text,
                       ${thresholdSql('o.due_on', [7, 1])}, o.due_on, $3::text
                  FROM offboarding o
                 WHERE o.status = 'requested' AND o.due_on BETWEEN $1::date AND $1::date + 7
                   AND ${sweptOrganization('o')}`,
          then: `p.id AS processor_id, p.contact_email AS processor_email,
                 CASE WHEN $3::text = 'processor' THEN u.email END AS reply_to,
                 ${this.facts} AS facts, 'offboarding' AS page, o.id AS page_id
            FROM due JOIN offboarding o ON o.id::text = due.subject_key JOIN processor p ON p.id = o.processor_id
            LEFT JOIN "user" u ON u.id = o.requested_by AND u.active`,
          parameters: [audience],
        })),
      );
    }
    rows.push(
      ...(await insertReminders(run, {
        due: `SELECT o.organization_id, 'offboarding_overdue', o.id::text, 0, o.due_on, 'dpo'
                FROM offboarding o
               WHERE o.status IN ('requested', 'overdue') AND o.due_on < $1::date AND ${sweptOrganization('o')}`,
        then: `p.id AS processor_id, ${this.facts} AS facts, 'offboarding' AS page, o.id AS page_id
          FROM due JOIN offboarding o ON o.id::text = due.subject_key JOIN processor p ON p.id = o.processor_id`,
      })),
    );
    return rows;
  }

  /** What the templates of the offboarding reminders read, of the request `o` and its processor `p`. */
  private readonly facts = `jsonb_build_object('processor', p.name, 'handling', o.data_handling,
                                                'dueOn', to_char(o.due_on, 'YYYY-MM-DD'))`;

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
