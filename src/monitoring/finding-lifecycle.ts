import { IllegalTransition } from '../platform/errors/domain-error';
import type { FindingStatus } from './finding.entity';

/** Remediation: open → in progress → resolved, or a risk the DPO accepts; a closed finding may reopen. */
export const FINDING_TRANSITIONS: Readonly<Record<FindingStatus, readonly FindingStatus[]>> = {
  open: ['in_progress', 'resolved', 'risk_accepted'],
  in_progress: ['open', 'resolved', 'risk_accepted'],
  resolved: ['open'],
  risk_accepted: ['open'],
};

export function assertFindingTransition(from: FindingStatus, to: FindingStatus): void {
  if (from !== to && !FINDING_TRANSITIONS[from].includes(to)) {
    throw new IllegalTransition('Finding', from, to, FINDING_TRANSITIONS[from]);
  }
}
