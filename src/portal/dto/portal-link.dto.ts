import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { trim } from '../../platform/http/input';
import {
  PORTAL_PURPOSES,
  type PortalPurpose,
  type PortalLinkStatus,
  linkStatus,
} from '../../portal-links/portal-link-rules';
import { PortalLink } from '../../portal-links/portal-link.entity';

export class CreatePortalLinkDto {
  @ApiProperty({ example: 'privacy@cloudmail.example', description: 'Who receives the link' })
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  contactEmail: string;

  @ApiProperty({ example: 'Jana Novak' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  contactName: string;

  @ApiProperty({ enum: PORTAL_PURPOSES, isArray: true, example: ['assessment'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PORTAL_PURPOSES.length)
  @ArrayUnique()
  @IsIn(PORTAL_PURPOSES, { each: true })
  purposes: PortalPurpose[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Required with the purpose assessment' })
  @IsOptional()
  @IsUUID()
  assessmentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required with the purpose offboarding' })
  @IsOptional()
  @IsUUID()
  offboardingId?: string;

  @ApiProperty({
    format: 'date',
    description:
      'Last day the link works: at most 60 days ahead for an assessment, 30 days past the due date for ' +
      'an offboarding, a year for breach and sub-processor notices',
  })
  @IsDateString({ strict: true })
  expiresOn: string;
}

export class PortalLinkCreatedResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) expiresOn: string;
}

export class PortalLinkResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) processorId: string;
  @ApiProperty() contactEmail: string;
  @ApiProperty() contactName: string;
  @ApiProperty({ enum: PORTAL_PURPOSES, isArray: true }) purposes: PortalPurpose[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assessmentId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) offboardingId: string | null;
  @ApiProperty({ format: 'date' }) expiresOn: string;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'] }) status: PortalLinkStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(link: PortalLink, today: string): PortalLinkResponse {
    return {
      id: link.id,
      processorId: link.processorId,
      contactEmail: link.contactEmail,
      contactName: link.contactName,
      purposes: link.purposes,
      assessmentId: link.assessmentId,
      offboardingId: link.offboardingId,
      expiresOn: link.expiresOn,
      status: linkStatus(link, today),
      lastUsedAt: link.lastUsedAt?.toISOString() ?? null,
      revokedAt: link.revokedAt?.toISOString() ?? null,
      createdBy: link.createdBy,
      createdAt: link.createdAt.toISOString(),
    };
  }
}

export class PortalLinkPageResponse {
  @ApiProperty({ type: [PortalLinkResponse] }) items: PortalLinkResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
