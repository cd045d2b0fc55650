import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RedisService } from '../platform/redis/redis.service';

/**
 * Login attempts per IP address per minute, counted in Redis so all API replicas share them. It is
 * deliberately generous and checked only after the account's own lockout, which always answers first.
 * Fallback when Redis is unreachable or silent: the attempt is not counted (after at most
 * REDIS_COMMAND_TIMEOUT_MS) and login stays protected by the per-account lockout in PostgreSQL.
 */
@Injectable()
export class LoginRateLimiter {
  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {}

  /** Counts an attempt; resolves with the seconds to wait when the address is over its limit. */
  async hit(ip: string | undefined): Promise<number | undefined> {
    const key = `${this.config.queuePrefix}:login-ip:${ip ?? 'unknown'}`;
    return this.redis.orFallback(
      'Login rate limit',
      async (redis) => {
        const [[, count], [, ttl]] = (await redis.multi().incr(key).pttl(key).exec()) as [
          [null, number],
          [null, number],
        ];
        if (ttl < 0) await redis.pexpire(key, 60_000);
        return count > this.config.security.loginRateLimitPerMinute
          ? Math.max(1, Math.ceil(ttl / 1000))
          : undefined;
      },
      undefined,
    );
  }
}
