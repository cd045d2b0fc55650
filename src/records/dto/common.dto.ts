import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDateString, IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { trim } from '../../platform/http/input';
import type { ContactDetails, Representative } from '../record-types';

export const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `asOf`: a calendar day, YYYY-MM-DD; the record is shown as it stood at the end of that day (UTC). */
export const AsOfProperty = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      format: 'date',
      example: '2026-01-14',
      description: 'The state at the end of this day (UTC); today or earlier',
    }),
    IsOptional(),
    Matches(DAY, { message: 'asOf must be a date YYYY-MM-DD' }),
    IsDateString({ strict: true }, { message: 'asOf must be a valid date' }),
  );

export class ContactDetailsDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Dr. Dana Protect' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  name?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'dpo@acme.example' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+49 30 1234567' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  phone?: string | null;
}

/** A named person or body with contact details: the DPO, a representative. */
export class NamedContactDto {
  @ApiProperty({ example: 'Dr. Dana Protect' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'dpo@acme.example' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+49 30 1234567' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  phone?: string | null;
}

export class NamedRepresentativeDto extends NamedContactDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Acme EU Rep Ltd, 1 Main Street, Dublin' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  address?: string | null;
}

type ContactInput = { name?: string | null; email?: string | null; phone?: string | null };

export function contactOf(dto: ContactInput | null | undefined): ContactDetails | null {
  if (!dto) return null;
  return { name: dto.name ?? null, email: dto.email?.toLowerCase() ?? null, phone: dto.phone ?? null };
}

export function representativeOf(
  dto: (ContactInput & { address?: string | null }) | null | undefined,
): Representative | null {
  if (!dto) return null;
  return { ...contactOf(dto)!, address: dto.address ?? null };
}

export class ContactDetailsView implements ContactDetails {
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
}

export class RepresentativeView extends ContactDetailsView implements Representative {
  @ApiProperty({ nullable: true, type: String }) address: string | null;
}

export class VersionView {
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) validFrom: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) validTo: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) changedBy: string | null;
}
