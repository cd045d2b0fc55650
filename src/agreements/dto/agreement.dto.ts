import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { AGREEMENT_STATUSES, type AgreementStatus } from '../agreement-status';
import type {
  Agreement,
  AgreementScope,
  Signature,
  SignedDocument,
  TransferMechanism,
} from '../agreement.entity';
import { CLAUSE_GAP_TEXT, clauseGaps, type ClauseId } from '../../clauses/clauses';
import { ClauseGapView, ClausesDto } from '../../clauses/clauses.dto';
import { DEROGATION_GROUNDS, TRANSFER_MECHANISMS } from '../transfer-tools';
import type { AgreementInstruction } from '../agreement-instruction.entity';
import { COUNTRY, DESTINATION, trim, upper, upperEach, Nested } from '../../platform/http/input';
import { withoutStorageKey } from '../../platform/storage/attached-file';

export class ScopeDto implements AgreementScope {
  @ApiProperty({ example: 'Hosting of the customer newsletter' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  subjectMatter: string;
  @ApiProperty({ example: 'Storage and dispatch of e-mails' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  nature: string;
  @ApiProperty({ example: 'For the term of the main contract', description: 'Required (Art. 28(3))' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  duration: string;

  @ApiPropertyOptional({
    example: 'The controller gives instructions in writing (§ 3), may audit (§ 9) and owns the data (§ 2.4)',
    description:
      "The controller's obligations and rights (Art. 28(3)), with where the document sets them out",
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  controllerObligations?: string;

  @ApiProperty({ example: ['marketing.communications.email'], description: 'Data uses (fideslang keys)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  purposes: string[];

  @ApiProperty({ example: ['user.contact.email'], description: 'Data categories; a key covers its children' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsString({ each: true })
  dataCategories: string[];

  @ApiProperty({ example: ['customer'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  dataSubjectCategories: string[];

  @ApiProperty({ example: ['DE', 'IE'] })
  @Transform(upperEach)
  @IsArray()
  @ArrayMaxSize(250)
  @Matches(COUNTRY, { each: true, message: 'processingCountries must hold ISO 3166-1 alpha-2 codes' })
  processingCountries: string[];
}

export class SubProcessorAuthorizationDto {
  @ApiProperty({ enum: ['specific', 'general'] }) @IsIn(['specific', 'general']) type: 'specific' | 'general';

  @ApiPropertyOptional({ description: 'Required for a general authorisation', example: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  objectionPeriodDays?: number;
}

export class TransferMechanismDto {
  @ApiProperty({
    example: 'US',
    description:
      'ISO 3166-1 alpha-2 code, or an international organisation (GET /vocabularies/international-organisations)',
  })
  @Transform(upper)
  @Matches(DESTINATION, {
    message: 'country must be an ISO 3166-1 alpha-2 code or an international organisation',
  })
  country: string;

  @ApiProperty({
    enum: TRANSFER_MECHANISMS,
    description:
      "Art. 46(2)(a) public_authority_instrument, (b) bcr, (c) scc_2021_914_module_2 (controller to processor) or _module_3 (processor to sub-processor), (d) sa_adopted_scc, (e) code_of_conduct, (f) certification, 46(3) ad_hoc_clauses or administrative_arrangement; art49_derogation is recorded but never carries a processor's regular transfers",
  })
  @IsIn(TRANSFER_MECHANISMS)
  mechanism: TransferMechanism['mechanism'];

  @ApiPropertyOptional({
    deprecated: true,
    description:
      'Kept as recorded; it no longer opens the gate: record the transfer impact assessment itself (POST /agreements/:id/transfer-impact-assessments)',
  })
  @IsOptional()
  @IsBoolean()
  tiaCompleted?: boolean;

  @ApiPropertyOptional({ example: 'Annex III, SCC module 2' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reference?: string;

  @ApiPropertyOptional({
    enum: DEROGATION_GROUNDS,
    description: 'Required for art49_derogation: Art. 49(1)(a)-(g) or the second subparagraph',
  })
  @IsOptional()
  @IsIn(DEROGATION_GROUNDS)
  derogationGround?: (typeof DEROGATION_GROUNDS)[number];

  @ApiPropertyOptional({
    description: 'Required for the second subparagraph of Art. 49(1): where the assessment is documented',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  derogationDocumentation?: string;

  @ApiPropertyOptional({
    description: "Codes of conduct and certifications: the importer's binding and enforceable commitments",
  })
  @IsOptional()
  @IsBoolean()
  bindingCommitments?: boolean;

  @ApiPropertyOptional({
    description: "Ad hoc clauses and administrative arrangements: the supervisory authority's authorisation",
    example: 'CNIL deliberation 2026-041',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  authorization?: string;
}

export class CreateAgreementDto {
  @ApiProperty({ example: 'Data processing agreement 2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;
  @ApiPropertyOptional({ example: 'DPA-2026-014' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
  @ApiProperty({ format: 'date', example: '2026-02-01' })
  @IsDateString({ strict: true })
  effectiveFrom: string;
  @ApiPropertyOptional({ format: 'date', example: '2028-01-31' })
  @IsOptional()
  @IsDateString({ strict: true })
  expiresOn?: string;

  @ApiProperty({ type: ScopeDto }) @Nested(() => ScopeDto) scope: ScopeDto;

  @ApiProperty({ type: ClausesDto, description: 'Art. 28(3) clauses: true/false or {covered, reference}' })
  @Nested(() => ClausesDto)
  clauses: ClausesDto;

  @ApiProperty({ type: SubProcessorAuthorizationDto })
  @Nested(() => SubProcessorAuthorizationDto)
  subProcessorAuthorization: SubProcessorAuthorizationDto;

  @ApiPropertyOptional({ type: [TransferMechanismDto], description: 'One per third country' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(250)
  @Nested(() => TransferMechanismDto, { each: true })
  transferMechanisms?: TransferMechanismDto[];

  @ApiPropertyOptional({ format: 'uuid', description: 'The signed agreement this one replaces once signed' })
  @IsOptional()
  @IsUUID()
  supersedesId?: string;
}

export class SignatureDto {
  @ApiProperty({ enum: ['controller', 'processor'] })
  @IsIn(['controller', 'processor'])
  party: Signature['party'];
  @ApiProperty({ example: 'Dr. Maria Schmidt' }) @IsString() @IsNotEmpty() @MaxLength(200) signerName: string;
  @ApiProperty({ example: 'General Counsel' }) @IsString() @IsNotEmpty() @MaxLength(200) signerTitle: string;
  @ApiProperty({ format: 'date-time' }) @IsDateString() signedAt: string;

  @ApiPropertyOptional({ description: 'SHA-256 (hex) of the signed document' })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'documentSha256 must be 64 hexadecimal characters' })
  documentSha256?: string;
}

interface ClauseView {
  covered: boolean;
  reference: string | null;
  auditReportsOnly?: boolean;
}

/** One documented instruction of the controller to the processor (Art. 28(3)(a)). */
export class CreateInstructionDto {
  @ApiProperty({ format: 'date', example: '2026-03-02' })
  @IsDateString({ strict: true })
  givenOn: string;

  @ApiProperty({ example: 'Dr. Maria Schmidt, General Counsel' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  givenBy: string;

  @ApiProperty({ example: 'Delete newsletter recipients who unsubscribed within 30 days' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  instruction: string;

  @ApiPropertyOptional({ example: 'e-mail of 2 March 2026 to the account manager' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  channel?: string;

  @ApiPropertyOptional({ example: 'Annex 2, instruction no. 4' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  documentReference?: string;
}

export class InstructionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty({ format: 'date' }) givenOn: string;
  @ApiProperty() givenBy: string;
  @ApiProperty() instruction: string;
  @ApiProperty({ nullable: true, type: String }) channel: string | null;
  @ApiProperty({ nullable: true, type: String }) documentReference: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(i: AgreementInstruction): InstructionResponse {
    return {
      id: i.id,
      agreementId: i.agreementId,
      givenOn: i.givenOn,
      givenBy: i.givenBy,
      instruction: i.instruction,
      channel: i.channel,
      documentReference: i.documentReference,
      createdAt: i.createdAt.toISOString(),
    };
  }
}

export class InstructionPageResponse {
  @ApiProperty({ type: [InstructionResponse] }) items: InstructionResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class AgreementResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) processorId: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({
    enum: AGREEMENT_STATUSES,
    description: 'Today: active and expired follow from dates, signatures and clauses',
  })
  status: AgreementStatus;
  @ApiProperty({ format: 'date' }) effectiveFrom: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) expiresOn: string | null;
  @ApiProperty({ type: ScopeDto }) scope: AgreementScope;
  @ApiProperty({
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: {
        covered: { type: 'boolean' },
        reference: { type: 'string', nullable: true },
        auditReportsOnly: {
          type: 'boolean',
          description: '(h) only: audit reports are offered instead of audits and inspections',
        },
      },
    },
  })
  clauses: Record<ClauseId, ClauseView>;
  @ApiProperty({
    type: [String],
    description: 'Mandatory clauses not covered, covered without a reference, or (h) without inspections',
  })
  missingClauses: ClauseId[];
  @ApiProperty({ type: [ClauseGapView], description: 'Why each missing clause falls short' })
  clauseGaps: ClauseGapView[];
  @ApiProperty({ type: SubProcessorAuthorizationDto }) subProcessorAuthorization: {
    type: string;
    objectionPeriodDays: number | null;
  };
  @ApiProperty({ type: [TransferMechanismDto] }) transferMechanisms: TransferMechanism[];
  @ApiProperty({ type: [SignatureDto] }) signatures: Signature[];
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) signedDocument: Omit<
    SignedDocument,
    'storageKey'
  > | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) supersedesId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) supersededById: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) terminatedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) terminationReason: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(a: Agreement, status: AgreementStatus): AgreementResponse {
    const gaps = clauseGaps(a.clauses);
    return {
      id: a.id,
      processorId: a.processorId,
      title: a.title,
      reference: a.reference,
      status,
      effectiveFrom: a.effectiveFrom,
      expiresOn: a.expiresOn,
      scope: a.scope,
      clauses: a.clauses,
      missingClauses: gaps.map((g) => g.clause),
      clauseGaps: gaps.map((g) => ({ ...g, message: CLAUSE_GAP_TEXT[g.gap] })),
      subProcessorAuthorization: a.subProcessorAuthorization,
      transferMechanisms: a.transferMechanisms,
      signatures: a.signatures,
      signedDocument: withoutStorageKey(a.signedDocument),
      supersedesId: a.supersedesId,
      supersededById: a.supersededById,
      terminatedOn: a.terminatedOn,
      terminationReason: a.terminationReason,
      version: a.version,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    };
  }
}

export class AgreementPageResponse {
  @ApiProperty({ type: [AgreementResponse] }) items: AgreementResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
