import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * A statement PostgreSQL plans once per connection and then reuses (a named prepared statement), on a
 * connection of the pool and outside any transaction: for statements on a hot path whose planning costs
 * more than their execution (the gate's facts, one statement over many tables). `name` must always go
 * with the same `text`.
 */
export async function preparedQuery<T>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  return (await pool.query({ name, text, values })).rows as T[];
}
