import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { RequirePermission } from '../platform/access/access.decorators';
import { AuditService } from '../platform/audit/audit.service';
import { Clock } from '../platform/clock/clock';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { mapPage, Page, PageQuery } from '../platform/http/pagination';
import { OutboxService } from '../platform/queue/outbox.service';
import { MonitoringSweepJob } from './sweep.queue';
import { SweepRunView, SweepService } from './sweep.service';

class SweepQueuedResponse {
  @ApiProperty({ description: 'Queue job id of this run' }) id: string;
  @ApiProperty({ example: 'queued' }) status: string;
}

class SweepRunResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['schedule', 'manual'] }) trigger: 'schedule' | 'manual';
  @ApiProperty({ format: 'date', description: 'The day the run swept' }) day: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Null while it runs' })
  finishedAt: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: 'object',
    additionalProperties: { type: 'integer' },
    description:
      'What the run did, by count (checksDue, checksOverdue, findingsOverdue, remindersQueued …); null for a scheduled run over every organisation',
    example: { checksDue: 2, checksOverdue: 1, remindersQueued: 3 },
  })
  stats: Record<string, number> | null;

  static from(run: SweepRunView): SweepRunResponse {
    return {
      id: run.id,
      trigger: run.trigger,
      day: run.day,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      stats: run.stats,
    };
  }
}

class SweepRunPageResponse {
  @ApiProperty({ type: [SweepRunResponse] }) items: SweepRunResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

@ApiTags('monitoring')
@Controller('monitoring/sweeps')
export class SweepController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly sweeps: SweepService,
  ) {}

  @Get()
  @RequirePermission('monitoring.sweep')
  @ApiOperation({ summary: 'The last sweep runs, newest first, with what each did' })
  @ApiOkResponse({ type: SweepRunPageResponse })
  async list(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<SweepRunResponse>> {
    return mapPage(await this.sweeps.runs(ctx, query), (r) => SweepRunResponse.from(r));
  }

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
