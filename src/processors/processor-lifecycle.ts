import type { SetBasedUpdate } from '../platform/audit/audit.service';
import { IllegalTransition } from '../platform/errors/domain-error';

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
export const PROCESSOR_TRANSITIONS: Readonly<Record<ProcessorStatus, readonly ProcessorStatus[]>> = {
  proposed: ['under_assessment'],
  under_assessment: ['approved', 'rejected'],
  rejected: ['under_assessment'],
  approved: ['active', 'offboarding'],
  active: ['offboarding'],
  offboarding: ['offboarded'],
  offboarded: [],
};

export function canMove(from: ProcessorStatus, to: ProcessorStatus): boolean {
  return PROCESSOR_TRANSITIONS[from].includes(to);
}

export function assertProcessorTransition(from: ProcessorStatus, to: ProcessorStatus): void {
  if (!canMove(from, to)) throw new IllegalTransition('Processor', from, to, PROCESSOR_TRANSITIONS[from]);
}

/**
 * A set-based move of the processors matching `condition` (SQL over `processor`) to `to`, by the same
 * transitions as one processor's: only those whose status may move there move (the sweep's activation).
 */
export function processorTransitionRows(
  to: ProcessorStatus,
  condition: string,
): Omit<SetBasedUpdate, 'parameters'> {
  const from = PROCESSOR_STATUSES.filter((status) => canMove(status, to));
  return {
    table: 'processor',
    where: `status IN (${from.map((s) => `'${s}'`).join(', ')}) AND ${condition}`,
    set: { status: `'${to}'` },
    action: 'processor.status_changed',
    entityType: 'processor',
  };
}
