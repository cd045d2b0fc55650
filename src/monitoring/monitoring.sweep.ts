import type { DueReminder, SweepChange, SweepRun, SweepStep } from '../sweep/sweep-step';
import { insertReminders, OnSweep, sweptOrganization } from '../sweep/sweep-step';

/**
 * Monitoring's part of the daily sweep: checks fall due 30 days ahead and overdue once their date has
 * passed, findings overdue past theirs; the DPO is reminded of each overdue check and critical finding.
 */
@OnSweep(10)
export class MonitoringSweep implements SweepStep {
  changes(): Record<string, SweepChange> {
    return {
      checksDue: {
        table: 'monitoring_check',
        where: `status = 'scheduled' AND due_on >= $1::date AND due_on <= $1::date + 30 AND ${sweptOrganization()}`,
        set: { status: `'due'` },
        action: 'monitoring_check.due',
        entityType: 'monitoring_check',
      },
      checksOverdue: {
        table: 'monitoring_check',
        where: `status IN ('scheduled', 'due') AND due_on < $1::date AND ${sweptOrganization()}`,
        set: { status: `'overdue'` },
        action: 'monitoring_check.overdue',
        entityType: 'monitoring_check',
      },
      findingsOverdue: {
        table: 'finding',
        where: `status IN ('open', 'in_progress') AND due_on < $1::date AND overdue_since IS NULL AND ${sweptOrganization()}`,
        set: { overdue_since: '$now' },
        action: 'finding.overdue',
        entityType: 'finding',
      },
    };
  }

  async reminders(run: SweepRun): Promise<DueReminder[]> {
    return [...(await this.overdueChecks(run)), ...(await this.overdueCriticalFindings(run))];
  }

  private overdueChecks(run: SweepRun): Promise<DueReminder[]> {
    return insertReminders(run, {
      due: `SELECT c.organization_id, 'check_overdue', c.id::text, 0, c.due_on, 'dpo'
              FROM monitoring_check c
             WHERE c.status = 'overdue' AND ${sweptOrganization('c')}`,
      then: `p.id AS processor_id,
             jsonb_build_object('processor', p.name, 'type', c.type, 'dueOn', to_char(c.due_on, 'YYYY-MM-DD')) AS facts,
             'monitoring' AS page, NULL AS page_id
        FROM due JOIN monitoring_check c ON c.id::text = due.subject_key JOIN processor p ON p.id = c.processor_id`,
    });
  }

  private overdueCriticalFindings(run: SweepRun): Promise<DueReminder[]> {
    return insertReminders(run, {
      due: `SELECT f.organization_id, 'critical_finding_overdue', f.id::text, 0, f.due_on, 'dpo'
              FROM finding f
             WHERE f.severity = 'critical' AND f.status IN ('open', 'in_progress') AND f.due_on < $1::date
               AND ${sweptOrganization('f')}`,
      then: `p.id AS processor_id,
             jsonb_build_object('processor', p.name, 'title', f.title, 'status', f.status,
                                'dueOn', to_char(f.due_on, 'YYYY-MM-DD')) AS facts,
             'findings' AS page, NULL AS page_id
        FROM due JOIN finding f ON f.id::text = due.subject_key JOIN processor p ON p.id = f.processor_id`,
    });
  }
}
