import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { AllowRestrictedSession, AnyCaller } from '../platform/access/access.decorators';
import { Anonymous, type AuditContext, Ctx, type RequestContext } from '../platform/context/request-context';
import { Public } from '../platform/http/public.decorator';
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

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly organizations: OrganizationsService,
    private readonly sessions: SessionsService,
    private readonly mfa: MfaService,
    private readonly users: UsersService,
  ) {}

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
  login(@Body() body: LoginDto, @Anonymous() context: AuditContext): Promise<LoginResult> {
    return this.auth.login(body.email, body.password, context);
  }

  @Post('mfa')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete a login with an authenticator code or a recovery code' })
  @ApiOkResponse({ type: TokensResponse })
  completeMfa(@Body() body: MfaDto, @Anonymous() context: AuditContext): Promise<IssuedTokens> {
    return this.auth.completeMfa(body.mfaToken, body.code, context);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the refresh token; reusing an old one ends the session' })
  @ApiOkResponse({ type: TokensResponse })
  refresh(@Body() body: RefreshDto, @Anonymous() context: AuditContext): Promise<IssuedTokens> {
    return this.sessions.refresh(body.refreshToken, context);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of this refresh token' })
  @ApiNoContentResponse()
  async logout(@Body() body: RefreshDto, @Anonymous() context: AuditContext): Promise<void> {
    await this.sessions.logout(body.refreshToken, context);
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
