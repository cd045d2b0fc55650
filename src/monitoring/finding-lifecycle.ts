import { stateMachine } from '../platform/lifecycle/state-machine';
import type { FindingStatus } from './finding.entity';

/** Remediation: open → in progress → resolved, or a risk the DPO accepts; a closed finding may reopen. */
export const findingLifecycle = stateMachine<FindingStatus>(
  'Finding',
  {
    open: ['in_progress', 'resolved', 'risk_accepted'],
    in_progress: ['open', 'resolved', 'risk_accepted'],
    resolved: ['open'],
    risk_accepted: ['open'],
  },
  { stay: true },
);

export const FINDING_TRANSITIONS = findingLifecycle.transitions;
export const assertFindingTransition = findingLifecycle.assert;
