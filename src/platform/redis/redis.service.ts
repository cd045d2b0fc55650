import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import IORedis, { Redis, RedisOptions } from 'ioredis';
import { once } from 'node:events';
import { AppConfig } from '../../config/app-config';

/**
 * Owns every Redis connection of the process. BullMQ workers need blocking connections that retry
 * forever; producers and request-path clients fail fast so that an outage never hangs a request.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * After a request-path Redis call failed or timed out, the next ones take their fallback at once for
 * this long instead of each waiting out the timeout; then one call tries Redis again.
 */
export const REDIS_BACKOFF_MS = 2000;

@Injectable()
export class RedisService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  private readonly connections = new Set<Redis>();
  private shared?: Redis;
  private skipUntil = 0;
  private readonly failing = new Set<string>();

  constructor(private readonly config: AppConfig) {}

  /** Connects the request-path client at start-up: it has no offline queue, so a first call must find it ready. */
  onModuleInit(): void {
    void this.client;
  }

  /**
   * A fail-fast client for the request path (rate limits, health): no offline queue, and every command
   * rejects after REDIS_COMMAND_TIMEOUT_MS, also when a partition leaves the connection open but silent.
   * Commands that requests issue in the same turn of the event loop go out in one write (auto-pipelining):
   * under load, one socket write and one read serve many requests' rate limits and key checks.
   */
  get client(): Redis {
    this.shared ??= this.create('client', {
      enableOfflineQueue: false,
      enableAutoPipelining: true,
      maxRetriesPerRequest: 1,
      commandTimeout: this.config.timeouts.redisCommandMs,
    });
    return this.shared;
  }

  /**
   * A Redis call on the request path with its decided fallback: the call gets REDIS_COMMAND_TIMEOUT_MS,
   * and when it fails (or failed within the last REDIS_BACKOFF_MS) the request goes on with `fallback`.
   * `use` names the use in the one log line an outage writes.
   */
  async orFallback<T>(use: string, call: (redis: Redis) => Promise<T>, fallback: T): Promise<T> {
    if (Date.now() < this.skipUntil) return fallback;
    try {
      const result = await withTimeout(call(this.client), this.config.timeouts.redisCommandMs);
      if (this.failing.delete(use)) this.logger.log(`${use}: Redis answers again`);
      return result;
    } catch (error) {
      this.skipUntil = Date.now() + REDIS_BACKOFF_MS;
      if (!this.failing.has(use)) {
        this.failing.add(use);
        this.logger.warn(`${use}: Redis unavailable, falling back: ${(error as Error).message}`);
      }
      return fallback;
    }
  }

  /** Resolves when Redis answers PING on the request-path client, waiting for a connection still being made. */
  async ping(): Promise<void> {
    const client = this.client;
    if (client.status !== 'ready') await once(client, 'ready');
    const pong = await client.ping();
    if (pong !== 'PONG') throw new Error('unexpected answer to PING');
  }

  /** A connection for a BullMQ Queue used as producer: commands fail at once while Redis is down. */
  producer(name: string): Redis {
    return this.create(`producer:${name}`, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: Math.max(this.config.timeouts.redisCommandMs, 2000),
    });
  }

  /** A connection for a BullMQ Worker: blocking commands, retried for as long as it takes. */
  worker(name: string): Redis {
    return this.create(`worker:${name}`, { maxRetriesPerRequest: null, enableOfflineQueue: true });
  }

  get prefix(): string {
    return this.config.queuePrefix;
  }

  private create(name: string, options: RedisOptions): Redis {
    const connection = new IORedis(this.config.redisUrl, {
      ...options,
      connectionName: `custos:${name}`,
      connectTimeout: 5000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    let down = false;
    connection.on('error', (error: Error) => {
      if (!down) this.logger.warn(`Redis connection ${name} unavailable: ${error.message}`);
      down = true;
    });
    connection.on('ready', () => {
      if (down) this.logger.log(`Redis connection ${name} is back`);
      down = false;
    });
    this.connections.add(connection);
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [...this.connections].map(async (c) => {
        if (c.status !== 'ready') return c.disconnect();
        await withTimeout(c.quit(), 1000).catch(() => c.disconnect());
      }),
    );
    this.connections.clear();
  }
}
