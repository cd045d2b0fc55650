import { stateMachine } from '../platform/lifecycle/state-machine';
import { clausesCoveredSql, missingClauses, type Clauses } from '../clauses/clauses';

/** What is stored: the steps people take. */
export const STORED_AGREEMENT_STATUSES = ['draft', 'sent', 'signed', 'terminated', 'superseded'] as const;
export type StoredAgreementStatus = (typeof STORED_AGREEMENT_STATUSES)[number];

/** What an agreement is today: `active` and `expired` follow from dates, signatures and clauses. */
export const AGREEMENT_STATUSES = [
  'draft',
  'sent',
  'signed',
  'active',
  'expired',
  'terminated',
  'superseded',
] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/** The steps people take; `active` and `expired` are read from dates, never stored. */
export const agreementLifecycle = stateMachine<StoredAgreementStatus>('Agreement', {
  draft: ['sent', 'signed'],
  sent: ['signed'],
  signed: ['terminated', 'superseded'],
  terminated: [],
  superseded: [],
});

export const AGREEMENT_TRANSITIONS = agreementLifecycle.transitions;
export const assertAgreementTransition = agreementLifecycle.assert;

export interface StatusFacts {
  status: StoredAgreementStatus;
  effectiveFrom: string;
  expiresOn: string | null;
  clauses: Partial<Clauses>;
  /** Effective date of the agreement that superseded this one, once that one is signed. */
  supersededFrom?: string | null;
  terminatedOn?: string | null;
}

/**
 * The agreement's status on `today` (YYYY-MM-DD, UTC). A signed agreement is `active` from its
 * effective date while every mandatory clause is covered; past `expiresOn` it is `expired` without
 * anyone touching it. Signed but lacking a clause, it stays `signed`: in force on paper, not usable.
 */
export function agreementStatus(a: StatusFacts, today: string): AgreementStatus {
  if (a.status === 'terminated' || a.status === 'superseded') return a.status;
  if (a.status !== 'signed') return a.status;
  if (a.terminatedOn && a.terminatedOn <= today) return 'terminated';
  if (a.supersededFrom && a.supersededFrom <= today) return 'superseded';
  if (a.expiresOn && a.expiresOn < today) return 'expired';
  if (a.effectiveFrom > today) return 'signed';
  return missingClauses(a.clauses).length === 0 ? 'active' : 'signed';
}

/**
 * In force on `today`: signed, effective, and neither expired, terminated nor superseded that day, with
 * or without every clause (`active` or `signed`). Only an agreement in force governs transfers.
 */
export function inForce(a: StatusFacts, today: string): boolean {
  const status = agreementStatus(a, today);
  return a.status === 'signed' && a.effectiveFrom <= today && (status === 'active' || status === 'signed');
}

/**
 * `inForce` as a condition on the agreement row `alias` on the date `today` (a SQL expression of type
 * date): every statement that asks whether an agreement is in force asks it with this, and
 * test/agreements.e2e-spec.ts holds the two to the same answer row by row.
 */
export function inForceSql(alias: string, today: string): string {
  return `(${alias}.status = 'signed' AND ${alias}.effective_from <= ${today}
    AND (${alias}.expires_on IS NULL OR ${alias}.expires_on >= ${today})
    AND (${alias}.terminated_on IS NULL OR ${alias}.terminated_on > ${today})
    AND (${alias}.superseded_from IS NULL OR ${alias}.superseded_from > ${today}))`;
}

/** `agreementStatus(a, today) === 'active'` as a condition on the agreement row `alias`, as `inForceSql`. */
export function activeSql(alias: string, today: string): string {
  return `(${inForceSql(alias, today)} AND ${clausesCoveredSql(`${alias}.clauses`)})`;
}

/** The agreement that governs transfers today: the active one, or one in force that lacks clauses. */
export function governingAgreement<T extends StatusFacts>(agreements: T[], today: string): T | undefined {
  return (
    agreements.find((a) => agreementStatus(a, today) === 'active') ??
    agreements.find((a) => inForce(a, today))
  );
}
