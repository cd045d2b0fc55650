import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { AuditService } from '../platform/audit/audit.service';
import { Clock } from '../platform/clock/clock';
import type { AuditContext, Role } from '../platform/context/request-context';
import { AccessClaims, Credentials, randomToken, sha256Hex } from './credentials';
import { Unauthenticated } from './identity.errors';
import { RefreshToken, Session } from './session.entity';
import { User } from './user.entity';

export type SessionScope = Session['scope'];

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  passwordChangeRequired: boolean;
  mfaEnrollmentRequired: boolean;
}

/** What the guard needs to know about the holder of an access token. */
export interface SessionPrincipal {
  userId: string;
  organizationId: string;
  email: string;
  roles: Role[];
  sessionId: string;
  scope: SessionScope;
}

/** How long after its use the console's cookie may present a refresh token again (a lost rotation). */
export const REUSE_GRACE_MS = 30_000;

@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly credentials: Credentials,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** Opens a session (a refresh-token family) and issues its first tokens. */
  async open(
    manager: EntityManager,
    user: User,
    scope: SessionScope,
    context: AuditContext,
  ): Promise<IssuedTokens> {
    const session = await manager.save(
      manager.create(Session, {
        organizationId: user.organizationId,
        userId: user.id,
        scope,
        ip: context.ip ?? null,
        userAgent: context.userAgent ?? null,
      }),
    );
    return this.issue(manager, user.id, user.organizationId, session);
  }

  private async issue(
    manager: EntityManager,
    userId: string,
    organizationId: string,
    session: Session,
  ): Promise<IssuedTokens> {
    const now = this.clock.now();
    const refreshToken = randomToken(32);
    await manager.save(
      manager.create(RefreshToken, {
        sessionId: session.id,
        tokenHash: sha256Hex(refreshToken),
        expiresAt: new Date(now.getTime() + this.config.security.refreshTokenTtlDays * 86_400_000),
      }),
    );
    const ttl = this.config.security.accessTokenTtlSeconds;
    const iat = Math.floor(now.getTime() / 1000);
    const accessToken = this.credentials.sign({
      sub: userId,
      org: organizationId,
      sid: session.id,
      scope: session.scope,
      typ: 'access',
      iat,
      exp: iat + ttl,
    });
    return {
      accessToken,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: ttl,
      passwordChangeRequired: session.scope === 'password_change',
      mfaEnrollmentRequired: session.scope === 'mfa_enrollment',
    };
  }

  /**
   * Rotates a refresh token. A token that was already used means it leaked: the whole family is
   * revoked and the caller gets 401 REFRESH_TOKEN_REUSED. With `lostRotationGrace` (the console's cookie),
   * a token used within the last REUSE_GRACE_MS is rotated again instead: the browser sent it again
   * because it never received the answer to its first use (a reload while refreshing, two tabs
   * refreshing at once), and its cookie still holds it.
   */
  async refresh(
    refreshToken: string,
    context: AuditContext,
    options: { lostRotationGrace?: boolean } = {},
  ): Promise<IssuedTokens> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(RefreshToken, {
        where: { tokenHash: sha256Hex(refreshToken) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!token)
        return { error: new Unauthenticated('The refresh token is not valid.', 'INVALID_REFRESH_TOKEN') };
      const session = await manager.findOneOrFail(Session, { where: { id: token.sessionId } });
      const user = await manager.findOneOrFail(User, { where: { id: session.userId } });
      const actor: AuditContext = {
        ...context,
        organizationId: user.organizationId,
        actor: { type: 'user', id: user.id, label: user.email },
      };
      if (session.revokedAt || !user.active || token.expiresAt <= this.clock.now()) {
        return {
          error: new Unauthenticated('The session has ended; log in again.', 'INVALID_REFRESH_TOKEN'),
        };
      }
      const lostRotation =
        options.lostRotationGrace &&
        token.usedAt &&
        this.clock.now().getTime() - token.usedAt.getTime() <= REUSE_GRACE_MS;
      if (token.usedAt && !lostRotation) {
        await this.revokeSession(manager, session, 'refresh_token_reuse');
        await this.audit.record(manager, actor, {
          action: 'auth.refresh_token_reused',
          entityType: 'session',
          entityId: session.id,
          after: { revokedReason: 'refresh_token_reuse' },
        });
        return {
          error: new Unauthenticated(
            'This refresh token was already used; the session has been ended for safety. Log in again.',
            'REFRESH_TOKEN_REUSED',
          ),
        };
      }
      if (!token.usedAt) {
        token.usedAt = this.clock.now();
        await manager.save(token);
      }
      return { tokens: await this.issue(manager, user.id, user.organizationId, session) };
    });
    if ('error' in outcome && outcome.error) throw outcome.error;
    return (outcome as { tokens: IssuedTokens }).tokens;
  }

  /** Ends the session that a refresh token belongs to. Unknown tokens are ignored: logout always succeeds. */
  async logout(refreshToken: string, context: AuditContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(RefreshToken, { where: { tokenHash: sha256Hex(refreshToken) } });
      if (!token) return;
      const session = await manager.findOne(Session, { where: { id: token.sessionId, revokedAt: IsNull() } });
      if (!session) return;
      await this.revokeSession(manager, session, 'logout');
      await this.audit.record(
        manager,
        {
          ...context,
          organizationId: session.organizationId,
          actor: { type: 'user', id: session.userId, label: null },
        },
        { action: 'auth.logout', entityType: 'session', entityId: session.id },
      );
    });
  }

  async revokeSession(manager: EntityManager, session: Session, reason: string): Promise<void> {
    await manager.update(
      Session,
      { id: session.id, revokedAt: IsNull() },
      { revokedAt: this.clock.now(), revokedReason: reason },
    );
  }

  /** Ends every session of a user (password change, deactivation). */
  async revokeAll(manager: EntityManager, userId: string, reason: string): Promise<number> {
    const result = await manager.update(
      Session,
      { userId, revokedAt: IsNull() },
      { revokedAt: this.clock.now(), revokedReason: reason },
    );
    return result.affected ?? 0;
  }

  async widen(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.update(Session, { id: sessionId }, { scope: 'full' });
  }

  /** The live principal behind an access token: the user must be active and the session not revoked. */
  async principal(accessToken: string): Promise<SessionPrincipal | undefined> {
    const claims = this.credentials.verify<AccessClaims>(accessToken, 'access', this.clock.now());
    if (!claims) return undefined;
    const [row] = await this.dataSource.query<
      { organization_id: string; email: string; roles: Role[]; scope: SessionScope }[]
    >(
      `SELECT u.organization_id, u.email, u.roles, s.scope
         FROM "user" u JOIN session s ON s.user_id = u.id
        WHERE u.id = $1 AND s.id = $2 AND u.active AND s.revoked_at IS NULL`,
      [claims.sub, claims.sid],
    );
    if (!row) return undefined;
    return {
      userId: claims.sub,
      organizationId: row.organization_id,
      email: row.email,
      roles: row.roles,
      sessionId: claims.sid,
      scope: row.scope,
    };
  }
}
