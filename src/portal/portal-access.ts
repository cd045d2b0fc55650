import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ApiForbiddenResponse,
  ApiSecurity,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Forbidden, Unauthenticated } from '../identity/identity.errors';
import { ContextRequest, requestFacts, RequestContext } from '../platform/context/request-context';
import { Public } from '../platform/http/public.decorator';
import { PortalLink } from '../portal-links/portal-link.entity';
import { PortalPurpose } from '../portal-links/portal-link-rules';
import { PortalLinksService } from '../portal-links/portal-links.service';
import { PortalRateLimiter } from './portal-rate-limiter';

export const PORTAL_SCHEME = 'Portal';
const PORTAL_PURPOSE = 'custos.portal-purpose';

/** A processor's contact acting through a link: the link, and the context every service call takes. */
export interface PortalCaller {
  link: PortalLink;
  ctx: RequestContext;
}

type PortalRequest = ContextRequest & { portal?: PortalCaller };

/** The token of an `Authorization: Portal <token>` header. */
export function portalToken(header: string | undefined): string | undefined {
  const match = /^Portal[ ]+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** The same answer for a missing, wrong, expired or revoked link: nothing about the processor. */
export class PortalLinkInvalid extends Unauthenticated {
  constructor() {
    super('The link is not valid (any more). Ask the sender for a new one.', 'PORTAL_LINK_INVALID');
  }
}

/**
 * Authenticates `Authorization: Portal <token>` on the portal's routes only (the API's own guard knows
 * no such scheme, so a portal token opens nothing else), after counting the request against the
 * per-address and per-link limits; refuses with 403 a route whose purpose the link does not grant.
 */
@Injectable()
export class PortalGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly links: PortalLinksService,
    private readonly limiter: PortalRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<PortalRequest>();
    const token = portalToken(req.headers.authorization);
    await this.limiter.hit(req.ip, token);
    const link = await this.links.authenticate(token);
    if (!link) throw new PortalLinkInvalid();
    const purpose = this.reflector.get<PortalPurpose | undefined>(PORTAL_PURPOSE, context.getHandler());
    if (purpose && !link.purposes.includes(purpose)) {
      throw new Forbidden(`This link was not sent for this (${purpose}).`, 'PORTAL_PURPOSE_NOT_GRANTED');
    }
    req.portal = {
      link,
      ctx: {
        organizationId: link.organizationId,
        actor: {
          type: 'processor_contact',
          id: link.id,
          label: `${link.contactName} <${link.contactEmail}>`,
        },
        roles: [],
        ...requestFacts(req),
      },
    };
    return true;
  }
}

/**
 * A portal route: no account (the API's guard lets it pass), the link authenticates it, and `purpose`
 * (when given) must be one the link grants.
 */
export const PortalRoute = (purpose?: PortalPurpose): MethodDecorator =>
  applyDecorators(
    Public(),
    ...(purpose ? [SetMetadata(PORTAL_PURPOSE, purpose)] : []),
    UseGuards(PortalGuard),
    ApiSecurity('portal'),
    ApiUnauthorizedResponse({ description: 'The link is missing, wrong, expired or revoked' }),
    ApiForbiddenResponse({ description: 'The link was not sent for this purpose' }),
    ApiTooManyRequestsResponse({ description: 'Too many requests through this link or from this address' }),
  );

/** The link and context of a portal route. */
export const Portal = createParamDecorator((_: unknown, host: ExecutionContext): PortalCaller => {
  const req = host.switchToHttp().getRequest<PortalRequest>();
  if (!req.portal) throw new Error('Portal used on a route without PortalRoute');
  return req.portal;
});
