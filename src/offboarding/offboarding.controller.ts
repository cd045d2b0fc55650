import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  StreamableFile,
  UploadedFile,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { AgreementResponse } from '../agreements/dto/agreement.dto';
import { AgreementsService } from '../agreements/agreements.service';
import { RequirePermission } from '../platform/access/access.decorators';
import { AcceptsFile } from '../platform/storage/accepts-file.decorator';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { ValidationFailed } from '../platform/errors/domain-error';
import { mapPage, Page } from '../platform/http/pagination';
import { Public } from '../platform/http/public.decorator';
import { download } from '../platform/http/download';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import {
  CertificateIssuedResponse,
  ConfirmationDto,
  OffboardingPageResponse,
  OffboardingQuery,
  OffboardingResponse,
  TerminateDto,
  VerificationResponse,
  VerifyQuery,
} from './dto/offboarding.dto';
import { OffboardingService } from './offboarding.service';
import { AnswersWith } from '../platform/errors/feature-errors';
import { OffboardingErrors } from './offboarding.errors';

const CERTIFICATE_NUMBER = /^CUS-\d{4}-\d{6}$/;

function certificateNumber(value: string): string {
  if (!CERTIFICATE_NUMBER.test(value)) {
    throw ValidationFailed.field(
      'number',
      'must be a certificate number such as CUS-2026-000042',
      'certificateNumber',
    );
  }
  return value;
}

class TerminationResponse extends AgreementResponse {
  @ApiPropertyOptional({
    type: OffboardingResponse,
    nullable: true,
    description: 'Started when no other agreement governs',
  })
  offboarding: OffboardingResponse | null;
}

@ApiTags('offboarding')
@AnswersWith(OffboardingErrors)
@Controller()
@RequirePermission('offboarding.read')
export class OffboardingController {
  constructor(
    private readonly offboarding: OffboardingService,
    private readonly agreements: AgreementsService,
  ) {}

  @Post('agreements/:id/terminate')
  @RequirePermission('agreements.write')
  @HttpCode(200)
  @ApiOperation({
    summary: "End an agreement; ending the last one starts the processor's offboarding at once",
  })
  @ApiOkResponse({ type: TerminationResponse })
  async terminate(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: TerminateDto,
  ): Promise<TerminationResponse> {
    const { agreement, offboarding } = await this.offboarding.terminate(ctx, id, body);
    return {
      ...AgreementResponse.from(agreement, this.agreements.status(agreement)),
      offboarding: offboarding
        ? OffboardingResponse.from(offboarding, this.offboarding.status(offboarding))
        : null,
    };
  }

  @Get('offboardings')
  @ApiOkResponse({ type: OffboardingPageResponse })
  @ApiOperation({ summary: 'Offboardings, filtered by processor' })
  async list(
    @Ctx() ctx: RequestContext,
    @Query() query: OffboardingQuery,
  ): Promise<Page<OffboardingResponse>> {
    return mapPage(await this.offboarding.list(ctx, query), (o) =>
      OffboardingResponse.from(o, this.offboarding.status(o)),
    );
  }

  @Get('offboardings/:id')
  @ApiOkResponse({ type: OffboardingResponse })
  @ApiOperation({ summary: 'An offboarding and its certificate, once issued' })
  async get(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<OffboardingResponse> {
    const o = await this.offboarding.get(ctx, id);
    return OffboardingResponse.from(o, this.offboarding.status(o));
  }

  @Post('offboardings/:id/attestations')
  @RequirePermission('offboarding.write')
  @AcceptsFile()
  @ApiOperation({
    summary: "Upload the processor's signed attestation; it is listed with its SHA-256 on the certificate",
  })
  @ApiCreatedResponse({ type: OffboardingResponse })
  async addAttestation(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @UploadedFile() file: { originalname: string; mimetype: string; buffer: Buffer } | undefined,
  ): Promise<OffboardingResponse> {
    const o = await this.offboarding.addAttestation(ctx, id, file);
    return OffboardingResponse.from(o, this.offboarding.status(o));
  }

  @Post('offboardings/:id/confirmation')
  @RequirePermission('offboarding.write')
  @ApiOperation({
    summary: "Record the processor's confirmation; issues the numbered certificate (PDF/A-2b)",
  })
  @ApiCreatedResponse({ type: CertificateIssuedResponse })
  async confirm(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: ConfirmationDto,
  ): Promise<CertificateIssuedResponse> {
    const o = await this.offboarding.confirm(ctx, id, body);
    return CertificateIssuedResponse.from(o);
  }

  @Get('certificates/:number')
  @ApiOperation({ summary: 'The certificate PDF' })
  @ApiProduces('application/pdf')
  async certificate(@Ctx() ctx: RequestContext, @Param('number') number: string): Promise<StreamableFile> {
    const { offboarding, stream } = await this.offboarding.certificate(ctx, certificateNumber(number));
    return download(stream, {
      contentType: 'application/pdf',
      filename: `${offboarding.certificateNumber}.pdf`,
    });
  }

  @Get('certificates/:number/verify')
  @Public()
  @Throttle({ default: { limit: 30, ttl: 60_000 } })
  @ApiOperation({
    summary: 'Anyone: is the file with this SHA-256 the certificate issued under this number?',
  })
  @ApiOkResponse({ type: VerificationResponse })
  verify(@Param('number') number: string, @Query() query: VerifyQuery): Promise<VerificationResponse> {
    return this.offboarding.verify(certificateNumber(number), query.sha256);
  }
}
