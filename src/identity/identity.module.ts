import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { ApiKeyEpochPrefetch } from './api-key-epoch.prefetch';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { Credentials } from './credentials';
import { CreateOrganizationCommand, PermissionMatrixCommand } from './identity.commands';
import { LoginRateLimiter } from './login-rate-limiter';
import { MfaService } from './mfa.service';
import { OrganizationController } from './organization.controller';
import { OrganizationsService } from './organizations.service';
import { PasswordPolicy } from './password-policy';
import { SessionsService } from './sessions.service';
import { UsersController } from './users.controller';
import { UnknownEmailLockout } from './unknown-email-lockout';
import { UsersService } from './users.service';

/** Organisations, users, roles, login, password policy, MFA, sessions and API keys. */
@Module({
  imports: [DiscoveryModule],
  controllers: [AuthController, UsersController, ApiKeysController, OrganizationController],
  providers: [
    Credentials,
    PasswordPolicy,
    LoginRateLimiter,
    UnknownEmailLockout,
    SessionsService,
    MfaService,
    AuthService,
    OrganizationsService,
    UsersService,
    ApiKeysService,
    AuthGuard,
    { provide: APP_GUARD, useExisting: AuthGuard },
    CreateOrganizationCommand,
    PermissionMatrixCommand,
  ],
  exports: [OrganizationsService, UsersService],
})
export class IdentityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ApiKeyEpochPrefetch).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
