import type { Pool, PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * A statement PostgreSQL plans once per connection and then reuses (a named prepared statement): for
 * statements on a hot path whose planning costs more than their execution (the gate's facts, one
 * statement over many tables). `name` must always go with the same `text`. In the manager's transaction
 * when it has one, otherwise on a connection of the pool.
 */
export async function preparedQuery<T>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (runner?.isTransactionActive) {
    const client = (await runner.connect()) as PoolClient;
    return (await client.query({ name, text, values })).rows as T[];
  }
  const pool = (manager.connection.driver as unknown as { master: Pool }).master;
  return (await pool.query({ name, text, values })).rows as T[];
}
