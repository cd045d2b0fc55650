import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../src/config/app-config';
import { ensureDatabase, runMigrations } from '../../src/platform/database/prepare-database';
import { ensureRuntimeRole } from '../../src/platform/database/runtime-role';
import { databaseUrl, TEST_RUN_VAR, templateDatabase } from './test-env';

/**
 * Once per `npm test`: a run id, and a template database with every migration applied. Each e2e file
 * clones the template into a database of its own and uses a queue prefix of its own; the app works in it
 * as the runtime role, which owns nothing.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env[TEST_RUN_VAR]) return; // both jest projects share one run
  process.env[TEST_RUN_VAR] = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const url = databaseUrl(templateDatabase());
  await ensureDatabase(url);
  await runMigrations(url);
  // The grants live in the template's catalog, so every clone carries them.
  await ensureRuntimeRole(url, AppConfig.fromEnvironment({ DATABASE_URL: url }).databaseAppUrl);
}
