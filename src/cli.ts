import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configOrExit, prepareDatabase } from './bootstrap';
import { CliUsageError, parseArgs } from './platform/cli/cli-command';
import { CliRunner } from './platform/cli/cli.runner';
import { configureHttpApp } from './platform/http/configure-app';

/** Operator commands: `npm run cli -- <command> --option value`. Runs no workers and serves nothing. */
async function main(): Promise<number> {
  const { command, args } = parseArgs(process.argv.slice(2));
  const config = configOrExit({ MODE: 'api', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  await prepareDatabase(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  configureHttpApp(app, config);
  await app.init();
  const runner = app.get(CliRunner);
  try {
    if (!command || command === 'help' || args.help) {
      process.stdout.write(`${runner.usage()}\n`);
      return command ? 0 : 64;
    }
    await runner.run(command, args, app);
    return 0;
  } catch (error) {
    if (error instanceof CliUsageError || (error as { kind?: string }).kind === 'validation') {
      process.stderr.write(`${(error as Error).message}\n`);
      return 64;
    }
    throw error;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
