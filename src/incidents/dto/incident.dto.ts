import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
} from 'class-validator';
import { Nullable, Optional } from '../../platform/errors/validation';
import { Nested, queryBoolean, trim } from '../../platform/http/input';
import { PageQuery } from '../../platform/http/pagination';
import { AttachedFileView } from '../../platform/storage/attached-file';
import {
  ContactPoint,
  Incident,
  INCIDENT_STATUSES,
  IncidentStatus,
  RISK_LEVELS,
  RiskLevel,
  SUBJECT_NOTICE_EXEMPTIONS,
  SubjectNoticeExemption,
} from '../incident.entity';
import { AuthorityNotice, authorityNotice } from '../incident-rules';

const NOTICE_STATES = ['not_required', 'pending', 'overdue', 'notified', 'notified_late'] as const;

export class ContactPointDto implements ContactPoint {
  @ApiProperty({ example: 'Security Operations, Cloudly GmbH' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'security@cloudly.example' }) @IsEmail() email: string;

  @ApiPropertyOptional({ example: '+49 30 1234567' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  phone?: string;
}

/** What the processor's notice says (Art. 33(3)); any of it may follow later (Art. 33(4)). */
export class ReportIncidentDto {
  @ApiProperty({ example: 'Misdirected payroll export' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({ description: 'What happened (Art. 33(3)(a))' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  nature: string;

  @ApiPropertyOptional({ example: 'SEC-2026-118' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  processorReference?: string;

  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() occurredAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the processor detected it' })
  @IsOptional()
  @IsDateString()
  detectedAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the processor told you; now when omitted' })
  @IsOptional()
  @IsDateString()
  reportedAt?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When you became aware; the 72 hours run from here. reportedAt when omitted',
  })
  @IsOptional()
  @IsDateString()
  awareAt?: string;

  @ApiPropertyOptional({ type: [String], example: ['user.financial.bank_account'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  dataCategories?: string[];

  @ApiPropertyOptional({ type: [String], example: ['employee'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  dataSubjectCategories?: string[];

  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) approxSubjectCount?: number;
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) approxRecordCount?: number;

  @ApiPropertyOptional({ type: ContactPointDto })
  @IsOptional()
  @Nested(() => ContactPointDto)
  contactPoint?: ContactPointDto;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) likelyConsequences?: string;
  @ApiPropertyOptional({ description: 'Measures taken or proposed' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  measures?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the breach itself ended, if it has' })
  @IsOptional()
  @IsDateString()
  endedAt?: string;

  @ApiPropertyOptional({ description: 'Whether people in more than one Member State are affected (Art. 56)' })
  @IsOptional()
  @IsBoolean()
  crossBorder?: boolean;

  @ApiPropertyOptional({
    example: 'CNIL',
    description: 'The lead supervisory authority; required when cross-border',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  leadAuthority?: string;

  @ApiPropertyOptional({ description: 'Whether the data concerned was encrypted (Art. 34(3)(a))' })
  @IsOptional()
  @IsBoolean()
  dataEncrypted?: boolean;

  @ApiPropertyOptional({ example: 'AES-256 at rest; the keys were not affected' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  encryptionNote?: string;

  @ApiPropertyOptional({ enum: RISK_LEVELS, description: 'Your assessment of the risk to people' })
  @IsOptional()
  @IsIn(RISK_LEVELS)
  riskLevel?: RiskLevel;

  @ApiPropertyOptional({ description: 'Required with riskLevel unlikely: why no risk is likely' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  riskRationale?: string;
}

/** Later information, the risk assessment, the notifications and the closure; null clears a field. */
export class UpdateIncidentDto {
  @ApiPropertyOptional({ enum: INCIDENT_STATUSES })
  @Optional()
  @IsIn(INCIDENT_STATUSES)
  status?: IncidentStatus;

  @ApiPropertyOptional()
  @Optional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;
  @ApiPropertyOptional() @Optional() @IsString() @IsNotEmpty() @MaxLength(10_000) nature?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @Optional()
  @Nullable()
  @IsString()
  @MaxLength(200)
  processorReference?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String })
  @Optional()
  @Nullable()
  @IsDateString()
  occurredAt?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String })
  @Optional()
  @Nullable()
  @IsDateString()
  detectedAt?: string | null;

  @ApiPropertyOptional({ format: 'date-time' }) @Optional() @IsDateString() reportedAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Moves the 72-hour deadline' })
  @Optional()
  @IsDateString()
  awareAt?: string;

  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  dataCategories?: string[];

  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  dataSubjectCategories?: string[];

  @ApiPropertyOptional({ minimum: 0, nullable: true, type: Number })
  @Optional()
  @Nullable()
  @IsInt()
  @Min(0)
  approxSubjectCount?: number | null;

  @ApiPropertyOptional({ minimum: 0, nullable: true, type: Number })
  @Optional()
  @Nullable()
  @IsInt()
  @Min(0)
  approxRecordCount?: number | null;

  @ApiPropertyOptional({ type: ContactPointDto, nullable: true })
  @Optional()
  @Nullable()
  @Nested(() => ContactPointDto)
  contactPoint?: ContactPointDto | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @Optional()
  @Nullable()
  @IsString()
  @MaxLength(10_000)
  likelyConsequences?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @Optional()
  @Nullable()
  @IsString()
  @MaxLength(10_000)
  measures?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String })
  @Optional()
  @Nullable()
  @IsDateString()
  endedAt?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Boolean })
  @Optional()
  @Nullable()
  @IsBoolean()
  crossBorder?: boolean | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @Optional()
  @Nullable()
  @IsString()
  @MaxLength(300)
  leadAuthority?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Boolean })
  @Optional()
  @Nullable()
  @IsBoolean()
  dataEncrypted?: boolean | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @Optional()
  @Nullable()
  @IsString()
  @MaxLength(2000)
  encryptionNote?: string | null;

  @ApiPropertyOptional({ enum: RISK_LEVELS, nullable: true })
  @Optional()
  @Nullable()
  @IsIn(RISK_LEVELS)
  riskLevel?: RiskLevel | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @Optional()
  @Nullable()
  @IsString()
  @MaxLength(10_000)
  riskRationale?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String })
  @Optional()
  @Nullable()
  @IsDateString()
  authorityNotifiedAt?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'Berliner Beauftragte für Datenschutz und Informationsfreiheit',
    description: 'Which authority was notified; required with authorityNotifiedAt',
  })
  @Optional()
  @Nullable()
  @IsString()
  @MaxLength(300)
  authorityName?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'BlnBDI 611.2841' })
  @Optional()
  @Nullable()
  @IsString()
  @MaxLength(200)
  authorityReference?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Required when notified after 72 hours' })
  @Optional()
  @Nullable()
  @IsString()
  @MaxLength(10_000)
  delayReason?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String })
  @Optional()
  @Nullable()
  @IsDateString()
  subjectsNotifiedAt?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'e-mail to each customer',
    description: 'How the data subjects were told (Art. 34); required with subjectsNotifiedAt',
  })
  @Optional()
  @Nullable()
  @IsString()
  @MaxLength(300)
  subjectsNoticeChannel?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, description: 'How many people were told' })
  @Optional()
  @Nullable()
  @IsInt()
  @Min(0)
  subjectsNotifiedCount?: number | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'What they were told (Art. 34(2))' })
  @Optional()
  @Nullable()
  @IsString()
  @MaxLength(20_000)
  subjectsNoticeContent?: string | null;

  @ApiPropertyOptional({ enum: SUBJECT_NOTICE_EXEMPTIONS, nullable: true })
  @Optional()
  @Nullable()
  @IsIn(SUBJECT_NOTICE_EXEMPTIONS)
  subjectNoticeExemption?: SubjectNoticeExemption | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @Optional()
  @Nullable()
  @IsString()
  @MaxLength(10_000)
  resolution?: string | null;

  @ApiPropertyOptional({ description: 'The version you read; a stale one answers 409' })
  @Optional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class IncidentQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() processorId?: string;
  @ApiPropertyOptional({ description: "true: only the controller's own breaches; false: only processors'" })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  own?: boolean;
  @ApiPropertyOptional({ enum: INCIDENT_STATUSES })
  @IsOptional()
  @IsIn(INCIDENT_STATUSES)
  status?: IncidentStatus;
}

export class RegisterQuery {
  @ApiProperty({ enum: ['xlsx', 'pdf'] })
  @IsIn(['xlsx', 'pdf'])
  format: 'xlsx' | 'pdf';
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** What a response needs beyond the row: processors' names by id, and which categories are special. */
export interface IncidentNames {
  processors: Map<string, string>;
  special(key: string): boolean;
}

export class IncidentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: "null: the controller's own breach",
  })
  processorId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) processorName: string | null;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ nullable: true, type: String }) processorReference: string | null;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status: IncidentStatus;
  @ApiProperty() nature: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) occurredAt: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) detectedAt: string | null;
  @ApiProperty({ format: 'date-time' }) reportedAt: string;
  @ApiProperty({ format: 'date-time' }) awareAt: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) endedAt: string | null;
  @ApiProperty({ format: 'date-time', description: 'awareAt + 72 hours (Art. 33(1))' })
  notificationDeadline: string;
  @ApiProperty({
    enum: NOTICE_STATES,
    description: 'The notification to the supervisory authority; pending until the risk is assessed',
  })
  authorityNotice: AuthorityNotice;
  @ApiProperty({ type: [String] }) dataCategories: string[];
  @ApiProperty({ type: [String] }) dataSubjectCategories: string[];
  @ApiPropertyOptional({ nullable: true, type: Number }) approxSubjectCount: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) approxRecordCount: number | null;
  @ApiProperty({ type: [String], description: 'The special categories (Arts. 9, 10) among dataCategories' })
  specialCategories: string[];
  @ApiPropertyOptional({ nullable: true, type: Boolean }) crossBorder: boolean | null;
  @ApiPropertyOptional({ nullable: true, type: String }) leadAuthority: string | null;
  @ApiPropertyOptional({ nullable: true, type: Boolean }) dataEncrypted: boolean | null;
  @ApiPropertyOptional({ nullable: true, type: String }) encryptionNote: string | null;
  @ApiPropertyOptional({ type: ContactPointDto, nullable: true }) contactPoint: ContactPoint | null;
  @ApiPropertyOptional({ nullable: true, type: String }) likelyConsequences: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) measures: string | null;
  @ApiPropertyOptional({ enum: RISK_LEVELS, nullable: true }) riskLevel: RiskLevel | null;
  @ApiPropertyOptional({ nullable: true, type: String }) riskRationale: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) authorityNotifiedAt:
    string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) authorityName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) authorityReference: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) delayReason: string | null;
  @ApiProperty({ description: 'A high risk: the data subjects must be told (Art. 34)' })
  subjectNoticeRequired: boolean;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) subjectsNotifiedAt:
    string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) subjectsNoticeChannel: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) subjectsNotifiedCount: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) subjectsNoticeContent: string | null;
  @ApiPropertyOptional({ enum: SUBJECT_NOTICE_EXEMPTIONS, nullable: true })
  subjectNoticeExemption: SubjectNoticeExemption | null;
  @ApiPropertyOptional({ nullable: true, type: String }) resolution: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ type: [AttachedFileView] }) documents: AttachedFileView[];
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({
    format: 'date-time',
    description:
      "The server's time of this answer: authorityNotice was judged at it, and a reader's time left until the deadline counts from it, not from a device's clock",
  })
  asOf: string;

  /** `names` gives the processor's name and the special categories; without them they read null/[]. */
  static from(i: Incident, now: Date, names?: IncidentNames): IncidentResponse {
    return {
      id: i.id,
      processorId: i.processorId,
      processorName: (i.processorId && names?.processors.get(i.processorId)) || null,
      title: i.title,
      processorReference: i.processorReference,
      status: i.status,
      nature: i.nature,
      occurredAt: iso(i.occurredAt),
      detectedAt: iso(i.detectedAt),
      reportedAt: i.reportedAt.toISOString(),
      awareAt: i.awareAt.toISOString(),
      endedAt: iso(i.endedAt),
      notificationDeadline: i.notificationDeadline.toISOString(),
      authorityNotice: authorityNotice(i, now),
      dataCategories: i.dataCategories,
      dataSubjectCategories: i.dataSubjectCategories,
      approxSubjectCount: i.approxSubjectCount,
      approxRecordCount: i.approxRecordCount,
      specialCategories: names ? i.dataCategories.filter((k) => names.special(k)) : [],
      crossBorder: i.crossBorder,
      leadAuthority: i.leadAuthority,
      dataEncrypted: i.dataEncrypted,
      encryptionNote: i.encryptionNote,
      contactPoint: i.contactPoint,
      likelyConsequences: i.likelyConsequences,
      measures: i.measures,
      riskLevel: i.riskLevel,
      riskRationale: i.riskRationale,
      authorityNotifiedAt: iso(i.authorityNotifiedAt),
      authorityName: i.authorityName,
      authorityReference: i.authorityReference,
      delayReason: i.delayReason,
      subjectNoticeRequired: i.riskLevel === 'high_risk',
      subjectsNotifiedAt: iso(i.subjectsNotifiedAt),
      subjectsNoticeChannel: i.subjectsNoticeChannel,
      subjectsNotifiedCount: i.subjectsNotifiedCount,
      subjectsNoticeContent: i.subjectsNoticeContent,
      subjectNoticeExemption: i.subjectNoticeExemption,
      resolution: i.resolution,
      closedAt: iso(i.closedAt),
      documents: i.documents.map((d) => AttachedFileView.from(d)),
      version: i.version,
      createdAt: i.createdAt.toISOString(),
      updatedAt: i.updatedAt.toISOString(),
      asOf: now.toISOString(),
    };
  }
}

export class IncidentPageResponse {
  @ApiProperty({ type: [IncidentResponse] }) items: IncidentResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
