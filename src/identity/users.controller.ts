import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '../platform/access/access.decorators';
import { Ctx, type RequestContext } from '../platform/context/request-context';
import { mapPage, Page, PageQuery } from '../platform/http/pagination';
import { UuidParam } from '../platform/http/uuid-param.pipe';
import {
  AccessReviewQuery,
  AccessReviewResponse,
  CreateUserDto,
  UpdateUserDto,
  UserPageResponse,
  UserResponse,
} from './dto/user.dto';
import { UsersService } from './users.service';
import { AnswersWith } from '../platform/errors/feature-errors';
import { IdentityErrors } from './identity.errors';

@ApiTags('users')
@AnswersWith(IdentityErrors.pick('EMAIL_TAKEN', 'OWN_MFA_RESET', 'LAST_ADMIN'))
@Controller('users')
@RequirePermission('users.manage')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Add a user with a first password (changed at the first login)' })
  @ApiCreatedResponse({ type: UserResponse })
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateUserDto): Promise<UserResponse> {
    return UserResponse.from(await this.users.create(ctx, body));
  }

  @Get()
  @RequirePermission('users.read')
  @ApiOkResponse({ type: UserPageResponse })
  @ApiOperation({ summary: 'Users of the organisation' })
  async list(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<UserResponse>> {
    return mapPage(await this.users.list(ctx, query), (u) => UserResponse.from(u));
  }

  @Get('access-review')
  @RequirePermission('users.read')
  @ApiOperation({
    summary: "Every user's roles, last login, MFA and password age, with flags; CSV with ?format=csv",
  })
  @ApiOkResponse({ type: AccessReviewResponse })
  @ApiProduces('application/json', 'text/csv')
  async accessReview(
    @Ctx() ctx: RequestContext,
    @Query() query: AccessReviewQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AccessReviewResponse | string> {
    const review = await this.users.accessReview(ctx);
    if (query.format !== 'csv') return review;
    res.type('text/csv');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="access-review-${review.generatedAt.slice(0, 10)}.csv"`,
    );
    return this.users.accessReviewCsv(review);
  }

  @Get(':id')
  @RequirePermission('users.read')
  @ApiOkResponse({ type: UserResponse })
  @ApiOperation({ summary: 'A user' })
  async get(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<UserResponse> {
    return UserResponse.from(await this.users.get(ctx, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change name or roles; the last admin keeps the admin role' })
  @ApiOkResponse({ type: UserResponse })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserResponse> {
    return UserResponse.from(await this.users.update(ctx, id, body));
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate (never delete) a user; their sessions end' })
  @ApiOkResponse({ type: UserResponse })
  async deactivate(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<UserResponse> {
    return UserResponse.from(await this.users.deactivate(ctx, id));
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOkResponse({ type: UserResponse })
  @ApiOperation({ summary: 'Reactivate a deactivated user' })
  async reactivate(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<UserResponse> {
    return UserResponse.from(await this.users.reactivate(ctx, id));
  }

  @Post(':id/mfa/reset')
  @HttpCode(200)
  @ApiOperation({
    summary: "Reset a user's two-step sign-in (lost authenticator): they enrol again at their next sign-in",
  })
  @ApiOkResponse({ type: UserResponse })
  async resetMfa(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<UserResponse> {
    return UserResponse.from(await this.users.resetMfa(ctx, id));
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unlock an account locked by failed logins' })
  @ApiOkResponse({ type: UserResponse })
  async unlock(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<UserResponse> {
    return UserResponse.from(await this.users.unlock(ctx, id));
  }
}
