import { IllegalTransition } from '../platform/errors/domain-error';

export const ASSESSMENT_STATUSES = [
  'draft',
  'submitted',
  'in_review',
  'approved',
  'rejected',
  'changes_requested',
] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export const ASSESSMENT_TRANSITIONS: Readonly<Record<AssessmentStatus, readonly AssessmentStatus[]>> = {
  draft: ['submitted'],
  submitted: ['in_review'],
  in_review: ['approved', 'rejected', 'changes_requested'],
  changes_requested: ['draft'],
  approved: [],
  rejected: [],
};

/** Statuses in which an assessment is still open: a processor has at most one such. */
export const OPEN_ASSESSMENT_STATUSES: readonly AssessmentStatus[] = [
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
];

export function assertAssessmentTransition(from: AssessmentStatus, to: AssessmentStatus): void {
  if (!ASSESSMENT_TRANSITIONS[from].includes(to)) {
    throw new IllegalTransition('Assessment', from, to, ASSESSMENT_TRANSITIONS[from]);
  }
}
