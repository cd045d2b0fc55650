import { systemContext } from '../platform/context/request-context';
import type { DueReminder, SweepRun, SweepStats, SweepStep } from '../sweep/sweep-step';
import { insertReminders, OnSweep, sweptOrganization, thresholdSql } from '../sweep/sweep-step';
import { AssessmentsService } from './assessments.service';

/**
 * Assessments' part of the daily sweep: legal is reminded before an approved assessment ends its
 * validity (60 and 14 days), and the first of those reminders opens the re-assessment draft.
 */
@OnSweep(40)
export class AssessmentsSweep implements SweepStep {
  constructor(private readonly assessments: AssessmentsService) {}

  reminders(run: SweepRun): Promise<DueReminder[]> {
    return this.assessmentValidity(run);
  }

  /** A re-assessment draft for each processor reminded of today, unless one is already open: in one batch per organisation. */
  async afterReminders(run: SweepRun, reminders: DueReminder[]): Promise<SweepStats> {
    const byOrg = new Map<string, string[]>();
    for (const r of reminders) {
      if (r.kind !== 'assessment_validity' || !r.processor_id) continue;
      byOrg.set(r.organization_id, [...(byOrg.get(r.organization_id) ?? []), r.processor_id]);
    }
    let created = 0;
    for (const [org, processorIds] of byOrg) {
      const opened = await this.assessments.openReassessments(
        run.manager,
        systemContext(org, 'daily sweep'),
        processorIds,
      );
      created += opened.length;
    }
    return { reassessmentDrafts: created };
  }

  private assessmentValidity(run: SweepRun): Promise<DueReminder[]> {
    return insertReminders(run, {
      due: `SELECT p.organization_id, 'assessment_validity', p.approved_assessment_id::text,
                   ${thresholdSql('p.assessment_valid_until', [60, 14])}, p.assessment_valid_until, 'legal'
              FROM processor p
             WHERE p.status IN ('approved', 'active') AND p.archived_at IS NULL AND p.approved_assessment_id IS NOT NULL
               AND p.assessment_valid_until BETWEEN $1::date AND $1::date + 60
               AND ${sweptOrganization('p')}`,
      then: `p.id AS processor_id,
             jsonb_build_object('processor', p.name, 'days', p.assessment_valid_until - $1::date,
                                'validUntil', to_char(p.assessment_valid_until, 'YYYY-MM-DD')) AS facts,
             'processors' AS page, p.id AS page_id
        FROM due JOIN processor p ON p.approved_assessment_id::text = due.subject_key`,
    });
  }
}
