import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  UploadedFile,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/access/access.decorators';
import { HistoryEntryResponse, HistoryPageResponse } from '../platform/audit/audit.controller';
import { AuditService } from '../platform/audit/audit.service';
import { AcceptsFile } from '../platform/storage/accepts-file.decorator';
import { Clock } from '../platform/clock/clock';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { mapPage, Page, PageQuery } from '../platform/http/pagination';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import {
  AuthorizationDecisionDto,
  CreateProcessorDto,
  FlowDownContractDto,
  ProcessorPageResponse,
  ProcessorQuery,
  ProcessorResponse,
  SubProcessorListComparison,
  UpdateProcessorDto,
} from './dto/processor.dto';
import { ProcessorsService } from './processors.service';
import { AnswersWith } from '../platform/errors/feature-errors';
import { ProcessorErrors } from './processors.errors';

@ApiTags('processors')
@AnswersWith(ProcessorErrors)
@Controller('processors')
@RequirePermission('processors.read')
export class ProcessorsController {
  constructor(
    private readonly processors: ProcessorsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @RequirePermission('processors.write')
  @ApiOperation({
    summary: 'Register a processor (or, with parentId, a sub-processor); it starts as proposed',
  })
  @ApiCreatedResponse({ type: ProcessorResponse })
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateProcessorDto): Promise<ProcessorResponse> {
    return ProcessorResponse.from(await this.processors.create(ctx, body), this.clock.today());
  }

  @Get()
  @ApiOperation({
    summary: 'Processors, filtered by status, country, risk rating or text; archived ones only on request',
  })
  @ApiOkResponse({ type: ProcessorPageResponse })
  async list(@Ctx() ctx: RequestContext, @Query() query: ProcessorQuery): Promise<Page<ProcessorResponse>> {
    return mapPage(await this.processors.list(ctx, query), (p) =>
      ProcessorResponse.from(p, this.clock.today()),
    );
  }

  @Get(':id')
  @ApiOkResponse({ type: ProcessorResponse })
  @ApiOperation({ summary: 'A processor' })
  async get(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<ProcessorResponse> {
    return ProcessorResponse.from(await this.processors.get(ctx, id), this.clock.today());
  }

  @Get(':id/history')
  @ApiOkResponse({ type: HistoryPageResponse })
  @ApiOperation({ summary: "A processor's history from the audit trail, newest first" })
  async history(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Query() query: PageQuery,
  ): Promise<Page<HistoryEntryResponse>> {
    await this.processors.get(ctx, id);
    const page = await this.audit.list(ctx, { ...query, entityType: 'processor', entityId: id });
    return mapPage(page, HistoryEntryResponse.from);
  }

  @Patch(':id')
  @RequirePermission('processors.write')
  @ApiOkResponse({ type: ProcessorResponse })
  @ApiOperation({ summary: "Change a processor's details (not its status)" })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateProcessorDto,
  ): Promise<ProcessorResponse> {
    return ProcessorResponse.from(await this.processors.update(ctx, id, body), this.clock.today());
  }

  @Post(':id/archive')
  @RequirePermission('processors.write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive a processor (nothing is deleted)' })
  @ApiOkResponse({ type: ProcessorResponse })
  async archive(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<ProcessorResponse> {
    return ProcessorResponse.from(await this.processors.archive(ctx, id), this.clock.today());
  }

  @Post(':id/authorization')
  @RequirePermission('processors.write')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Authorise a sub-processor, or object to it within its objection window (Art. 28(2))',
  })
  @ApiOkResponse({ type: ProcessorResponse })
  async authorize(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: AuthorizationDecisionDto,
  ): Promise<ProcessorResponse> {
    const processor = await this.processors.decideAuthorization(ctx, id, body.decision, body.note);
    return ProcessorResponse.from(processor, this.clock.today());
  }

  @Put(':id/flow-down-contract')
  @RequirePermission('processors.write')
  @ApiOperation({
    summary:
      'Record the contract between a sub-processor and the processor that engages it (Art. 28(4)), with the clause checklist',
  })
  @ApiOkResponse({ type: ProcessorResponse })
  async flowDown(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: FlowDownContractDto,
  ): Promise<ProcessorResponse> {
    return ProcessorResponse.from(await this.processors.recordFlowDown(ctx, id, body), this.clock.today());
  }

  @Post(':id/sub-processor-list/comparison')
  @RequirePermission('processors.write')
  @HttpCode(200)
  @AcceptsFile()
  @ApiOperation({
    summary:
      "Compare the processor's published sub-processor list (CSV: name, country, processing countries, services) with what Custos knows",
  })
  @ApiOkResponse({ type: SubProcessorListComparison })
  async compareList(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @UploadedFile() file: { originalname: string; mimetype: string; buffer: Buffer } | undefined,
  ): Promise<SubProcessorListComparison> {
    return this.processors.compareSubProcessorList(ctx, id, file);
  }
}
