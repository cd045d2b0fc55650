import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/access/access.decorators';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { mapPage, Page } from '../platform/http/pagination';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import {
  ActivityVersionResponse,
  AsOfQuery,
  CreateProcessingActivityDto,
  ProcessingActivityPageResponse,
  ProcessingActivityQuery,
  ProcessingActivityResponse,
  UpdateProcessingActivityDto,
} from './dto/processing-activity.dto';
import { ActivityView, ProcessingActivitiesService } from './processing-activities.service';
import type { ActivitySnapshot } from './record-types';
import { AnswersWith } from '../platform/errors/feature-errors';
import { RecordsErrors } from './records.errors';

const view = (v: ActivityView) => ProcessingActivityResponse.from(v.activity, v.derived);

@ApiTags('records')
@AnswersWith(RecordsErrors)
@Controller('processing-activities')
@RequirePermission('records.read')
export class ProcessingActivitiesController {
  constructor(private readonly activities: ProcessingActivitiesService) {}

  @Post()
  @RequirePermission('records.write')
  @ApiOperation({
    summary: 'Record a processing activity (Art. 30(1)); recipients and transfers are derived',
  })
  @ApiCreatedResponse({ type: ProcessingActivityResponse })
  async create(
    @Ctx() ctx: RequestContext,
    @Body() body: CreateProcessingActivityDto,
  ): Promise<ProcessingActivityResponse> {
    return view(await this.activities.create(ctx, body));
  }

  @Get()
  @ApiOperation({ summary: 'Processing activities by name, now or as of the end of a past day' })
  @ApiOkResponse({ type: ProcessingActivityPageResponse })
  async list(
    @Ctx() ctx: RequestContext,
    @Query() query: ProcessingActivityQuery,
  ): Promise<Page<ProcessingActivityResponse>> {
    return mapPage(await this.activities.list(ctx, query), view);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One activity with its derived recipients, transfers and flags' })
  @ApiOkResponse({ type: ProcessingActivityResponse })
  async get(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Query() query: AsOfQuery,
  ): Promise<ProcessingActivityResponse> {
    return view(await this.activities.get(ctx, id, query.asOf));
  }

  @Get(':id/versions')
  @ApiOperation({ summary: 'Every recorded version of the activity, oldest first' })
  @ApiOkResponse({ type: [ActivityVersionResponse] })
  async versions(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
  ): Promise<ActivityVersionResponse[]> {
    return (await this.activities.versions(ctx, id)).map((v) => ({
      version: v.version,
      validFrom: v.validFrom.toISOString(),
      validTo: v.validTo?.toISOString() ?? null,
      changedBy: v.changedBy,
      activity: v.data as unknown as ActivitySnapshot,
    }));
  }

  @Patch(':id')
  @RequirePermission('records.write')
  @ApiOperation({ summary: 'Change an activity; the previous version stays in the history' })
  @ApiOkResponse({ type: ProcessingActivityResponse })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateProcessingActivityDto,
  ): Promise<ProcessingActivityResponse> {
    return view(await this.activities.update(ctx, id, body));
  }

  @Post(':id/archive')
  @RequirePermission('records.write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive an activity (never deleted; earlier states still show it)' })
  @ApiOkResponse({ type: ProcessingActivityResponse })
  async archive(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
  ): Promise<ProcessingActivityResponse> {
    return view(await this.activities.archive(ctx, id));
  }
}
