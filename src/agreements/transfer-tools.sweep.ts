import type { DueReminder, SweepRun, SweepStep } from '../sweep/sweep-step';
import { OnSweep } from '../sweep/sweep-step';

/**
 * The sweep's Chapter V reminders: a transfer impact assessment whose review date nears (60 and 14 days
 * before), and a DPF certification whose yearly re-confirmation nears (30 and 7 days before it lapses,
 * after which a US destination is no longer adequate for that processor). Each once per subject and
 * threshold, like every reminder.
 */
@OnSweep(60)
export class TransferToolsSweep implements SweepStep {
  async reminders(run: SweepRun): Promise<DueReminder[]> {
    const m = run.manager;
    const args = run.parameters;
    const tias = await m.query<DueReminder[]>(
      `WITH latest AS (
         SELECT DISTINCT ON (t.agreement_id, t.destination) t.*
           FROM transfer_impact_assessment t
           JOIN agreement a ON a.id = t.agreement_id
          WHERE a.status NOT IN ('terminated', 'superseded')
            AND ($2::uuid IS NULL OR t.organization_id = $2::uuid)
          ORDER BY t.agreement_id, t.destination, t.assessed_on DESC, t.created_at DESC
       ), due AS (
         INSERT INTO reminder (organization_id, kind, subject_key, threshold, due_on, audience, sent_on)
         SELECT l.organization_id, 'tia_review', l.id::text, th.threshold, l.review_on, 'legal', $1::date
           FROM latest l
           CROSS JOIN LATERAL (SELECT min(x) AS threshold FROM unnest(ARRAY[60, 14]) x
                                WHERE l.review_on - $1::date <= x) th
          WHERE l.review_on BETWEEN $1::date AND $1::date + 60
         ON CONFLICT DO NOTHING RETURNING *)
       SELECT due.*, to_char(due.due_on, 'YYYY-MM-DD') AS due_on, p.id AS processor_id,
              jsonb_build_object('processor', p.name, 'title', a.title, 'destination', t.destination,
                                 'assessedOn', to_char(t.assessed_on, 'YYYY-MM-DD'),
                                 'reviewOn', to_char(t.review_on, 'YYYY-MM-DD')) AS facts,
              'agreements' AS page, a.id AS page_id
         FROM due JOIN transfer_impact_assessment t ON t.id::text = due.subject_key
         JOIN agreement a ON a.id = t.agreement_id JOIN processor p ON p.id = t.processor_id`,
      args,
    );
    const dpf = await m.query<DueReminder[]>(
      `WITH certified AS (
         SELECT p.*, ((p.dpf_certification ->> 'lastConfirmedOn')::date + interval '1 year')::date AS lapses_on
           FROM processor p
          WHERE p.dpf_certification IS NOT NULL AND p.archived_at IS NULL
            AND p.status NOT IN ('rejected', 'offboarded')
            AND ($2::uuid IS NULL OR p.organization_id = $2::uuid)
       ), due AS (
         INSERT INTO reminder (organization_id, kind, subject_key, threshold, due_on, audience, sent_on)
         SELECT c.organization_id, 'dpf_reconfirmation', c.id || '/' || c.lapses_on, th.threshold, c.lapses_on, 'legal', $1::date
           FROM certified c
           CROSS JOIN LATERAL (SELECT min(x) AS threshold FROM unnest(ARRAY[30, 7]) x
                                WHERE c.lapses_on - $1::date <= x) th
          WHERE c.lapses_on BETWEEN $1::date AND $1::date + 30
         ON CONFLICT DO NOTHING RETURNING *)
       SELECT due.*, to_char(due.due_on, 'YYYY-MM-DD') AS due_on, c.id AS processor_id,
              jsonb_build_object('processor', c.name, 'lastConfirmedOn', c.dpf_certification ->> 'lastConfirmedOn',
                                 'lapsesOn', to_char(c.lapses_on, 'YYYY-MM-DD')) AS facts,
              'processors' AS page, c.id AS page_id
         FROM due JOIN certified c ON c.id || '/' || c.lapses_on = due.subject_key`,
      args,
    );
    return [...tias, ...dpf];
  }
}
