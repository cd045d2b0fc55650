import { addDays, addMonths } from '../platform/clock/clock';
import type { FieldError } from '../platform/errors/domain-error';

export const PORTAL_PURPOSES = ['assessment', 'breach_notice', 'subprocessor_notice', 'offboarding'] as const;
export type PortalPurpose = (typeof PORTAL_PURPOSES)[number];

/** An assessment link lasts at most this many days. */
export const ASSESSMENT_LINK_DAYS = 60;
/** An offboarding link lasts at most this many days past the offboarding's due date. */
export const OFFBOARDING_LINK_GRACE_DAYS = 30;
/** A standing link (breach and sub-processor notices) lasts at most this many months. */
export const STANDING_LINK_MONTHS = 12;

export interface LinkRequest {
  purposes: PortalPurpose[];
  assessmentId?: string | null;
  offboardingId?: string | null;
  expiresOn: string;
}

/** The latest day a link for these purposes may expire: the earliest of each purpose's limit. */
export function latestExpiry(
  purposes: readonly PortalPurpose[],
  today: string,
  offboardingDueOn?: string | null,
): string {
  const limits = purposes.map((purpose) => {
    switch (purpose) {
      case 'assessment':
        return addDays(today, ASSESSMENT_LINK_DAYS);
      case 'offboarding':
        return addDays(offboardingDueOn ?? today, OFFBOARDING_LINK_GRACE_DAYS);
      case 'breach_notice':
      case 'subprocessor_notice':
        return addMonths(today, STANDING_LINK_MONTHS);
    }
  });
  return limits.reduce((a, b) => (a < b ? a : b));
}

const LIMIT_WORDS: Record<PortalPurpose, string> = {
  assessment: `an assessment link lasts at most ${ASSESSMENT_LINK_DAYS} days`,
  offboarding: `an offboarding link lasts at most ${OFFBOARDING_LINK_GRACE_DAYS} days past the due date`,
  breach_notice: `a standing link lasts at most ${STANDING_LINK_MONTHS} months`,
  subprocessor_notice: `a standing link lasts at most ${STANDING_LINK_MONTHS} months`,
};

/**
 * What is wrong with a link request, field by field: an assessment link names its assessment and an
 * offboarding link its offboarding (and only those purposes name them); the expiry lies between today
 * and the purposes' limit.
 */
export function linkProblems(
  request: LinkRequest,
  today: string,
  offboardingDueOn?: string | null,
): FieldError[] {
  const errors: FieldError[] = [];
  const has = (p: PortalPurpose) => request.purposes.includes(p);
  const pairs = [
    ['assessment', 'assessmentId', request.assessmentId],
    ['offboarding', 'offboardingId', request.offboardingId],
  ] as const;
  for (const [purpose, field, value] of pairs) {
    if (has(purpose) && !value)
      errors.push({ field, message: `is required for the purpose ${purpose}`, rule: 'required' });
    if (!has(purpose) && value)
      errors.push({ field, message: `is given only with the purpose ${purpose}`, rule: 'purpose' });
  }
  if (request.expiresOn < today) {
    errors.push({ field: 'expiresOn', message: 'must not be in the past', rule: 'future' });
  } else if (request.purposes.length) {
    const latest = latestExpiry(request.purposes, today, offboardingDueOn);
    if (request.expiresOn > latest) {
      const binding = request.purposes.find(
        (p) => latestExpiry([p], today, offboardingDueOn) === latest,
      ) as PortalPurpose;
      errors.push({
        field: 'expiresOn',
        message: `must be ${latest} or earlier: ${LIMIT_WORDS[binding]}`,
        rule: 'maxExpiry',
      });
    }
  }
  return errors;
}

/** Whether a link works on `today`. */
export function linkUsable(link: { revokedAt: Date | null; expiresOn: string }, today: string): boolean {
  return !link.revokedAt && link.expiresOn >= today;
}

export type PortalLinkStatus = 'active' | 'expired' | 'revoked';

export function linkStatus(
  link: { revokedAt: Date | null; expiresOn: string },
  today: string,
): PortalLinkStatus {
  if (link.revokedAt) return 'revoked';
  return link.expiresOn < today ? 'expired' : 'active';
}
