/** Names shared by the global setup, every test file and the teardown of one `npm test` run. */
export const TEST_RUN_VAR = 'CUSTOS_TEST_RUN';

export function testRunId(): string {
  const id = process.env[TEST_RUN_VAR];
  if (!id) throw new Error('The e2e tests must run through jest with test/support/global-setup.ts');
  return id;
}

export const baseDatabaseUrl = (): string =>
  process.env.CUSTOS_TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';

export const databaseUrl = (name: string): string => `${baseDatabaseUrl()}/${name}`;

export const templateDatabase = (): string => `custos_test_${testRunId()}_template`;

export const redisUrl = (): string => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
