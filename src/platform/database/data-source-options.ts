import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** How long Custos waits on PostgreSQL; migrations and the CLI run without these bounds. */
export interface DatabaseTimeouts {
  connectMs: number;
  statementMs: number;
  idleInTransactionMs: number;
}

/**
 * Connection settings that keep a slow or partitioned PostgreSQL from holding requests: a bounded wait
 * for a connection, a server-side statement timeout (and the same wait on the client, which also ends
 * when the network drops packets and the server's own timeout can never answer), idle transactions ended
 * by the server, and TCP keepalive so that dead connections are found.
 */
export function connectionTimeouts(timeouts: DatabaseTimeouts): Record<string, unknown> {
  return {
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    query_timeout: timeouts.statementMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/**
 * The one description of Custos' database, shared by the Nest app, the CLI and the migration scripts.
 * Entities and migrations are found by file name so that the same options work from src/ (ts-jest,
 * ts-node) and from dist/ (compiled).
 */
export function dataSourceOptions(databaseUrl: string, timeouts?: DatabaseTimeouts): DataSourceOptions {
  const srcDir = join(__dirname, '..', '..');
  return {
    type: 'postgres',
    url: databaseUrl,
    uuidExtension: 'pgcrypto',
    entities: [join(srcDir, '**', '*.entity.{ts,js}')],
    migrations: [join(srcDir, '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn'],
    extra: { max: 10, ...(timeouts ? connectionTimeouts(timeouts) : {}) },
  };
}
