import { processorTransitionRows } from '../processors/processor-lifecycle';
import type { DueReminder, SweepChange, SweepRun, SweepStep } from '../sweep/sweep-step';
import { insertReminders, OnSweep, sweptOrganization, thresholdSql } from '../sweep/sweep-step';
import { activeSql, inForceSql } from './agreement-status';

/**
 * Agreements' part of the daily sweep: an approved processor becomes active once an agreement with it is
 * (by the processor lifecycle's rule), legal is reminded before an agreement expires (90, 30 and 7 days),
 * and the DPO when an expired one is still named by processing activities.
 */
@OnSweep(30)
export class AgreementsSweep implements SweepStep {
  changes(): Record<string, SweepChange> {
    return {
      processorsActivated: processorTransitionRows(
        'active',
        `EXISTS (SELECT 1 FROM agreement a
                    WHERE a.processor_id = processor.id AND ${activeSql('a', '$1::date')})
           AND ${sweptOrganization()}`,
      ),
    };
  }

  async reminders(run: SweepRun): Promise<DueReminder[]> {
    return [...(await this.agreementExpiry(run)), ...(await this.expiredAgreementsInUse(run))];
  }

  private agreementExpiry(run: SweepRun): Promise<DueReminder[]> {
    return insertReminders(run, {
      due: `SELECT a.organization_id, 'agreement_expiry', a.id::text, ${thresholdSql('a.expires_on', [90, 30, 7])},
                   a.expires_on, 'legal'
              FROM agreement a
             WHERE a.status = 'signed' AND a.expires_on BETWEEN $1::date AND $1::date + 90
               AND (a.terminated_on IS NULL OR a.terminated_on > $1::date)
               AND (a.superseded_from IS NULL OR a.superseded_from > $1::date)
               AND ${sweptOrganization('a')}`,
      then: `p.id AS processor_id,
             jsonb_build_object('processor', p.name, 'title', a.title, 'days', a.expires_on - $1::date,
                                'expiresOn', to_char(a.expires_on, 'YYYY-MM-DD')) AS facts,
             'agreements' AS page, a.id AS page_id
        FROM due JOIN agreement a ON a.id::text = due.subject_key JOIN processor p ON p.id = a.processor_id`,
    });
  }

  /** An agreement that expired while processing activities still name its processor: the DPO must act. */
  private expiredAgreementsInUse(run: SweepRun): Promise<DueReminder[]> {
    return insertReminders(run, {
      due: `SELECT a.organization_id, 'expired_agreement_in_use', a.id::text, 0, a.expires_on, 'dpo'
              FROM agreement a JOIN processor p ON p.id = a.processor_id
             WHERE a.status = 'signed' AND a.expires_on < $1::date AND a.superseded_from IS NULL
               AND p.status NOT IN ('offboarding', 'offboarded')
               AND ${sweptOrganization('a')}
               AND EXISTS (SELECT 1 FROM processing_activity pa
                            WHERE pa.organization_id = a.organization_id AND pa.archived_at IS NULL
                              AND p.id = ANY(pa.processor_ids))
               AND NOT EXISTS (SELECT 1 FROM agreement b
                                WHERE b.organization_id = a.organization_id AND b.processor_id = a.processor_id
                                  AND b.id <> a.id AND ${inForceSql('b', '$1::date')})`,
      then: `p.id AS processor_id,
             jsonb_build_object('processor', p.name, 'title', a.title,
                                'expiresOn', to_char(a.expires_on, 'YYYY-MM-DD')) AS facts,
             'agreements' AS page, a.id AS page_id
        FROM due JOIN agreement a ON a.id::text = due.subject_key JOIN processor p ON p.id = a.processor_id`,
    });
  }
}
