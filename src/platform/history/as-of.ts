import { ValidationFailed } from '../errors/domain-error';
import { endOfDay } from './record-history.service';

export interface AsOf {
  /** The instant whose state is read. */
  at: Date;
  /** The day whose agreement statuses and authorisations count. */
  day: string;
  /** The day asked for; null for "now". */
  asOf: string | null;
}

/**
 * Resolves `asOf` (YYYY-MM-DD): the state at the end of that day, UTC. Today is read as "now" (the
 * day is not over); a day after today is refused, naming the field.
 */
export function resolveAsOf(asOf: string | undefined | null, now: Date, field = 'asOf'): AsOf {
  const today = now.toISOString().slice(0, 10);
  if (!asOf) return { at: now, day: today, asOf: null };
  if (asOf > today) throw ValidationFailed.field(field, `must not be after today (${today})`, 'notFuture');
  if (asOf === today) return { at: now, day: today, asOf };
  return { at: endOfDay(asOf), day: asOf, asOf };
}
