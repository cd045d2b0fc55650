import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Permission } from './permissions';

export const PERMISSION = 'custos.permission';
export const ANY_CALLER = 'custos.any-caller';
export const RESTRICTED_SESSION = 'custos.restricted-session';

export type SessionRestriction = 'password_change' | 'mfa_enrollment';

const documented = () =>
  applyDecorators(
    ApiBearerAuth('bearer'),
    ApiSecurity('apiKey'),
    ApiUnauthorizedResponse({ description: 'No valid credentials' }),
    ApiForbiddenResponse({ description: 'The caller lacks the permission' }),
  );

/** The route needs this permission of the matrix. */
export const RequirePermission = (permission: Permission): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(PERMISSION, permission), documented());

/** Any authenticated caller may use the route (e.g. reading one's own profile). */
export const AnyCaller = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ANY_CALLER, true), documented());

/** The route stays open to a session that must first change its password or enrol in MFA. */
export const AllowRestrictedSession = (...restrictions: SessionRestriction[]): MethodDecorator =>
  SetMetadata(RESTRICTED_SESSION, restrictions);
