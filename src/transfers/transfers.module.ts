import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { ProcessorsModule } from '../processors/processors.module';
import { VocabulariesModule } from '../vocabularies/vocabularies.module';
import { TransferChecksController } from './transfer-checks.controller';
import { TransferChecksService } from './transfer-checks.service';

/** The transfer-eligibility gate and its decision log. */
@Module({
  imports: [ProcessorsModule, AgreementsModule, MonitoringModule, IncidentsModule, VocabulariesModule],
  controllers: [TransferChecksController],
  providers: [TransferChecksService],
  exports: [TransferChecksService],
})
export class TransfersModule {}
