import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { IdentityModule } from '../identity/identity.module';
import { PortalLinksModule } from '../portal-links/portal-links.module';
import { ProcessorsModule } from '../processors/processors.module';
import { RecordsModule } from '../records/records.module';
import { VocabulariesModule } from '../vocabularies/vocabularies.module';
import { CertificateRenderer } from './certificate.renderer';
import { OffboardingController } from './offboarding.controller';
import { OffboardingService } from './offboarding.service';
import { OffboardingSweep } from './offboarding.sweep';

/** End of contract: termination, return or destruction, and the certificate anyone can verify. */
@Module({
  imports: [
    AgreementsModule,
    ProcessorsModule,
    IdentityModule,
    VocabulariesModule,
    RecordsModule,
    PortalLinksModule,
  ],
  controllers: [OffboardingController],
  providers: [OffboardingService, OffboardingSweep, CertificateRenderer],
  exports: [OffboardingService, CertificateRenderer],
})
export class OffboardingModule {}
