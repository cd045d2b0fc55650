import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { PreparedStatements } from './prepared-statements';

/** The database: TypeORM's data source, and the prepared statements of the hot paths. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.databaseAppUrl, {
          connectMs: config.timeouts.databaseConnectMs,
          statementMs: config.timeouts.databaseStatementMs,
          idleInTransactionMs: config.timeouts.databaseIdleInTransactionMs,
        }),
        autoLoadEntities: false,
      }),
    }),
  ],
  providers: [PreparedStatements],
  exports: [PreparedStatements],
})
export class DatabaseModule {}
