import { Module } from '@nestjs/common';
import { ProcessorsModule } from '../processors/processors.module';
import { MonitoringController } from './monitoring.controller';
import { MonitoringService } from './monitoring.service';

/** Scheduled and ad-hoc checks of engaged processors, findings and their remediation. */
@Module({
  imports: [ProcessorsModule],
  controllers: [MonitoringController],
  providers: [MonitoringService],
  exports: [MonitoringService],
})
export class MonitoringModule {}
