import { CanActivate, ExecutionContext, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import {
  ANY_CALLER,
  PERMISSION,
  RESTRICTED_SESSION,
  SessionRestriction,
} from '../platform/access/access.decorators';
import { allows, Permission, PERMISSIONS } from '../platform/access/permissions';
import { ContextRequest, RequestContext, requestFacts } from '../platform/context/request-context';
import { IS_PUBLIC } from '../platform/http/public.decorator';
import { EpochRequest } from './api-key-epoch.prefetch';
import { ApiKeysService } from './api-keys.service';
import { Forbidden, Unauthenticated } from './identity.errors';
import { SessionsService } from './sessions.service';

const RESTRICTION_ERRORS: Record<SessionRestriction, [string, string]> = {
  password_change: ['PASSWORD_CHANGE_REQUIRED', 'Change your password first (POST /api/v1/auth/password).'],
  mfa_enrollment: [
    'MFA_ENROLLMENT_REQUIRED',
    'Your role requires multi-factor authentication: enrol first (POST /api/v1/auth/mfa/enroll).',
  ],
};

/** What a route's decorators say about who may call it. */
interface AccessRule {
  isPublic: boolean;
  restrictedSessions: SessionRestriction[] | undefined;
  permission: Permission | undefined;
}

/**
 * Resolves the caller (bearer token or API key) into a RequestContext and applies the permission
 * matrix. Every route must declare `@Public()`, `@AnyCaller()` or `@RequirePermission(...)`:
 * start-up fails otherwise, so no route is open by accident.
 */
@Injectable()
export class AuthGuard implements CanActivate, OnModuleInit {
  /** Per controller class, per handler (a handler may be inherited by classes with other rules). */
  private readonly rules = new WeakMap<object, WeakMap<object, AccessRule>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  onModuleInit(): void {
    const open: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!type) continue;
      for (const method of this.scanner.getAllMethodNames(type.prototype as object)) {
        const handler = (type.prototype as Record<string, () => unknown>)[method];
        if (Reflect.getMetadata('path', handler) === undefined) continue;
        const rules = [IS_PUBLIC, PERMISSION, ANY_CALLER].some(
          (key) => this.reflector.getAllAndOverride<unknown>(key, [handler, type]) !== undefined,
        );
        if (!rules) open.push(`${type.name}.${method}`);
      }
    }
    if (open.length) throw new Error(`Routes without an access rule: ${open.join(', ')}`);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const rule = this.ruleOf(context);
    if (rule.isPublic) return true;
    const req = context.switchToHttp().getRequest<ContextRequest>();
    const caller = await this.authenticate(req);
    req.context = caller.context;

    if (caller.scope !== 'full' && !rule.restrictedSessions?.includes(caller.scope)) {
      const [code, detail] = RESTRICTION_ERRORS[caller.scope];
      throw new Forbidden(detail, code);
    }
    const permission = rule.permission;
    if (permission && !allows(caller.context.roles, permission)) {
      throw new Forbidden(
        `This needs one of the roles ${PERMISSIONS[permission].join(', ')} (${permission}).`,
      );
    }
    return true;
  }

  /** The route's access rule, read from its decorators once: they do not change while the app runs. */
  private ruleOf(context: ExecutionContext): AccessRule {
    const handler = context.getHandler();
    const type = context.getClass();
    let ofType = this.rules.get(type);
    if (!ofType) this.rules.set(type, (ofType = new WeakMap<object, AccessRule>()));
    let rule = ofType.get(handler);
    if (!rule) {
      const targets = [handler, type];
      rule = {
        isPublic: this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true,
        restrictedSessions: this.reflector.get<SessionRestriction[] | undefined>(RESTRICTED_SESSION, handler),
        permission: this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION, targets),
      };
      ofType.set(handler, rule);
    }
    return rule;
  }

  private async authenticate(
    req: ContextRequest,
  ): Promise<{ context: RequestContext; scope: 'full' | SessionRestriction }> {
    const facts = requestFacts(req);
    const apiKeyHeader = req.headers['x-api-key'];
    if (typeof apiKeyHeader === 'string' && apiKeyHeader) {
      const key = await this.apiKeys.authenticate(apiKeyHeader, (req as EpochRequest).apiKeyEpoch);
      if (!key) throw new Unauthenticated('The API key is not valid, revoked or expired.');
      return {
        scope: 'full',
        context: {
          organizationId: key.organizationId,
          actor: { type: 'api_key', id: key.id, label: key.name },
          roles: key.roles,
          ...facts,
        },
      };
    }
    const authorization = req.headers.authorization;
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
    if (!bearer) throw new Unauthenticated();
    const principal = await this.sessions.principal(bearer);
    if (!principal)
      throw new Unauthenticated('The access token is not valid or has expired; refresh or log in again.');
    return {
      scope: principal.scope,
      context: {
        organizationId: principal.organizationId,
        actor: { type: 'user', id: principal.userId, label: principal.email },
        roles: principal.roles,
        sessionId: principal.sessionId,
        ...facts,
      },
    };
  }
}
