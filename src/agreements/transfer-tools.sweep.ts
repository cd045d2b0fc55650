import type { DueReminder, SweepRun, SweepStep } from '../sweep/sweep-step';
import { insertReminders, OnSweep, sweptOrganization, thresholdSql } from '../sweep/sweep-step';

/**
 * The sweep's Chapter V reminders: a transfer impact assessment whose review date nears (60 and 14 days
 * before), and a DPF certification whose yearly re-confirmation nears (30 and 7 days before it lapses,
 * after which a US destination is no longer adequate for that processor). Each once per subject and
 * threshold, like every reminder.
 */
@OnSweep(60)
export class TransferToolsSweep implements SweepStep {
  async reminders(run: SweepRun): Promise<DueReminder[]> {
    const tias = await insertReminders(run, {
      with: `latest AS (
         SELECT DISTINCT ON (t.agreement_id, t.destination) t.*
           FROM transfer_impact_assessment t
           JOIN agreement a ON a.id = t.agreement_id
          WHERE a.status NOT IN ('terminated', 'superseded') AND ${sweptOrganization('t')}
          ORDER BY t.agreement_id, t.destination, t.assessed_on DESC, t.created_at DESC)`,
      due: `SELECT l.organization_id, 'tia_review', l.id::text, ${thresholdSql('l.review_on', [60, 14])},
                   l.review_on, 'legal'
              FROM latest l
             WHERE l.review_on BETWEEN $1::date AND $1::date + 60`,
      then: `p.id AS processor_id,
             jsonb_build_object('processor', p.name, 'title', a.title, 'destination', t.destination,
                                'assessedOn', to_char(t.assessed_on, 'YYYY-MM-DD'),
                                'reviewOn', to_char(t.review_on, 'YYYY-MM-DD')) AS facts,
             'agreements' AS page, a.id AS page_id
        FROM due JOIN transfer_impact_assessment t ON t.id::text = due.subject_key
        JOIN agreement a ON a.id = t.agreement_id JOIN processor p ON p.id = t.processor_id`,
    });
    const dpf = await insertReminders(run, {
      with: `certified AS (
         SELECT p.*, ((p.dpf_certification ->> 'lastConfirmedOn')::date + interval '1 year')::date AS lapses_on
           FROM processor p
          WHERE p.dpf_certification IS NOT NULL AND p.archived_at IS NULL
            AND p.status NOT IN ('rejected', 'offboarded') AND ${sweptOrganization('p')})`,
      due: `SELECT c.organization_id, 'dpf_reconfirmation', c.id || '/' || c.lapses_on,
                   ${thresholdSql('c.lapses_on', [30, 7])}, c.lapses_on, 'legal'
              FROM certified c
             WHERE c.lapses_on BETWEEN $1::date AND $1::date + 30`,
      then: `c.id AS processor_id,
             jsonb_build_object('processor', c.name, 'lastConfirmedOn', c.dpf_certification ->> 'lastConfirmedOn',
                                'lapsesOn', to_char(c.lapses_on, 'YYYY-MM-DD')) AS facts,
             'processors' AS page, c.id AS page_id
        FROM due JOIN certified c ON c.id || '/' || c.lapses_on = due.subject_key`,
    });
    return [...tias, ...dpf];
  }
}
