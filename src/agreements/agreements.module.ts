import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { ProcessorsModule } from '../processors/processors.module';
import { VocabulariesModule } from '../vocabularies/vocabularies.module';
import { AgreementJobs } from './agreements.jobs';
import { AgreementsController } from './agreements.controller';
import { AgreementsService } from './agreements.service';

/** Data processing agreements: scope, Art. 28(3) clauses, signatures, transfer mechanisms; sub-processor windows. */
@Module({
  imports: [IdentityModule, ProcessorsModule, VocabulariesModule],
  controllers: [AgreementsController],
  providers: [AgreementsService, AgreementJobs],
  exports: [AgreementsService],
})
export class AgreementsModule {}
