import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDate,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { Role, ROLES } from '../../platform/context/request-context';
import { PageQuery } from '../../platform/http/pagination';
import { ApiKey } from '../api-key.entity';
import { Organization } from '../organization.entity';
import { User } from '../user.entity';
import { Optional } from '../../platform/errors/validation';
import { trim } from '../../platform/http/input';

export class CreateUserDto {
  @ApiProperty({ example: 'lena.legal@acme.example' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Lena Legal' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiProperty({ description: 'First password, to be changed by the user at the first login' })
  @IsString()
  @MaxLength(256)
  password: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @Optional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(ROLES, { each: true })
  roles?: Role[];
}

export class AccessReviewQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty() active: boolean;
  @ApiProperty() mfaEnabled: boolean;
  @ApiProperty() passwordChangeRequired: boolean;
  @ApiProperty({ format: 'date-time' }) passwordChangedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true }) lastLoginAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true }) lockedUntil: string | null;
  @ApiProperty({ format: 'date-time', nullable: true }) deactivatedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(u: User): UserResponse {
    return {
      id: u.id,
      organizationId: u.organizationId,
      email: u.email,
      name: u.name,
      roles: u.roles,
      active: u.active,
      mfaEnabled: u.mfaEnabled,
      passwordChangeRequired: u.passwordChangeRequired,
      passwordChangedAt: u.passwordChangedAt.toISOString(),
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      lockedUntil: u.lockedUntil?.toISOString() ?? null,
      deactivatedAt: u.deactivatedAt?.toISOString() ?? null,
      createdAt: u.createdAt.toISOString(),
    };
  }
}

export class UserPageResponse {
  @ApiProperty({ type: [UserResponse] }) items: UserResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class AccessReviewEntryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time', nullable: true }) lastLoginAt: string | null;
  @ApiProperty() mfaEnabled: boolean;
  @ApiProperty({ format: 'date-time' }) passwordChangedAt: string;
  @ApiProperty() passwordAgeDays: number;
  @ApiProperty({
    type: [String],
    description: 'inactive, no_login_90_days, password_expired, locked, mfa_recommended',
  })
  flags: string[];
}

export class AccessReviewResponse {
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: [AccessReviewEntryResponse] }) items: AccessReviewEntryResponse[];
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty() mfaEnabled: boolean;
  @ApiProperty() passwordChangeRequired: boolean;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Procurement system' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['procurement'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'At most two years ahead; one year from now when left out',
  })
  @Optional()
  @Type(() => Date)
  @IsDate()
  expiresAt?: Date;
}

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Public part of the key, to recognise it' }) prefix: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ format: 'date-time', nullable: true }) lastUsedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true }) revokedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(k: ApiKey): ApiKeyResponse {
    return {
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      roles: k.roles,
      expiresAt: k.expiresAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
      createdAt: k.createdAt.toISOString(),
    };
  }
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ description: 'The key itself: shown only in this response' }) key: string;
}

export class ApiKeyPageResponse {
  @ApiProperty({ type: [ApiKeyResponse] }) items: ApiKeyResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class UpdateSecurityDto {
  @ApiProperty({ enum: ROLES, isArray: true, example: ['admin', 'dpo'] })
  @IsArray()
  @IsIn(ROLES, { each: true })
  mfaRequiredRoles: Role[];
}

export class OrganizationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, isArray: true }) mfaRequiredRoles: Role[];

  static from(o: Organization): OrganizationResponse {
    return { id: o.id, name: o.name, mfaRequiredRoles: o.mfaRequiredRoles };
  }
}

export class SetupResponse {
  @ApiProperty({ type: OrganizationResponse }) organization: OrganizationResponse;
  @ApiProperty({ type: UserResponse }) user: UserResponse;
}

export { PageQuery };
