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
  StreamableFile,
  UploadedFile,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AcceptsFile } from '../platform/storage/accepts-file.decorator';
import { RequirePermission } from '../platform/access/access.decorators';
import { Clock } from '../platform/clock/clock';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { mapPage, Page } from '../platform/http/pagination';
import { download } from '../platform/http/download';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import {
  CadenceDto,
  CheckPageResponse,
  CheckQuery,
  CheckResponse,
  CreateCheckDto,
  FindingPageResponse,
  FindingQuery,
  FindingResponse,
  RecordedCheckResponse,
  RecordResultDto,
  UpdateFindingDto,
} from './dto/monitoring.dto';
import { MonitoringService } from './monitoring.service';
import { AnswersWith } from '../platform/errors/feature-errors';
import { MonitoringErrors } from './monitoring.errors';
import { ProcessorErrors } from '../processors/processors.errors';

@ApiTags('monitoring')
@AnswersWith(MonitoringErrors, ProcessorErrors.pick('PROCESSOR_ARCHIVED'))
@Controller()
@RequirePermission('monitoring.read')
export class MonitoringController {
  constructor(
    private readonly monitoring: MonitoringService,
    private readonly clock: Clock,
  ) {}

  @Get('monitoring-checks')
  @ApiOperation({ summary: 'Monitoring checks, filtered by processor, status or due date' })
  @ApiOkResponse({ type: CheckPageResponse })
  async listChecks(@Ctx() ctx: RequestContext, @Query() query: CheckQuery): Promise<Page<CheckResponse>> {
    return mapPage(await this.monitoring.listChecks(ctx, query), (c) => CheckResponse.from(c));
  }

  @Get('monitoring-checks/:id')
  @ApiOkResponse({ type: CheckResponse })
  @ApiOperation({ summary: 'A monitoring check' })
  async getCheck(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<CheckResponse> {
    return CheckResponse.from(await this.monitoring.getCheck(ctx, id));
  }

  @Post('processors/:id/monitoring-checks')
  @RequirePermission('monitoring.write')
  @ApiOperation({ summary: 'Add an ad-hoc check (audit, certification or agreement review…)' })
  @ApiCreatedResponse({ type: CheckResponse })
  async addCheck(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) processorId: string,
    @Body() body: CreateCheckDto,
  ): Promise<CheckResponse> {
    return CheckResponse.from(await this.monitoring.addCheck(ctx, processorId, body));
  }

  @Post('monitoring-checks/:id/result')
  @RequirePermission('monitoring.write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Document a check: result, notes, findings; the next periodic check is planned' })
  @ApiOkResponse({ type: RecordedCheckResponse })
  async recordResult(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: RecordResultDto,
  ): Promise<RecordedCheckResponse> {
    const { check, findings } = await this.monitoring.recordResult(ctx, id, body);
    const today = this.clock.today();
    return { ...CheckResponse.from(check), findings: findings.map((f) => FindingResponse.from(f, today)) };
  }

  @Post('monitoring-checks/:id/evidence')
  @RequirePermission('monitoring.write')
  @AcceptsFile()
  @ApiCreatedResponse({ type: CheckResponse })
  @ApiOperation({ summary: 'Attach an evidence file to a check' })
  async addEvidence(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @UploadedFile() file: { originalname: string; mimetype: string; buffer: Buffer } | undefined,
  ): Promise<CheckResponse> {
    return CheckResponse.from(await this.monitoring.addCheckEvidence(ctx, id, file));
  }

  @Get('monitoring-checks/:id/evidence/:evidenceId')
  @ApiOperation({ summary: 'Download an evidence file of a check' })
  async evidence(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Param('evidenceId', UuidParam) evidenceId: string,
  ): Promise<StreamableFile> {
    const { evidence, stream } = await this.monitoring.checkEvidenceFile(ctx, id, evidenceId);
    return download(stream, evidence);
  }

  @Get('findings')
  @ApiOkResponse({ type: FindingPageResponse })
  @ApiOperation({ summary: 'Findings, filtered by processor or status' })
  async listFindings(
    @Ctx() ctx: RequestContext,
    @Query() query: FindingQuery,
  ): Promise<Page<FindingResponse>> {
    const today = this.clock.today();
    return mapPage(await this.monitoring.listFindings(ctx, query), (f) => FindingResponse.from(f, today));
  }

  @Get('findings/:id')
  @ApiOkResponse({ type: FindingResponse })
  @ApiOperation({ summary: 'A finding' })
  async getFinding(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<FindingResponse> {
    return FindingResponse.from(await this.monitoring.getFinding(ctx, id), this.clock.today());
  }

  @Patch('findings/:id')
  @RequirePermission('monitoring.write')
  @ApiOperation({
    summary:
      'Remediate a finding: owner, due date, status (accepting a risk or closing a critical finding: DPO only)',
  })
  @ApiOkResponse({ type: FindingResponse })
  async updateFinding(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateFindingDto,
  ): Promise<FindingResponse> {
    return FindingResponse.from(await this.monitoring.updateFinding(ctx, id, body), this.clock.today());
  }

  @Get('monitoring/settings')
  @ApiOperation({ summary: 'Months between periodic checks by risk rating' })
  @ApiOkResponse({ type: CadenceDto })
  cadence(@Ctx() ctx: RequestContext): Promise<CadenceDto> {
    return this.monitoring.cadence(ctx);
  }

  @Put('monitoring/settings')
  @RequirePermission('monitoring.sweep')
  @ApiOkResponse({ type: CadenceDto })
  @ApiOperation({ summary: 'Set the months between periodic checks by risk rating' })
  setCadence(@Ctx() ctx: RequestContext, @Body() body: CadenceDto): Promise<CadenceDto> {
    return this.monitoring.setCadence(ctx, body);
  }
}
