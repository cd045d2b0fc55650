import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import IORedis, { Redis, RedisOptions } from 'ioredis';
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

@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  private readonly connections = new Set<Redis>();
  private shared?: Redis;

  constructor(private readonly config: AppConfig) {}

  /** A fail-fast client for the request path (rate limits, health, locks). */
  get client(): Redis {
    this.shared ??= this.create('client', { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    return this.shared;
  }

  /** A connection for a BullMQ Queue used as producer: commands fail at once while Redis is down. */
  producer(name: string): Redis {
    return this.create(`producer:${name}`, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
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
