import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  ANSWER_TYPES,
  type AnswerType,
  type Area,
  type Expected,
  type Question,
  type ShowIf,
} from '../questionnaire';
import { Nested } from '../../platform/http/input';

const KEY = /^[a-z0-9][a-z0-9_-]{1,63}$/;

export class AreaDto implements Area {
  @ApiProperty({ example: 'access_control' })
  @Matches(KEY, { message: 'key must be 2-64 lower-case letters, digits, "_" or "-"' })
  key: string;

  @ApiProperty({ example: 'Access control' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
}

export class QuestionDto implements Question {
  @ApiProperty({ example: 'ACC-01' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, {
    message: 'id must be 1-32 letters, digits, ".", "_" or "-"',
  })
  id: string;

  @ApiProperty({ example: 'access_control' }) @IsString() area: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) text: string;
  @ApiProperty({ enum: ANSWER_TYPES }) @IsIn(ANSWER_TYPES) answerType: AnswerType;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  options?: string[];

  @ApiProperty({ minimum: 0, maximum: 10 }) @IsInt() @Min(0) @Max(10) weight: number;
  @ApiProperty() @IsBoolean() critical: boolean;

  @ApiPropertyOptional({
    description:
      'One of {equals}, {min}, {max}, {oneOf}; for a date question {withinMonths}, its greatest age',
    example: { min: 10 },
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  expected?: Expected;

  @ApiPropertyOptional({ example: 'characters' }) @IsOptional() @IsString() @MaxLength(50) unit?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) guidance?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reference?: string;

  @ApiPropertyOptional({
    description:
      "Shown only when an earlier question's answer equals a value ({questionId, equals}) or the processor's services mention a keyword ({service}); a hidden question is neither required nor scored",
    oneOf: [
      {
        type: 'object',
        required: ['questionId', 'equals'],
        properties: {
          questionId: { type: 'string' },
          equals: { oneOf: [{ type: 'boolean' }, { type: 'number' }, { type: 'string' }] },
        },
      },
      { type: 'object', required: ['service'], properties: { service: { type: 'string' } } },
    ],
    example: { questionId: 'LOC-01', equals: 'Also in third countries without an adequacy decision' },
  })
  @IsOptional()
  @IsObject()
  showIf?: ShowIf;
}

export class CreateTemplateDto {
  @ApiProperty({ example: 'cloud-vendors' })
  @Matches(KEY, { message: 'key must be 2-64 lower-case letters, digits, "_" or "-"' })
  key: string;

  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) description?: string;

  @ApiProperty({ type: [AreaDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Nested(() => AreaDto, { each: true })
  areas: AreaDto[];

  @ApiProperty({ type: [QuestionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @Nested(() => QuestionDto, { each: true })
  questions: QuestionDto[];
}

export class TemplateSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() version: number;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Shipped with Custos (read-only)' }) builtIn: boolean;
  @ApiProperty() questionCount: number;
}

export class TemplateResponse extends TemplateSummaryResponse {
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ type: [AreaDto] }) areas: Area[];
  @ApiProperty({ type: [QuestionDto] }) questions: Question[];
}

export class TemplateListResponse {
  @ApiProperty({ type: [TemplateSummaryResponse] }) items: TemplateSummaryResponse[];
}
