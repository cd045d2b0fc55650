import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  StreamableFile,
  UploadedFile,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AcceptsFile } from '../platform/storage/accepts-file.decorator';
import { RequirePermission } from '../platform/access/access.decorators';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { mapPage, Page, PageQuery } from '../platform/http/pagination';
import { download } from '../platform/http/download';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import { Agreement } from './agreement.entity';
import { AgreementsService } from './agreements.service';
import {
  AgreementPageResponse,
  AgreementResponse,
  CreateAgreementDto,
  CreateInstructionDto,
  InstructionPageResponse,
  InstructionResponse,
  SignatureDto,
} from './dto/agreement.dto';
import { AnswersWith } from '../platform/errors/feature-errors';
import { AgreementErrors } from './agreements.errors';
import { ProcessorErrors } from '../processors/processors.errors';

@ApiTags('agreements')
@AnswersWith(AgreementErrors, ProcessorErrors.pick('PROCESSOR_ARCHIVED'))
@Controller()
@RequirePermission('agreements.read')
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  private view(a: Agreement): AgreementResponse {
    return AgreementResponse.from(a, this.agreements.status(a));
  }

  @Post('processors/:id/agreements')
  @RequirePermission('agreements.write')
  @ApiOperation({ summary: 'Draft a data processing agreement (Art. 28(3)) with the processor' })
  @ApiCreatedResponse({ type: AgreementResponse })
  async create(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) processorId: string,
    @Body() body: CreateAgreementDto,
  ): Promise<AgreementResponse> {
    return this.view(await this.agreements.create(ctx, processorId, body));
  }

  @Get('processors/:id/agreements')
  @ApiOkResponse({ type: AgreementPageResponse })
  @ApiOperation({ summary: 'Agreements of a processor' })
  async list(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) processorId: string,
    @Query() query: PageQuery,
  ): Promise<Page<AgreementResponse>> {
    return mapPage(await this.agreements.listForProcessor(ctx, processorId, query), (a) => this.view(a));
  }

  @Get('agreements/:id')
  @ApiOkResponse({ type: AgreementResponse })
  @ApiOperation({ summary: 'An agreement with its status today' })
  async get(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<AgreementResponse> {
    return this.view(await this.agreements.get(ctx, id));
  }

  @Put('agreements/:id')
  @RequirePermission('agreements.write')
  @ApiOperation({ summary: 'Replace a draft agreement' })
  @ApiOkResponse({ type: AgreementResponse })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: CreateAgreementDto,
  ): Promise<AgreementResponse> {
    return this.view(await this.agreements.update(ctx, id, body));
  }

  @Post('agreements/:id/send')
  @RequirePermission('agreements.write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark the draft as sent to the processor for signature' })
  @ApiOkResponse({ type: AgreementResponse })
  async send(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<AgreementResponse> {
    return this.view(await this.agreements.send(ctx, id));
  }

  @Post('agreements/:id/signatures')
  @RequirePermission('agreements.write')
  @HttpCode(201)
  @ApiOperation({
    summary: "Record a party's signature; with both it is signed, and active from its date when complete",
  })
  @ApiCreatedResponse({ type: AgreementResponse })
  async sign(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: SignatureDto,
  ): Promise<AgreementResponse> {
    return this.view(await this.agreements.sign(ctx, id, body));
  }

  @Post('agreements/:id/document')
  @RequirePermission('agreements.write')
  @AcceptsFile()
  @ApiOperation({ summary: 'Upload the signed agreement (PDF); its SHA-256 is kept' })
  @ApiCreatedResponse({ type: AgreementResponse })
  async upload(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @UploadedFile() file: { originalname: string; mimetype: string; buffer: Buffer } | undefined,
  ): Promise<AgreementResponse> {
    return this.view(await this.agreements.uploadDocument(ctx, id, file));
  }

  @Get('agreements/:id/document')
  @ApiOperation({ summary: 'Download the signed agreement' })
  async download(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<StreamableFile> {
    const { document, stream } = await this.agreements.document(ctx, id);
    return download(stream, document);
  }

  @Post('agreements/:id/instructions')
  @RequirePermission('agreements.write')
  @ApiOperation({ summary: 'Log a documented instruction given to the processor (Art. 28(3)(a))' })
  @ApiCreatedResponse({ type: InstructionResponse })
  async addInstruction(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: CreateInstructionDto,
  ): Promise<InstructionResponse> {
    return InstructionResponse.from(await this.agreements.addInstruction(ctx, id, body));
  }

  @Get('agreements/:id/instructions')
  @ApiOperation({ summary: 'The instruction log of an agreement (Art. 28(3)(a)), oldest first' })
  @ApiOkResponse({ type: InstructionPageResponse })
  async instructions(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Query() query: PageQuery,
  ): Promise<Page<InstructionResponse>> {
    return mapPage(await this.agreements.listInstructions(ctx, id, query), (i) =>
      InstructionResponse.from(i),
    );
  }
}
