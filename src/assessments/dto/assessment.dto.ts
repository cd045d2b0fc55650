import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { ASSESSMENT_STATUSES } from '../assessment-lifecycle';
import { Assessment, type Decision } from '../assessment.entity';
import { AssessmentEvidence } from '../evidence.entity';
import type { AnswerValue } from '../questionnaire';
import { AreaDto, QuestionDto } from './template.dto';
import { Nested } from '../../platform/http/input';

export class CreateAssessmentDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A template id; the default questionnaire when omitted',
  })
  @IsOptional()
  @IsUUID()
  templateId?: string;

  @ApiPropertyOptional({
    example: 'custos-default-tom',
    description: 'Or a template key: its newest version',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  templateKey?: string;

  @ApiPropertyOptional({
    description:
      "E-mail the processor's privacy contact (else its contact) a portal link to answer it, valid 60 days",
  })
  @IsOptional()
  @IsBoolean()
  inviteContact?: boolean;
}

export class AnswerDto {
  @ApiProperty({ example: 'ACC-01' }) @IsString() @MaxLength(32) questionId: string;

  @ApiProperty({
    description: 'boolean, number, one of the options, text, or a date YYYY-MM-DD',
    oneOf: [{ type: 'boolean' }, { type: 'number' }, { type: 'string' }],
    example: true,
  })
  @IsDefined()
  value: AnswerValue;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) comment?: string;
}

export class SaveAnswersDto {
  @ApiProperty({ type: [AnswerDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @Nested(() => AnswerDto, { each: true })
  answers: AnswerDto[];
}

export const DECISIONS = ['approve', 'reject', 'request_changes'] as const;

export class DecisionDto {
  @ApiProperty({ enum: DECISIONS }) @IsIn(DECISIONS) decision: Decision;
  @ApiProperty({ example: 'Measures are adequate for the data concerned.' })
  @IsString()
  @MaxLength(4000)
  comment: string;
}

export class EvidenceUploadDto {
  @ApiProperty({ type: 'string', format: 'binary' }) file: unknown;
  @ApiPropertyOptional({ example: 'TRN-01' }) @IsOptional() @IsString() @MaxLength(32) questionId?: string;
}

export class EvidenceResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String }) questionId: string | null;
  @ApiProperty() filename: string;
  @ApiProperty() contentType: string;
  @ApiProperty() size: number;
  @ApiProperty({ description: 'SHA-256 of the bytes, hex' }) sha256: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;

  static from(e: AssessmentEvidence): EvidenceResponse {
    return {
      id: e.id,
      questionId: e.questionId,
      filename: e.filename,
      contentType: e.contentType,
      size: Number(e.size),
      sha256: e.sha256,
      uploadedAt: e.uploadedAt.toISOString(),
    };
  }
}

export class AnswerResponse {
  @ApiProperty() questionId: string;
  @ApiProperty({ oneOf: [{ type: 'boolean' }, { type: 'number' }, { type: 'string' }] }) value: AnswerValue;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ format: 'uuid' }) answeredBy: string;
  @ApiProperty({ format: 'date-time' }) answeredAt: string;
}

export class FindingResponse {
  @ApiProperty() questionId: string;
  @ApiProperty() area: string;
  @ApiProperty() text: string;
  @ApiProperty() critical: boolean;
  @ApiProperty({ enum: ['low', 'medium', 'high', 'critical'] }) severity: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) expected?: object;
  @ApiProperty({ nullable: true, oneOf: [{ type: 'boolean' }, { type: 'number' }, { type: 'string' }] })
  actual: AnswerValue | null;
}

class DecisionResponse {
  @ApiProperty({ enum: DECISIONS }) decision: Decision;
  @ApiProperty() comment: string;
  @ApiProperty({ format: 'uuid' }) decidedBy: string;
  @ApiProperty({ format: 'date-time' }) decidedAt: string;
}

class TemplateRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() version: number;
  @ApiProperty() name: string;
}

export class AssessmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) processorId: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: string;
  @ApiProperty({ type: TemplateRef }) template: TemplateRef;
  @ApiProperty({ type: [AreaDto] }) areas: AreaDto[];
  @ApiProperty({ type: [QuestionDto] }) questions: QuestionDto[];
  @ApiProperty({ type: [AnswerResponse] }) answers: AnswerResponse[];
  @ApiProperty({ type: [EvidenceResponse] }) evidence: EvidenceResponse[];
  @ApiProperty({ nullable: true, type: Number, description: '0-100, set by the worker after submission' })
  score: number | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: { type: 'number' } })
  areaScores: Record<string, number> | null;
  @ApiProperty({ type: [FindingResponse] }) findings: FindingResponse[];
  @ApiProperty({ enum: ['low', 'medium', 'high', 'critical'], nullable: true }) riskRating: string | null;
  @ApiProperty({ type: [String] }) riskFactors: string[];
  @ApiProperty({ nullable: true, type: String }) scoringError: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) submittedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ type: DecisionResponse, nullable: true }) decision: DecisionResponse | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(a: Assessment, evidence: AssessmentEvidence[] = []): AssessmentResponse {
    return {
      id: a.id,
      processorId: a.processorId,
      status: a.status,
      template: { id: a.templateId, key: a.templateKey, version: a.templateVersion, name: a.templateName },
      areas: a.areas,
      questions: a.questions,
      answers: Object.entries(a.answers).map(([questionId, answer]) => ({ questionId, ...answer })),
      evidence: evidence.map((e) => EvidenceResponse.from(e)),
      score: a.score,
      areaScores: a.areaScores,
      findings: a.findings,
      riskRating: a.riskRating,
      riskFactors: a.riskFactors,
      scoringError: a.scoringError,
      validUntil: a.validUntil,
      submittedBy: a.submittedBy,
      submittedAt: a.submittedAt?.toISOString() ?? null,
      decision:
        a.decision && a.decidedAt
          ? {
              decision: a.decision,
              comment: a.decisionComment ?? '',
              decidedBy: a.decidedBy ?? '',
              decidedAt: a.decidedAt.toISOString(),
            }
          : null,
      version: a.version,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    };
  }
}

export class AssessmentSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) processorId: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: string;
  @ApiProperty() templateKey: string;
  @ApiProperty({ nullable: true, type: Number }) score: number | null;
  @ApiProperty({ nullable: true, type: String }) riskRating: string | null;
  @ApiProperty({ nullable: true, type: String }) validUntil: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(a: Assessment): AssessmentSummaryResponse {
    return {
      id: a.id,
      processorId: a.processorId,
      status: a.status,
      templateKey: a.templateKey,
      score: a.score,
      riskRating: a.riskRating,
      validUntil: a.validUntil,
      createdAt: a.createdAt.toISOString(),
    };
  }
}

export class AssessmentPageResponse {
  @ApiProperty({ type: [AssessmentSummaryResponse] }) items: AssessmentSummaryResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class SubmittedResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'submitted' }) status: string;
}
