import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { BASIS_PROBLEMS } from '../../agreements/transfer-tools';
import { DESTINATION, Nested, queryBoolean, upper } from '../../platform/http/input';
import { PageQuery } from '../../platform/http/pagination';
import { TransferDecision } from '../transfer-decision.entity';
import { REASON_CODES } from '../transfer-rules';

export class TransferCheckDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() processorId: string;

  @ApiProperty({ example: ['user.contact.email'], description: 'Data categories (fideslang keys)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  dataCategories: string[];

  @ApiProperty({ example: 'marketing.communications.email', description: 'A data use (fideslang key)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  purpose: string;

  @ApiPropertyOptional({
    example: 'US',
    description:
      'Where the data goes, if not only to the processing countries: an ISO 3166-1 alpha-2 code or an international organisation (e.g. EPO)',
  })
  @IsOptional()
  @Transform(upper)
  @Matches(DESTINATION, {
    message: 'destinationCountry must be an ISO 3166-1 alpha-2 code or an international organisation',
  })
  destinationCountry?: string;
}

export class TransferCheckBatchDto {
  @ApiProperty({ type: [TransferCheckDto], maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @Nested(() => TransferCheckDto, { each: true })
  checks: TransferCheckDto[];
}

export class ReasonResponse {
  @ApiProperty({ enum: REASON_CODES }) code: string;
  @ApiProperty({ description: 'A sentence a procurement officer understands' }) message: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: object;
}

class AdequacyBasis {
  @ApiProperty() instrument: string;
  @ApiProperty({ format: 'date' }) adoptedOn: string;
  @ApiProperty({ enum: ['full', 'partial'] }) scope: string;
}

class MechanismBasis {
  @ApiProperty() type: string;
  @ApiProperty({ description: 'The provision it rests on, in words' }) text: string;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) agreementId: string | null;
  @ApiProperty({ nullable: true, type: String }) derogationGround: string | null;
}

class TiaBasis {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) assessedOn: string;
  @ApiProperty({ enum: ['proceed', 'proceed_with_measures', 'do_not_proceed'] }) outcome: string;
  @ApiProperty() measuresInPlace: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String }) reviewOn: string | null;
}

export class DestinationBasisResponse {
  @ApiProperty({ example: 'IN' }) destination: string;
  @ApiProperty({ example: 'India' }) destinationName: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) recipientId: string | null;
  @ApiProperty() recipientName: string;
  @ApiProperty({ enum: ['controller_to_processor', 'processor_to_sub_processor'] }) leg: string;
  @ApiProperty({ enum: ['eea', 'adequate', 'third_country'] }) classification: string;
  @ApiProperty({ type: AdequacyBasis, nullable: true }) adequacy: AdequacyBasis | null;
  @ApiProperty({ type: MechanismBasis, nullable: true }) mechanism: MechanismBasis | null;
  @ApiProperty({ type: TiaBasis, nullable: true }) tia: TiaBasis | null;
  @ApiProperty({ enum: BASIS_PROBLEMS, nullable: true, type: String }) problem: string | null;
  @ApiProperty({ description: 'The basis in one sentence, or why there is none' }) explanation: string;
}

export class TransferCheckResponse {
  @ApiProperty({ format: 'uuid' }) decisionId: string;
  @ApiProperty({ format: 'uuid' }) processorId: string;
  @ApiProperty({ description: 'True only when there is no reason against the transfer' }) eligible: boolean;
  @ApiProperty({ type: [ReasonResponse] }) reasons: ReasonResponse[];
  @ApiProperty({ format: 'date-time' }) checkedAt: string;
  @ApiProperty() ruleSetVersion: string;
  @ApiProperty({
    type: [DestinationBasisResponse],
    description:
      'Per destination the data would reach: EEA, adequate (which decision) or third country, and the tool and TIA relied on',
  })
  destinations: DestinationBasisResponse[];
}

class BatchItemError {
  @ApiProperty() status: number;
  @ApiProperty() code: string;
  @ApiProperty() detail: string;
}

export class BatchItemResponse extends TransferCheckResponse {
  @ApiPropertyOptional({
    type: BatchItemError,
    description: 'Instead of a decision, e.g. an unknown processor',
  })
  error?: BatchItemError;
}

export class TransferCheckBatchResponse {
  @ApiProperty({ type: [BatchItemResponse], description: 'In the order of the checks' })
  results: BatchItemResponse[];
}

export class TransferDecisionResponse extends TransferCheckResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: [String] }) dataCategories: string[];
  @ApiProperty() purpose: string;
  @ApiProperty({ nullable: true, type: String }) destinationCountry: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The facts the decision rested on',
  })
  facts: object;
  @ApiProperty({ type: 'object', additionalProperties: true }) checkedBy: {
    type: string;
    id: string | null;
    label: string | null;
  };
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) batchId: string | null;

  static from(d: TransferDecision): TransferDecisionResponse {
    return {
      id: d.id,
      decisionId: d.id,
      processorId: d.processorId,
      dataCategories: d.dataCategories,
      purpose: d.purpose,
      destinationCountry: d.destinationCountry,
      eligible: d.eligible,
      reasons: d.reasons,
      facts: d.facts,
      ruleSetVersion: d.ruleSetVersion,
      destinations: d.destinations,
      checkedAt: d.checkedAt.toISOString(),
      checkedBy: { type: d.actorType, id: d.actorId, label: d.actorLabel },
      batchId: d.batchId,
    };
  }
}

export class TransferDecisionQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() processorId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  eligible?: boolean;
}

export class TransferDecisionPageResponse {
  @ApiProperty({ type: [TransferDecisionResponse] }) items: TransferDecisionResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
