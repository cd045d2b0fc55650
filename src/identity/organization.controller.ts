import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/access/access.decorators';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { OrganizationResponse, UpdateSecurityDto } from './dto/user.dto';
import { OrganizationsService } from './organizations.service';
import { AnswersWith } from '../platform/errors/feature-errors';
import { IdentityErrors } from './identity.errors';

@ApiTags('organization')
@AnswersWith(IdentityErrors.pick('ALREADY_SET_UP', 'EMAIL_TAKEN'))
@Controller('organization')
export class OrganizationController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @RequirePermission('organization.read')
  @ApiOkResponse({ type: OrganizationResponse })
  @ApiOperation({ summary: 'The organisation and its security settings' })
  async get(@Ctx() ctx: RequestContext): Promise<OrganizationResponse> {
    return OrganizationResponse.from(await this.organizations.get(ctx.organizationId));
  }

  @Patch('security')
  @RequirePermission('organization.manage')
  @ApiOperation({ summary: 'Require MFA for chosen roles (recommended: admin and dpo)' })
  @ApiOkResponse({ type: OrganizationResponse })
  async updateSecurity(
    @Ctx() ctx: RequestContext,
    @Body() body: UpdateSecurityDto,
  ): Promise<OrganizationResponse> {
    return OrganizationResponse.from(await this.organizations.updateSecurity(ctx, body.mfaRequiredRoles));
  }
}
