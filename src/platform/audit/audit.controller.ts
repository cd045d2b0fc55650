import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { RequirePermission } from '../access/access.decorators';
import { Ctx, type RequestContext } from '../context/request-context';
import { mapPage, Page, PageQuery } from '../http/pagination';
import { AuditCheckpoint } from './audit-checkpoint.entity';
import { AuditCheckpoints } from './audit-checkpoints.service';
import { AuditEvent } from './audit-event.entity';
import { AuditService, ChainVerification } from './audit.service';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ description: "Part of the actor's name or e-mail, any case", example: 'lena' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({
    description: 'An action, or a family of actions ending in `.*`',
    example: 'processor.*',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true }) organizationId: string | null;
  @ApiProperty() seq: number;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ enum: ['user', 'api_key', 'system', 'anonymous', 'processor_contact'] }) actorType: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorLabel: string | null;
  @ApiProperty({ example: 'user.updated' }) action: string;
  @ApiProperty() entityType: string;
  @ApiProperty({ nullable: true, type: String }) entityId: string | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) before: object | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) after: object | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
  @ApiProperty({
    description: 'The audit key that made the hash; `legacy`: hashed before the chain was keyed',
  })
  keyId: string;

  static from(e: AuditEvent): AuditEventResponse {
    return { ...e, seq: Number(e.seq), occurredAt: e.occurredAt.toISOString() };
  }
}

/**
 * One change of a record as the people who work on it see it: when, who, what and the fields before and
 * after. The chain's hashes and the caller's address stay in the audit trail for auditors.
 */
export class HistoryEntryResponse {
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ enum: ['user', 'api_key', 'system', 'anonymous', 'processor_contact'] }) actorType: string;
  @ApiProperty({ nullable: true, type: String }) actorLabel: string | null;
  @ApiProperty({ example: 'processor.status_changed' }) action: string;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) before: object | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) after: object | null;

  static from(e: AuditEvent): HistoryEntryResponse {
    return {
      occurredAt: e.occurredAt.toISOString(),
      actorType: e.actorType,
      actorLabel: e.actorLabel,
      action: e.action,
      before: e.before,
      after: e.after,
    };
  }
}

export class HistoryPageResponse {
  @ApiProperty({ type: [HistoryEntryResponse] }) items: HistoryEntryResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class AuditCheckpointResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Sequence number of the chain head the checkpoint signs' }) seq: number;
  @ApiProperty({ format: 'uuid' }) headEventId: string;
  @ApiProperty() headHash: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ enum: ['schedule', 'manual'] }) trigger: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy: string | null;
  @ApiProperty() keyId: string;
  @ApiProperty({ description: 'HMAC-SHA256 of the checkpoint under the audit key `keyId`' })
  signature: string;

  static from(c: AuditCheckpoint): AuditCheckpointResponse {
    return {
      id: c.id,
      seq: Number(c.seq),
      headEventId: c.headEventId,
      headHash: c.headHash,
      createdAt: c.createdAt.toISOString(),
      trigger: c.trigger,
      createdBy: c.createdBy,
      keyId: c.keyId,
      signature: c.signature,
    };
  }
}

class AuditCheckpointPageResponse {
  @ApiProperty({ type: [AuditCheckpointResponse] }) items: AuditCheckpointResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

class AuditPageResponse {
  @ApiProperty({ type: [AuditEventResponse] }) items: AuditEventResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

class ChainVerificationResponse implements ChainVerification {
  @ApiProperty() intact: boolean;
  @ApiProperty() checked: number;
  @ApiPropertyOptional({ format: 'uuid' }) firstBrokenId?: string;
  @ApiPropertyOptional({ description: 'What is wrong, in a sentence' }) reason?: string;
}

@ApiTags('audit')
@Controller('audit-events')
@RequirePermission('audit.read')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpoints,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The audit trail of the organisation, newest first' })
  @ApiOkResponse({ type: AuditPageResponse })
  async list(@Ctx() ctx: RequestContext, @Query() query: AuditQuery): Promise<Page<AuditEventResponse>> {
    const page = await this.audit.list(ctx, query);
    return { ...page, items: page.items.map((e) => AuditEventResponse.from(e)) };
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Recompute the hash chain and report the first event that was changed or removed',
  })
  @ApiOkResponse({ type: ChainVerificationResponse })
  verify(@Ctx() ctx: RequestContext): Promise<ChainVerification> {
    return this.audit.verify(ctx);
  }

  @Post('checkpoints')
  @RequirePermission('audit.checkpoint')
  @HttpCode(201)
  @ApiOperation({
    summary:
      "Sign the chain's head now; the checkpoint is e-mailed to the DPOs and held against the chain by verify",
  })
  @ApiCreatedResponse({ type: AuditCheckpointResponse })
  async checkpoint(@Ctx() ctx: RequestContext): Promise<AuditCheckpointResponse> {
    const checkpoint = await this.checkpoints.create(ctx, 'manual');
    // Every organisation has events (its creation at least), so there is always a head to sign.
    if (!checkpoint) throw new Error(`Organisation ${ctx.organizationId} has no audit event to checkpoint`);
    return AuditCheckpointResponse.from(checkpoint);
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'The signed checkpoints of the chain, newest first' })
  @ApiOkResponse({ type: AuditCheckpointPageResponse })
  async listCheckpoints(
    @Ctx() ctx: RequestContext,
    @Query() query: PageQuery,
  ): Promise<Page<AuditCheckpointResponse>> {
    return mapPage(await this.checkpoints.list(ctx, query), AuditCheckpointResponse.from);
  }
}
