import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The one description of Custos' database, shared by the Nest app, the CLI and the migration scripts.
 * Entities and migrations are found by file name so that the same options work from src/ (ts-jest,
 * ts-node) and from dist/ (compiled).
 */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
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
    extra: { max: 10 },
  };
}
