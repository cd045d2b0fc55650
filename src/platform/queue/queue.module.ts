import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobQueue } from './job-queue.service';
import { JobRegistry } from './job-registry';
import { JobRunner } from './job-runner';
import { OutboxRelay } from './outbox.relay';
import { OutboxService } from './outbox.service';

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [JobRegistry, JobQueue, JobRunner, OutboxRelay, OutboxService],
  exports: [JobQueue, JobRunner, OutboxRelay, OutboxService],
})
export class QueueModule {}
