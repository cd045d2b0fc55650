import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { PortalLinksService } from './portal-links.service';

/**
 * Issuing, finding and revoking portal links. Apart from the portal's routes so that the features
 * whose workflows send a link (assessments, offboarding) can use it without depending on the portal.
 */
@Module({
  imports: [IdentityModule],
  providers: [PortalLinksService],
  exports: [PortalLinksService],
})
export class PortalLinksModule {}
