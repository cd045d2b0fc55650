import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { AuditService } from '../platform/audit/audit.service';
import { Clock } from '../platform/clock/clock';
import { MailService } from '../platform/mail/mail.service';
import type { AuditContext, RequestContext } from '../platform/context/request-context';
import { DomainError, ErrorKind, ValidationFailed } from '../platform/errors/domain-error';
import { Credentials, MfaClaims } from './credentials';
import { AccountLocked, InvalidCredentials, LoginRateLimited } from './identity.errors';
import { LoginRateLimiter } from './login-rate-limiter';
import { MfaService } from './mfa.service';
import { Organization } from './organization.entity';
import { normalizeEmail } from './organizations.service';
import { PasswordHistory } from './password-history.entity';
import { PasswordPolicy } from './password-policy';
import { IssuedTokens, SessionScope, SessionsService } from './sessions.service';
import { UnknownEmailLockout } from './unknown-email-lockout';
import { User } from './user.entity';

export type LoginResult = IssuedTokens | { mfaRequired: true; mfaToken: string; expiresIn: number };

const MFA_TOKEN_TTL_SECONDS = 300;

const FAILURE_WORDS: Record<string, string> = {
  wrong_password: 'a wrong password',
  wrong_mfa_code: 'a wrong authenticator or recovery code',
  wrong_current_password: 'a wrong current password when changing the password',
};

class InvalidMfaCode extends DomainError {
  constructor() {
    super(ErrorKind.Unauthenticated, 'INVALID_MFA_CODE', 'The code is not valid', {
      detail: 'The code is neither the current authenticator code nor an unused recovery code.',
    });
  }
}

function userContext(context: AuditContext, user: User): AuditContext {
  return {
    ...context,
    organizationId: user.organizationId,
    actor: { type: 'user', id: user.id, label: user.email },
  };
}

/** Login, the MFA step, and password changes: the seed's access-control measures, applied to Custos. */
@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly credentials: Credentials,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionsService,
    private readonly mfa: MfaService,
    private readonly limiter: LoginRateLimiter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly unknownEmails: UnknownEmailLockout,
    private readonly mail: MailService,
  ) {}

  async login(emailInput: string, password: string, context: AuditContext): Promise<LoginResult> {
    const email = normalizeEmail(emailInput);
    const waitSeconds = await this.limiter.hit(context.ip);
    const user = await this.dataSource.manager.findOne(User, { where: { email } });
    if (!user || !user.active) {
      // An address without an active account locks like an account, so a 423 tells nothing about it.
      const unknownLocked = await this.unknownEmails.lockedFor(email);
      if (unknownLocked) throw new AccountLocked(unknownLocked);
      await this.credentials.verifyAgainstNothing(password);
      await this.unknownEmails.recordFailure(email);
      await this.audit.record(this.dataSource.manager, user ? userContext(context, user) : context, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        after: { email, reason: user ? 'inactive' : 'unknown_email' },
      });
      if (waitSeconds) throw new LoginRateLimited(waitSeconds);
      throw new InvalidCredentials();
    }
    // The account's own lockout answers before anything else, the IP limit included.
    const locked = this.lockedFor(user);
    if (locked) {
      await this.audit.record(this.dataSource.manager, userContext(context, user), {
        action: 'auth.login_refused_locked',
        entityType: 'user',
        entityId: user.id,
        after: { lockedUntil: user.lockedUntil },
      });
      throw new AccountLocked(locked);
    }
    if (waitSeconds) throw new LoginRateLimited(waitSeconds);
    const valid = await this.credentials.verifyPassword(user.passwordHash, password);
    if (!valid) {
      await this.recordFailure(user.id, context, 'wrong_password');
      throw new InvalidCredentials();
    }
    if (user.mfaEnabled) {
      const iat = Math.floor(this.clock.now().getTime() / 1000);
      const mfaToken = this.credentials.sign({
        sub: user.id,
        org: user.organizationId,
        typ: 'mfa',
        iat,
        exp: iat + MFA_TOKEN_TTL_SECONDS,
      });
      await this.audit.record(this.dataSource.manager, userContext(context, user), {
        action: 'auth.password_verified',
        entityType: 'user',
        entityId: user.id,
        after: { next: 'mfa' },
      });
      return { mfaRequired: true, mfaToken, expiresIn: MFA_TOKEN_TTL_SECONDS };
    }
    return this.dataSource.transaction((manager) => this.succeed(manager, user, context, 'password'));
  }

  async completeMfa(mfaToken: string, code: string, context: AuditContext): Promise<IssuedTokens> {
    const claims = this.credentials.verify<MfaClaims>(mfaToken, 'mfa', this.clock.now());
    if (!claims) {
      throw new DomainError(ErrorKind.Unauthenticated, 'INVALID_MFA_TOKEN', 'The MFA step has expired', {
        detail: 'Log in again with e-mail and password.',
      });
    }
    const outcome = await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, {
        where: { id: claims.sub },
        lock: { mode: 'pessimistic_write' },
      });
      if (!user || !user.active) return { error: new InvalidCredentials() };
      const locked = this.lockedFor(user);
      if (locked) return { error: new AccountLocked(locked) };
      const method = await this.mfa.verifyCode(manager, user, code);
      if (!method) return { failed: user.id };
      await manager.save(user);
      return {
        tokens: await this.succeed(
          manager,
          user,
          context,
          method === 'totp' ? 'mfa_totp' : 'mfa_recovery_code',
        ),
      };
    });
    if ('error' in outcome && outcome.error) throw outcome.error;
    if ('failed' in outcome && outcome.failed) {
      await this.recordFailure(outcome.failed, context, 'wrong_mfa_code');
      throw new InvalidMfaCode();
    }
    return (outcome as { tokens: IssuedTokens }).tokens;
  }

  async changePassword(ctx: RequestContext, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.dataSource.manager.findOneOrFail(User, {
      where: { id: ctx.actor.id ?? '', organizationId: ctx.organizationId },
    });
    if (!(await this.credentials.verifyPassword(user.passwordHash, currentPassword))) {
      await this.recordFailure(user.id, ctx, 'wrong_current_password');
      throw ValidationFailed.field('currentPassword', 'is not the current password', 'currentPassword');
    }
    const problems = this.policy.check(newPassword, user.email, 'newPassword');
    if (problems.length) throw new ValidationFailed(problems);
    const previous = await this.dataSource.manager.find(PasswordHistory, {
      where: { userId: user.id },
      order: { createdAt: 'DESC' },
      take: this.policy.history - 1,
    });
    for (const hash of [user.passwordHash, ...previous.map((p) => p.passwordHash)]) {
      if (await this.credentials.verifyPassword(hash, newPassword)) {
        throw ValidationFailed.field(
          'newPassword',
          `must not be one of the last ${this.policy.history} passwords`,
          'passwordHistory',
        );
      }
    }
    const newHash = await this.credentials.hashPassword(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(PasswordHistory, {
        organizationId: user.organizationId,
        userId: user.id,
        passwordHash: user.passwordHash,
      });
      await manager.update(
        User,
        { id: user.id },
        { passwordHash: newHash, passwordChangedAt: this.clock.now(), passwordChangeRequired: false },
      );
      const ended = await this.sessions.revokeAll(manager, user.id, 'password_changed');
      await this.audit.record(manager, ctx, {
        action: 'auth.password_changed',
        entityType: 'user',
        entityId: user.id,
        after: { sessionsEnded: ended },
      });
    });
  }

  /** Seconds until the account opens again, or undefined when it is not locked. */
  private lockedFor(user: User): number | undefined {
    const now = this.clock.now();
    if (!user.lockedUntil || user.lockedUntil <= now) return undefined;
    return Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000);
  }

  /** Counts a failed attempt; the N-th consecutive one locks the account. Audited either way. */
  private async recordFailure(userId: string, context: AuditContext, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneOrFail(User, {
        where: { id: userId },
        lock: { mode: 'pessimistic_write' },
      });
      const now = this.clock.now();
      const lockExpired = user.lockedUntil !== null && user.lockedUntil <= now;
      user.failedLoginCount = (lockExpired ? 0 : user.failedLoginCount) + 1;
      if (lockExpired) user.lockedUntil = null;
      const ctx = userContext(context, user);
      await this.audit.record(manager, ctx, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        after: { reason, consecutiveFailures: user.failedLoginCount },
      });
      if (user.failedLoginCount >= this.config.security.lockoutThreshold) {
        user.lockedUntil = new Date(now.getTime() + this.config.security.lockoutMinutes * 60_000);
        await this.audit.record(manager, ctx, {
          action: 'auth.locked',
          entityType: 'user',
          entityId: user.id,
          after: { lockedUntil: user.lockedUntil, consecutiveFailures: user.failedLoginCount },
        });
        // The owner hears of it at once: a lock they did not cause means someone is guessing.
        await this.mail.queue(manager, {
          organizationId: user.organizationId,
          idempotencyKey: `account-locked:${user.id}:${user.lockedUntil.toISOString()}`,
          to: [user.email],
          template: 'account-locked',
          context: {
            recipientName: user.name,
            lockedAt: now.toISOString(),
            lockedUntil: user.lockedUntil.toISOString(),
            failures: user.failedLoginCount,
            sourceAddress: context.ip ?? 'unknown',
            userAgent: context.userAgent ?? 'unknown',
            lastAttempt: FAILURE_WORDS[reason] ?? reason,
          },
        });
      }
      await manager.save(user);
    });
  }

  private async succeed(
    manager: EntityManager,
    user: User,
    context: AuditContext,
    method: string,
  ): Promise<IssuedTokens> {
    const now = this.clock.now();
    await manager.update(User, { id: user.id }, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now });
    const scope = await this.scopeFor(manager, user);
    const tokens = await this.sessions.open(manager, user, scope, context);
    await this.audit.record(manager, userContext(context, user), {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      after: { method, scope },
    });
    return tokens;
  }

  private async scopeFor(manager: EntityManager, user: User): Promise<SessionScope> {
    if (user.passwordChangeRequired || this.policy.isExpired(user.passwordChangedAt, this.clock.now())) {
      return 'password_change';
    }
    if (!user.mfaEnabled) {
      const organization = await manager.findOneOrFail(Organization, { where: { id: user.organizationId } });
      if (user.roles.some((role) => organization.mfaRequiredRoles.includes(role))) return 'mfa_enrollment';
    }
    return 'full';
  }
}
