import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { ProcessorsModule } from '../processors/processors.module';
import { VocabulariesModule } from '../vocabularies/vocabularies.module';
import { AgreementJobs } from './agreements.jobs';
import { AgreementsController } from './agreements.controller';
import { AgreementsService } from './agreements.service';
import { TransferImpactAssessmentsController } from './transfer-impact-assessments.controller';
import { TransferImpactAssessmentsService } from './transfer-impact-assessments.service';
import { AgreementsSweep } from './agreements.sweep';
import { TransferToolsSweep } from './transfer-tools.sweep';

/** Data processing agreements: scope, Art. 28(3) clauses, signatures, transfer mechanisms; sub-processor windows. */
@Module({
  imports: [IdentityModule, ProcessorsModule, VocabulariesModule],
  controllers: [AgreementsController, TransferImpactAssessmentsController],
  providers: [
    AgreementsService,
    TransferImpactAssessmentsService,
    AgreementsSweep,
    TransferToolsSweep,
    AgreementJobs,
  ],
  exports: [AgreementsService, TransferImpactAssessmentsService],
})
export class AgreementsModule {}
