import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { RecordsProfileService } from './records-profile.service';

/**
 * The organisation profile (controller, representative, DPO) on its own, for features the records
 * module itself depends on (the breach report names the controller's DPO from it).
 */
@Module({
  imports: [IdentityModule],
  providers: [RecordsProfileService],
  exports: [RecordsProfileService],
})
export class RecordsProfileModule {}
