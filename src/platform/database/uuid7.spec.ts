import { uuid7 } from './uuid7';

describe('uuid7', () => {
  it('makes RFC 9562 version 7 UUIDs that carry the millisecond they were made in', () => {
    const before = Date.now();
    const id = uuid7();
    const after = Date.now();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('sorts in the order it made them, many in one millisecond and with the clock set back', () => {
    const ids = [
      ...Array.from({ length: 5_000 }, () => uuid7(1_800_000_000_000)),
      ...Array.from({ length: 10 }, () => uuid7(1_700_000_000_000)),
      uuid7(1_800_000_000_010),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
