import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQuery } from '../../platform/http/pagination';
import {
  SAFEGUARDS,
  type ControllerTransfer,
  type ProcessorEntrySnapshot,
  type Safeguard,
} from '../record-types';
import {
  AsOfProperty,
  ContactDetailsDto,
  ContactDetailsView,
  NamedContactDto,
  NamedRepresentativeDto,
  RepresentativeView,
  VersionView,
} from './common.dto';
import { COUNTRY, Nested, queryBoolean, trim, upper } from '../../platform/http/input';

export class ControllerTransferDto {
  @ApiProperty({ example: 'US' })
  @Transform(upper)
  @Matches(COUNTRY, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country: string;

  @ApiProperty({ enum: SAFEGUARDS })
  @IsIn(SAFEGUARDS)
  safeguard: Safeguard;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'SCC module 3, annex I.B' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reference?: string | null;
}

export class CreateProcessorRecordEntryDto {
  @ApiProperty({ example: 'Globex Retail SA', description: 'The controller the organisation processes for' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  controllerName: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '12 Rue de la Paix, 75002 Paris, France' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  controllerAddress?: string | null;

  @ApiProperty({ type: ContactDetailsDto, description: 'The controller’s contact' })
  @Nested(() => ContactDetailsDto)
  controllerContact: ContactDetailsDto;

  @ApiPropertyOptional({
    type: NamedRepresentativeDto,
    description: 'The controller’s representative (Art. 27)',
  })
  @IsOptional()
  @Nested(() => NamedRepresentativeDto)
  controllerRepresentative?: NamedRepresentativeDto | null;

  @ApiPropertyOptional({ type: NamedContactDto, description: 'The controller’s data protection officer' })
  @IsOptional()
  @Nested(() => NamedContactDto)
  controllerDpo?: NamedContactDto | null;

  @ApiProperty({ example: ['Hosting of the web shop', 'Customer support ticketing'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  processingCategories: string[];

  @ApiPropertyOptional({ type: [ControllerTransferDto], description: 'Transfers to third countries' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Nested(() => ControllerTransferDto, { each: true })
  transfers?: ControllerTransferDto[] | null;

  @ApiProperty({ example: 'ISO 27001 certified hosting; encryption; access control (TOM annex)' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  securityMeasures: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'DPA Globex 2025-07' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  contractReference?: string | null;
}

export class UpdateProcessorRecordEntryDto extends PartialType(CreateProcessorRecordEntryDto) {
  @ApiPropertyOptional({ description: 'The version you read; a stale one answers 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ProcessorRecordQuery extends PageQuery {
  @AsOfProperty()
  asOf?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeArchived?: boolean;
}

export class ProcessorRecordEntryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() controllerName: string;
  @ApiProperty({ nullable: true, type: String }) controllerAddress: string | null;
  @ApiProperty({ type: ContactDetailsView }) controllerContact: ContactDetailsView;
  @ApiProperty({ type: RepresentativeView, nullable: true })
  controllerRepresentative: RepresentativeView | null;
  @ApiProperty({ type: ContactDetailsView, nullable: true }) controllerDpo: ContactDetailsView | null;
  @ApiProperty({ type: [String] }) processingCategories: string[];
  @ApiProperty({ type: [ControllerTransferDto] }) transfers: ControllerTransfer[];
  @ApiProperty() securityMeasures: string;
  @ApiProperty({ nullable: true, type: String }) contractReference: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) archivedAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(e: ProcessorEntrySnapshot): ProcessorRecordEntryResponse {
    return { ...e };
  }
}

export class ProcessorRecordPageResponse {
  @ApiProperty({ type: [ProcessorRecordEntryResponse] }) items: ProcessorRecordEntryResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ProcessorEntryVersionResponse extends VersionView {
  @ApiProperty({ type: ProcessorRecordEntryResponse }) entry: ProcessorEntrySnapshot;
}
