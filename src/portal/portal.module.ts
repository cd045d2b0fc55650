import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { IdentityModule } from '../identity/identity.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { OffboardingModule } from '../offboarding/offboarding.module';
import { ProcessorsModule } from '../processors/processors.module';
import { PortalGuard } from './portal-access';
import { PortalController } from './portal.controller';
import { PortalService } from './portal.service';
import { PortalLinksController } from './portal-links.controller';
import { PortalLinksModule } from '../portal-links/portal-links.module';
import { PortalRateLimiter } from './portal-rate-limiter';

/** The processor portal: legal's links, and the routes a processor's contact uses through one. */
@Module({
  imports: [
    PortalLinksModule,
    IdentityModule,
    ProcessorsModule,
    AssessmentsModule,
    IncidentsModule,
    OffboardingModule,
  ],
  controllers: [PortalLinksController, PortalController],
  providers: [PortalService, PortalGuard, PortalRateLimiter],
})
export class PortalModule {}
