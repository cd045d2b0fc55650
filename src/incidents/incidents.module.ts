import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { IdentityModule } from '../identity/identity.module';
import { ProcessorsModule } from '../processors/processors.module';
import { RecordsProfileModule } from '../organization-profile/records-profile.module';
import { VocabulariesModule } from '../vocabularies/vocabularies.module';
import { IncidentsController } from './incidents.controller';
import { IncidentReportRenderer } from './incident-report.renderer';
import { IncidentJobs } from './incidents.jobs';
import { IncidentsService } from './incidents.service';

/** Personal-data breaches notified by processors or the controller's own, with the controller's 72-hour clock. */
@Module({
  imports: [ProcessorsModule, IdentityModule, VocabulariesModule, AssessmentsModule, RecordsProfileModule],
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentJobs, IncidentReportRenderer],
  exports: [IncidentsService],
})
export class IncidentsModule {}
