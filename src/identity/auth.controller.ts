import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { AllowRestrictedSession, AnyCaller } from '../platform/access/access.decorators';
import { Anonymous, type AuditContext, Ctx, type RequestContext } from '../platform/context/request-context';
import { Public } from '../platform/http/public.decorator';
import { clearRefreshCookie, refreshTokenOf, setRefreshCookie } from '../platform/http/session-cookie';
import { AuthService, LoginResult } from './auth.service';
import {
  ChangePasswordDto,
  LoginDto,
  LoginResponse,
  MfaCodeDto,
  MfaDto,
  MfaEnrollmentResponse,
  RecoveryCodesResponse,
  RefreshDto,
  SetupDto,
  TokensResponse,
} from './dto/auth.dto';
import { MeResponse, OrganizationResponse, SetupResponse, UserResponse } from './dto/user.dto';
import { MfaService } from './mfa.service';
import { OrganizationsService } from './organizations.service';
import { IssuedTokens, SessionsService } from './sessions.service';
import { UsersService } from './users.service';
import { AnswersWith } from '../platform/errors/feature-errors';
import { IdentityErrors } from './identity.errors';

@ApiTags('auth')
@AnswersWith(
  IdentityErrors.pick('MFA_ALREADY_ENABLED', 'MFA_ENROLLMENT_NOT_STARTED', 'ALREADY_SET_UP', 'EMAIL_TAKEN'),
)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly organizations: OrganizationsService,
    private readonly sessions: SessionsService,
    private readonly mfa: MfaService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  /** Login, MFA and refresh set the console's cookie; the JSON stays as programs know it. */
  private withCookie<T extends object>(res: Response, result: T): T {
    if ('refreshToken' in result && typeof result.refreshToken === 'string') {
      setRefreshCookie(res, this.config, result.refreshToken);
    }
    return result;
  }

  @Post('setup')
  @Public()
  @ApiOperation({ summary: 'Create the first organisation and its admin (only while none exists)' })
  async setup(@Body() body: SetupDto, @Anonymous() context: AuditContext): Promise<SetupResponse> {
    const { organization, user } = await this.organizations.setup(body, context);
    return { organization: OrganizationResponse.from(organization), user: UserResponse.from(user) };
  }

  @Post('login')
  @Public()
  @SkipThrottle() // login has its own per-IP limit, checked after the account's lockout
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with e-mail and password; 423 while the account is locked' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiResponse({ status: 401, description: 'Unknown e-mail or wrong password (the same answer for both)' })
  @ApiResponse({ status: 423, description: 'The account is locked; Retry-After says for how long' })
  @ApiResponse({ status: 429, description: 'Too many attempts from this address' })
  async login(
    @Body() body: LoginDto,
    @Anonymous() context: AuditContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResult> {
    return this.withCookie(res, await this.auth.login(body.email, body.password, context));
  }

  @Post('mfa')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete a login with an authenticator code or a recovery code' })
  @ApiOkResponse({ type: TokensResponse })
  async completeMfa(
    @Body() body: MfaDto,
    @Anonymous() context: AuditContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IssuedTokens> {
    return this.withCookie(res, await this.auth.completeMfa(body.mfaToken, body.code, context));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate the refresh token; reusing an old one ends the session',
    description:
      "The token comes in the body (programs) or in the console's HttpOnly cookie. When it came in the " +
      'cookie, the new one is set as the cookie and left out of the body, so that page script never sees it.',
  })
  @ApiOkResponse({ type: TokensResponse })
  async refresh(
    @Body() body: RefreshDto,
    @Anonymous() context: AuditContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IssuedTokens | Omit<IssuedTokens, 'refreshToken'>> {
    const { token, fromCookie } = refreshTokenOf(req, body.refreshToken);
    const tokens = this.withCookie(
      res,
      await this.sessions.refresh(token, context, { lostRotationGrace: fromCookie }),
    );
    if (!fromCookie) return tokens;
    const { refreshToken: _inCookie, ...rest } = tokens;
    return rest;
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: "End the session of this refresh token (from the body or the console's cookie)" })
  @ApiNoContentResponse()
  async logout(
    @Body() body: RefreshDto,
    @Anonymous() context: AuditContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const { token } = refreshTokenOf(req, body.refreshToken);
    clearRefreshCookie(res, this.config);
    await this.sessions.logout(token, context);
  }

  @Post('password')
  @AnyCaller()
  @AllowRestrictedSession('password_change', 'mfa_enrollment')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change the own password; every session ends, log in again' })
  @ApiNoContentResponse()
  async changePassword(@Ctx() ctx: RequestContext, @Body() body: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(ctx, body.currentPassword, body.newPassword);
  }

  @Get('me')
  @AnyCaller()
  @AllowRestrictedSession('password_change', 'mfa_enrollment')
  @ApiOperation({ summary: 'The caller' })
  @ApiOkResponse({ type: MeResponse })
  async me(@Ctx() ctx: RequestContext): Promise<MeResponse> {
    const user = await this.users.get(ctx, ctx.actor.id ?? '');
    const { id, organizationId, email, name, roles, mfaEnabled, passwordChangeRequired } =
      UserResponse.from(user);
    return { id, organizationId, email, name, roles, mfaEnabled, passwordChangeRequired };
  }

  @Post('mfa/enroll')
  @AnyCaller()
  @AllowRestrictedSession('mfa_enrollment')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start MFA enrolment: a TOTP secret and its otpauth URI' })
  @ApiOkResponse({ type: MfaEnrollmentResponse })
  enroll(@Ctx() ctx: RequestContext): Promise<MfaEnrollmentResponse> {
    return this.mfa.startEnrollment(ctx);
  }

  @Post('mfa/enroll/confirm')
  @AnyCaller()
  @AllowRestrictedSession('mfa_enrollment')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm MFA with a first code; answers the recovery codes once' })
  @ApiOkResponse({ type: RecoveryCodesResponse })
  confirm(@Ctx() ctx: RequestContext, @Body() body: MfaCodeDto): Promise<RecoveryCodesResponse> {
    return this.mfa.confirmEnrollment(ctx, body.code);
  }
}
