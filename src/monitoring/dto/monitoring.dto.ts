import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../../platform/http/pagination';
import { AttachedFileView } from '../../platform/storage/attached-file';
import {
  Finding,
  FINDING_STATUSES,
  isOverdue,
  SEVERITIES,
  type FindingStatus,
  type Severity,
} from '../finding.entity';
import {
  CHECK_RESULTS,
  CHECK_STATUSES,
  CHECK_TYPES,
  MonitoringCheck,
  type CheckResult,
  type CheckStatus,
  type CheckType,
} from '../monitoring-check.entity';
import { Nested, queryBoolean } from '../../platform/http/input';

export class CheckQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() processorId?: string;
  @ApiPropertyOptional({ enum: CHECK_STATUSES }) @IsOptional() @IsIn(CHECK_STATUSES) status?: CheckStatus;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsDateString({ strict: true }) dueBefore?: string;
}

export class CreateCheckDto {
  @ApiProperty({ enum: CHECK_TYPES }) @IsIn(CHECK_TYPES) type: CheckType;
  @ApiProperty({ format: 'date' }) @IsDateString({ strict: true }) dueOn: string;
}

export class NewFindingDto {
  @ApiProperty({ example: 'Backups were not tested in 2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title: string;
  @ApiProperty({ enum: SEVERITIES }) @IsIn(SEVERITIES) severity: Severity;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsDateString({ strict: true }) dueOn?: string;
}

export class RecordResultDto {
  @ApiProperty({ enum: CHECK_RESULTS }) @IsIn(CHECK_RESULTS) result: CheckResult;
  @ApiProperty({ example: 'Reviewed the 2026 SOC 2 report and the sub-processor list.' })
  @IsString()
  @MaxLength(10_000)
  notes: string;

  @ApiPropertyOptional({ type: [NewFindingDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Nested(() => NewFindingDto, { each: true })
  findings?: NewFindingDto[];
}

export class CheckResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) processorId: string;
  @ApiProperty({ enum: CHECK_TYPES }) type: CheckType;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ enum: CHECK_STATUSES }) status: CheckStatus;
  @ApiProperty({ enum: ['cadence', 'ad_hoc'] }) origin: string;
  @ApiPropertyOptional({ enum: CHECK_RESULTS, nullable: true }) result: CheckResult | null;
  @ApiPropertyOptional({ nullable: true, type: String }) notes: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) performedAt: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) performedBy: string | null;
  @ApiProperty({ type: [AttachedFileView] }) evidence: AttachedFileView[];
  @ApiProperty() version: number;

  static from(c: MonitoringCheck): CheckResponse {
    return {
      id: c.id,
      processorId: c.processorId,
      type: c.type,
      dueOn: c.dueOn,
      status: c.status,
      origin: c.origin,
      result: c.result,
      notes: c.notes,
      performedAt: c.performedAt?.toISOString() ?? null,
      performedBy: c.performedBy,
      evidence: c.evidence.map((e) => AttachedFileView.from(e)),
      version: c.version,
    };
  }
}

export class CheckPageResponse {
  @ApiProperty({ type: [CheckResponse] }) items: CheckResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class FindingQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() processorId?: string;
  @ApiPropertyOptional({ enum: FINDING_STATUSES })
  @IsOptional()
  @IsIn(FINDING_STATUSES)
  status?: FindingStatus;

  @ApiPropertyOptional({
    description: 'true: only findings past their due date while open; false: only the others',
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  overdue?: boolean;
}

export class UpdateFindingDto {
  @ApiPropertyOptional({ enum: FINDING_STATUSES, description: 'risk_accepted: DPO only' })
  @IsOptional()
  @IsIn(FINDING_STATUSES)
  status?: FindingStatus;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'IT security team' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(200)
  owner?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateString({ strict: true })
  dueOn?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'What was done, or why the risk is accepted',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(10_000)
  resolution?: string | null;

  @ApiPropertyOptional({ description: 'The version you read; a stale one answers 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class FindingResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) processorId: string;
  @ApiProperty({ enum: ['assessment', 'monitoring_check'] }) source: string;
  @ApiProperty({ format: 'uuid' }) sourceId: string;
  @ApiPropertyOptional({ nullable: true, type: String }) questionId: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ enum: SEVERITIES }) severity: Severity;
  @ApiProperty({ enum: FINDING_STATUSES }) status: FindingStatus;
  @ApiPropertyOptional({ nullable: true, type: String }) owner: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String }) dueOn: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) resolution: string | null;
  @ApiProperty({ description: 'Past its due date while open' }) overdue: boolean;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(f: Finding, today: string): FindingResponse {
    return {
      id: f.id,
      processorId: f.processorId,
      source: f.source,
      sourceId: f.sourceId,
      questionId: f.questionId,
      title: f.title,
      severity: f.severity,
      status: f.status,
      owner: f.owner,
      dueOn: f.dueOn,
      resolution: f.resolution,
      overdue: isOverdue(f, today),
      closedAt: f.closedAt?.toISOString() ?? null,
      version: f.version,
      createdAt: f.createdAt.toISOString(),
    };
  }
}

export class FindingPageResponse {
  @ApiProperty({ type: [FindingResponse] }) items: FindingResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class RecordedCheckResponse extends CheckResponse {
  @ApiProperty({ type: [FindingResponse] }) findings: FindingResponse[];
}

export class CadenceDto {
  @ApiProperty({ example: 6, description: 'Months between checks of a high-risk processor' })
  @IsInt()
  @Min(1)
  @Max(60)
  high: number;

  @ApiProperty({ example: 12 }) @IsInt() @Min(1) @Max(60) medium: number;
  @ApiProperty({ example: 24 }) @IsInt() @Min(1) @Max(60) low: number;
}
