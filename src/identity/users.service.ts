import { Injectable } from '@nestjs/common';
import { ArrayContains, DataSource, EntityManager, Not, QueryFailedError } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import type { RequestContext, Role, TenantScope } from '../platform/context/request-context';
import { Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { Conflict, ValidationFailed } from '../platform/errors/domain-error';
import { Page } from '../platform/http/pagination';
import { Credentials } from './credentials';
import { Organization } from './organization.entity';
import { normalizeEmail } from './organizations.service';
import { PasswordPolicy } from './password-policy';
import { SessionsService } from './sessions.service';
import { RecoveryCode } from './recovery-code.entity';
import { User } from './user.entity';
import { csvString } from '../platform/csv/csv-writer';
import { IdentityErrors } from './identity.errors';

export interface NewUser {
  email: string;
  name: string;
  roles: Role[];
  password: string;
}

export interface AccessReviewEntry {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  active: boolean;
  lastLoginAt: string | null;
  mfaEnabled: boolean;
  passwordChangedAt: string;
  passwordAgeDays: number;
  flags: string[];
}

const DAY = 86_400_000;
const INACTIVITY_DAYS = 90;
const ACCESS_REVIEW_COLUMNS = [
  'id',
  'email',
  'name',
  'roles',
  'active',
  'lastLoginAt',
  'mfaEnabled',
  'passwordChangedAt',
  'passwordAgeDays',
  'flags',
];

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}

@Injectable()
export class UsersService {
  private readonly users: TenantRepository<User>;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
    private readonly credentials: Credentials,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionsService,
    private readonly clock: Clock,
  ) {
    this.users = tenancy.repository(User, 'User', 'user');
  }

  /** An admin adds a user with a first password, which the user must change at the first login. */
  async create(ctx: RequestContext, input: NewUser): Promise<User> {
    const email = normalizeEmail(input.email);
    const problems = this.policy.check(input.password, email);
    if (problems.length) throw new ValidationFailed(problems);
    const passwordHash = await this.credentials.hashPassword(input.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        // eslint-disable-next-line no-restricted-syntax -- e-mail addresses are unique across organisations
        if (await manager.exists(User, { where: { email } })) throw this.emailTaken(email);
        return this.users.insert(manager, ctx, {
          email,
          name: input.name.trim(),
          roles: [...new Set(input.roles)],
          passwordHash,
          passwordChangedAt: this.clock.now(),
          passwordChangeRequired: true,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw this.emailTaken(email);
      throw error;
    }
  }

  private emailTaken(email: string): Conflict {
    return IdentityErrors.conflict('EMAIL_TAKEN', `A user with the e-mail ${email} already exists.`);
  }

  list(scope: TenantScope, page: { page: number; pageSize: number }): Promise<Page<User>> {
    return this.users.page(scope, page, { order: { email: 'ASC' } });
  }

  get(scope: TenantScope, id: string): Promise<User> {
    return this.users.getById(scope, id);
  }

  /** Active users of the organisation holding a role: the recipients of that role's notifications. */
  async withRole(scope: TenantScope, role: Role): Promise<User[]> {
    const users = await this.users.find(scope, { where: { active: true }, order: { email: 'ASC' } });
    return users.filter((u) => u.roles.includes(role));
  }

  /** E-mail addresses of the active holders of a role, for many organisations in one query (the sweep). */
  async emailsByRole(organizationIds: string[], role: Role): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (organizationIds.length === 0) return result;
    // eslint-disable-next-line no-restricted-syntax -- the sweep's recipients in many organisations, in one query
    const rows = await this.dataSource.query<{ organization_id: string; email: string }[]>(
      `SELECT organization_id, email FROM "user"
        WHERE organization_id = ANY($1::uuid[]) AND active AND $2 = ANY(roles) ORDER BY email`,
      [organizationIds, role],
    );
    for (const r of rows) result.set(r.organization_id, [...(result.get(r.organization_id) ?? []), r.email]);
    return result;
  }

  findById(scope: TenantScope, id: string, manager?: EntityManager): Promise<User | null> {
    return this.users.findById(scope, id, manager);
  }

  async update(ctx: RequestContext, id: string, changes: { name?: string; roles?: Role[] }): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      await this.lockOrganization(manager, ctx.organizationId);
      const user = await this.users.getById(ctx, id, manager, true);
      const next: Partial<User> = {};
      if (changes.name !== undefined) next.name = changes.name.trim();
      if (changes.roles !== undefined) {
        next.roles = [...new Set(changes.roles)];
        if (user.active && user.roles.includes('admin') && !next.roles.includes('admin')) {
          await this.ensureAnotherAdmin(manager, ctx, user.id);
        }
      }
      return this.users.update(manager, ctx, user, next);
    });
  }

  async deactivate(ctx: RequestContext, id: string): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      await this.lockOrganization(manager, ctx.organizationId);
      const user = await this.users.getById(ctx, id, manager, true);
      if (!user.active) return user;
      if (user.roles.includes('admin')) await this.ensureAnotherAdmin(manager, ctx, user.id);
      await this.sessions.revokeAll(manager, user.id, 'deactivated');
      return this.users.update(
        manager,
        ctx,
        user,
        { active: false, deactivatedAt: this.clock.now() },
        'user.deactivated',
      );
    });
  }

  async reactivate(ctx: RequestContext, id: string): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.users.getById(ctx, id, manager, true);
      if (user.active) return user;
      return this.users.update(
        manager,
        ctx,
        user,
        { active: true, deactivatedAt: null, failedLoginCount: 0, lockedUntil: null },
        'user.reactivated',
      );
    });
  }

  async unlock(ctx: RequestContext, id: string): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.users.getById(ctx, id, manager, true);
      return this.users.update(
        manager,
        ctx,
        user,
        { failedLoginCount: 0, lockedUntil: null },
        'user.unlocked',
      );
    });
  }

  /**
   * A user lost their authenticator: two-step sign-in is switched off, the recovery codes void and the
   * sessions ended, so that they enrol again at their next sign-in. Another admin does it, never the
   * user themself (a stolen session must not remove the second factor).
   */
  async resetMfa(ctx: RequestContext, id: string): Promise<User> {
    if (ctx.actor.type === 'user' && ctx.actor.id === id) {
      throw IdentityErrors.conflict(
        'OWN_MFA_RESET',
        'Another administrator must reset your two-step sign-in.',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const user = await this.users.getById(ctx, id, manager, true);
      if (!user.mfaEnabled && !user.mfaPendingSecret) return user;
      // eslint-disable-next-line no-restricted-syntax -- recovery codes are the user's (no organisation column)
      await manager.delete(RecoveryCode, { userId: user.id });
      await this.sessions.revokeAll(manager, user.id, 'mfa_reset');
      return this.users.update(
        manager,
        ctx,
        user,
        { mfaEnabled: false, mfaSecret: null, mfaPendingSecret: null, mfaLastTimeStep: null },
        'user.mfa_reset',
      );
    });
  }

  /** Seed 1.1/1.2: access rights are reviewed for necessity at regular intervals. */
  async accessReview(scope: TenantScope): Promise<{ generatedAt: string; items: AccessReviewEntry[] }> {
    const now = this.clock.now();
    const users = await this.users.find(scope, { order: { email: 'ASC' } });
    const items = users.map((u): AccessReviewEntry => {
      const flags: string[] = [];
      const lastSeen = u.lastLoginAt ?? u.createdAt;
      if (!u.active) flags.push('inactive');
      if (u.active && now.getTime() - lastSeen.getTime() > INACTIVITY_DAYS * DAY)
        flags.push('no_login_90_days');
      if (u.active && this.policy.isExpired(u.passwordChangedAt, now)) flags.push('password_expired');
      if (u.lockedUntil && u.lockedUntil > now) flags.push('locked');
      if (u.active && !u.mfaEnabled && u.roles.some((r) => r === 'admin' || r === 'dpo'))
        flags.push('mfa_recommended');
      return {
        id: u.id,
        email: u.email,
        name: u.name,
        roles: u.roles,
        active: u.active,
        lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
        mfaEnabled: u.mfaEnabled,
        passwordChangedAt: u.passwordChangedAt.toISOString(),
        passwordAgeDays: Math.floor((now.getTime() - u.passwordChangedAt.getTime()) / DAY),
        flags,
      };
    });
    return { generatedAt: now.toISOString(), items };
  }

  accessReviewCsv(review: { items: AccessReviewEntry[] }): string {
    return csvString(
      review.items.map((i) => [
        i.id,
        i.email,
        i.name,
        i.roles.join(' '),
        i.active,
        i.lastLoginAt,
        i.mfaEnabled,
        i.passwordChangedAt,
        i.passwordAgeDays,
        i.flags.join(' '),
      ]),
      { columns: ACCESS_REVIEW_COLUMNS },
    );
  }

  private async lockOrganization(manager: EntityManager, organizationId: string): Promise<void> {
    // eslint-disable-next-line no-restricted-syntax -- locks the organisation row (no tenant data) to serialise admin changes
    await manager.findOne(Organization, {
      where: { id: organizationId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  private async ensureAnotherAdmin(
    manager: EntityManager,
    scope: TenantScope,
    exceptUserId: string,
  ): Promise<void> {
    const others = await this.users.count(
      scope,
      { active: true, roles: ArrayContains(['admin']), id: Not(exceptUserId) },
      manager,
    );
    if (others === 0) {
      throw IdentityErrors.conflict(
        'LAST_ADMIN',
        'This is the last active admin of the organisation; appoint another admin first.',
      );
    }
  }
}
