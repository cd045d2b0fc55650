import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { OffboardingModule } from '../offboarding/offboarding.module';
import { ProcessorsModule } from '../processors/processors.module';
import { TransfersModule } from '../transfers/transfers.module';
import { DashboardController } from './dashboard.controller';

/** The console's start page: what needs someone now, one summary route per panel. */
@Module({
  imports: [
    ProcessorsModule,
    AgreementsModule,
    MonitoringModule,
    IncidentsModule,
    OffboardingModule,
    TransfersModule,
  ],
  controllers: [DashboardController],
})
export class DashboardModule {}
