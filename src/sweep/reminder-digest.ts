import { consoleUrl } from '../platform/mail/console-url';
import type { DueReminder } from './sweep-step';

/** A reminder with its wording, rendered from `templates/reminders/<kind>/` by the sweep. */
export interface WordedReminder extends DueReminder {
  subject: string;
  summary: string;
}

/**
 * The kinds of reminder a Custos user receives, most urgent first: escalations of what is already
 * overdue (data flowing without an agreement, then unremedied critical findings, then data not returned,
 * then checks without a result) before what is coming (the shortest and least reversible deadlines first).
 */
export const DIGEST_KINDS: readonly { kind: string; heading: string; why: string }[] = [
  {
    kind: 'expired_agreement_in_use',
    heading: 'Expired agreements still in use',
    why: 'Processing activities still name these processors: renew the agreement, or end the processing and offboard the processor.',
  },
  {
    kind: 'critical_finding_overdue',
    heading: 'Overdue critical findings',
    why: 'These critical findings were to be remedied by the date shown and are still open.',
  },
  {
    kind: 'offboarding_overdue',
    heading: 'Overdue return or destruction of personal data',
    why: 'Follow up with these processors (Art. 28(3)(g) GDPR); record the confirmation when it arrives.',
  },
  {
    kind: 'check_overdue',
    heading: 'Overdue monitoring checks',
    why: 'Until a result is recorded, Custos refuses transfers to these processors.',
  },
  {
    kind: 'objection_window',
    heading: 'Objection windows closing',
    why: 'Without an objection, a sub-processor counts as authorised from the day after its window closes.',
  },
  {
    kind: 'offboarding_due_legal',
    heading: 'Return or destruction of personal data due',
    why: 'Record the confirmation when the processor sends it, to issue the certificate.',
  },
  {
    kind: 'agreement_expiry',
    heading: 'Agreements expiring',
    why: 'Renew or replace each agreement before then: without an agreement in force no personal data may go to the processor.',
  },
  {
    kind: 'dpf_reconfirmation',
    heading: 'Data Privacy Framework certifications to confirm',
    why: 'Check each entry on the DPF list and record the date; once lapsed, transfers to the United States are refused unless another safeguard is recorded.',
  },
  {
    kind: 'assessment_validity',
    heading: 'Assessments running out',
    why: 'A re-assessment draft is ready for each: have it answered and decided before then, or Custos will refuse transfers to the processor.',
  },
  {
    kind: 'certification_expiry',
    heading: 'Certifications expiring',
    why: 'Ask for the renewed certificate and record a certification review.',
  },
  {
    kind: 'tia_review',
    heading: 'Transfer impact assessments to review',
    why: 'Look again at the laws and practices of the destination and at the supplementary measures, and record the outcome as a new assessment.',
  },
];

/** Past this many items a kind's section ends with "and N more" and a link to its area page. */
export const ITEMS_PER_KIND = 200;

export interface DigestItem {
  text: string;
  when: string;
  url: string;
}

export interface DigestSection {
  heading: string;
  /** What the reader must do about this kind, and what happens otherwise. */
  why: string;
  count: string;
  items: DigestItem[];
  /** How many items are not listed (0 when all are), and the page that lists them. */
  more: number;
  moreCount: string;
  moreUrl: string;
}

export interface DigestContext {
  subjectLine: string;
  day: string;
  sections: DigestSection[];
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const days = (n: number): string => `${fmt(n)} ${n === 1 ? 'day' : 'days'}`;

function daysFrom(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

function when(today: string, dueOn: string): string {
  const d = daysFrom(today, dueOn);
  if (d < 0) return `due ${dueOn}, ${days(-d)} overdue`;
  if (d === 0) return 'today';
  if (d === 1) return 'tomorrow';
  return `in ${days(d)}`;
}

/**
 * What one recipient's digest says: every new reminder addressed to them in this sweep, grouped by kind
 * in the order of DIGEST_KINDS, each kind's items by date (the longest overdue or the soonest first).
 */
export function digestContext(reminders: WordedReminder[], today: string, publicUrl: string): DigestContext {
  const byKind = new Map<string, WordedReminder[]>();
  for (const r of reminders) {
    const items = byKind.get(r.kind);
    if (items) items.push(r);
    else byKind.set(r.kind, [r]);
  }
  const rank = (kind: string): number => {
    const i = DIGEST_KINDS.findIndex((k) => k.kind === kind);
    return i < 0 ? DIGEST_KINDS.length : i;
  };
  const kinds = [...byKind.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const sections = kinds.map((kind): DigestSection => {
    const all = (byKind.get(kind) ?? []).sort(
      (a, b) => a.due_on.localeCompare(b.due_on) || a.subject.localeCompare(b.subject),
    );
    const listed = all.slice(0, ITEMS_PER_KIND);
    return {
      heading: DIGEST_KINDS.find((k) => k.kind === kind)?.heading ?? kind.replace(/_/g, ' '),
      why: DIGEST_KINDS.find((k) => k.kind === kind)?.why ?? '',
      count: fmt(all.length),
      items: listed.map((r) => ({
        text: r.subject,
        when: when(today, r.due_on),
        url: consoleUrl(publicUrl, r.page, r.page_id),
      })),
      more: all.length - listed.length,
      moreCount: fmt(all.length - listed.length),
      moreUrl: consoleUrl(publicUrl, all[0].page),
    };
  });
  const total = reminders.length;
  const overdue = reminders.filter((r) => daysFrom(today, r.due_on) < 0).length;
  const subjectLine =
    `Custos: ${fmt(total)} ${total === 1 ? 'thing needs' : 'things need'} your attention` +
    (overdue > 0 ? `, ${fmt(overdue)} overdue` : '');
  return { subjectLine, day: today, sections };
}
