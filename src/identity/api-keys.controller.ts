import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/access/access.decorators';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { mapPage, Page, PageQuery } from '../platform/http/pagination';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyPageResponse, ApiKeyResponse, CreateApiKeyDto, CreatedApiKeyResponse } from './dto/user.dto';
import { AnswersWith } from '../platform/errors/feature-errors';
import { IdentityErrors } from './identity.errors';

@ApiTags('api-keys')
@AnswersWith(IdentityErrors.pick('API_KEY_REVOKED'))
@Controller('api-keys')
@RequirePermission('apiKeys.manage')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key for an integration; the key is in this answer only' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    const { apiKey, key } = await this.apiKeys.create(ctx, body);
    return { ...ApiKeyResponse.from(apiKey), key };
  }

  @Get()
  @RequirePermission('apiKeys.read')
  @ApiOkResponse({ type: ApiKeyPageResponse })
  @ApiOperation({ summary: 'API keys (never the keys themselves)' })
  async list(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<ApiKeyResponse>> {
    return mapPage(await this.apiKeys.list(ctx, query), (k) => ApiKeyResponse.from(k));
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiOperation({ summary: 'Revoke an API key' })
  async revoke(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<ApiKeyResponse> {
    return ApiKeyResponse.from(await this.apiKeys.revoke(ctx, id));
  }
}
