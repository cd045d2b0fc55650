import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../platform/audit/audit.service';
import { Clock } from '../platform/clock/clock';
import type { AuditContext, RequestContext, Role } from '../platform/context/request-context';
import { NotFound, ValidationFailed } from '../platform/errors/domain-error';
import { Credentials } from './credentials';
import { Organization } from './organization.entity';
import { PasswordPolicy } from './password-policy';
import { User } from './user.entity';
import { IdentityErrors } from './identity.errors';

export interface NewOrganization {
  organizationName: string;
  email: string;
  name: string;
  password: string;
}

const SETUP_LOCK = 4_242_002;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly credentials: Credentials,
    private readonly policy: PasswordPolicy,
    private readonly clock: Clock,
  ) {}

  /** `POST /auth/setup`: the first organisation and its admin, only while Custos has none. */
  async setup(
    input: NewOrganization,
    context: AuditContext,
  ): Promise<{ organization: Organization; user: User }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK]);
      if ((await manager.count(Organization)) > 0) {
        throw IdentityErrors.conflict(
          'ALREADY_SET_UP',
          'Custos is already set up; an operator adds organisations with the CLI.',
        );
      }
      return this.create(manager, input, context, false);
    });
  }

  /** An operator's further organisation: its admin must change the password at first login. */
  createWithAdmin(
    input: NewOrganization,
    context?: AuditContext,
  ): Promise<{ organization: Organization; user: User }> {
    return this.dataSource.transaction((manager) =>
      this.create(
        manager,
        input,
        context ?? { organizationId: null, actor: { type: 'system', id: null, label: 'cli' } },
        true,
      ),
    );
  }

  private async create(
    manager: EntityManager,
    input: NewOrganization,
    context: AuditContext,
    passwordChangeRequired: boolean,
  ): Promise<{ organization: Organization; user: User }> {
    const email = normalizeEmail(input.email);
    const problems = this.policy.check(input.password, email);
    if (problems.length) throw new ValidationFailed(problems);
    if (await manager.exists(User, { where: { email } })) {
      throw IdentityErrors.conflict('EMAIL_TAKEN', `A user with the e-mail ${email} already exists.`);
    }
    const organization = await manager.save(
      manager.create(Organization, { name: input.organizationName.trim(), mfaRequiredRoles: [] }),
    );
    const user = await manager.save(
      manager.create(User, {
        organizationId: organization.id,
        email,
        name: input.name.trim(),
        roles: ['admin'] as Role[],
        passwordHash: await this.credentials.hashPassword(input.password),
        passwordChangedAt: this.clock.now(),
        passwordChangeRequired,
      }),
    );
    const actor: AuditContext = {
      ...context,
      organizationId: organization.id,
      actor: context.actor.type === 'anonymous' ? { type: 'user', id: user.id, label: email } : context.actor,
    };
    await this.audit.record(manager, actor, {
      action: 'organization.created',
      entityType: 'organization',
      entityId: organization.id,
      after: organization,
    });
    await this.audit.record(manager, actor, {
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      after: user,
    });
    return { organization, user };
  }

  async get(organizationId: string, manager?: EntityManager): Promise<Organization> {
    const organization = await (manager ?? this.dataSource.manager).findOne(Organization, {
      where: { id: organizationId },
    });
    if (!organization) throw new NotFound('Organization', organizationId);
    return organization;
  }

  async updateSecurity(ctx: RequestContext, mfaRequiredRoles: Role[]): Promise<Organization> {
    return this.dataSource.transaction(async (manager) => {
      const organization = await manager.findOneOrFail(Organization, {
        where: { id: ctx.organizationId },
        lock: { mode: 'pessimistic_write' },
      });
      const before = { mfaRequiredRoles: organization.mfaRequiredRoles };
      organization.mfaRequiredRoles = [...new Set(mfaRequiredRoles)];
      const saved = await manager.save(organization);
      await this.audit.recordChange(manager, ctx, {
        action: 'organization.security_updated',
        entityType: 'organization',
        entityId: organization.id,
        before,
        after: { mfaRequiredRoles: saved.mfaRequiredRoles },
      });
      return saved;
    });
  }
}
