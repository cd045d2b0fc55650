import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { IdentityModule } from '../identity/identity.module';
import { SweepController } from './sweep.controller';
import { SweepJobs } from './sweep.jobs';
import { SweepService } from './sweep.service';

/**
 * The daily sweep: the run, its lock and its e-mails; scheduled and on request. What it changes and
 * reminds of are the features' `@OnSweep` steps, found at start-up.
 */
@Module({
  imports: [DiscoveryModule, IdentityModule],
  controllers: [SweepController],
  providers: [SweepService, SweepJobs],
})
export class SweepModule {}
