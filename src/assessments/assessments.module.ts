import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { PortalLinksModule } from '../portal-links/portal-links.module';
import { ProcessorsModule } from '../processors/processors.module';
import { VocabulariesModule } from '../vocabularies/vocabularies.module';
import { AssessmentJobs } from './assessments.jobs';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsService } from './assessments.service';
import { AssessmentsSweep } from './assessments.sweep';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

/** Questionnaire templates, assessments, evidence, scoring and the four-eyes decision. */
@Module({
  imports: [IdentityModule, ProcessorsModule, VocabulariesModule, MonitoringModule, PortalLinksModule],
  controllers: [TemplatesController, AssessmentsController],
  providers: [TemplatesService, AssessmentsService, AssessmentsSweep, AssessmentJobs],
  exports: [AssessmentsService],
})
export class AssessmentsModule {}
