import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { sha256Hex } from '../identity/credentials';
import { Clock } from '../platform/clock/clock';
import { DomainError, ErrorKind } from '../platform/errors/domain-error';
import { RedisService, withTimeout } from '../platform/redis/redis.service';

/** How long the portal waits for Redis before it counts in memory instead. */
const REDIS_TIMEOUT_MS = 200;
const WINDOW_MS = 60_000;
/** Bound on the in-memory fallback's counters; the oldest windows go first. */
const MAX_LOCAL_KEYS = 50_000;

export class PortalRateLimited extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(ErrorKind.RateLimited, 'PORTAL_RATE_LIMITED', 'Too many requests', {
      detail: 'Too many requests through this link or from this address; try again shortly.',
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

interface Window {
  hits: number;
  resetAt: number;
}

/**
 * Portal requests per link and per IP address per minute, counted in Redis so that every API replica
 * shares them. The token is counted by its SHA-256, never in clear. When Redis does not answer within
 * 200 ms the same limits are counted in this process's memory (per replica, so at most replicas × the
 * limit): an outage neither opens the portal to unlimited guessing nor locks contacts out.
 */
@Injectable()
export class PortalRateLimiter {
  private readonly logger = new Logger(PortalRateLimiter.name);
  private readonly local = new Map<string, Window>();
  private degraded = false;

  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Counts a request; throws PortalRateLimited when the address or the token is over its limit. */
  async hit(ip: string | undefined, token: string | undefined): Promise<void> {
    const limits = this.config.portalRateLimits;
    const counters: [string, number][] = [[`ip:${ip ?? 'unknown'}`, limits.perIp]];
    if (token) counters.push([`link:${sha256Hex(token)}`, limits.perLink]);
    const counts = await this.count(counters.map(([key]) => key));
    const over = counts.filter((c, i) => c.hits > counters[i][1]);
    if (over.length) {
      throw new PortalRateLimited(Math.max(1, Math.ceil(Math.max(...over.map((c) => c.ttlMs)) / 1000)));
    }
  }

  private async count(keys: string[]): Promise<{ hits: number; ttlMs: number }[]> {
    try {
      const multi = this.redis.client.multi();
      for (const key of keys) {
        const full = `${this.config.queuePrefix}:portal-rate:${key}`;
        multi.incr(full).pexpire(full, WINDOW_MS, 'NX').pttl(full);
      }
      const replies = (await withTimeout(multi.exec(), REDIS_TIMEOUT_MS)) ?? [];
      if (this.degraded) this.logger.log('Portal rate limits are counted in Redis again');
      this.degraded = false;
      return keys.map((_, i) => ({
        hits: Number(replies[i * 3]?.[1] ?? 0),
        ttlMs: Math.max(0, Number(replies[i * 3 + 2]?.[1] ?? WINDOW_MS)),
      }));
    } catch (error) {
      if (!this.degraded) {
        this.logger.warn(
          `Portal rate limits counted in memory, Redis unavailable: ${(error as Error).message}`,
        );
      }
      this.degraded = true;
      return keys.map((key) => this.countLocally(key));
    }
  }

  private countLocally(key: string): { hits: number; ttlMs: number } {
    const now = this.clock.now().getTime();
    let window = this.local.get(key);
    if (!window || window.resetAt <= now) {
      if (this.local.size >= MAX_LOCAL_KEYS) {
        for (const [k, w] of this.local) if (w.resetAt <= now) this.local.delete(k);
        if (this.local.size >= MAX_LOCAL_KEYS) this.local.delete(this.local.keys().next().value as string);
      }
      window = { hits: 0, resetAt: now + WINDOW_MS };
      this.local.set(key, window);
    }
    window.hits += 1;
    return { hits: window.hits, ttlMs: window.resetAt - now };
  }
}
