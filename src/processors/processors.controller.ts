import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/access/access.decorators';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { mapPage, Page } from '../platform/http/pagination';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import {
  CreateProcessorDto,
  ProcessorPageResponse,
  ProcessorQuery,
  ProcessorResponse,
  UpdateProcessorDto,
} from './dto/processor.dto';
import { ProcessorsService } from './processors.service';

@ApiTags('processors')
@Controller('processors')
@RequirePermission('processors.read')
export class ProcessorsController {
  constructor(private readonly processors: ProcessorsService) {}

  @Post()
  @RequirePermission('processors.write')
  @ApiOperation({
    summary: 'Register a processor (or, with parentId, a sub-processor); it starts as proposed',
  })
  @ApiCreatedResponse({ type: ProcessorResponse })
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateProcessorDto): Promise<ProcessorResponse> {
    return ProcessorResponse.from(await this.processors.create(ctx, body));
  }

  @Get()
  @ApiOperation({ summary: 'Processors, filtered by status, country or text; archived ones only on request' })
  @ApiOkResponse({ type: ProcessorPageResponse })
  async list(@Ctx() ctx: RequestContext, @Query() query: ProcessorQuery): Promise<Page<ProcessorResponse>> {
    return mapPage(await this.processors.list(ctx, query), (p) => ProcessorResponse.from(p));
  }

  @Get(':id')
  @ApiOkResponse({ type: ProcessorResponse })
  async get(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<ProcessorResponse> {
    return ProcessorResponse.from(await this.processors.get(ctx, id));
  }

  @Patch(':id')
  @RequirePermission('processors.write')
  @ApiOkResponse({ type: ProcessorResponse })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateProcessorDto,
  ): Promise<ProcessorResponse> {
    return ProcessorResponse.from(await this.processors.update(ctx, id, body));
  }

  @Post(':id/archive')
  @RequirePermission('processors.write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive a processor (nothing is deleted)' })
  @ApiOkResponse({ type: ProcessorResponse })
  async archive(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<ProcessorResponse> {
    return ProcessorResponse.from(await this.processors.archive(ctx, id));
  }
}
