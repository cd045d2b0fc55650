import { IllegalTransition } from '../platform/errors/domain-error';
import { missingClauses, type Clauses } from './clauses';

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

export const AGREEMENT_TRANSITIONS: Readonly<
  Record<StoredAgreementStatus, readonly StoredAgreementStatus[]>
> = {
  draft: ['sent', 'signed'],
  sent: ['signed'],
  signed: ['terminated', 'superseded'],
  terminated: [],
  superseded: [],
};

export function assertAgreementTransition(from: StoredAgreementStatus, to: StoredAgreementStatus): void {
  if (!AGREEMENT_TRANSITIONS[from].includes(to)) {
    throw new IllegalTransition('Agreement', from, to, AGREEMENT_TRANSITIONS[from]);
  }
}

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

/** The agreement that governs transfers today: the active one, or one signed and in force that lacks clauses. */
export function governingAgreement<T extends StatusFacts>(agreements: T[], today: string): T | undefined {
  return (
    agreements.find((a) => agreementStatus(a, today) === 'active') ??
    agreements.find(
      (a) => a.status === 'signed' && agreementStatus(a, today) === 'signed' && a.effectiveFrom <= today,
    )
  );
}
