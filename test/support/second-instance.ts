import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { AppConfig } from '../../src/config/app-config';
import { Clock, TestClock } from '../../src/platform/clock/clock';
import { TestApp } from './test-app';

/** Another replica of Custos beside a TestApp: same database, Redis queue prefix and SMTP server. */
export interface SecondInstance {
  context: TestingModule;
  clock: TestClock;
  config: AppConfig;
  dataSource: DataSource;
  /** Stops this replica only; the database, the queue and the SMTP server belong to the TestApp. */
  close(): Promise<void>;
}

/**
 * Starts a second Custos process-alike (by default `MODE=worker`: queue workers, the outbox relay and the
 * job schedulers, no HTTP) on the resources of `t`, as a second replica in production would share them.
 * Close it before closing `t`, which drops the database and the queue keys.
 */
export async function startSecondInstance(
  t: TestApp,
  options: { env?: Record<string, string>; now?: string } = {},
): Promise<SecondInstance> {
  const config = AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    DATABASE_URL: t.config.databaseUrl,
    REDIS_URL: t.config.redisUrl,
    QUEUE_PREFIX: t.config.queuePrefix,
    ...(t.config.mail.smtpUrl ? { SMTP_URL: t.config.mail.smtpUrl } : {}),
    MAIL_FROM: t.config.mail.from,
    STORAGE_DIR: t.config.storageDir,
    MAIL_OUTBOX_DIR: t.config.mail.outboxDir,
    LOG_LEVEL: t.config.logLevel,
    OUTBOX_POLL_MS: String(t.config.jobs.outboxPollMs),
    JOB_ATTEMPTS: String(t.config.jobs.attempts),
    RATE_LIMIT_PER_MINUTE: String(t.config.rateLimitPerMinute),
    SWEEP_CRON: t.config.jobs.sweepCron,
    MIGRATIONS_RUN: 'false',
    MODE: 'worker',
    ...options.env,
  });
  const clock = new TestClock(options.now ?? t.clock.now());
  const context = await Test.createTestingModule({ imports: [AppModule.register(config)] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  await context.init();
  return {
    context,
    clock,
    config,
    dataSource: context.get(DataSource),
    close: () => context.close(),
  };
}
