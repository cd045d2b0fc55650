import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { AssessmentsModule } from '../assessments/assessments.module';
import { IdentityModule } from '../identity/identity.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { ProcessorsModule } from '../processors/processors.module';
import { VocabulariesModule } from '../vocabularies/vocabularies.module';
import { ProcessingActivitiesController } from './processing-activities.controller';
import { ProcessingActivitiesService } from './processing-activities.service';
import { ProcessorRecordService } from './processor-record.service';
import { RecordExportsController } from './record-exports.controller';
import { RecordExportsService } from './record-exports.service';
import { RecordReader } from './record-reader.service';
import { RecordJobs } from './records.jobs';
import { RecordsController } from './records.controller';
import { RecordsProfileService } from '../organization-profile/records-profile.service';

/** Records of processing activities (Art. 30): profile, controller and processor record, history, exports. */
@Module({
  imports: [
    IdentityModule,
    ProcessorsModule,
    AgreementsModule,
    AssessmentsModule,
    IncidentsModule,
    VocabulariesModule,
  ],
  controllers: [RecordsController, ProcessingActivitiesController, RecordExportsController],
  providers: [
    RecordsProfileService,
    ProcessingActivitiesService,
    ProcessorRecordService,
    RecordReader,
    RecordExportsService,
    RecordJobs,
  ],
  exports: [ProcessingActivitiesService],
})
export class RecordsModule {}
