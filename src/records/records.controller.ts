import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/access/access.decorators';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { mapPage, Page } from '../platform/http/pagination';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import { contactOf, representativeOf } from './dto/common.dto';
import {
  CreateProcessorRecordEntryDto,
  ProcessorEntryVersionResponse,
  ProcessorRecordEntryResponse,
  ProcessorRecordPageResponse,
  ProcessorRecordQuery,
  UpdateProcessorRecordEntryDto,
} from './dto/processor-record.dto';
import { AsOfQuery } from './dto/processing-activity.dto';
import { ProfileDto, ProfileResponse } from './dto/profile.dto';
import { ProcessorEntryInput, ProcessorRecordService } from './processor-record.service';
import type { ProcessorEntrySnapshot } from './record-types';
import { RecordsProfileService } from '../organization-profile/records-profile.service';
import { AnswersWith } from '../platform/errors/feature-errors';
import { RecordsErrors } from './records.errors';

/** Contacts arrive as DTOs with optional parts; the record stores every part, null when absent. */
function entryInput(body: Partial<CreateProcessorRecordEntryDto>): Partial<ProcessorEntryInput> {
  const { controllerContact, controllerRepresentative, controllerDpo, ...rest } = body;
  return {
    ...rest,
    ...(controllerContact !== undefined ? { controllerContact: contactOf(controllerContact)! } : {}),
    ...(controllerRepresentative !== undefined
      ? { controllerRepresentative: representativeOf(controllerRepresentative) }
      : {}),
    ...(controllerDpo !== undefined ? { controllerDpo: contactOf(controllerDpo) } : {}),
  };
}

@ApiTags('records')
@AnswersWith(RecordsErrors)
@Controller('records')
@RequirePermission('records.read')
export class RecordsController {
  constructor(
    private readonly profiles: RecordsProfileService,
    private readonly processorRecord: ProcessorRecordService,
  ) {}

  @Get('profile')
  @ApiOperation({ summary: 'The organisation profile: controller, representative and DPO of every record' })
  @ApiOkResponse({ type: ProfileResponse })
  async profile(@Ctx() ctx: RequestContext, @Query() query: AsOfQuery): Promise<ProfileResponse> {
    return ProfileResponse.from(await this.profiles.get(ctx, query.asOf));
  }

  @Put('profile')
  @RequirePermission('records.write')
  @ApiOperation({ summary: 'Replace the organisation profile; the previous one stays in the history' })
  @ApiOkResponse({ type: ProfileResponse })
  async putProfile(@Ctx() ctx: RequestContext, @Body() body: ProfileDto): Promise<ProfileResponse> {
    return ProfileResponse.from(
      await this.profiles.put(ctx, {
        controllerName: body.controllerName,
        address: body.address,
        contactEmail: body.contactEmail.toLowerCase(),
        contactPhone: body.contactPhone ?? null,
        representative: representativeOf(body.representative),
        dpo: contactOf(body.dpo),
      }),
    );
  }

  @Post('processor-record/entries')
  @RequirePermission('records.write')
  @ApiOperation({ summary: 'Record a controller the organisation processes for (Art. 30(2))' })
  @ApiCreatedResponse({ type: ProcessorRecordEntryResponse })
  async createEntry(
    @Ctx() ctx: RequestContext,
    @Body() body: CreateProcessorRecordEntryDto,
  ): Promise<ProcessorRecordEntryResponse> {
    return ProcessorRecordEntryResponse.from(
      await this.processorRecord.create(ctx, entryInput(body) as ProcessorEntryInput),
    );
  }

  @Get('processor-record/entries')
  @ApiOperation({ summary: 'The processor record, by controller, now or as of the end of a past day' })
  @ApiOkResponse({ type: ProcessorRecordPageResponse })
  async listEntries(
    @Ctx() ctx: RequestContext,
    @Query() query: ProcessorRecordQuery,
  ): Promise<Page<ProcessorRecordEntryResponse>> {
    return mapPage(await this.processorRecord.list(ctx, query), ProcessorRecordEntryResponse.from);
  }

  @Get('processor-record/entries/:id')
  @ApiOperation({ summary: 'One entry of the processor record, now or as of the end of a past day' })
  @ApiOkResponse({ type: ProcessorRecordEntryResponse })
  async getEntry(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Query() query: AsOfQuery,
  ): Promise<ProcessorRecordEntryResponse> {
    return ProcessorRecordEntryResponse.from(await this.processorRecord.get(ctx, id, query.asOf));
  }

  @Get('processor-record/entries/:id/versions')
  @ApiOperation({ summary: 'Every recorded version of the entry, oldest first' })
  @ApiOkResponse({ type: [ProcessorEntryVersionResponse] })
  async entryVersions(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
  ): Promise<ProcessorEntryVersionResponse[]> {
    return (await this.processorRecord.versions(ctx, id)).map((v) => ({
      version: v.version,
      validFrom: v.validFrom.toISOString(),
      validTo: v.validTo?.toISOString() ?? null,
      changedBy: v.changedBy,
      entry: v.data as unknown as ProcessorEntrySnapshot,
    }));
  }

  @Patch('processor-record/entries/:id')
  @RequirePermission('records.write')
  @ApiOperation({ summary: 'Change an entry; the previous version stays in the history' })
  @ApiOkResponse({ type: ProcessorRecordEntryResponse })
  async updateEntry(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateProcessorRecordEntryDto,
  ): Promise<ProcessorRecordEntryResponse> {
    const { version, ...rest } = body;
    return ProcessorRecordEntryResponse.from(
      await this.processorRecord.update(ctx, id, { ...entryInput(rest), version }),
    );
  }

  @Post('processor-record/entries/:id/archive')
  @RequirePermission('records.write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive an entry (never deleted)' })
  @ApiOkResponse({ type: ProcessorRecordEntryResponse })
  async archiveEntry(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
  ): Promise<ProcessorRecordEntryResponse> {
    return ProcessorRecordEntryResponse.from(await this.processorRecord.archive(ctx, id));
  }
}
