import IORedis from 'ioredis';
import { Client } from 'pg';
import { baseDatabaseUrl, redisUrl, TEST_RUN_VAR, testRunId } from './test-env';

/** Drops every database and Redis key this run created, even those a crashed test file left behind. */
export default async function globalTeardown(): Promise<void> {
  if (!process.env[TEST_RUN_VAR] || process.env.CUSTOS_TEST_TORN_DOWN) return;
  process.env.CUSTOS_TEST_TORN_DOWN = '1';
  const run = testRunId();
  const client = new Client({ connectionString: `${baseDatabaseUrl()}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`custos_test_${run}_%`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  const redis = new IORedis(redisUrl(), { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `ct_${run}_*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
