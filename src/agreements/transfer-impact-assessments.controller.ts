import { Body, Controller, Get, Param, Patch, Post, StreamableFile, UploadedFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/access/access.decorators';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { download } from '../platform/http/download';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import { AcceptsFile } from '../platform/storage/accepts-file.decorator';
import {
  CreateTransferImpactAssessmentDto,
  TransferImpactAssessmentListResponse,
  TransferImpactAssessmentResponse,
  UpdateTransferImpactAssessmentDto,
} from './dto/transfer-impact-assessment.dto';
import { TransferImpactAssessmentsService } from './transfer-impact-assessments.service';
import { AnswersWith } from '../platform/errors/feature-errors';
import { AgreementErrors } from './agreements.errors';

@ApiTags('agreements')
@AnswersWith(AgreementErrors)
@Controller()
@RequirePermission('agreements.read')
export class TransferImpactAssessmentsController {
  constructor(private readonly tias: TransferImpactAssessmentsService) {}

  @Post('agreements/:id/transfer-impact-assessments')
  @RequirePermission('agreements.write')
  @ApiOperation({
    summary:
      'Record a transfer impact assessment for a destination of the agreement without adequacy; the gate relies on its outcome',
  })
  @ApiCreatedResponse({ type: TransferImpactAssessmentResponse })
  async create(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) agreementId: string,
    @Body() body: CreateTransferImpactAssessmentDto,
  ): Promise<TransferImpactAssessmentResponse> {
    return TransferImpactAssessmentResponse.from(await this.tias.create(ctx, agreementId, body));
  }

  @Get('agreements/:id/transfer-impact-assessments')
  @ApiOperation({ summary: "The agreement's transfer impact assessments, newest first per destination" })
  @ApiOkResponse({ type: TransferImpactAssessmentListResponse })
  async list(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) agreementId: string,
  ): Promise<TransferImpactAssessmentListResponse> {
    const items = await this.tias.listForAgreement(ctx, agreementId);
    return { items: items.map((t) => TransferImpactAssessmentResponse.from(t)) };
  }

  @Get('transfer-impact-assessments/:id')
  @ApiOperation({ summary: 'A transfer impact assessment' })
  @ApiOkResponse({ type: TransferImpactAssessmentResponse })
  async get(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
  ): Promise<TransferImpactAssessmentResponse> {
    return TransferImpactAssessmentResponse.from(await this.tias.get(ctx, id));
  }

  @Patch('transfer-impact-assessments/:id')
  @RequirePermission('agreements.write')
  @ApiOperation({ summary: 'Correct or complete it (e.g. the supplementary measures are now in place)' })
  @ApiOkResponse({ type: TransferImpactAssessmentResponse })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateTransferImpactAssessmentDto,
  ): Promise<TransferImpactAssessmentResponse> {
    return TransferImpactAssessmentResponse.from(await this.tias.update(ctx, id, body));
  }

  @Post('transfer-impact-assessments/:id/document')
  @RequirePermission('agreements.write')
  @AcceptsFile()
  @ApiOperation({ summary: 'Attach the assessment document (PDF, Word or text); its SHA-256 is kept' })
  @ApiCreatedResponse({ type: TransferImpactAssessmentResponse })
  async upload(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @UploadedFile() file: { originalname: string; mimetype: string; buffer: Buffer } | undefined,
  ): Promise<TransferImpactAssessmentResponse> {
    return TransferImpactAssessmentResponse.from(await this.tias.uploadDocument(ctx, id, file));
  }

  @Get('transfer-impact-assessments/:id/document')
  @ApiOperation({ summary: 'Download the assessment document' })
  async download(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<StreamableFile> {
    const { document, stream } = await this.tias.document(ctx, id);
    return download(stream, document);
  }
}
