import { stateMachine } from '../platform/lifecycle/state-machine';

export const ASSESSMENT_STATUSES = [
  'draft',
  'submitted',
  'in_review',
  'approved',
  'rejected',
  'changes_requested',
] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export const assessmentLifecycle = stateMachine<AssessmentStatus>('Assessment', {
  draft: ['submitted'],
  submitted: ['in_review'],
  in_review: ['approved', 'rejected', 'changes_requested'],
  changes_requested: ['draft'],
  approved: [],
  rejected: [],
});

export const ASSESSMENT_TRANSITIONS = assessmentLifecycle.transitions;
export const assertAssessmentTransition = assessmentLifecycle.assert;

/** Statuses in which an assessment is still open: a processor has at most one such. */
export const OPEN_ASSESSMENT_STATUSES: readonly AssessmentStatus[] = [
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
];
