import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Clock } from '../platform/clock/clock';

/**
 * The lockout of an e-mail address without an active account, counted like an account's own: the
 * LOCKOUT_THRESHOLD-th consecutive failure locks it for LOCKOUT_MINUTES, so after the threshold an
 * unknown address answers 423 exactly like a known one. Addresses are stored as an HMAC keyed with
 * AUTH_SECRET, never in clear; rows older than a day are dropped as new failures arrive.
 */
@Injectable()
export class UnknownEmailLockout {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private key(email: string): string {
    return createHmac('sha256', this.config.authSecret).update(`login-failure:${email}`).digest('hex');
  }

  /** Seconds until the address may try again, or undefined when it is not locked. */
  async lockedFor(email: string): Promise<number | undefined> {
    const now = this.clock.now();
    const [row] = await this.dataSource.query<{ locked_until: Date | null }[]>(
      `SELECT locked_until FROM login_failure WHERE email_hash = $1`,
      [this.key(email)],
    );
    if (!row?.locked_until || row.locked_until <= now) return undefined;
    return Math.ceil((row.locked_until.getTime() - now.getTime()) / 1000);
  }

  /** Counts a failure; a lock that ran out starts the count again. */
  async recordFailure(email: string): Promise<void> {
    const now = this.clock.now();
    const lockUntil = new Date(now.getTime() + this.config.security.lockoutMinutes * 60_000);
    await this.dataSource.query(
      `INSERT INTO login_failure (email_hash, failed_count, locked_until, updated_at)
       VALUES ($1, 1, CASE WHEN $4::int <= 1 THEN $3::timestamptz END, $2)
       ON CONFLICT (email_hash) DO UPDATE SET
         failed_count = CASE WHEN login_failure.locked_until <= $2 THEN 1 ELSE login_failure.failed_count + 1 END,
         locked_until = CASE
           WHEN (CASE WHEN login_failure.locked_until <= $2 THEN 1 ELSE login_failure.failed_count + 1 END) >= $4
             THEN $3::timestamptz
           WHEN login_failure.locked_until <= $2 THEN NULL
           ELSE login_failure.locked_until END,
         updated_at = $2`,
      [this.key(email), now, lockUntil, this.config.security.lockoutThreshold],
    );
    await this.dataSource.query(`DELETE FROM login_failure WHERE updated_at < $1`, [
      new Date(now.getTime() - 86_400_000),
    ]);
  }
}
