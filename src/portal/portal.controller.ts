import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Res,
  StreamableFile,
  UploadedFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { UploadedFile as Upload } from '../assessments/assessments.service';
import {
  EvidenceResponse,
  EvidenceUploadDto,
  SaveAnswersDto,
  SubmittedResponse,
} from '../assessments/dto/assessment.dto';
import { CertificateIssuedResponse, ConfirmationDto } from '../offboarding/dto/offboarding.dto';
import { download } from '../platform/http/download';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import { AcceptsFile } from '../platform/storage/accepts-file.decorator';
import {
  PortalAssessmentResponse,
  PortalIncidentDto,
  PortalIncidentResponse,
  PortalOffboardingResponse,
  PortalSessionResponse,
  PortalSubProcessorDto,
  PortalSubProcessorResponse,
} from './dto/portal.dto';
import { Portal, type PortalCaller, PortalRoute } from './portal-access';
import { PortalService } from './portal.service';
import { AnswersWith } from '../platform/errors/feature-errors';
import { AssessmentErrors } from '../assessments/assessments.errors';
import { OffboardingErrors } from '../offboarding/offboarding.errors';

/**
 * The routes a processor's contact uses with `Authorization: Portal <token>`: each does what legal's
 * route does, for the one processor, assessment or offboarding of the link.
 */
@ApiTags('portal')
@AnswersWith(AssessmentErrors, OffboardingErrors)
@Controller('portal')
export class PortalController {
  constructor(private readonly portal: PortalService) {}

  @Get('session')
  @PortalRoute()
  @ApiOperation({ summary: 'Who asks, what is asked and until when the link works' })
  @ApiOkResponse({ type: PortalSessionResponse })
  session(@Portal() caller: PortalCaller): Promise<PortalSessionResponse> {
    return this.portal.session(caller);
  }

  @Get('assessment')
  @PortalRoute('assessment')
  @ApiOperation({ summary: 'The questionnaire with the answers and evidence so far' })
  @ApiOkResponse({ type: PortalAssessmentResponse })
  async assessment(@Portal() caller: PortalCaller): Promise<PortalAssessmentResponse> {
    const { assessment, evidence, services } = await this.portal.assessment(caller);
    return PortalAssessmentResponse.from(assessment, evidence, services);
  }

  @Put('assessment/answers')
  @PortalRoute('assessment')
  @ApiOperation({ summary: 'Save answers (merged by question), as often as wanted until it is submitted' })
  @ApiOkResponse({ type: PortalAssessmentResponse })
  async saveAnswers(
    @Portal() caller: PortalCaller,
    @Body() body: SaveAnswersDto,
  ): Promise<PortalAssessmentResponse> {
    const { assessment, evidence, services } = await this.portal.saveAnswers(caller, body.answers);
    return PortalAssessmentResponse.from(assessment, evidence, services);
  }

  @Post('assessment/evidence')
  @PortalRoute('assessment')
  @AcceptsFile(EvidenceUploadDto)
  @ApiOperation({ summary: 'Upload an evidence file (PDF, image, text, CSV, Office, ZIP)' })
  @ApiCreatedResponse({ type: EvidenceResponse })
  async upload(
    @Portal() caller: PortalCaller,
    @UploadedFile() file: Upload | undefined,
    @Body() body: { questionId?: string },
  ): Promise<EvidenceResponse> {
    const questionId = typeof body?.questionId === 'string' && body.questionId ? body.questionId : undefined;
    return EvidenceResponse.from(await this.portal.addEvidence(caller, file, questionId));
  }

  @Get('assessment/evidence/:evidenceId')
  @PortalRoute('assessment')
  @ApiOperation({ summary: 'Download an evidence file of the assessment' })
  @ApiOkResponse({ description: 'The file as uploaded', schema: { type: 'string', format: 'binary' } })
  async evidence(
    @Portal() caller: PortalCaller,
    @Param('evidenceId', UuidParam) evidenceId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { evidence, stream } = await this.portal.evidenceFile(caller, evidenceId);
    res.setHeader('X-Content-SHA256', evidence.sha256);
    return download(stream, evidence);
  }

  @Post('assessment/submit')
  @PortalRoute('assessment')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send the answers for review; nothing can be changed afterwards unless asked' })
  @ApiAcceptedResponse({ type: SubmittedResponse })
  async submit(@Portal() caller: PortalCaller): Promise<SubmittedResponse> {
    const assessment = await this.portal.submit(caller);
    return { id: assessment.id, status: assessment.status };
  }

  @Post('incidents')
  @PortalRoute('breach_notice')
  @ApiOperation({
    summary: 'Notify a personal data breach (Art. 33(2)); notified now, what is not known yet may follow',
  })
  @ApiCreatedResponse({ type: PortalIncidentResponse })
  async reportIncident(
    @Portal() caller: PortalCaller,
    @Body() body: PortalIncidentDto,
  ): Promise<PortalIncidentResponse> {
    return PortalIncidentResponse.from(await this.portal.reportIncident(caller, body));
  }

  @Post('sub-processors')
  @PortalRoute('subprocessor_notice')
  @ApiOperation({ summary: 'Announce an intended new sub-processor; the objection period starts today' })
  @ApiCreatedResponse({ type: PortalSubProcessorResponse })
  async announceSubProcessor(
    @Portal() caller: PortalCaller,
    @Body() body: PortalSubProcessorDto,
  ): Promise<PortalSubProcessorResponse> {
    const { processor, announcedOn } = await this.portal.announceSubProcessor(caller, body);
    return PortalSubProcessorResponse.from(processor, announcedOn);
  }

  @Get('offboarding')
  @PortalRoute('offboarding')
  @ApiOperation({ summary: 'What must be returned or destroyed, by when' })
  @ApiOkResponse({ type: PortalOffboardingResponse })
  async offboarding(@Portal() caller: PortalCaller): Promise<PortalOffboardingResponse> {
    const { offboarding, status } = await this.portal.offboardingOf(caller);
    return PortalOffboardingResponse.from(offboarding, status);
  }

  @Post('offboarding/confirmation')
  @PortalRoute('offboarding')
  @ApiOperation({ summary: 'Confirm the return or destruction; issues the numbered certificate' })
  @ApiCreatedResponse({ type: CertificateIssuedResponse })
  async confirm(
    @Portal() caller: PortalCaller,
    @Body() body: ConfirmationDto,
  ): Promise<CertificateIssuedResponse> {
    const o = await this.portal.confirmOffboarding(caller, body);
    return CertificateIssuedResponse.from(o);
  }

  @Get('offboarding/certificate')
  @PortalRoute('offboarding')
  @ApiOperation({ summary: 'The certificate PDF, once issued' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The certificate (PDF/A-2b)', schema: { type: 'string', format: 'binary' } })
  async certificate(@Portal() caller: PortalCaller): Promise<StreamableFile> {
    const { offboarding, stream } = await this.portal.certificate(caller);
    return download(stream, {
      contentType: 'application/pdf',
      filename: `${offboarding.certificateNumber}.pdf`,
    });
  }
}
