import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

export const ROLES = ['admin', 'legal', 'procurement', 'dpo', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** `processor_contact`: a processor's contact acting through a portal link (the actor id is the link's). */
export type ActorType = 'user' | 'api_key' | 'system' | 'anonymous' | 'processor_contact';

export interface Actor {
  type: ActorType;
  id: string | null;
  /** A human label for the trail: the user's e-mail, the key's name. */
  label: string | null;
}

/** Who does something, where, for which organisation: what every audit event records. */
export interface AuditContext {
  organizationId: string | null;
  actor: Actor;
  requestId?: string;
  ip?: string;
  userAgent?: string;
}

/** A scope that names the tenant: every tenant query takes one. */
export interface TenantScope {
  organizationId: string;
}

/** The caller of a request, resolved by the authentication guard; first argument of every service call. */
export interface RequestContext extends AuditContext, TenantScope {
  organizationId: string;
  roles: Role[];
  /** The login session (refresh-token family) of a user; absent for API keys. */
  sessionId?: string;
}

export type ContextRequest = Request & { id?: string; context?: RequestContext };

/** Network facts of a request, for the audit trail. */
export function requestFacts(req: ContextRequest): Pick<AuditContext, 'requestId' | 'ip' | 'userAgent'> {
  return {
    requestId: req.id === undefined ? undefined : String(req.id),
    ip: req.ip,
    userAgent: req.headers['user-agent']?.slice(0, 512),
  };
}

export function anonymousContext(req: ContextRequest): AuditContext {
  return { organizationId: null, actor: { type: 'anonymous', id: null, label: null }, ...requestFacts(req) };
}

/** Work that Custos does by itself (the sweep, a job) on behalf of an organisation. */
export function systemContext(organizationId: string, label = 'custos'): RequestContext {
  return { organizationId, actor: { type: 'system', id: null, label }, roles: [] };
}

/** The authenticated caller. Only on routes that are not public. */
export const Ctx = createParamDecorator((_: unknown, host: ExecutionContext): RequestContext => {
  const req = host.switchToHttp().getRequest<ContextRequest>();
  if (!req.context) throw new Error('Ctx used on a route without an authenticated caller');
  return req.context;
});

/** Request facts for public routes (login, setup) that have no caller yet. */
export const Anonymous = createParamDecorator((_: unknown, host: ExecutionContext): AuditContext =>
  anonymousContext(host.switchToHttp().getRequest<ContextRequest>()),
);
