import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RequirePermission } from '../platform/access/access.decorators';
import { Clock } from '../platform/clock/clock';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { mapPage, Page, PageQuery } from '../platform/http/pagination';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import {
  CreatePortalLinkDto,
  PortalLinkCreatedResponse,
  PortalLinkPageResponse,
  PortalLinkResponse,
} from './dto/portal-link.dto';
import { PortalService } from './portal.service';
import { AnswersWith } from '../platform/errors/feature-errors';
import { PortalLinkErrors } from '../portal-links/portal-links.errors';
import { ProcessorErrors } from '../processors/processors.errors';
import { OffboardingErrors } from '../offboarding/offboarding.errors';

@ApiTags('portal links')
@AnswersWith(PortalLinkErrors, ProcessorErrors.pick('PROCESSOR_ARCHIVED'), OffboardingErrors)
@Controller()
@RequirePermission('portalLinks.read')
export class PortalLinksController {
  constructor(
    private readonly portal: PortalService,
    private readonly clock: Clock,
  ) {}

  @Post('processors/:id/portal-links')
  @RequirePermission('portalLinks.write')
  @ApiOperation({
    summary:
      "E-mail a link to a processor's contact for the purposes given; the link itself is never returned",
  })
  @ApiCreatedResponse({ type: PortalLinkCreatedResponse })
  async create(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) processorId: string,
    @Body() body: CreatePortalLinkDto,
  ): Promise<PortalLinkCreatedResponse> {
    const link = await this.portal.createLink(ctx, processorId, body);
    return { id: link.id, expiresOn: link.expiresOn };
  }

  @Get('processors/:id/portal-links')
  @ApiOperation({ summary: "The processor's portal links, their purposes, state and last use" })
  @ApiOkResponse({ type: PortalLinkPageResponse })
  async list(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) processorId: string,
    @Query() query: PageQuery,
  ): Promise<Page<PortalLinkResponse>> {
    const today = this.clock.today();
    return mapPage(await this.portal.listLinks(ctx, processorId, query), (l) =>
      PortalLinkResponse.from(l, today),
    );
  }

  @Post('portal-links/:id/revoke')
  @RequirePermission('portalLinks.write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a portal link: it answers 401 from now on' })
  @ApiNoContentResponse({ description: 'Revoked' })
  async revoke(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<void> {
    await this.portal.revokeLink(ctx, id);
  }
}
