import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { DESTINATION, trim, upper } from '../../platform/http/input';
import { Optional } from '../../platform/errors/validation';
import { withoutStorageKey } from '../../platform/storage/attached-file';
import type { SignedDocument } from '../agreement.entity';
import type { TransferImpactAssessment } from '../transfer-impact-assessment.entity';
import { TIA_OUTCOMES, type TiaOutcome } from '../transfer-tools';

export class CreateTransferImpactAssessmentDto {
  @ApiProperty({
    example: 'IN',
    description: 'A destination of the agreement without adequacy (ISO code or international organisation)',
  })
  @Transform(upper)
  @Matches(DESTINATION, {
    message: 'destination must be an ISO 3166-1 alpha-2 code or an international organisation',
  })
  destination: string;

  @ApiProperty({ format: 'date', example: '2026-11-20' })
  @IsDateString({ strict: true })
  assessedOn: string;

  @ApiProperty({ example: 'Dr. Lena Vogt, DPO, with counsel of Meyer & Partner' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  assessor: string;

  @ApiProperty({
    example:
      'Digital Personal Data Protection Act 2023; Information Technology Act 2000 s. 69 interception powers; redress before the Data Protection Board',
    description: "The destination's laws and practices considered, public authorities' access in particular",
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  lawsAndPractices: string;

  @ApiPropertyOptional({
    example: 'Encryption at rest and in transit with keys held in the EU; transparency report clause',
  })
  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(20000)
  supplementaryMeasures?: string;

  @ApiPropertyOptional({ default: false, description: 'The supplementary measures are in place' })
  @Optional()
  @IsBoolean()
  measuresInPlace?: boolean;

  @ApiProperty({
    enum: TIA_OUTCOMES,
    description: 'proceed; proceed_with_measures (only once they are in place); do_not_proceed',
  })
  @IsIn(TIA_OUTCOMES)
  outcome: TiaOutcome;

  @ApiPropertyOptional({ format: 'date', example: '2027-11-20', description: 'When it must be reviewed' })
  @IsOptional()
  @IsDateString({ strict: true })
  reviewOn?: string;
}

export class UpdateTransferImpactAssessmentDto extends PartialType(CreateTransferImpactAssessmentDto, {
  skipNullProperties: false,
}) {
  @ApiPropertyOptional({ description: 'The version you read; a stale one answers 409' })
  @Optional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class TiaDocumentResponse {
  @ApiProperty() filename: string;
  @ApiProperty() contentType: string;
  @ApiProperty() size: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;
}

export class TransferImpactAssessmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty({ format: 'uuid' }) processorId: string;
  @ApiProperty() destination: string;
  @ApiProperty({ format: 'date' }) assessedOn: string;
  @ApiProperty() assessor: string;
  @ApiProperty() lawsAndPractices: string;
  @ApiProperty({ nullable: true, type: String }) supplementaryMeasures: string | null;
  @ApiProperty() measuresInPlace: boolean;
  @ApiProperty({ enum: TIA_OUTCOMES }) outcome: TiaOutcome;
  @ApiProperty({ description: 'Whether this assessment lets transfers proceed today' })
  allowsTransfer: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String }) reviewOn: string | null;
  @ApiProperty({ type: TiaDocumentResponse, nullable: true }) document: Omit<
    SignedDocument,
    'storageKey'
  > | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(t: TransferImpactAssessment): TransferImpactAssessmentResponse {
    return {
      id: t.id,
      agreementId: t.agreementId,
      processorId: t.processorId,
      destination: t.destination,
      assessedOn: t.assessedOn,
      assessor: t.assessor,
      lawsAndPractices: t.lawsAndPractices,
      supplementaryMeasures: t.supplementaryMeasures,
      measuresInPlace: t.measuresInPlace,
      outcome: t.outcome,
      allowsTransfer: t.outcome === 'proceed' || (t.outcome === 'proceed_with_measures' && t.measuresInPlace),
      reviewOn: t.reviewOn,
      document: withoutStorageKey(t.document),
      version: t.version,
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
    };
  }
}

export class TransferImpactAssessmentListResponse {
  @ApiProperty({ type: [TransferImpactAssessmentResponse] }) items: TransferImpactAssessmentResponse[];
}
