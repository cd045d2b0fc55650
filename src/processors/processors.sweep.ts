import type { DueReminder, SweepChange, SweepRun, SweepStep } from '../sweep/sweep-step';
import { insertReminders, OnSweep, sweptOrganization, thresholdSql } from '../sweep/sweep-step';
import { PROCESSOR_HISTORY } from './processor-history';

/**
 * The processors' part of the daily sweep: a sub-processor whose objection window passed without an
 * objection is authorised; legal is reminded before an objection window closes and before a
 * certification expires (60 and 14 days).
 */
@OnSweep(20)
export class ProcessorsSweep implements SweepStep {
  changes(): Record<string, SweepChange> {
    return {
      subProcessorsAuthorized: {
        table: 'processor',
        where: `authorization_status = 'objection_window' AND objection_window_ends_on < $1::date AND ${sweptOrganization()}`,
        set: {
          authorization_status: `'authorized'`,
          authorization_decided_at: '$now',
          authorization_note: `'objection window passed without objection'`,
        },
        action: 'processor.subprocessor_authorized',
        entityType: 'processor',
        history: PROCESSOR_HISTORY,
      },
    };
  }

  async reminders(run: SweepRun): Promise<DueReminder[]> {
    return [...(await this.certificationExpiry(run)), ...(await this.objectionWindows(run))];
  }

  private certificationExpiry(run: SweepRun): Promise<DueReminder[]> {
    return insertReminders(run, {
      with: `certs AS (
         SELECT p.id, p.organization_id, p.name, c ->> 'type' AS type, (c ->> 'validUntil')::date AS valid_until
           FROM processor p CROSS JOIN LATERAL jsonb_array_elements(p.certifications) c
          WHERE p.status IN ('approved', 'active') AND p.archived_at IS NULL
            AND (c ->> 'validUntil')::date BETWEEN $1::date AND $1::date + 60
            AND ${sweptOrganization('p')})`,
      due: `SELECT organization_id, 'certification_expiry', id || '/' || type || '/' || valid_until,
                   ${thresholdSql('valid_until', [60, 14])}, valid_until, 'legal'
              FROM certs`,
      then: `certs.id AS processor_id,
             jsonb_build_object('processor', certs.name, 'certification', certs.type,
                                'days', certs.valid_until - $1::date,
                                'validUntil', to_char(certs.valid_until, 'YYYY-MM-DD')) AS facts,
             'processors' AS page, certs.id AS page_id
        FROM due JOIN certs ON due.subject_key = certs.id || '/' || certs.type || '/' || certs.valid_until`,
    });
  }

  private objectionWindows(run: SweepRun): Promise<DueReminder[]> {
    return insertReminders(run, {
      due: `SELECT p.organization_id, 'objection_window', p.id::text, 3, p.objection_window_ends_on, 'legal'
              FROM processor p
             WHERE p.authorization_status = 'objection_window'
               AND p.objection_window_ends_on BETWEEN $1::date AND $1::date + 3
               AND ${sweptOrganization('p')}`,
      then: `p.id AS processor_id,
             jsonb_build_object('processor', p.name,
                                'endsOn', to_char(p.objection_window_ends_on, 'YYYY-MM-DD')) AS facts,
             'processors' AS page, p.id AS page_id
        FROM due JOIN processor p ON p.id::text = due.subject_key`,
    });
  }
}
