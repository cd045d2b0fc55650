import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/access/access.decorators';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import {
  AddTermDto,
  CountryListResponse,
  InternationalOrganisationListResponse,
  SpecialCategoryListResponse,
  TermResponse,
  VocabularyParams,
  VocabularyResponse,
} from './dto/vocabulary.dto';
import type {
  AdequacyDecision,
  Country,
  InternationalOrganisation,
  ListFile,
  SpecialCategory,
} from './vocabulary.data';
import { VocabulariesService } from './vocabularies.service';
import { AnswersWith } from '../platform/errors/feature-errors';
import { VocabularyErrors } from './vocabularies.errors';

@ApiTags('vocabularies')
@AnswersWith(VocabularyErrors)
@Controller('vocabularies')
@RequirePermission('vocabularies.read')
export class VocabulariesController {
  constructor(private readonly vocabularies: VocabulariesService) {}

  @Get('special-categories')
  @ApiOperation({ summary: 'Which data categories fall under GDPR Art. 9 or Art. 10' })
  @ApiOkResponse({ type: SpecialCategoryListResponse })
  specialCategories(): ListFile<SpecialCategory> {
    return this.vocabularies.specialCategories();
  }

  @Get('countries')
  @ApiOperation({ summary: 'ISO 3166-1 countries with EU and EEA membership' })
  @ApiOkResponse({ type: CountryListResponse })
  countries(): ListFile<Country> {
    return this.vocabularies.countries();
  }

  @Get('adequacy-decisions')
  @ApiOperation({ summary: 'EU adequacy decisions (Art. 45); the US only for DPF-certified organisations' })
  adequacyDecisions(): ListFile<AdequacyDecision> {
    return this.vocabularies.adequacyDecisions();
  }

  @Get('international-organisations')
  @ApiOperation({
    summary:
      'International organisations (Art. 4(26)) that may be a transfer destination, with their Custos codes',
  })
  @ApiOkResponse({ type: InternationalOrganisationListResponse })
  internationalOrganisations(): ListFile<InternationalOrganisation> {
    return this.vocabularies.internationalOrganisations();
  }

  @Get(':vocabulary')
  @ApiOperation({
    summary: 'Data categories, data subjects or data uses (fideslang keys) plus your own keys',
  })
  @ApiOkResponse({ type: VocabularyResponse })
  list(@Ctx() ctx: RequestContext, @Param() params: VocabularyParams): Promise<VocabularyResponse> {
    return this.vocabularies.list(ctx, params.vocabulary);
  }

  @Post(':vocabulary/terms')
  @RequirePermission('vocabularies.write')
  @ApiOperation({ summary: 'Add an own key beneath an existing key' })
  @ApiCreatedResponse({ type: TermResponse })
  async addTerm(
    @Ctx() ctx: RequestContext,
    @Param() params: VocabularyParams,
    @Body() body: AddTermDto,
  ): Promise<TermResponse> {
    const term = await this.vocabularies.addTerm(ctx, params.vocabulary, body);
    return {
      key: term.key,
      name: term.name,
      description: term.description ?? undefined,
      parent: term.parent,
      custom: true,
    };
  }
}
