import type { SetBasedUpdate } from '../platform/audit/audit.service';
import { stateMachine } from '../platform/lifecycle/state-machine';
import { PROCESSOR_HISTORY } from './processor-history';

export const PROCESSOR_STATUSES = [
  'proposed',
  'under_assessment',
  'approved',
  'rejected',
  'active',
  'offboarding',
  'offboarded',
] as const;
export type ProcessorStatus = (typeof PROCESSOR_STATUSES)[number];

/**
 * DESIGN.md's processor lifecycle. A rejected processor may be assessed again; an approved or active
 * one is re-assessed without leaving its state (the assessment, not the status, carries the review).
 */
export const processorLifecycle = stateMachine<ProcessorStatus>('Processor', {
  proposed: ['under_assessment'],
  under_assessment: ['approved', 'rejected'],
  rejected: ['under_assessment'],
  approved: ['active', 'offboarding'],
  active: ['offboarding'],
  offboarding: ['offboarded'],
  offboarded: [],
});

export const PROCESSOR_TRANSITIONS = processorLifecycle.transitions;
export const assertProcessorTransition = processorLifecycle.assert;

/**
 * A set-based move of the processors matching `condition` (SQL over `processor`) to `to`, by the same
 * transitions as one processor's: only those whose status may move there move (the sweep's activation).
 */
export function processorTransitionRows(
  to: ProcessorStatus,
  condition: string,
): Omit<SetBasedUpdate, 'parameters'> {
  const from = processorLifecycle.into(to);
  return {
    table: 'processor',
    where: `status IN (${from.map((s) => `'${s}'`).join(', ')}) AND ${condition}`,
    set: { status: `'${to}'` },
    action: 'processor.status_changed',
    entityType: 'processor',
    history: PROCESSOR_HISTORY,
  };
}
