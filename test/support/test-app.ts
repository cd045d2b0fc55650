import { ModuleMetadata, Type } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import IORedis from 'ioredis';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { AppConfig } from '../../src/config/app-config';
import { Clock, TestClock } from '../../src/platform/clock/clock';
import { dropDatabase } from '../../src/platform/database/prepare-database';
import { configureHttpApp } from '../../src/platform/http/configure-app';
import { OutboxRelay } from '../../src/platform/queue/outbox.relay';
import { ApiClient, apiClient, Caller } from './client';
import { TestSmtpServer } from './smtp';
import { baseDatabaseUrl, databaseUrl, redisUrl, templateDatabase, testRunId } from './test-env';

export interface TestAppOptions {
  /** Extra environment for this app (e.g. a REDIS_URL through a proxy). */
  env?: Record<string, string>;
  /** Test-only controllers or providers, e.g. a route that throws. */
  controllers?: Type[];
  providers?: ModuleMetadata['providers'];
  /** Where the test clock starts. */
  now?: string;
  /** How the app reaches its database (e.g. through a TCP proxy); the test's own URL otherwise. */
  databaseUrl?: (databaseName: string) => string;
}

export interface TestApp {
  app: NestExpressApplication;
  http: TestAgent;
  /** The API as `who` (a user's token, `{apiKey}`, `{portal}`, or `null` for nobody): `t.as(user).get('/me')`. */
  as(who: Caller): ApiClient;
  clock: TestClock;
  config: AppConfig;
  smtp: TestSmtpServer;
  dataSource: DataSource;
  databaseName: string;
  get<T>(token: Type<T> | string | symbol): T;
  /**
   * Runs SQL as the database's owner (a superuser here), as a hostile insider or an operator would; the
   * app itself (`dataSource`) works as the runtime role, which owns nothing.
   */
  ownerQuery<T = Record<string, unknown>>(sql: string, parameters?: unknown[]): Promise<T[]>;
  /** Runs work on one connection of the owner (e.g. `SET session_replication_role` then a DELETE). */
  asOwner<T>(work: (owner: Client) => Promise<T>): Promise<T>;
  /** Moves committed outbox rows to the queue now instead of waiting for the relay's next tick. */
  flushOutbox(): Promise<number>;
  close(): Promise<void>;
}

let counter = 0;

async function cloneTemplate(name: string): Promise<void> {
  const client = new Client({ connectionString: `${baseDatabaseUrl()}/postgres` });
  await client.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}"`);
        return;
      } catch (error) {
        // Another file is cloning the same template at this instant; try again shortly.
        if ((error as { code?: string }).code !== '55006' || attempt > 20) throw error;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  } finally {
    await client.end();
  }
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new IORedis(redisUrl(), { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * The whole of Custos (API and worker, MODE=all) on a database and queue prefix of its own, a real
 * SMTP server, and a clock the test moves.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const slot = `${process.env.JEST_WORKER_ID ?? '0'}_${process.pid}_${++counter}`;
  const databaseName = `custos_test_${testRunId()}_${slot}`;
  const queuePrefix = `ct_${testRunId()}_${slot}`;
  await cloneTemplate(databaseName);
  const smtp = await new TestSmtpServer().start();
  const files = await mkdtemp(join(tmpdir(), 'custos-test-'));
  const config = AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    DATABASE_URL: (options.databaseUrl ?? databaseUrl)(databaseName),
    REDIS_URL: redisUrl(),
    QUEUE_PREFIX: queuePrefix,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Custos <custos@test.localhost>',
    STORAGE_DIR: join(files, 'storage'),
    MAIL_OUTBOX_DIR: join(files, 'mail'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    OUTBOX_POLL_MS: '100',
    JOB_ATTEMPTS: '3',
    RATE_LIMIT_PER_MINUTE: '100000',
    MODE: 'all',
    ...options.env,
  });
  const clock = new TestClock(options.now);
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.register(config)],
    controllers: options.controllers ?? [],
    providers: options.providers ?? [],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    bufferLogs: true,
  });
  configureHttpApp(app, config);
  await app.init();

  const asOwner = async <T>(work: (owner: Client) => Promise<T>): Promise<T> => {
    const owner = new Client({ connectionString: config.databaseUrl });
    await owner.connect();
    try {
      return await work(owner);
    } finally {
      await owner.end();
    }
  };

  const http = request(app.getHttpServer());
  return {
    app,
    http,
    as: (who: Caller) => apiClient(http, who),
    clock,
    config,
    smtp,
    databaseName,
    dataSource: app.get(DataSource),
    get: <T>(token: Type<T> | string | symbol) => app.get<T>(token),
    asOwner,
    ownerQuery: <T>(sql: string, parameters?: unknown[]) =>
      asOwner(async (owner) => (await owner.query(sql, parameters)).rows as T[]),
    flushOutbox: () => app.get(OutboxRelay).flush(),
    close: async () => {
      await app.close();
      await smtp.stop();
      await dropDatabase(databaseUrl(databaseName));
      await deleteRedisKeys(queuePrefix);
      await rm(files, { recursive: true, force: true });
    },
  };
}
