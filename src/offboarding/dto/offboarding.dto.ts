import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQuery } from '../../platform/http/pagination';
import { AttachedFileView } from '../../platform/storage/attached-file';
import { DATA_HANDLING, type DataHandling, Offboarding } from '../offboarding.entity';
import { Nested } from '../../platform/http/input';

export class TerminateDto {
  @ApiProperty({ format: 'date', description: 'When the agreement ends' })
  @IsDateString({ strict: true })
  effectiveOn: string;
  @ApiProperty({ example: 'Contract not renewed' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
  @ApiProperty({ enum: DATA_HANDLING, description: "The controller's choice (Art. 28(3)(g))" })
  @IsIn(DATA_HANDLING)
  dataHandling: DataHandling;
  @ApiProperty({ format: 'date', description: 'By when the processor must confirm' })
  @IsDateString({ strict: true })
  dueOn: string;
}

class PersonDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) title: string;
}

class PerformerDto extends PersonDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) organisation: string;
  @ApiPropertyOptional({
    example: 'Data centre FRA-2, Frankfurt',
    description: 'Where it was done (NIST SP 800-88)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  location?: string;
  @ApiPropertyOptional({ example: '+49 69 1234567' }) @IsOptional() @IsString() @MaxLength(50) phone?: string;
}

/** The medium, as NIST SP 800-88 Rev. 2's sample certificate records it. */
class MediaDto {
  @ApiProperty({ example: 'Samsung' }) @IsString() @IsNotEmpty() @MaxLength(200) make: string;
  @ApiProperty({ example: 'PM9A3' }) @IsString() @IsNotEmpty() @MaxLength(200) model: string;
  @ApiProperty({ example: 'S64HNE0R123456', description: 'Serial or property number' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  serialNumber: string;
  @ApiProperty({ example: 'flash (NVMe SSD)' }) @IsString() @IsNotEmpty() @MaxLength(200) mediaType: string;
  @ApiProperty({ example: 'storage node db-07' }) @IsString() @IsNotEmpty() @MaxLength(300) source: string;
  @ApiProperty({ example: 'unclassified (no recoverable data)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  postSanitizationClassification: string;
  @ApiProperty({ example: 'reused in the provider pool' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  destination: string;
}

class SignOffStepDto {
  @ApiProperty({ example: 'Cloudly GmbH, Security Operations' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  organisation: string;
  @ApiProperty({ example: 'Ada Kranz', description: 'Name of the signatory' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
  @ApiProperty({ format: 'date' }) @IsDateString({ strict: true }) signedOn: string;
}

class SubProcessorConfirmationDto {
  @ApiProperty({ example: 'Bucketly SAS' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() processorId?: string;
  @ApiProperty({ format: 'date' }) @IsDateString({ strict: true }) confirmedOn: string;
  @ApiProperty({ example: 'Luc Martin, DPO of Bucketly SAS' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  confirmedBy: string;
  @ApiProperty({ example: 'All back-up copies deleted by crypto-erase; confirmation letter of 3 March' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  statement: string;
}

class ReturnLegDto {
  @ApiProperty({ format: 'date' }) @IsDateString({ strict: true }) returnedOn: string;
  @ApiProperty({ example: 'CSV (UTF-8) and PDF originals' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  format: string;
  @ApiProperty({ example: 'SFTP to the controller, encrypted archive' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  channel: string;
  @ApiProperty({ example: 'Max Mustermann, IT operations' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  receivedBy: string;
}

export class ConfirmationItemDto {
  @ApiProperty({ example: ['user.contact'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsString({ each: true })
  dataCategories: string[];

  @ApiProperty({ example: 'Production database (PostgreSQL) and its backups' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  medium: string;
  @ApiProperty({ enum: ['returned', 'deleted', 'destroyed', 'returned_then_deleted'] })
  @IsIn(['returned', 'deleted', 'destroyed', 'returned_then_deleted'])
  action: 'returned' | 'deleted' | 'destroyed' | 'returned_then_deleted';
  @ApiProperty({ enum: ['clear', 'purge', 'destroy'], description: 'NIST SP 800-88 sanitisation category' })
  @IsIn(['clear', 'purge', 'destroy'])
  sanitization: 'clear' | 'purge' | 'destroy';
  @ApiProperty({ example: 'Cryptographic erase of the volume keys' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  technique: string;
  @ApiPropertyOptional({ example: 'AWS KMS key deletion, 7-day window' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  tool?: string;
  @ApiProperty({ enum: ['full', 'sampling'] }) @IsIn(['full', 'sampling']) verification: 'full' | 'sampling';

  @ApiPropertyOptional({ type: MediaDto, description: 'The medium (NIST SP 800-88 Rev. 2)' })
  @IsOptional()
  @Nested(() => MediaDto)
  media?: MediaDto;
}

class LegallyRetainedDto {
  @ApiProperty({ example: 'Invoices with customer names' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description: string;
  @ApiProperty({ example: '§ 147 AO (10 years)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  legalBasis: string;
  @ApiProperty({ format: 'date' }) @IsDateString({ strict: true }) retainUntil: string;

  @ApiPropertyOptional({ example: ['user.financial'], description: 'Data categories kept' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  dataCategories?: string[];
}

export class ConfirmationDto {
  @ApiProperty({ format: 'date' }) @IsDateString({ strict: true }) completedOn: string;
  @ApiProperty({ type: PerformerDto }) @Nested(() => PerformerDto) performedBy: PerformerDto;
  @ApiProperty({ type: PersonDto }) @Nested(() => PersonDto) verifiedBy: PersonDto;

  @ApiProperty({ type: [ConfirmationItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @Nested(() => ConfirmationItemDto, { each: true })
  items: ConfirmationItemDto[];

  @ApiProperty() @IsBoolean() subProcessorsCovered: boolean;

  @ApiPropertyOptional({ type: LegallyRetainedDto })
  @IsOptional()
  @Nested(() => LegallyRetainedDto)
  legallyRetained?: LegallyRetainedDto;

  @ApiPropertyOptional({ type: [LegallyRetainedDto], description: 'Further legally retained data sets' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Nested(() => LegallyRetainedDto, { each: true })
  legallyRetainedSets?: LegallyRetainedDto[];

  @ApiPropertyOptional({
    type: [SubProcessorConfirmationDto],
    description: 'Each sub-processor named, with its own confirmation',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Nested(() => SubProcessorConfirmationDto, { each: true })
  subProcessors?: SubProcessorConfirmationDto[];

  @ApiPropertyOptional({ type: ReturnLegDto, description: 'Required when an item was returned then deleted' })
  @IsOptional()
  @Nested(() => ReturnLegDto)
  returnLeg?: ReturnLegDto;

  @ApiPropertyOptional({
    type: SignOffStepDto,
    description: 'NIST SP 800-88: verification of the sanitisation',
  })
  @IsOptional()
  @Nested(() => SignOffStepDto)
  verificationStep?: SignOffStepDto;

  @ApiPropertyOptional({
    type: SignOffStepDto,
    description: 'NIST SP 800-88: validation, after verification',
  })
  @IsOptional()
  @Nested(() => SignOffStepDto)
  validationStep?: SignOffStepDto;
}

export class OffboardingQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() processorId?: string;
}

export class VerifyQuery {
  @ApiProperty({ description: 'SHA-256 of the PDF file, 64 hexadecimal characters' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' })
  sha256: string;
}

export class OffboardingResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) processorId: string;
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty({ enum: ['requested', 'confirmed', 'overdue'] }) status: string;
  @ApiProperty({ enum: DATA_HANDLING }) dataHandling: DataHandling;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ format: 'date' }) effectiveOn: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: [String] }) dataCategories: string[];
  @ApiProperty({ type: [String] }) dataSubjectCategories: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) certificateNumber: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) certificateSha256: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String }) certificateIssuedOn: string | null;
  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true }) confirmation:
    object | null;
  @ApiProperty({ type: [AttachedFileView], description: "The processor's signed attestations" })
  attestations: AttachedFileView[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(o: Offboarding, status: string): OffboardingResponse {
    return {
      id: o.id,
      processorId: o.processorId,
      agreementId: o.agreementId,
      status,
      dataHandling: o.dataHandling,
      dueOn: o.dueOn,
      effectiveOn: o.effectiveOn,
      reason: o.reason,
      dataCategories: o.dataCategories,
      dataSubjectCategories: o.dataSubjectCategories,
      certificateNumber: o.certificateNumber,
      certificateSha256: o.certificateSha256,
      certificateIssuedOn: o.certificateIssuedOn,
      confirmation: o.confirmation,
      attestations: (o.attestations ?? []).map((a) => AttachedFileView.from(a)),
      createdAt: o.createdAt.toISOString(),
    };
  }
}

export class OffboardingPageResponse {
  @ApiProperty({ type: [OffboardingResponse] }) items: OffboardingResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class CertificateIssuedResponse {
  @ApiProperty({ example: 'CUS-2026-000042' }) certificateNumber: string;
  @ApiProperty({ description: 'SHA-256 of the certificate PDF' }) sha256: string;
  @ApiProperty({ format: 'uuid' }) offboardingId: string;
  @ApiProperty({ format: 'date' }) issuedOn: string;

  static from(o: Offboarding): CertificateIssuedResponse {
    return {
      certificateNumber: o.certificateNumber ?? '',
      sha256: o.certificateSha256 ?? '',
      offboardingId: o.id,
      issuedOn: o.certificateIssuedOn ?? '',
    };
  }
}

export class VerificationResponse {
  @ApiProperty() valid: boolean;
  @ApiProperty() number: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) issuedOn: string | null;
}
