import { useEffect, useMemo, useState } from 'react';

/**
 * The server's time now, once: `asOf` is the time an answer said it was, `receivedAt` the device's time
 * when that answer arrived (a query's `dataUpdatedAt`); the device's clock counts on from there.
 */
export function serverTime(asOf: string, receivedAt: number): number {
  return Date.parse(asOf) + (Date.now() - receivedAt);
}

/**
 * The server's time, ticking every `everyMs`: `asOf` is the time an answer said it was; the device's clock
 * counts on from the moment that answer arrived, so a device whose clock is wrong shows no time that is
 * not there.
 */
export function useServerNow(asOf: string, everyMs = 1_000): Date {
  const skew = useMemo(() => Date.parse(asOf) - Date.now(), [asOf]);
  const [now, setNow] = useState(() => new Date(Date.now() + skew));
  useEffect(() => {
    setNow(new Date(Date.now() + skew));
    const timer = window.setInterval(() => setNow(new Date(Date.now() + skew)), everyMs);
    return () => window.clearInterval(timer);
  }, [skew, everyMs]);
  return now;
}

export interface TimeLeft {
  /** The deadline has passed. */
  overdue: boolean;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Whole hours, minutes and seconds between now and a deadline, in whichever direction. */
export function timeLeft(deadline: string | Date, now: Date): TimeLeft {
  const ms = new Date(deadline).getTime() - now.getTime();
  const total = Math.floor(Math.abs(ms) / 1_000);
  return {
    overdue: ms < 0,
    hours: Math.floor(total / 3_600),
    minutes: Math.floor((total % 3_600) / 60),
    seconds: total % 60,
  };
}
