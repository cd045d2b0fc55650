import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '../platform/access/access.decorators';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { mapPage, Page, PageQuery } from '../platform/http/pagination';
import { download } from '../platform/http/download';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import { AssessmentsService, type UploadedFile as Upload } from './assessments.service';
import {
  AssessmentPageResponse,
  AssessmentResponse,
  AssessmentSummaryResponse,
  CreateAssessmentDto,
  DecisionDto,
  EvidenceResponse,
  EvidenceUploadDto,
  SaveAnswersDto,
  SubmittedResponse,
} from './dto/assessment.dto';
import { AcceptsFile } from '../platform/storage/accepts-file.decorator';
import { AnswersWith } from '../platform/errors/feature-errors';
import { AssessmentErrors } from './assessments.errors';
import { ProcessorErrors } from '../processors/processors.errors';

@ApiTags('assessments')
@AnswersWith(AssessmentErrors, ProcessorErrors.pick('PROCESSOR_ARCHIVED'))
@Controller()
@RequirePermission('assessments.read')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  private async view(ctx: RequestContext, id: string): Promise<AssessmentResponse> {
    const [assessment, evidence] = await Promise.all([
      this.assessments.get(ctx, id),
      this.assessments.listEvidence(ctx, id),
    ]);
    return AssessmentResponse.from(assessment, evidence);
  }

  @Post('processors/:id/assessments')
  @RequirePermission('assessments.write')
  @ApiOperation({ summary: 'Start an assessment of the processor from the default or a named questionnaire' })
  @ApiCreatedResponse({ type: AssessmentResponse })
  async create(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) processorId: string,
    @Body() body: CreateAssessmentDto,
  ): Promise<AssessmentResponse> {
    return AssessmentResponse.from(await this.assessments.create(ctx, processorId, body));
  }

  @Get('processors/:id/assessments')
  @ApiOkResponse({ type: AssessmentPageResponse })
  @ApiOperation({ summary: 'Assessments of a processor' })
  async list(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) processorId: string,
    @Query() query: PageQuery,
  ): Promise<Page<AssessmentSummaryResponse>> {
    return mapPage(await this.assessments.list(ctx, processorId, query), (a) =>
      AssessmentSummaryResponse.from(a),
    );
  }

  @Get('assessments/:id')
  @ApiOkResponse({ type: AssessmentResponse })
  @ApiOperation({ summary: 'An assessment: questions, answers, evidence, score, findings, risk' })
  get(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<AssessmentResponse> {
    return this.view(ctx, id);
  }

  @Put('assessments/:id/answers')
  @RequirePermission('assessments.write')
  @ApiOperation({
    summary: 'Record answers (merged by question); allowed in draft and after changes were requested',
  })
  @ApiOkResponse({ type: AssessmentResponse })
  async saveAnswers(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: SaveAnswersDto,
  ): Promise<AssessmentResponse> {
    await this.assessments.saveAnswers(ctx, id, body.answers);
    return this.view(ctx, id);
  }

  @Post('assessments/:id/evidence')
  @RequirePermission('assessments.write')
  @AcceptsFile(EvidenceUploadDto)
  @ApiOperation({ summary: 'Upload an evidence file (PDF, image, text, CSV, Office, ZIP)' })
  @ApiCreatedResponse({ type: EvidenceResponse })
  async upload(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @UploadedFile() file: Upload | undefined,
    @Body() body: { questionId?: string },
  ): Promise<EvidenceResponse> {
    const questionId = typeof body?.questionId === 'string' && body.questionId ? body.questionId : undefined;
    return EvidenceResponse.from(await this.assessments.addEvidence(ctx, id, file, questionId));
  }

  @Get('assessments/:id/evidence/:evidenceId')
  @RequirePermission('evidence.read')
  @ApiOperation({ summary: 'Download an evidence file' })
  @ApiOkResponse({ description: 'The file as uploaded', schema: { type: 'string', format: 'binary' } })
  async download(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Param('evidenceId', UuidParam) evidenceId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { evidence, stream } = await this.assessments.evidenceFile(ctx, id, evidenceId);
    res.setHeader('X-Content-SHA256', evidence.sha256);
    return download(stream, evidence);
  }

  @Post('assessments/:id/submit')
  @RequirePermission('assessments.write')
  @HttpCode(202)
  @ApiOperation({ summary: 'Submit for review; scoring is queued and the DPOs are told when it is done' })
  @ApiAcceptedResponse({ type: SubmittedResponse })
  async submit(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<SubmittedResponse> {
    const assessment = await this.assessments.submit(ctx, id);
    return { id: assessment.id, status: assessment.status };
  }

  @Post('assessments/:id/decision')
  @RequirePermission('assessments.decide')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve, reject or request changes; never by the submitter' })
  @ApiOkResponse({ type: AssessmentResponse })
  async decide(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: DecisionDto,
  ): Promise<AssessmentResponse> {
    await this.assessments.decide(ctx, id, body.decision, body.comment);
    return this.view(ctx, id);
  }
}
