import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { Tenancy } from '../database/tenant-repository';

@Global()
@Module({
  providers: [AuditService, Tenancy],
  controllers: [AuditController],
  exports: [AuditService, Tenancy],
})
export class AuditModule {}
