import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { trim } from '../../platform/http/input';
import { VOCABULARIES, type VocabularyName } from '../vocabulary-term.entity';

export class VocabularyParams {
  @ApiProperty({ enum: VOCABULARIES })
  @IsIn(VOCABULARIES)
  vocabulary: VocabularyName;
}

export class AddTermDto {
  @ApiProperty({ example: 'user.contact.email.work', description: 'Dotted key beneath an existing key' })
  @IsString()
  @MaxLength(200)
  key: string;

  @ApiProperty({ example: 'Work e-mail address' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

export class TermResponse {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ nullable: true, type: String }) parent: string | null;
  @ApiProperty({ description: "true for the organisation's own keys" }) custom: boolean;
}

export class VocabularyResponse {
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Where the list comes from' }) source: string;
  @ApiProperty({ description: 'Date of the source' }) sourceDate: string;
  @ApiProperty({ type: [TermResponse] }) items: TermResponse[];
}

/** A shipped list as the API gives it: its name, where it comes from and when, and notes on its use. */
abstract class ListFileResponse {
  @ApiProperty() name: string;
  @ApiProperty() source: string;
  @ApiProperty() sourceDate: string;
  @ApiPropertyOptional() notes?: string;
}

export class CountryResponse {
  @ApiProperty({ example: 'DE' }) code: string;
  @ApiProperty({ example: 'Germany' }) name: string;
  @ApiProperty() eu: boolean;
  @ApiProperty() eea: boolean;
  @ApiPropertyOptional({ description: 'The EEA state the GDPR applies through, for a territory' })
  partOfEeaState?: string;
}

export class CountryListResponse extends ListFileResponse {
  @ApiProperty({ type: [CountryResponse] }) items: CountryResponse[];
}

export class InternationalOrganisationResponse {
  @ApiProperty({ example: 'EPO', description: 'Its Custos code: three or more capital letters' })
  code: string;
  @ApiProperty({ example: 'European Patent Organisation' }) name: string;
}

export class InternationalOrganisationListResponse extends ListFileResponse {
  @ApiProperty({ type: [InternationalOrganisationResponse] }) items: InternationalOrganisationResponse[];
}

export class SpecialCategoryResponse {
  @ApiProperty({ example: 'user.health', description: 'The key; its descendants are special too' })
  key: string;
  @ApiProperty({ enum: ['9', '10'] }) article: '9' | '10';
  @ApiProperty({ example: 'health' }) kind: string;
}

export class SpecialCategoryListResponse extends ListFileResponse {
  @ApiProperty({ type: [SpecialCategoryResponse] }) items: SpecialCategoryResponse[];
}
