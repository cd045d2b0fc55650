import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { ProfileSnapshot } from '../record-types';
import {
  ContactDetailsView,
  NamedContactDto,
  NamedRepresentativeDto,
  RepresentativeView,
} from './common.dto';
import { trim, Nested } from '../../platform/http/input';

export class ProfileDto {
  @ApiProperty({ example: 'Acme GmbH', description: 'The controller (Art. 30(1)(a))' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  controllerName: string;

  @ApiProperty({ example: 'Musterstraße 1, 10115 Berlin, Germany' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  address: string;

  @ApiProperty({ example: 'privacy@acme.example' })
  @IsEmail()
  @MaxLength(254)
  contactEmail: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+49 30 1234567' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  contactPhone?: string | null;

  @ApiPropertyOptional({
    type: NamedRepresentativeDto,
    description: 'The representative in the Union (Art. 27), where there is one',
  })
  @IsOptional()
  @Nested(() => NamedRepresentativeDto)
  representative?: NamedRepresentativeDto | null;

  @ApiPropertyOptional({ type: NamedContactDto, description: 'The data protection officer' })
  @IsOptional()
  @Nested(() => NamedContactDto)
  dpo?: NamedContactDto | null;
}

export class ProfileResponse {
  @ApiProperty() controllerName: string;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ nullable: true, type: String }) contactEmail: string | null;
  @ApiProperty({ nullable: true, type: String }) contactPhone: string | null;
  @ApiProperty({ type: RepresentativeView, nullable: true }) representative: RepresentativeView | null;
  @ApiProperty({ type: ContactDetailsView, nullable: true }) dpo: ContactDetailsView | null;
  @ApiProperty({ description: '0 while the profile was never saved (then the name is the organisation’s)' })
  version: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) updatedAt: string | null;

  static from(p: ProfileSnapshot): ProfileResponse {
    return {
      controllerName: p.controllerName,
      address: p.address,
      contactEmail: p.contactEmail,
      contactPhone: p.contactPhone,
      representative: p.representative,
      dpo: p.dpo,
      version: p.version,
      updatedAt: p.updatedAt,
    };
  }
}
