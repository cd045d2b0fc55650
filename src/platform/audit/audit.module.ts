import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { AuditGroupCommit } from './audit-group-commit';
import { AuditCheckpoints } from './audit-checkpoints.service';
import { AuditJobs } from './audit.jobs';
import { AuditKeyring } from './audit-keys';

@Global()
@Module({
  providers: [AuditService, AuditGroupCommit, AuditKeyring, AuditCheckpoints, AuditJobs],
  controllers: [AuditController],
  exports: [AuditService, AuditGroupCommit, AuditKeyring],
})
export class AuditModule {}
