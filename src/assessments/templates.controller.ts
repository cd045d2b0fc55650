import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/access/access.decorators';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import {
  CreateTemplateDto,
  TemplateListResponse,
  TemplateResponse,
  TemplateSummaryResponse,
} from './dto/template.dto';
import { ResolvedTemplate, TemplatesService } from './templates.service';

function summary(t: ResolvedTemplate): TemplateSummaryResponse {
  return {
    id: t.id,
    key: t.key,
    version: t.version,
    name: t.name,
    builtIn: t.builtIn,
    questionCount: t.questions.length,
  };
}

@ApiTags('assessments')
@Controller('assessment-templates')
@RequirePermission('assessments.read')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @ApiOperation({ summary: 'The shipped default questionnaire and the organisation’s own, every version' })
  @ApiOkResponse({ type: TemplateListResponse })
  async list(@Ctx() ctx: RequestContext): Promise<TemplateListResponse> {
    return { items: (await this.templates.list(ctx)).map(summary) };
  }

  @Get(':id')
  @ApiOkResponse({ type: TemplateResponse })
  @ApiOperation({ summary: 'A questionnaire template with its questions' })
  async get(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<TemplateResponse> {
    const t = await this.templates.get(ctx, id);
    return { ...summary(t), description: t.description, areas: t.areas, questions: t.questions };
  }

  @Post()
  @RequirePermission('assessments.write')
  @ApiOperation({ summary: 'Publish an own questionnaire; the same key again makes its next version' })
  @ApiCreatedResponse({ type: TemplateResponse })
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateTemplateDto): Promise<TemplateResponse> {
    const t = await this.templates.create(ctx, body);
    return { ...summary(t), description: t.description, areas: t.areas, questions: t.questions };
  }
}
