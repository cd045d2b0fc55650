import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { RequirePermission } from '../../platform/access/access.decorators';
import { AuditService } from '../../platform/audit/audit.service';
import { Clock } from '../../platform/clock/clock';
import { Ctx, type RequestContext } from '../../platform/context/request-context';
import { OutboxService } from '../../platform/queue/outbox.service';
import { MonitoringSweepJob } from './sweep.queue';

class SweepQueuedResponse {
  @ApiProperty({ description: 'Queue job id of this run' }) id: string;
  @ApiProperty({ example: 'queued' }) status: string;
}

@ApiTags('monitoring')
@Controller('monitoring/sweeps')
export class SweepController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @RequirePermission('monitoring.sweep')
  @HttpCode(202)
  @ApiOperation({ summary: "Run the daily sweep now for the organisation (the scheduler's job)" })
  @ApiAcceptedResponse({ type: SweepQueuedResponse })
  async run(@Ctx() ctx: RequestContext): Promise<SweepQueuedResponse> {
    const id = await this.dataSource.transaction(async (manager) => {
      const jobId = await this.outbox.enqueue(manager, MonitoringSweepJob, {
        organizationId: ctx.organizationId,
        trigger: 'manual',
        requestedAt: this.clock.now().toISOString(),
      });
      await this.audit.record(manager, ctx, {
        action: 'monitoring.sweep_requested',
        entityType: 'sweep',
        entityId: jobId,
      });
      return jobId;
    });
    return { id, status: 'queued' };
  }
}
