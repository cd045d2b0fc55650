import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { AuditService } from '../platform/audit/audit.service';
import { Clock } from '../platform/clock/clock';
import type { RequestContext } from '../platform/context/request-context';
import { ValidationFailed } from '../platform/errors/domain-error';
import { Credentials, sha256Hex } from './credentials';
import { RecoveryCode } from './recovery-code.entity';
import { SessionsService } from './sessions.service';
import { User } from './user.entity';
import { IdentityErrors } from './identity.errors';

const RECOVERY_CODES = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join(
    '',
  );
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function normalizeRecoveryCode(code: string): string {
  return code.trim().toLowerCase().replace(/[\s-]/g, '');
}

/** TOTP (RFC 6238) enrolment and verification, and single-use recovery codes. */
@Injectable()
export class MfaService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly credentials: Credentials,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async startEnrollment(ctx: RequestContext): Promise<{ secret: string; otpauthUri: string }> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.user(manager, ctx);
      if (user.mfaEnabled)
        throw IdentityErrors.conflict(
          'MFA_ALREADY_ENABLED',
          'Multi-factor authentication is already enabled.',
        );
      const secret = generateSecret();
      user.mfaPendingSecret = this.credentials.encrypt(secret);
      await manager.save(user);
      await this.audit.record(manager, ctx, {
        action: 'auth.mfa_enrollment_started',
        entityType: 'user',
        entityId: user.id,
      });
      return {
        secret,
        otpauthUri: generateURI({ issuer: this.config.security.mfaIssuer, label: user.email, secret }),
      };
    });
  }

  /** The first code proves the authenticator works; MFA is then on and ten recovery codes are shown once. */
  async confirmEnrollment(ctx: RequestContext, code: string): Promise<{ recoveryCodes: string[] }> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.user(manager, ctx);
      if (user.mfaEnabled)
        throw IdentityErrors.conflict(
          'MFA_ALREADY_ENABLED',
          'Multi-factor authentication is already enabled.',
        );
      if (!user.mfaPendingSecret) {
        throw IdentityErrors.conflict(
          'MFA_ENROLLMENT_NOT_STARTED',
          'Start the enrolment with POST /auth/mfa/enroll first.',
        );
      }
      const secret = this.credentials.decrypt(user.mfaPendingSecret);
      const timeStep = await this.checkTotp(secret, code, null);
      if (timeStep === undefined)
        throw ValidationFailed.field('code', 'is not the current code of the authenticator', 'totp');
      Object.assign(user, {
        mfaEnabled: true,
        mfaSecret: user.mfaPendingSecret,
        mfaPendingSecret: null,
        mfaLastTimeStep: String(timeStep),
      });
      await manager.save(user);
      const recoveryCodes = await this.replaceRecoveryCodes(manager, user);
      if (ctx.sessionId) await this.sessions.widen(manager, ctx.sessionId);
      await this.audit.record(manager, ctx, {
        action: 'auth.mfa_enrolled',
        entityType: 'user',
        entityId: user.id,
        after: { mfaEnabled: true, recoveryCodesIssued: recoveryCodes.length },
      });
      return { recoveryCodes };
    });
  }

  /** Checks a TOTP code (never the same one twice) or consumes a recovery code. */
  async verifyCode(
    manager: EntityManager,
    user: User,
    code: string,
  ): Promise<'totp' | 'recovery' | undefined> {
    if (!user.mfaSecret) return undefined;
    const trimmed = code.trim();
    if (/^\d{6}$/.test(trimmed)) {
      const after = user.mfaLastTimeStep === null ? null : Number(user.mfaLastTimeStep);
      const timeStep = await this.checkTotp(this.credentials.decrypt(user.mfaSecret), trimmed, after);
      if (timeStep === undefined) return undefined;
      user.mfaLastTimeStep = String(timeStep);
      return 'totp';
    }
    const used = await manager.update(
      RecoveryCode,
      { userId: user.id, codeHash: sha256Hex(normalizeRecoveryCode(trimmed)), usedAt: IsNull() },
      { usedAt: this.clock.now() },
    );
    return used.affected ? 'recovery' : undefined;
  }

  private async checkTotp(
    secret: string,
    token: string,
    afterTimeStep: number | null,
  ): Promise<number | undefined> {
    if (!/^\d{6}$/.test(token.trim())) return undefined;
    const result = await verify({
      secret,
      token: token.trim(),
      epochTolerance: 30,
      ...(afterTimeStep !== null ? { afterTimeStep } : {}),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  }

  private async replaceRecoveryCodes(manager: EntityManager, user: User): Promise<string[]> {
    await manager.delete(RecoveryCode, { userId: user.id });
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await manager.insert(
      RecoveryCode,
      codes.map((code) => ({
        organizationId: user.organizationId,
        userId: user.id,
        codeHash: sha256Hex(normalizeRecoveryCode(code)),
      })),
    );
    return codes;
  }

  private async user(manager: EntityManager, ctx: RequestContext): Promise<User> {
    return manager.findOneOrFail(User, {
      where: { id: ctx.actor.id ?? '', organizationId: ctx.organizationId },
      lock: { mode: 'pessimistic_write' },
    });
  }
}
