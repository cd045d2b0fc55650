import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { ConfigError } from './config/env';
import { ensureDatabase, runMigrations } from './platform/database/prepare-database';
import { ensureRuntimeRole } from './platform/database/runtime-role';
import { configureHttpApp } from './platform/http/configure-app';

function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Reads the configuration; a bad value ends the process with one sentence naming the variable. */
export function configOrExit(overrides: NodeJS.ProcessEnv = {}): AppConfig {
  try {
    return AppConfig.fromEnvironment({ ...process.env, ...overrides });
  } catch (error) {
    if (error instanceof ConfigError) {
      say(`Custos cannot start. ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/**
 * Creates the database when missing and, unless MIGRATIONS_RUN=false, applies pending migrations and
 * provisions the runtime role (DATABASE_APP_URL) with its grants, all as the owner (DATABASE_URL).
 */
export async function prepareDatabase(config: AppConfig): Promise<void> {
  if (await ensureDatabase(config.databaseUrl))
    say(`Created database ${new URL(config.databaseUrl).pathname.slice(1)}`);
  if (config.migrationsRun) {
    const applied = await runMigrations(config.databaseUrl);
    if (applied.length) say(`Applied migrations: ${applied.join(', ')}`);
    if (!(await ensureRuntimeRole(config.databaseUrl, config.databaseAppUrl)))
      say('DATABASE_APP_URL names the owner: the application can rewrite its own audit trail.');
  }
}

export async function startApi(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureHttpApp(app, config);
  await app.listen(config.port);
  app
    .get(Logger)
    .log(`Custos ${config.mode === 'all' ? 'API and worker' : 'API'} listening on port ${config.port}`);
  return app;
}

export async function startWorker(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.register(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  app.get(Logger).log('Custos worker started: queue handlers, outbox relay and job schedulers');
  return app;
}

export function fail(error: unknown): never {
  say(`Custos stopped: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && process.env.LOG_LEVEL === 'debug') say(error.stack ?? '');
  process.exit(1);
}
