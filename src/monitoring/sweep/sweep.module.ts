import { Module } from '@nestjs/common';
import { AgreementsModule } from '../../agreements/agreements.module';
import { AssessmentsModule } from '../../assessments/assessments.module';
import { IdentityModule } from '../../identity/identity.module';
import { OffboardingModule } from '../../offboarding/offboarding.module';
import { SweepController } from './sweep.controller';
import { SweepJobs } from './sweep.jobs';
import { SweepService } from './sweep.service';

/** The daily monitoring sweep: statuses, reminders, escalations, authorisations; scheduled and on request. */
@Module({
  imports: [IdentityModule, AssessmentsModule, AgreementsModule, OffboardingModule],
  controllers: [SweepController],
  providers: [SweepService, SweepJobs],
})
export class SweepModule {}
