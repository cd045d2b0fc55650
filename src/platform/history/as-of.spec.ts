import { resolveAsOf } from './as-of';
import { endOfDay } from './record-history.service';

const NOW = new Date('2026-01-15T09:30:00.000Z');

describe('as of a day', () => {
  it('is the state at the last instant of that day, UTC', () => {
    expect(endOfDay('2026-01-14').toISOString()).toBe('2026-01-14T23:59:59.999Z');
    expect(resolveAsOf('2026-01-14', NOW)).toEqual({
      at: new Date('2026-01-14T23:59:59.999Z'),
      day: '2026-01-14',
      asOf: '2026-01-14',
    });
  });

  it('is now when no day is given, or when the day is today (it is not over yet)', () => {
    expect(resolveAsOf(undefined, NOW)).toEqual({ at: NOW, day: '2026-01-15', asOf: null });
    expect(resolveAsOf('2026-01-15', NOW)).toEqual({ at: NOW, day: '2026-01-15', asOf: '2026-01-15' });
  });

  it('refuses a day after today, naming the field', () => {
    expect(() => resolveAsOf('2026-01-16', NOW)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'asOf', message: 'must not be after today (2026-01-15)', rule: 'notFuture' }],
      }),
    );
  });
});
