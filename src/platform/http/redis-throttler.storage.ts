import { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { RedisService } from '../redis/redis.service';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return {hits, ttl, blocked}
`;

/** A client that knows the script: it is sent once and called by its SHA-1 (EVALSHA) afterwards. */
type ThrottleClient = Redis & {
  custosThrottle?: (...args: string[]) => Promise<[number, number, number]>;
};

/**
 * Teaches the client the script. Done once, when the storage is made: a command defined while the client
 * holds an auto-pipeline of the same turn (another request's key check) is missing from that pipeline,
 * and ioredis then misaligns the pipeline's replies.
 */
function defineThrottle(redis: Redis): void {
  const client = redis as ThrottleClient;
  if (!client.custosThrottle) client.defineCommand('custosThrottle', { numberOfKeys: 2, lua: SCRIPT });
}

/** Runs the script on a client that `defineThrottle` taught it. */
function throttle(redis: Redis, ...args: string[]): Promise<[number, number, number]> {
  return (redis as ThrottleClient).custosThrottle!(...args);
}

const LET_THROUGH: ThrottlerStorageRecord = {
  totalHits: 0,
  timeToExpire: 0,
  isBlocked: false,
  timeToBlockExpire: 0,
};

/**
 * Rate-limit counters in Redis, shared by every API replica. Fallback when Redis is unreachable or
 * silent (partition): the request is let through after at most REDIS_COMMAND_TIMEOUT_MS (the gate keeps
 * answering), and the outage is logged once; the per-account lockout lives in PostgreSQL and still holds.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: RedisService,
    private readonly prefix: string,
  ) {
    defineThrottle(redis.client);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}:throttle:${throttlerName}:${key}`;
    return this.redis.orFallback(
      'Rate limit',
      async (redis) => {
        const [hits, pttl, blocked] = await throttle(
          redis,
          `${base}:hits`,
          `${base}:blocked`,
          String(ttl),
          String(limit),
          String(blockDuration || ttl),
        );
        return {
          totalHits: hits,
          timeToExpire: Math.max(0, Math.ceil(pttl / 1000)),
          isBlocked: blocked > 0,
          timeToBlockExpire: Math.max(0, Math.ceil(blocked / 1000)),
        };
      },
      LET_THROUGH,
    );
  }
}
