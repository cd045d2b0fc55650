import { Module } from '@nestjs/common';
import { MonitoringService } from './monitoring.service';

/** Scheduled checks of engaged processors, findings and their remediation. */
@Module({ providers: [MonitoringService], exports: [MonitoringService] })
export class MonitoringModule {}
