import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/access/access.decorators';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { mapPage, Page } from '../platform/http/pagination';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import {
  TransferCheckBatchDto,
  TransferCheckBatchResponse,
  TransferCheckDto,
  TransferCheckResponse,
  TransferDecisionPageResponse,
  TransferDecisionQuery,
  TransferDecisionResponse,
} from './dto/transfer-check.dto';
import { CheckError, CheckOutcome, TransferChecksService } from './transfer-checks.service';

@ApiTags('transfer-checks')
@Controller('transfer-checks')
@RequirePermission('transfers.read')
export class TransferChecksController {
  constructor(private readonly checks: TransferChecksService) {}

  @Post()
  @RequirePermission('transfers.check')
  @HttpCode(200)
  @ApiOperation({ summary: 'May this data go to this processor for this purpose? Every reason why not' })
  @ApiOkResponse({ type: TransferCheckResponse })
  check(@Ctx() ctx: RequestContext, @Body() body: TransferCheckDto): Promise<CheckOutcome> {
    return this.checks.check(ctx, body);
  }

  @Post('batch')
  @RequirePermission('transfers.check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Up to 1,000 checks in one round trip, answered in order' })
  @ApiOkResponse({ type: TransferCheckBatchResponse })
  async batch(
    @Ctx() ctx: RequestContext,
    @Body() body: TransferCheckBatchDto,
  ): Promise<{ results: (CheckOutcome | CheckError)[] }> {
    return { results: await this.checks.checkBatch(ctx, body.checks) };
  }

  @Get()
  @ApiOperation({ summary: 'Stored decisions, newest first' })
  @ApiOkResponse({ type: TransferDecisionPageResponse })
  async list(
    @Ctx() ctx: RequestContext,
    @Query() query: TransferDecisionQuery,
  ): Promise<Page<TransferDecisionResponse>> {
    return mapPage(await this.checks.list(ctx, query), (d) => TransferDecisionResponse.from(d));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A stored decision with its inputs, facts and rule-set version' })
  @ApiOkResponse({ type: TransferDecisionResponse })
  async get(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
  ): Promise<TransferDecisionResponse> {
    return TransferDecisionResponse.from(await this.checks.get(ctx, id));
  }
}
