import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(16 * 256);
let offset = pool.length;
let lastMs = 0;
let sequence = 0;

/**
 * A UUID version 7 (RFC 9562): the millisecond in its first 48 bits, then random bits, so that ids made
 * one after another sort together and a B-tree index on them grows at its right edge instead of at
 * random pages. Within one millisecond a 12-bit counter keeps this process's ids in order.
 */
export function uuid7(now = Date.now()): string {
  if (offset + 16 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const b = pool.subarray(offset, offset + 16);
  offset += 16;
  if (now <= lastMs) {
    sequence = (sequence + 1) & 0xfff;
    if (sequence === 0) lastMs += 1;
    now = lastMs;
  } else {
    lastMs = now;
    sequence = b[6] & 0x07;
  }
  const hex = now.toString(16).padStart(12, '0');
  const rand = b.toString('hex');
  return (
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${sequence.toString(16).padStart(3, '0')}-` +
    `${((b[8] & 0x3f) | 0x80).toString(16)}${rand.slice(18, 20)}-${rand.slice(20, 32)}`
  );
}
