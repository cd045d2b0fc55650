import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { AgreementsModule } from './agreements/agreements.module';
import { AssessmentsModule } from './assessments/assessments.module';
import { IdentityModule } from './identity/identity.module';
import { IncidentsModule } from './incidents/incidents.module';
import { MonitoringModule } from './monitoring/monitoring.module';
import { SweepModule } from './sweep/sweep.module';
import { OffboardingModule } from './offboarding/offboarding.module';
import { OperatorModule } from './operator/operator.module';
import { PlatformModule } from './platform/platform.module';
import { PortalModule } from './portal/portal.module';
import { ProcessorsModule } from './processors/processors.module';
import { RecordsModule } from './records/records.module';
import { TransfersModule } from './transfers/transfers.module';
import { VocabulariesModule } from './vocabularies/vocabularies.module';

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        PlatformModule,
        // First of the features, so that the transfer gate's routes are the first the router tries.
        TransfersModule,
        IdentityModule,
        VocabulariesModule,
        ProcessorsModule,
        AssessmentsModule,
        AgreementsModule,
        MonitoringModule,
        SweepModule,
        IncidentsModule,
        RecordsModule,
        OffboardingModule,
        PortalModule,
        OperatorModule,
        DashboardModule,
      ],
    };
  }
}
