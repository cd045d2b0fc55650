import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config/app-config';
import { dataSourceOptions } from './data-source-options';

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
})
export class DatabaseModule {}
