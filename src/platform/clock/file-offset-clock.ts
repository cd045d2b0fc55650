import { readFileSync } from 'node:fs';
import { Clock } from './clock';

/** How long an offset read from the file is trusted before the file is read again. */
const REREAD_MS = 100;

/**
 * Test only: system time plus an offset in milliseconds read from a file, so a browser journey can move
 * the served process's clock ("72 hours later") without restarting it. A missing, empty or unreadable
 * file means no offset. The file is read at most every 100 ms, so a call costs a comparison.
 */
export class FileOffsetClock extends Clock {
  private offset = 0;
  private readAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly file: string,
    private readonly systemNow: () => number = Date.now,
  ) {
    super();
  }

  now(): Date {
    const system = this.systemNow();
    if (system - this.readAt >= REREAD_MS || system < this.readAt) {
      this.offset = this.read();
      this.readAt = system;
    }
    return new Date(system + this.offset);
  }

  private read(): number {
    try {
      const value = Number(readFileSync(this.file, 'utf8').trim() || '0');
      return Number.isFinite(value) ? value : 0;
    } catch {
      return 0;
    }
  }
}
