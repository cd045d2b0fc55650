import { Module } from '@nestjs/common';
import { ProcessorsModule } from '../processors/processors.module';
import { MonitoringController } from './monitoring.controller';
import { MonitoringService } from './monitoring.service';
import { MonitoringSweep } from './monitoring.sweep';

/** Scheduled and ad-hoc checks of engaged processors, findings and their remediation. */
@Module({
  imports: [ProcessorsModule],
  controllers: [MonitoringController],
  providers: [MonitoringService, MonitoringSweep],
  exports: [MonitoringService],
})
export class MonitoringModule {}
