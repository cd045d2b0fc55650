import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/access/access.decorators';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { mapPage, Page, PageQuery } from '../platform/http/pagination';
import { download } from '../platform/http/download';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import {
  CreateRecordExportDto,
  RecordExportPageResponse,
  RecordExportQueuedResponse,
  RecordExportResponse,
} from './dto/record-export.dto';
import { RecordExportsService } from './record-exports.service';
import { AnswersWith } from '../platform/errors/feature-errors';
import { RecordsErrors } from './records.errors';

@ApiTags('records')
@AnswersWith(RecordsErrors)
@Controller('records/exports')
@RequirePermission('records.export')
export class RecordExportsController {
  constructor(private readonly exports: RecordExportsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Export the whole record (XLSX, CSV, JSON or PDF), now or as of the end of a past day',
    description: 'The export is made by a queued job; the requester is e-mailed when it is ready.',
  })
  @ApiAcceptedResponse({ type: RecordExportQueuedResponse })
  async create(
    @Ctx() ctx: RequestContext,
    @Body() body: CreateRecordExportDto,
  ): Promise<RecordExportQueuedResponse> {
    const created = await this.exports.request(ctx, body);
    return { id: created.id, status: 'queued' };
  }

  @Get()
  @ApiOperation({ summary: 'Exports, newest first' })
  @ApiOkResponse({ type: RecordExportPageResponse })
  async list(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<RecordExportResponse>> {
    return mapPage(await this.exports.list(ctx, query), RecordExportResponse.from);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An export: queued, running, completed (with its SHA-256) or failed (with why)' })
  @ApiOkResponse({ type: RecordExportResponse })
  async get(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<RecordExportResponse> {
    return RecordExportResponse.from(await this.exports.get(ctx, id));
  }

  @Get(':id/file')
  @ApiOperation({ summary: 'The file of a completed export (409 while it is not)' })
  @ApiProduces(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'text/csv',
    'application/json',
    'application/pdf',
  )
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  async file(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<StreamableFile> {
    const { export: found, stream } = await this.exports.file(ctx, id);
    return download(stream, {
      contentType: found.contentType ?? 'application/octet-stream',
      size: found.size,
      filename: found.filename ?? `${found.id}.${found.format}`,
    });
  }
}
