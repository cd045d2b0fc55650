import type { FieldError } from '../platform/errors/domain-error';
import { stateMachine } from '../platform/lifecycle/state-machine';
import type { Incident, IncidentStatus } from './incident.entity';

/** Art. 33(1): the controller notifies the supervisory authority within 72 hours of becoming aware. */
export const NOTIFICATION_WINDOW_HOURS = 72;
/** Hours before the deadline at which the DPO is reminded of a notification still outstanding. */
export const DEADLINE_WARNING_HOURS = 24;

const HOUR = 3_600_000;

export function notificationDeadline(awareAt: Date): Date {
  return new Date(awareAt.getTime() + NOTIFICATION_WINDOW_HOURS * HOUR);
}

/** Containment is not the end: a breach is closed once documented and notified, and may reopen. */
export const incidentLifecycle = stateMachine<IncidentStatus>(
  'Incident',
  { open: ['contained', 'closed'], contained: ['open', 'closed'], closed: ['open'] },
  { stay: true },
);

export const INCIDENT_TRANSITIONS = incidentLifecycle.transitions;
export const assertIncidentTransition = incidentLifecycle.assert;

export type AuthorityNotice = 'not_required' | 'pending' | 'overdue' | 'notified' | 'notified_late';

type NoticeFacts = Pick<Incident, 'riskLevel' | 'authorityNotifiedAt' | 'notificationDeadline'>;

/**
 * Where the notification to the supervisory authority stands. Until the risk is assessed the
 * notification is presumed due: an unassessed breach runs the same clock as a risky one.
 */
export function authorityNotice(incident: NoticeFacts, now: Date): AuthorityNotice {
  const deadline = incident.notificationDeadline.getTime();
  if (incident.authorityNotifiedAt) {
    return incident.authorityNotifiedAt.getTime() <= deadline ? 'notified' : 'notified_late';
  }
  if (incident.riskLevel === 'unlikely') return 'not_required';
  return now.getTime() <= deadline ? 'pending' : 'overdue';
}

/** Whether the DPO still owes the authority a notification, so reminders should go out. */
export function noticeOutstanding(incident: NoticeFacts & Pick<Incident, 'status'>, now: Date): boolean {
  if (incident.status === 'closed') return false;
  const notice = authorityNotice(incident, now);
  return notice === 'pending' || notice === 'overdue';
}

type Timeline = Pick<
  Incident,
  | 'occurredAt'
  | 'detectedAt'
  | 'reportedAt'
  | 'awareAt'
  | 'endedAt'
  | 'notificationDeadline'
  | 'authorityNotifiedAt'
  | 'delayReason'
  | 'subjectsNotifiedAt'
  | 'riskLevel'
  | 'subjectNoticeExemption'
>;

/** Dates in order and not in the future; a late notification carries its reasons (Art. 33(1)). */
export function timelineProblems(incident: Timeline, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  const at = (d: Date | null) => d?.getTime() ?? null;
  const fields = [
    'occurredAt',
    'detectedAt',
    'reportedAt',
    'awareAt',
    'endedAt',
    'authorityNotifiedAt',
    'subjectsNotifiedAt',
  ] as const;
  for (const field of fields) {
    const value = at(incident[field]);
    if (value !== null && value > now.getTime()) {
      errors.push({ field, message: 'must not be in the future', rule: 'notInFuture' });
    }
  }
  const before = (earlier: (typeof fields)[number], later: (typeof fields)[number], message: string) => {
    const a = at(incident[earlier]);
    const b = at(incident[later]);
    if (a !== null && b !== null && a > b) errors.push({ field: later, message, rule: 'chronology' });
  };
  before('occurredAt', 'detectedAt', 'must not be before occurredAt');
  before('detectedAt', 'reportedAt', 'must not be before detectedAt');
  before('occurredAt', 'endedAt', 'must not be before occurredAt');
  // The controller is aware no later than the processor's notice (EDPB Guidelines 9/2022, para. 44):
  // a later awareAt would move the 72-hour clock past what the law allows.
  const aware = at(incident.awareAt);
  if (aware !== null && aware > incident.reportedAt.getTime()) {
    errors.push({
      field: 'awareAt',
      message: 'must not be after reportedAt: the controller is aware at the latest when it is told',
      rule: 'chronology',
    });
  }
  before('awareAt', 'authorityNotifiedAt', 'must not be before awareAt');
  before('awareAt', 'subjectsNotifiedAt', 'must not be before awareAt');
  const notified = at(incident.authorityNotifiedAt);
  if (
    notified !== null &&
    notified > incident.notificationDeadline.getTime() &&
    !incident.delayReason?.trim()
  ) {
    errors.push({
      field: 'delayReason',
      message: `is required: the authority was notified more than ${NOTIFICATION_WINDOW_HOURS} hours after awareAt`,
      rule: 'required',
    });
  }
  if (incident.subjectsNotifiedAt && incident.subjectNoticeExemption) {
    errors.push({
      field: 'subjectNoticeExemption',
      message: 'cannot be set when the data subjects were notified',
      rule: 'exclusive',
    });
  }
  return errors;
}

type Assessed = Pick<
  Incident,
  | 'riskLevel'
  | 'riskRationale'
  | 'authorityNotifiedAt'
  | 'authorityName'
  | 'subjectsNotifiedAt'
  | 'subjectsNoticeChannel'
  | 'subjectsNotifiedCount'
  | 'subjectsNoticeContent'
>;

/**
 * What must be recorded as soon as a step is taken, not only at closure: the reasons for judging a risk
 * unlikely (they silence the reminders), the authority notified, and the Art. 34 communication's channel,
 * audience and content.
 */
export function assessmentProblems(incident: Assessed): FieldError[] {
  const errors: FieldError[] = [];
  const required = (field: string, message: string) => errors.push({ field, message, rule: 'required' });
  if (incident.riskLevel === 'unlikely' && !incident.riskRationale?.trim()) {
    required('riskRationale', 'is required when the breach is judged unlikely to result in a risk');
  }
  if (incident.authorityNotifiedAt && !incident.authorityName?.trim()) {
    required('authorityName', 'is required when the authority was notified: name the authority');
  }
  if (incident.subjectsNotifiedAt) {
    if (!incident.subjectsNoticeChannel?.trim()) {
      required('subjectsNoticeChannel', 'is required when the data subjects were told (Art. 34)');
    }
    if (incident.subjectsNotifiedCount === null || incident.subjectsNotifiedCount === undefined) {
      required('subjectsNotifiedCount', 'is required when the data subjects were told (Art. 34)');
    }
    if (!incident.subjectsNoticeContent?.trim()) {
      required('subjectsNoticeContent', 'is required when the data subjects were told (Art. 34(2))');
    }
  }
  return errors;
}

type Closing = Timeline &
  Pick<
    Incident,
    'riskRationale' | 'resolution' | 'likelyConsequences' | 'measures' | 'crossBorder' | 'leadAuthority'
  >;

/** What Art. 33(5) documentation and Arts. 33–34 notifications need before a breach can be closed. */
export function closingProblems(incident: Closing): FieldError[] {
  const errors: FieldError[] = [];
  const required = (field: string, message: string) => errors.push({ field, message, rule: 'required' });
  if (!incident.riskLevel) required('riskLevel', 'is required to close a breach: assess the risk first');
  if (incident.riskLevel === 'unlikely' && !incident.riskRationale?.trim()) {
    required('riskRationale', 'is required to close a breach without notifying the authority');
  }
  if (
    (incident.riskLevel === 'risk' || incident.riskLevel === 'high_risk') &&
    !incident.authorityNotifiedAt
  ) {
    required('authorityNotifiedAt', 'is required to close a breach that is likely to result in a risk');
  }
  if (
    incident.riskLevel === 'high_risk' &&
    !incident.subjectsNotifiedAt &&
    !incident.subjectNoticeExemption
  ) {
    required(
      'subjectsNotifiedAt',
      'or subjectNoticeExemption is required to close a high-risk breach (Art. 34)',
    );
  }
  // Art. 33(5): the facts (nature, always recorded), the effects and the remedial action taken.
  if (!incident.likelyConsequences?.trim()) {
    required('likelyConsequences', 'is required to close a breach: record its effects (Art. 33(5))');
  }
  if (!incident.measures?.trim()) {
    required('measures', 'is required to close a breach: record the remedial action (Art. 33(5))');
  }
  // The lead authority of a cross-border breach may take a while to settle; it is on record at closure.
  if (incident.crossBorder === true && !incident.leadAuthority?.trim()) {
    required('leadAuthority', 'is required to close a cross-border breach (Art. 56)');
  }
  if (!incident.resolution?.trim()) required('resolution', 'is required to close a breach');
  return errors;
}

/**
 * How fast the processor notified the controller (Art. 33(2)), against the notice period it committed
 * to in its agreement or assessment: e.g. "notified 31 h after detection; committed to 24 h: 7 h late".
 */
export function processorLateness(
  incident: Pick<Incident, 'detectedAt' | 'reportedAt'>,
  commitment: { hours: number; source: string } | null,
): string {
  const committed = commitment
    ? `committed to ${commitment.hours} h in ${commitment.source}`
    : 'no notice period committed to on record';
  if (!incident.detectedAt) return `time of detection not known; ${committed}`;
  const hours = Math.round((incident.reportedAt.getTime() - incident.detectedAt.getTime()) / HOUR);
  const taken = `notified ${hours} h after detection`;
  if (!commitment) return `${taken}; ${committed}`;
  return hours > commitment.hours
    ? `${taken}; ${committed}: ${hours - commitment.hours} h late`
    : `${taken}; ${committed}: in time`;
}
