import { useEffect, useState } from 'react';

/** The current time, renewed every `everyMs` while the component is shown (a clock that counts down). */
export function useNow(everyMs = 1_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
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
