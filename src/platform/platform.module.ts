import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { AuditModule } from './audit/audit.module';
import { CliModule } from './cli/cli.module';
import { ClockModule } from './clock/clock.module';
import { DatabaseModule } from './database/database.module';
import { ProblemFilter } from './errors/problem.filter';
import { createValidationPipe } from './errors/validation';
import { HealthModule } from './health/health.module';
import { HistoryModule } from './history/history.module';
import { RedisThrottlerStorage } from './http/redis-throttler.storage';
import { LoggingModule } from './logging/logging.module';
import { MailModule } from './mail/mail.module';
import { PdfModule } from './pdf/pdf.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';
import { RedisService } from './redis/redis.service';
import { StorageModule } from './storage/storage.module';
import { TenancyModule } from './tenancy/tenancy.module';

/** The cross-cutting mechanisms every feature relies on. */
@Module({
  imports: [
    LoggingModule,
    CliModule,
    AuditModule,
    ClockModule,
    DatabaseModule,
    HistoryModule,
    TenancyModule,
    RedisModule,
    StorageModule,
    QueueModule,
    MailModule,
    PdfModule,
    HealthModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, RedisService],
      useFactory: (config: AppConfig, redis: RedisService) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.rateLimitPerMinute }],
        storage: new RedisThrottlerStorage(redis, config.queuePrefix),
      }),
    }),
  ],
  providers: [
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
  ],
})
export class PlatformModule {}
