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
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQuery } from '../../platform/http/pagination';
import { FLAG_CODES, type DerivedParts } from '../derivation';
import { LEGAL_BASES, type LegalBasis } from '../legal-bases';
import { BASIS_PROBLEMS, type BasisProblem } from '../../agreements/transfer-tools';
import {
  DATA_SUBJECT_RIGHTS,
  DPIA_PROGRESS,
  RECIPIENT_TYPES,
  SAFEGUARDS,
  type ActivitySnapshot,
  type DataSubjectRight,
  type DpiaProgress,
  type JointController,
  type OtherRecipient,
  type RecipientType,
  type RetentionLimit,
  type Safeguard,
} from '../record-types';
import { DESTINATION, Nested, queryBoolean, trim, upper } from '../../platform/http/input';
import { AsOfProperty, VersionView } from './common.dto';

export class RetentionLimitDto implements RetentionLimit {
  @ApiProperty({
    example: 'user.financial.bank_account',
    description: 'One of the activity’s data categories',
  })
  @IsString()
  @IsNotEmpty()
  dataCategory: string;

  @ApiProperty({ example: '10 years after the end of the financial year (§ 147 AO)' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  limit: string;
}

export class JointControllerDto implements JointController {
  @ApiProperty({ example: 'Acme Holding SE' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiProperty({ example: 'privacy@holding.example, Hauptstraße 2, 80331 München' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  contact: string;
}

export class OtherRecipientDto {
  @ApiProperty({ example: 'Tax office' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiProperty({ enum: RECIPIENT_TYPES })
  @IsIn(RECIPIENT_TYPES)
  type: RecipientType;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'DE',
    description:
      'Where the recipient receives the data (ISO 3166-1 alpha-2, or an international organisation)',
  })
  @IsOptional()
  @Transform(upper)
  @Matches(DESTINATION, {
    message: 'country must be an ISO 3166-1 alpha-2 code or an international organisation',
  })
  country?: string | null;

  @ApiPropertyOptional({
    enum: SAFEGUARDS,
    description: 'The transfer tool, for a recipient in a third country',
  })
  @IsOptional()
  @IsIn(SAFEGUARDS)
  safeguard?: Safeguard | null;
}

export class CreateProcessingActivityDto {
  @ApiProperty({ example: 'Payroll' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Human resources' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  businessFunction?: string | null;

  @ApiProperty({ example: ['employment'], description: 'Data uses (fideslang keys)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  purposes: string[];

  @ApiProperty({
    enum: LEGAL_BASES,
    isArray: true,
    example: ['art6_1_b', 'art6_1_c'],
    description: 'Art. 6(1) bases; Art. 9(2) conditions for special categories; art10 for criminal data',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LEGAL_BASES.length)
  @IsIn(LEGAL_BASES, { each: true })
  legalBases: LegalBasis[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Required with art6_1_f: the interest pursued',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  legitimateInterest?: string | null;

  @ApiProperty({ example: ['employee'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  dataSubjectCategories: string[];

  @ApiProperty({ example: ['user.name', 'user.financial.bank_account'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  dataCategories: string[];

  @ApiProperty({
    example: '6 years after the end of employment',
    description: 'The general erasure time limit',
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  retention: string;

  @ApiPropertyOptional({ type: [RetentionLimitDto], description: 'Limits for categories that differ' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Nested(() => RetentionLimitDto, { each: true })
  retentionByCategory?: RetentionLimitDto[] | null;

  @ApiProperty({ example: 'Role-based access, encryption at rest and in transit, logging (see TOM v3)' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  securityMeasures: string;

  @ApiPropertyOptional({ type: Boolean, nullable: true, default: false })
  @IsOptional()
  @IsBoolean()
  dpiaRequired?: boolean | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'DPIA-2026-03',
    description: 'Where the DPIA is, or how far it got',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  dpiaReference?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Sending the monthly newsletter to customers who asked for it',
    description: "The purpose in the controller's own words (shown beside the taxonomy labels)",
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  purposeDescription?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'LIA-2026-02 (intranet/privacy/lia-2026-02)',
    description: 'Link to, or reference of, the legitimate-interests assessment',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  legitimateInterestsAssessment?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'CRM consent log, table consent_events',
    description: 'Where the record of consent is kept',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  consentRecord?: string | null;

  @ApiPropertyOptional({
    enum: DATA_SUBJECT_RIGHTS,
    isArray: true,
    description: 'Rights available to individuals (Arts. 15-22)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(7)
  @IsIn(DATA_SUBJECT_RIGHTS, { each: true })
  rightsAvailable?: DataSubjectRight[] | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'None',
    description:
      'Automated decision-making, including profiling (Art. 22): what it is, or empty when there is none',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  automatedDecisionMaking?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'CRM (Frankfurt data centre), backups in Dublin',
    description: 'Where the personal data is held',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  dataLocation?: string | null;

  @ApiPropertyOptional({ enum: DPIA_PROGRESS, nullable: true, description: 'How far the DPIA got' })
  @IsOptional()
  @IsIn(DPIA_PROGRESS)
  dpiaProgress?: DpiaProgress | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Breach register, entries 2026-004',
    description: 'Link to the record of personal-data breaches affecting this activity',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  breachRecord?: string | null;

  @ApiPropertyOptional({ type: [JointControllerDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Nested(() => JointControllerDto, { each: true })
  jointControllers?: JointControllerDto[] | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'The employee; the tax office',
    description: 'Where the data comes from',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  dataSource?: string | null;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Processors that process the data; their sub-processors, countries and agreements follow',
  })
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  processorIds: string[];

  @ApiPropertyOptional({ type: [OtherRecipientDto], description: 'Recipients that are not processors' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Nested(() => OtherRecipientDto, { each: true })
  otherRecipients?: OtherRecipientDto[] | null;
}

export class UpdateProcessingActivityDto extends PartialType(CreateProcessingActivityDto) {
  @ApiPropertyOptional({ description: 'The version you read; a stale one answers 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ProcessingActivityQuery extends PageQuery {
  @AsOfProperty()
  asOf?: string;

  @ApiPropertyOptional({ description: 'Text in the name or business function' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ default: false, description: 'Include archived activities (current state only)' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeArchived?: boolean;
}

export class AsOfQuery {
  @AsOfProperty()
  asOf?: string;
}

class OtherRecipientView implements OtherRecipient {
  @ApiProperty() name: string;
  @ApiProperty({ enum: RECIPIENT_TYPES }) type: RecipientType;
  @ApiProperty({ nullable: true, type: String }) country: string | null;
  @ApiProperty({ enum: SAFEGUARDS, nullable: true }) safeguard: Safeguard | null;
}

class RecipientAgreementView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({ description: 'Its status on the day the record describes' }) status: string;
}

class RecipientView {
  @ApiProperty({ enum: ['processor', 'sub_processor', 'other'] }) kind:
    'processor' | 'sub_processor' | 'other';
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) processorId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ enum: RECIPIENT_TYPES, nullable: true }) type: RecipientType | null;
  @ApiProperty({ nullable: true, type: String }) country: string | null;
  @ApiProperty({ type: RecipientAgreementView, nullable: true }) agreement: RecipientAgreementView | null;
  @ApiProperty({ description: 'An engagement that has ended (offboarding or offboarded)' }) ended: boolean;
}

class TransferView {
  @ApiProperty({ example: 'US' }) country: string;
  @ApiProperty() recipient: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) processorId: string | null;
  @ApiProperty({ enum: ['adequate', 'third_country'] }) classification: 'adequate' | 'third_country';
  @ApiProperty({
    enum: [...SAFEGUARDS, 'none'],
    description: 'The basis: adequacy_decision, the tool relied on, or none',
  })
  safeguard: Safeguard | 'none';
  @ApiProperty({ nullable: true, type: String }) adequacyDecision: string | null;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({ nullable: true, type: Boolean, deprecated: true, description: 'See tia' }) tiaCompleted:
    boolean | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) tia: {
    id: string;
    assessedOn: string;
    outcome: string;
  } | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) agreementId: string | null;
  @ApiProperty({ enum: BASIS_PROBLEMS, nullable: true, type: String }) problem: BasisProblem | null;
  @ApiProperty() explanation: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) endedOn: string | null;
}

class FlagView {
  @ApiProperty({ enum: FLAG_CODES }) code: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ format: 'uuid' }) processorId?: string;
  @ApiPropertyOptional() country?: string;
}

export class ProcessingActivityResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) businessFunction: string | null;
  @ApiProperty({ type: [String] }) purposes: string[];
  @ApiProperty({ enum: LEGAL_BASES, isArray: true }) legalBases: LegalBasis[];
  @ApiProperty({ nullable: true, type: String }) legitimateInterest: string | null;
  @ApiProperty({ type: [String] }) dataSubjectCategories: string[];
  @ApiProperty({ type: [String] }) dataCategories: string[];
  @ApiProperty() retention: string;
  @ApiProperty({ type: [RetentionLimitDto] }) retentionByCategory: RetentionLimit[];
  @ApiProperty() securityMeasures: string;
  @ApiProperty() dpiaRequired: boolean;
  @ApiProperty({ nullable: true, type: String }) dpiaReference: string | null;
  @ApiProperty({ type: [JointControllerDto] }) jointControllers: JointController[];
  @ApiProperty({ nullable: true, type: String }) dataSource: string | null;
  @ApiProperty({ nullable: true, type: String }) purposeDescription: string | null;
  @ApiProperty({ nullable: true, type: String }) legitimateInterestsAssessment: string | null;
  @ApiProperty({ nullable: true, type: String }) consentRecord: string | null;
  @ApiProperty({ enum: DATA_SUBJECT_RIGHTS, isArray: true }) rightsAvailable: DataSubjectRight[];
  @ApiProperty({ nullable: true, type: String }) automatedDecisionMaking: string | null;
  @ApiProperty({ nullable: true, type: String }) dataLocation: string | null;
  @ApiProperty({ enum: DPIA_PROGRESS, nullable: true, type: String }) dpiaProgress: DpiaProgress | null;
  @ApiProperty({ nullable: true, type: String }) breachRecord: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) processorIds: string[];
  @ApiProperty({ type: [OtherRecipientView] }) otherRecipients: OtherRecipient[];
  @ApiProperty({
    type: [RecipientView],
    description: 'Derived: linked processors, their sub-processors, others',
  })
  recipients: RecipientView[];
  @ApiProperty({ type: [TransferView], description: 'Derived: third-country transfers and their safeguards' })
  transfers: TransferView[];
  @ApiProperty({ type: [FlagView], description: 'Derived: what needs attention' }) flags: FlagView[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) archivedAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(a: ActivitySnapshot, derived: DerivedParts): ProcessingActivityResponse {
    return { ...a, ...derived };
  }
}

export class ProcessingActivityPageResponse {
  @ApiProperty({ type: [ProcessingActivityResponse] }) items: ProcessingActivityResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ActivityVersionResponse extends VersionView {
  @ApiProperty({
    type: ProcessingActivityResponse,
    description: 'The activity as recorded (without derived parts)',
  })
  activity: ActivitySnapshot;
}
