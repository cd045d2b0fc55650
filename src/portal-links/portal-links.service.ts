import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { randomToken, sha256Hex } from '../identity/credentials';
import { OrganizationsService } from '../identity/organizations.service';
import { UsersService } from '../identity/users.service';
import { Clock } from '../platform/clock/clock';
import type { RequestContext, TenantScope } from '../platform/context/request-context';
import { Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { ValidationFailed } from '../platform/errors/domain-error';
import { Page } from '../platform/http/pagination';
import { MailService } from '../platform/mail/mail.service';
import type { Processor } from '../processors/processor.entity';
import { PortalLink } from './portal-link.entity';
import { linkProblems, linkUsable, PortalPurpose } from './portal-link-rules';
import { PortalLinkErrors } from './portal-links.errors';

/** A portal token: 32 random bytes, base64url. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export interface LinkInput {
  processor: Pick<Processor, 'id' | 'name'>;
  contactEmail: string;
  contactName: string;
  purposes: PortalPurpose[];
  expiresOn: string;
  /** The assessment an assessment link is for, with what the invitation tells about it. */
  assessment?: { id: string; templateName: string; questionCount: number } | null;
  /** The offboarding an offboarding link is for: its due date also bounds the link's expiry. */
  offboarding?: { id: string; dueOn: string } | null;
}

export interface IssuedLink {
  link: PortalLink;
  /** `PUBLIC_URL/portal#<token>`: goes into an e-mail's sealed context, never into a response or a log. */
  url: string;
}

/**
 * Portal links: issued (and e-mailed) to a processor's contact, found again by the SHA-256 of the token
 * they present, revoked by legal. Features that send links in their own e-mails (the offboarding
 * request) issue them here, in their transaction.
 */
@Injectable()
export class PortalLinksService {
  private readonly links: TenantRepository<PortalLink>;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly mail: MailService,
    private readonly clock: Clock,
  ) {
    this.links = tenancy.repository(PortalLink, 'Portal link', 'portal_link');
  }

  /** Creates a link in the caller's transaction; the token exists only in the returned url. */
  async issue(manager: EntityManager, ctx: RequestContext, input: LinkInput): Promise<IssuedLink> {
    const purposes = [...new Set(input.purposes)];
    const problems = linkProblems(
      {
        purposes,
        assessmentId: input.assessment?.id,
        offboardingId: input.offboarding?.id,
        expiresOn: input.expiresOn,
      },
      this.clock.today(),
      input.offboarding?.dueOn,
    );
    if (problems.length) throw new ValidationFailed(problems);
    const token = randomToken(32);
    const link = await this.links.insert(manager, ctx, {
      processorId: input.processor.id,
      contactEmail: input.contactEmail,
      contactName: input.contactName,
      purposes,
      assessmentId: input.assessment?.id ?? null,
      offboardingId: input.offboarding?.id ?? null,
      tokenHash: sha256Hex(token),
      expiresOn: input.expiresOn,
      createdBy: ctx.actor.id,
    });
    return { link, url: `${this.config.publicUrl}/portal#${token}` };
  }

  /** Creates a link and e-mails it to the contact: who asks, what is asked, by when. */
  async invite(manager: EntityManager, ctx: RequestContext, input: LinkInput): Promise<PortalLink> {
    const { link, url } = await this.issue(manager, ctx, input);
    const organization = await this.organizations.get(ctx.organizationId, manager);
    const requester =
      ctx.actor.type === 'user' && ctx.actor.id ? await this.users.findById(ctx, ctx.actor.id) : null;
    const asks: string[] = [];
    for (const purpose of link.purposes) {
      switch (purpose) {
        case 'assessment':
          asks.push(
            `answer our questionnaire on technical and organisational data protection measures ` +
              `("${input.assessment?.templateName}", ${input.assessment?.questionCount} questions), ` +
              `attach documents that show them where you have them, and send it to us`,
          );
          break;
        case 'breach_notice':
          asks.push(
            `tell us without undue delay whenever a personal data breach affects data you process for us ` +
              `(Article 33(2) GDPR)`,
          );
          break;
        case 'subprocessor_notice':
          asks.push('tell us before you engage a new sub-processor for the data you process for us');
          break;
        case 'offboarding':
          asks.push(
            `confirm that the personal data you processed for us has been returned or destroyed, ` +
              `by ${input.offboarding?.dueOn}`,
          );
          break;
      }
    }
    await this.mail.queue(manager, {
      organizationId: ctx.organizationId,
      idempotencyKey: `portal-invitation:${link.id}`,
      to: [link.contactEmail],
      // The contact's questions go to the user who asked, not to Custos' sender.
      replyTo: requester?.email,
      template: 'portal-invitation',
      context: {
        contactName: link.contactName,
        organizationName: organization.name,
        processorName: input.processor.name,
        requestedBy: requester ? `${requester.name} (${requester.email})` : (ctx.actor.label ?? ''),
        asks,
        expiresOn: link.expiresOn,
      },
      secretContext: { url },
    });
    return link;
  }

  list(
    scope: TenantScope,
    processorId: string,
    page: { page: number; pageSize: number },
  ): Promise<Page<PortalLink>> {
    return this.links.page(scope, page, { where: { processorId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  async revoke(ctx: RequestContext, id: string): Promise<PortalLink> {
    return this.dataSource.transaction(async (manager) => {
      const link = await this.links.getById(ctx, id, manager, true);
      if (link.revokedAt)
        throw PortalLinkErrors.conflict('PORTAL_LINK_REVOKED', 'The portal link is already revoked.');
      return this.links.update(
        manager,
        ctx,
        link,
        { revokedAt: this.clock.now(), revokedBy: ctx.actor.id },
        'portal_link.revoked',
      );
    });
  }

  /**
   * The link behind a presented token when it is genuine, not revoked and not expired; records the use.
   * Anything else is undefined, whatever the reason, so that callers cannot tell the cases apart.
   */
  async authenticate(token: string | undefined): Promise<PortalLink | undefined> {
    if (!token || !TOKEN_FORMAT.test(token)) return undefined;
    const link = await this.dataSource.manager.findOne(PortalLink, {
      where: { tokenHash: sha256Hex(token) },
    });
    if (!link || !linkUsable(link, this.clock.today())) return undefined;
    link.lastUsedAt = this.clock.now();
    await this.dataSource.manager.update(PortalLink, { id: link.id }, { lastUsedAt: link.lastUsedAt });
    return link;
  }
}
