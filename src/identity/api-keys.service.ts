import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import type { RequestContext, Role, TenantScope } from '../platform/context/request-context';
import { Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { ValidationFailed } from '../platform/errors/domain-error';
import { Page } from '../platform/http/pagination';
import { RedisService, withTimeout } from '../platform/redis/redis.service';
import { ApiKey } from './api-key.entity';
import { randomToken, safeEqual, sha256Hex } from './credentials';
import { IdentityErrors } from './identity.errors';

const DAY_MS = 86_400_000;
/** An API key lives a year unless its creator says otherwise, and never more than two. */
const API_KEY_DEFAULT_DAYS = 365;
const API_KEY_MAX_DAYS = 731;

const KEY_FORMAT = /^cus_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const TOUCH_INTERVAL_MS = 60_000;
/** How long the epoch read may take before a lookup goes to the database instead. */
const EPOCH_TIMEOUT_MS = 100;
/** A backstop: a cached key is looked up again after this long even if no epoch change was seen. */
const CACHE_TTL_MS = 60_000;

interface CachedKey {
  apiKey: ApiKey;
  epoch: string;
  loadedAt: number;
}

/** Keys for integrations (e.g. a procurement system asking the transfer gate). Shown once, kept hashed. */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly keys: TenantRepository<ApiKey>;
  /**
   * Keys looked up recently, by prefix. An entry is good only while the shared epoch in Redis is the one
   * it was loaded under: every revocation bumps the epoch after it commits, so every API process drops its
   * entries on the very next request. Without an answer from Redis the lookup goes to the database.
   */
  private readonly cache = new Map<string, CachedKey>();

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly redis: RedisService,
  ) {
    this.keys = tenancy.repository(ApiKey, 'API key', 'api_key');
  }

  private get epochKey(): string {
    return `${this.redis.prefix}:api-keys:epoch`;
  }

  /**
   * The shared epoch of API keys; undefined when Redis does not answer in time. Never rejects: the
   * epoch of a request is asked as soon as it arrives (`ApiKeyEpochPrefetch`), alongside its rate limit.
   */
  async epoch(): Promise<string | undefined> {
    try {
      return (await withTimeout(this.redis.client.get(this.epochKey), EPOCH_TIMEOUT_MS)) ?? '0';
    } catch {
      return undefined;
    }
  }

  /** After a change commits: every process's cached keys are stale from now on. */
  private async bumpEpoch(): Promise<void> {
    this.cache.clear();
    for (let attempt = 1; ; attempt++) {
      try {
        await withTimeout(this.redis.client.incr(this.epochKey), 1_000);
        return;
      } catch (error) {
        if (attempt >= 3) {
          // Other processes bypass their caches while Redis does not answer them; the TTL bounds the rest.
          this.logger.error(`Could not announce an API key change: ${(error as Error).message}`);
          return;
        }
      }
    }
  }

  async create(
    ctx: RequestContext,
    input: { name: string; roles: Role[]; expiresAt?: Date },
  ): Promise<{ apiKey: ApiKey; key: string }> {
    if (input.roles.includes('admin')) {
      throw ValidationFailed.field('roles', 'an API key cannot hold the admin role', 'apiKeyRoles');
    }
    const now = this.clock.now();
    const expiresAt = input.expiresAt ?? new Date(now.getTime() + API_KEY_DEFAULT_DAYS * DAY_MS);
    if (expiresAt <= now) {
      throw ValidationFailed.field('expiresAt', 'must be in the future', 'future');
    }
    if (expiresAt > new Date(now.getTime() + API_KEY_MAX_DAYS * DAY_MS)) {
      throw ValidationFailed.field('expiresAt', 'must be at most two years ahead', 'maxLifetime');
    }
    const prefix = randomBytes(8).toString('hex');
    const key = `cus_${prefix}_${randomToken(32)}`;
    const apiKey = await this.dataSource.transaction((manager) =>
      this.keys.insert(manager, ctx, {
        name: input.name.trim(),
        roles: [...new Set(input.roles)],
        expiresAt,
        prefix,
        keyHash: sha256Hex(key),
        createdBy: ctx.actor.id,
      }),
    );
    return { apiKey, key };
  }

  list(scope: TenantScope, page: { page: number; pageSize: number }): Promise<Page<ApiKey>> {
    return this.keys.page(scope, page, { order: { createdAt: 'DESC' } });
  }

  async revoke(ctx: RequestContext, id: string): Promise<ApiKey> {
    const revoked = await this.dataSource.transaction(async (manager) => {
      const apiKey = await this.keys.getById(ctx, id, manager, true);
      if (apiKey.revokedAt)
        throw IdentityErrors.conflict('API_KEY_REVOKED', 'The API key is already revoked.');
      return this.keys.update(manager, ctx, apiKey, { revokedAt: this.clock.now() }, 'api_key.revoked');
    });
    await this.bumpEpoch();
    return revoked;
  }

  /**
   * The key behind an `X-API-Key` header when it is genuine, not revoked and not expired; `epoch` is the
   * epoch read when the request arrived (read now when not given).
   */
  async authenticate(presented: string, epoch?: Promise<string | undefined>): Promise<ApiKey | undefined> {
    const match = KEY_FORMAT.exec(presented.trim());
    if (!match) return undefined;
    const apiKey = await this.lookup(match[1], epoch ?? this.epoch());
    if (!apiKey || !safeEqual(apiKey.keyHash, sha256Hex(presented.trim()))) return undefined;
    const now = this.clock.now();
    if (apiKey.revokedAt || apiKey.expiresAt <= now) return undefined;
    if (!apiKey.lastUsedAt || now.getTime() - apiKey.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      apiKey.lastUsedAt = now;
      // eslint-disable-next-line no-restricted-syntax -- authentication: marks the key used, before any tenant scope exists
      await this.dataSource.manager
        .update(ApiKey, { id: apiKey.id }, { lastUsedAt: now })
        .catch((error: Error) => this.logger.warn(`Could not record API key use: ${error.message}`));
    }
    return apiKey;
  }

  private async lookup(prefix: string, epochRead: Promise<string | undefined>): Promise<ApiKey | null> {
    const epoch = await epochRead;
    const cached = this.cache.get(prefix);
    if (
      cached &&
      epoch !== undefined &&
      cached.epoch === epoch &&
      Date.now() - cached.loadedAt < CACHE_TTL_MS
    )
      return cached.apiKey;
    // eslint-disable-next-line no-restricted-syntax -- authentication: a key is found by its prefix, before its organisation is known
    const apiKey = await this.dataSource.manager.findOne(ApiKey, { where: { prefix } });
    if (apiKey && epoch !== undefined) {
      if (this.cache.size >= 10_000) this.cache.clear();
      this.cache.set(prefix, { apiKey, epoch, loadedAt: Date.now() });
    } else this.cache.delete(prefix);
    return apiKey;
  }
}
