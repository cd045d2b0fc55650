import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { AppConfig } from '../../config/app-config';
import { connectionTimeouts } from './data-source-options';

/** A name for a prepared statement, the same for the same text (a statement whose text is built from code). */
export function statementName(prefix: string, text: string): string {
  return `${prefix}_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
}

/** Connections the prepared statements keep; each prepares a statement once, on first use. */
const CONNECTIONS = 4;

/**
 * Statements on a hot path that PostgreSQL plans once per connection and then reuses: named prepared
 * statements on connections of their own whose plan cache always keeps the generic plan. On the app's
 * other connections PostgreSQL plans a parameterised statement anew for each execution, which for one
 * statement over many tables (the gate's facts) costs several times its execution. A statement given
 * here must be written so that its generic plan is good for every value (each table reached by its key,
 * never a scan filtered afterwards); `name` must always go with the same `text`. Outside any transaction.
 */
@Injectable()
export class PreparedStatements implements OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(config: AppConfig) {
    this.pool = new Pool({
      connectionString: config.databaseAppUrl,
      max: CONNECTIONS,
      options: '-c plan_cache_mode=force_generic_plan',
      ...connectionTimeouts({
        connectMs: config.timeouts.databaseConnectMs,
        statementMs: config.timeouts.databaseStatementMs,
        idleInTransactionMs: config.timeouts.databaseIdleInTransactionMs,
      }),
    });
    // A connection that dies while idle is dropped by the pool; the next statement gets a new one.
    this.pool.on('error', () => undefined);
  }

  async query<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    return (await this.pool.query({ name, text, values })).rows as T[];
  }

  onApplicationShutdown(): Promise<void> {
    return this.pool.end();
  }
}
