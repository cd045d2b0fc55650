import {
  Body,
  Controller,
  Get,
  Param,
  Patch,
  Post,
  Query,
  StreamableFile,
  UploadedFile,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AcceptsFile } from '../platform/storage/accepts-file.decorator';
import { download } from '../platform/http/download';
import { RequirePermission } from '../platform/access/access.decorators';
import { Clock } from '../platform/clock/clock';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { mapPage, Page } from '../platform/http/pagination';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import {
  IncidentPageResponse,
  IncidentQuery,
  IncidentResponse,
  RegisterQuery,
  ReportIncidentDto,
  UpdateIncidentDto,
} from './dto/incident.dto';
import { Incident } from './incident.entity';
import { IncidentsService } from './incidents.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('incidents')
@Controller()
@RequirePermission('incidents.read')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly clock: Clock,
  ) {}

  @Post('processors/:id/incidents')
  @RequirePermission('incidents.write')
  @ApiOperation({ summary: 'Record a breach the processor notified; the 72-hour clock starts at awareAt' })
  @ApiCreatedResponse({ type: IncidentResponse })
  async report(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) processorId: string,
    @Body() body: ReportIncidentDto,
  ): Promise<IncidentResponse> {
    return this.respond(ctx, await this.incidents.report(ctx, processorId, body));
  }

  @Post('incidents')
  @RequirePermission('incidents.write')
  @ApiOperation({
    summary: 'Record a breach at the controller itself (no processor); the 72-hour clock starts at awareAt',
  })
  @ApiCreatedResponse({ type: IncidentResponse })
  async reportOwn(@Ctx() ctx: RequestContext, @Body() body: ReportIncidentDto): Promise<IncidentResponse> {
    return this.respond(ctx, await this.incidents.reportOwn(ctx, body));
  }

  @Get('incidents')
  @ApiOperation({ summary: 'The breach register, newest first, filtered by processor or status' })
  @ApiOkResponse({ type: IncidentPageResponse })
  async list(@Ctx() ctx: RequestContext, @Query() query: IncidentQuery): Promise<Page<IncidentResponse>> {
    const now = this.clock.now();
    const page = await this.incidents.list(ctx, query);
    const names = await this.incidents.names(ctx, page.items);
    return mapPage(page, (i) => IncidentResponse.from(i, now, names));
  }

  @Get('incidents/register')
  @ApiOperation({ summary: 'The whole breach register (Art. 33(5)) as a printable XLSX workbook or a PDF' })
  @ApiProduces('application/pdf', XLSX)
  async register(@Ctx() ctx: RequestContext, @Query() query: RegisterQuery): Promise<StreamableFile> {
    const file = await this.incidents.register(ctx, query.format);
    return new StreamableFile(file, {
      type: query.format === 'xlsx' ? XLSX : 'application/pdf',
      length: file.length,
      disposition: `attachment; filename="breach-register.${query.format}"`,
    });
  }

  @Get('incidents/:id')
  @ApiOperation({ summary: 'A breach and where its notifications stand' })
  @ApiOkResponse({ type: IncidentResponse })
  async get(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<IncidentResponse> {
    return this.respond(ctx, await this.incidents.get(ctx, id));
  }

  @Post('incidents/:id/documents')
  @RequirePermission('incidents.write')
  @AcceptsFile()
  @ApiCreatedResponse({ type: IncidentResponse })
  @ApiOperation({ summary: "Attach a document: the processor's notice, the notification to the authority…" })
  async addDocument(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @UploadedFile() file: { originalname: string; mimetype: string; buffer: Buffer } | undefined,
  ): Promise<IncidentResponse> {
    return this.respond(ctx, await this.incidents.addDocument(ctx, id, file));
  }

  @Get('incidents/:id/documents/:documentId')
  @ApiOperation({ summary: 'Download a document of a breach' })
  async document(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Param('documentId', UuidParam) documentId: string,
  ): Promise<StreamableFile> {
    const { document, stream } = await this.incidents.documentFile(ctx, id, documentId);
    return download(stream, document);
  }

  @Get('incidents/:id/report')
  @ApiOperation({
    summary:
      'The breach report as a PDF: what Art. 33(3) asks of a notification, the risk assessment and notifications',
  })
  @ApiProduces('application/pdf')
  async reportPdf(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<StreamableFile> {
    const { incident, pdf } = await this.incidents.reportPdf(ctx, id);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      length: pdf.length,
      disposition: `attachment; filename="breach-report-${incident.id}.pdf"`,
    });
  }

  @Patch('incidents/:id')
  @RequirePermission('incidents.write')
  @ApiOperation({
    summary: 'Add what became known, assess the risk, record the notifications, contain or close the breach',
  })
  @ApiOkResponse({ type: IncidentResponse })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateIncidentDto,
  ): Promise<IncidentResponse> {
    return this.respond(ctx, await this.incidents.update(ctx, id, body));
  }

  private async respond(ctx: RequestContext, incident: Incident): Promise<IncidentResponse> {
    return IncidentResponse.from(incident, this.clock.now(), await this.incidents.names(ctx, [incident]));
  }
}
