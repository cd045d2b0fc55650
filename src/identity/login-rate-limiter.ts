import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RedisService } from '../platform/redis/redis.service';

/**
 * Login attempts per IP address per minute, counted in Redis so all API replicas share them. It is
 * deliberately generous and checked only after the account's own lockout, which always answers first.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly logger = new Logger(LoginRateLimiter.name);

  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {}

  /** Counts an attempt; resolves with the seconds to wait when the address is over its limit. */
  async hit(ip: string | undefined): Promise<number | undefined> {
    const key = `${this.config.queuePrefix}:login-ip:${ip ?? 'unknown'}`;
    try {
      const [[, count], [, ttl]] = (await this.redis.client.multi().incr(key).pttl(key).exec()) as [
        [null, number],
        [null, number],
      ];
      if (ttl < 0) await this.redis.client.pexpire(key, 60_000);
      return count > this.config.security.loginRateLimitPerMinute
        ? Math.max(1, Math.ceil(ttl / 1000))
        : undefined;
    } catch (error) {
      this.logger.warn(`Login rate limit not counted, Redis unavailable: ${(error as Error).message}`);
      return undefined;
    }
  }
}
