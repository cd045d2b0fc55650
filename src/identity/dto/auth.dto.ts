import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, Length, MaxLength } from 'class-validator';
import { trim } from '../../platform/http/input';
import { Optional } from '../../platform/errors/validation';

export class SetupDto {
  @ApiProperty({ example: 'Acme GmbH' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organizationName: string;

  @ApiProperty({ example: 'admin@acme.example' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Ada Admin' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'Must meet the password policy', example: 'Corr3ct-Horse-Battery' })
  @IsString()
  @MaxLength(256)
  password: string;
}

export class LoginDto {
  @ApiProperty({ example: 'admin@acme.example' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password: string;
}

export class MfaDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  mfaToken: string;

  @ApiProperty({ description: 'The authenticator code or an unused recovery code', example: '123456' })
  @IsString()
  @Length(6, 32)
  code: string;
}

export class MfaCodeDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Length(6, 6)
  code: string;
}

export class RefreshDto {
  @ApiPropertyOptional({
    description: 'Programs send it here; the console sends none and the cookie carries it',
  })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  refreshToken?: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  currentPassword: string;

  @ApiProperty({ description: 'Must meet the password policy and differ from the last passwords' })
  @IsString()
  @MaxLength(256)
  newPassword: string;
}

export class TokensResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ description: 'Until changed, the session may only change the password' })
  passwordChangeRequired: boolean;
  @ApiProperty({ description: 'Until enrolled, the session may only enrol in MFA' })
  mfaEnrollmentRequired: boolean;
}

export class LoginResponse {
  @ApiPropertyOptional() accessToken?: string;
  @ApiPropertyOptional() refreshToken?: string;
  @ApiPropertyOptional() tokenType?: string;
  @ApiPropertyOptional() expiresIn?: number;
  @ApiPropertyOptional() passwordChangeRequired?: boolean;
  @ApiPropertyOptional() mfaEnrollmentRequired?: boolean;
  @ApiPropertyOptional({
    description: 'Present when a second factor is needed: then send the code to POST /auth/mfa',
  })
  mfaRequired?: boolean;
  @ApiPropertyOptional() mfaToken?: string;
}

export class MfaEnrollmentResponse {
  @ApiProperty({ description: 'Base32 TOTP secret, for manual entry' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/Custos:ada%40acme.example?secret=…&issuer=Custos' })
  otpauthUri: string;
}

export class RecoveryCodesResponse {
  @ApiProperty({ type: [String], description: 'Shown once; each works once' }) recoveryCodes: string[];
}
