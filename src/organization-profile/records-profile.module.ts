import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { RecordHistory } from '../history/record-history.service';
import { RecordsProfileService } from './records-profile.service';

/**
 * The organisation profile (controller, representative, DPO) on its own, for features the records
 * module itself depends on (the breach report names the controller's DPO from it).
 */
@Module({
  imports: [IdentityModule],
  providers: [RecordHistory, RecordsProfileService],
  exports: [RecordsProfileService],
})
export class RecordsProfileModule {}
