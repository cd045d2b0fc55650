import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQuery } from '../../platform/http/pagination';
import { CLAUSE_GAP_TEXT, clauseGaps, type Clauses } from '../../clauses/clauses';
import { ClauseGapView, ClausesDto } from '../../clauses/clauses.dto';
import {
  Certification,
  Contact,
  FlowDownContract,
  Processor,
  RISK_RATINGS,
  type RiskRating,
} from '../processor.entity';
import { PROCESSOR_STATUSES, type ProcessorStatus } from '../processor-lifecycle';
import { effectiveAuthorization } from '../subprocessor-authorization';
import { Optional } from '../../platform/errors/validation';
import {
  COUNTRY,
  DESTINATION,
  Nested,
  queryBoolean,
  trim,
  upper,
  upperEach,
} from '../../platform/http/input';
import type { AdequacyScopeConfirmation, DpfCertification } from '../transfer-facts';

export class ContactDto implements Contact {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) phone?: string;
}

/** A named person to deal with at the processor (EDPB Opinion 22/2024). */
export class ContactPersonDto implements Contact {
  @ApiProperty({ example: 'Jana Novak' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) phone?: string;
}

export class CertificationDto implements Certification {
  @ApiProperty({ example: 'ISO/IEC 27001:2022' }) @IsString() @IsNotEmpty() @MaxLength(200) type: string;
  @ApiPropertyOptional({ example: 'Certificate 12345' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) issuer?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsDateString({ strict: true }) validFrom?: string;
  @ApiProperty({ format: 'date' }) @IsDateString({ strict: true }) validUntil: string;
}

export class DpfCertificationDto implements DpfCertification {
  @ApiPropertyOptional({ format: 'date', description: 'First certified', nullable: true, type: String })
  @IsOptional()
  @IsDateString({ strict: true })
  certifiedOn: string | null;
  @ApiProperty({
    format: 'date',
    description: 'When the entry on the DPF list was last checked and found active; valid for a year',
  })
  @IsDateString({ strict: true })
  lastConfirmedOn: string;
  @ApiProperty({ enum: ['hr', 'non_hr'], isArray: true, description: 'HR data, non-HR data, or both' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @IsIn(['hr', 'non_hr'], { each: true })
  scope: ('hr' | 'non_hr')[];
  @ApiPropertyOptional({ example: 'DPF list entry 12345', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  reference: string | null;
}

export class AdequacyScopeConfirmationDto implements AdequacyScopeConfirmation {
  @ApiProperty({ example: 'JP', description: 'A destination with a partial adequacy decision (CA, JP, KR)' })
  @Transform(upper)
  @Matches(DESTINATION, { message: 'destination must be an ISO 3166-1 alpha-2 code' })
  destination: string;
  @ApiProperty({ format: 'date' }) @IsDateString({ strict: true }) confirmedOn: string;
  @ApiProperty({
    example: 'Business operator under the APPI, bound by the Supplementary Rules (contract § 12.3)',
    description: 'Why the recipient is within the decision',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  basis: string;
}

export class CreateProcessorDto {
  @ApiProperty({ example: 'CloudMail GmbH' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  legalName?: string | null;
  @ApiPropertyOptional({ example: 'HRB 123456', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  registrationNumber?: string | null;
  @ApiPropertyOptional({ example: 'DE123456789', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  vatId?: string | null;

  @ApiProperty({ example: 'DE', description: 'ISO 3166-1 alpha-2 country of establishment' })
  @Transform(upper)
  @Matches(COUNTRY, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country: string;

  @ApiProperty({ example: ['DE', 'IE'], description: 'Where the processor processes the data' })
  @Transform(upperEach)
  @IsArray()
  @ArrayMaxSize(250)
  @Matches(DESTINATION, {
    each: true,
    message: 'processingCountries must hold ISO 3166-1 alpha-2 codes or international organisations',
  })
  processingCountries: string[];

  @ApiPropertyOptional({
    example: 'E-mail delivery',
    description: 'What the processor does for the organisation; empty until described',
  })
  @Optional()
  @IsString()
  @MaxLength(2000)
  services?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsUrl({ require_protocol: true })
  @MaxLength(500)
  website?: string | null;

  @ApiProperty({ example: 'privacy@cloudmail.example' })
  @IsEmail()
  @MaxLength(254)
  contactEmail: string;

  @ApiPropertyOptional({ type: ContactDto, nullable: true })
  @IsOptional()
  @Nested(() => ContactDto)
  privacyContact?: ContactDto | null;
  @ApiPropertyOptional({ type: ContactDto, nullable: true })
  @IsOptional()
  @Nested(() => ContactDto)
  dpoContact?: ContactDto | null;

  @ApiPropertyOptional({ type: [CertificationDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @Nested(() => CertificationDto, { each: true })
  certifications?: CertificationDto[];

  @ApiPropertyOptional({
    example: ['user.contact.email'],
    description: 'Data categories it is meant to receive',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  intendedDataCategories?: string[];

  @ApiPropertyOptional({
    description:
      'Certified under the EU-US Data Privacy Framework. Prefer dpfCertification; true alone records a certification confirmed today for non-HR data',
  })
  @Optional()
  @IsBoolean()
  dpfCertified?: boolean;

  @ApiPropertyOptional({ type: DpfCertificationDto, nullable: true })
  @IsOptional()
  @Nested(() => DpfCertificationDto)
  dpfCertification?: DpfCertificationDto | null;

  @ApiPropertyOptional({
    type: [AdequacyScopeConfirmationDto],
    description: 'Partial adequacy decisions whose scope the processor is confirmed to be within',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @Nested(() => AdequacyScopeConfirmationDto, { each: true })
  adequacyScopeConfirmations?: AdequacyScopeConfirmationDto[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Makes this a sub-processor of that processor' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({
    example: 'Hauptstraße 5, 10827 Berlin, Germany',
    description: 'Postal address; shown as missing until filled',
  })
  @Optional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  postalAddress?: string;

  @ApiPropertyOptional({
    type: ContactPersonDto,
    description: 'Named contact person; shown as missing until filled',
  })
  @Optional()
  @Nested(() => ContactPersonDto)
  contactPerson?: ContactPersonDto;

  @ApiPropertyOptional({
    format: 'date',
    description:
      'For a sub-processor: the day the processor gave notice of it (today when omitted); the objection window runs from it',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  subprocessorNoticeOn?: string;
}

export class UpdateProcessorDto extends PartialType(
  OmitType(CreateProcessorDto, ['subprocessorNoticeOn'] as const),
  {
    skipNullProperties: false,
  },
) {
  @ApiPropertyOptional({ description: 'The version you read; a stale one answers 409' })
  @Optional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ProcessorQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROCESSOR_STATUSES })
  @IsOptional()
  @IsIn(PROCESSOR_STATUSES)
  status?: ProcessorStatus;

  @ApiPropertyOptional({ example: 'DE', description: 'Established or processing in this country' })
  @IsOptional()
  @Transform(upper)
  @Matches(COUNTRY, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string;

  @ApiPropertyOptional({ description: 'Text in name, legal name or services' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ enum: RISK_RATINGS, description: 'The risk rating of the approved assessment' })
  @IsOptional()
  @IsIn(RISK_RATINGS)
  riskRating?: RiskRating;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() parentId?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeArchived?: boolean;
}

export class FlowDownContractDto {
  @ApiProperty({ format: 'date', example: '2026-01-10' }) @IsDateString({ strict: true }) signedOn: string;
  @ApiProperty({
    example: 'Sub-processing agreement Cloudly / Bucketly of 10 January 2026, on file with legal',
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  document: string;
  @ApiProperty({
    type: ClausesDto,
    description: 'The same Art. 28(3) checklist, as it flows down (Art. 28(4))',
  })
  @Nested(() => ClausesDto)
  clauses: ClausesDto;
}

export class FlowDownContractView {
  @ApiProperty({ format: 'date' }) signedOn: string;
  @ApiProperty() document: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) clauses: Clauses;
  @ApiProperty({ type: [String] }) missingClauses: string[];
  @ApiProperty({ type: [ClauseGapView] }) clauseGaps: ClauseGapView[];
  @ApiProperty({ format: 'date-time' }) recordedAt: string;

  static from(c: FlowDownContract): FlowDownContractView {
    const gaps = clauseGaps(c.clauses);
    return {
      signedOn: c.signedOn,
      document: c.document,
      clauses: c.clauses,
      missingClauses: gaps.map((g) => g.clause),
      clauseGaps: gaps.map((g) => ({ ...g, message: CLAUSE_GAP_TEXT[g.gap] })),
      recordedAt: c.recordedAt,
    };
  }
}

export class ProcessorResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) legalName: string | null;
  @ApiProperty({ nullable: true, type: String }) registrationNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) vatId: string | null;
  @ApiProperty() country: string;
  @ApiProperty({ type: [String] }) processingCountries: string[];
  @ApiProperty() services: string;
  @ApiProperty({ nullable: true, type: String }) website: string | null;
  @ApiProperty() contactEmail: string;
  @ApiProperty({ nullable: true, type: String }) postalAddress: string | null;
  @ApiProperty({ type: ContactPersonDto, nullable: true }) contactPerson: Contact | null;
  @ApiProperty({
    type: [String],
    enum: ['services', 'postalAddress', 'contactPerson'],
    description: 'Details the controller still has to fill in',
  })
  missingDetails: string[];
  @ApiProperty({ type: ContactDto, nullable: true }) privacyContact: Contact | null;
  @ApiProperty({ type: ContactDto, nullable: true }) dpoContact: Contact | null;
  @ApiProperty({ type: [CertificationDto] }) certifications: Certification[];
  @ApiProperty({ type: [String] }) intendedDataCategories: string[];
  @ApiProperty({
    description: 'A DPF certification is recorded (see dpfCertification for its dates and scope)',
  })
  dpfCertified: boolean;
  @ApiProperty({ type: DpfCertificationDto, nullable: true }) dpfCertification: DpfCertification | null;
  @ApiProperty({ type: [AdequacyScopeConfirmationDto] })
  adequacyScopeConfirmations: AdequacyScopeConfirmation[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ enum: PROCESSOR_STATUSES }) status: ProcessorStatus;
  @ApiProperty({
    enum: ['pending', 'objection_window', 'authorized', 'objected'],
    nullable: true,
    description:
      "A sub-processor's authorisation by the controller today; null for a processor without parent",
  })
  authorizationStatus: string | null;
  @ApiProperty({ enum: ['specific', 'general'], nullable: true }) authorizationBasis: string | null;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: "The processor's notice of this sub-processor; the objection window runs from it",
  })
  subprocessorNoticeOn: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) objectionWindowEndsOn: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) authorizationDecidedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The reasons of an objection, or a note' })
  authorizationNote: string | null;
  @ApiProperty({ type: FlowDownContractView, nullable: true }) flowDownContract: FlowDownContractView | null;
  @ApiProperty({ enum: RISK_RATINGS, nullable: true }) riskRating: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) assessmentValidUntil: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) approvedAssessmentId: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) archivedAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(p: Processor, today: string): ProcessorResponse {
    const authorization = effectiveAuthorization(p, today);
    return {
      id: p.id,
      name: p.name,
      legalName: p.legalName,
      registrationNumber: p.registrationNumber,
      vatId: p.vatId,
      country: p.country,
      processingCountries: p.processingCountries,
      services: p.services,
      website: p.website,
      contactEmail: p.contactEmail,
      postalAddress: p.postalAddress ?? null,
      contactPerson: p.contactPerson ?? null,
      missingDetails: [
        ...(p.services.trim() ? [] : ['services']),
        ...(p.postalAddress ? [] : ['postalAddress']),
        ...(p.contactPerson?.name ? [] : ['contactPerson']),
      ],
      privacyContact: p.privacyContact,
      dpoContact: p.dpoContact,
      certifications: p.certifications,
      intendedDataCategories: p.intendedDataCategories,
      dpfCertified: p.dpfCertified,
      dpfCertification: p.dpfCertification,
      adequacyScopeConfirmations: p.adequacyScopeConfirmations,
      parentId: p.parentId,
      status: p.status,
      authorizationStatus: authorization === 'not_applicable' ? null : authorization,
      authorizationBasis: p.authorizationBasis,
      subprocessorNoticeOn: p.subprocessorNoticeOn ?? null,
      objectionWindowEndsOn: p.objectionWindowEndsOn,
      authorizationDecidedAt: p.authorizationDecidedAt?.toISOString() ?? null,
      authorizationNote: p.authorizationNote,
      flowDownContract: p.flowDownContract ? FlowDownContractView.from(p.flowDownContract) : null,
      riskRating: p.riskRating,
      assessmentValidUntil: p.assessmentValidUntil,
      approvedAssessmentId: p.approvedAssessmentId,
      archivedAt: p.archivedAt?.toISOString() ?? null,
      version: p.version,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }
}

export class ProcessorPageResponse {
  @ApiProperty({ type: [ProcessorResponse] }) items: ProcessorResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class AuthorizationDecisionDto {
  @ApiProperty({ enum: ['authorize', 'object'] })
  @IsIn(['authorize', 'object'])
  decision: 'authorize' | 'object';

  @ApiPropertyOptional({ example: 'Hosting location acceptable after review of the TIA.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ListDifferenceView {
  @ApiProperty({
    enum: ['not_in_custos', 'listed_twice', 'not_in_list', 'country_differs', 'processing_countries_differ'],
  })
  kind: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ format: 'uuid' }) processorId?: string;
  @ApiPropertyOptional({ description: 'What the list says' }) listed?: unknown;
  @ApiPropertyOptional({ description: 'What Custos records' }) recorded?: string;
  @ApiProperty() message: string;
}

export class SubProcessorListComparison {
  @ApiProperty({ description: 'Sub-processors on the published list' }) listed: number;
  @ApiProperty({ description: 'Sub-processors of this processor recorded in Custos' }) known: number;
  @ApiProperty({ type: [ListDifferenceView] }) differences: ListDifferenceView[];
}
