import type { Processor, SubProcessorAuthorizationStatus } from './processor.entity';

/**
 * A sub-processor's authorisation on `today`: an objection window that passed without objection
 * counts as authorised even before the daily sweep has written it down.
 */
export function effectiveAuthorization(
  p: Pick<Processor, 'parentId' | 'authorizationStatus' | 'objectionWindowEndsOn'>,
  today: string,
): SubProcessorAuthorizationStatus | 'not_applicable' {
  if (!p.parentId) return 'not_applicable';
  const status = p.authorizationStatus ?? 'pending';
  if (status === 'objection_window' && p.objectionWindowEndsOn && p.objectionWindowEndsOn < today)
    return 'authorized';
  return status;
}
