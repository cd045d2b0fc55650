import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { FieldError } from '../platform/errors/domain-error';

/**
 * The password rules of Custos, in one place (the seed's access control: "at least 10 characters,
 * upper and lower case, digits and special characters; changed every 120 days; not reused").
 * The README shows them; `describe()` is what a user is told.
 */
@Injectable()
export class PasswordPolicy {
  readonly minLength: number;
  readonly maxLength = 256;
  readonly maxAgeDays: number;
  readonly history: number;

  constructor(config: AppConfig) {
    this.minLength = Math.max(10, config.security.passwordMinLength);
    this.maxAgeDays = config.security.passwordMaxAgeDays;
    this.history = config.security.passwordHistory;
  }

  describe(): string {
    return (
      `at least ${this.minLength} characters with upper and lower case letters, a digit and a special ` +
      `character; not containing the e-mail's name; not one of the last ${this.history} passwords`
    );
  }

  /** Rules that need no history: what is wrong with this password, field by field. */
  check(password: string, email: string, field = 'password'): FieldError[] {
    const problems: string[] = [];
    if (password.length < this.minLength) problems.push(`must be at least ${this.minLength} characters long`);
    if (password.length > this.maxLength) problems.push(`must be at most ${this.maxLength} characters long`);
    if (!/\p{Lu}/u.test(password)) problems.push('must contain an upper-case letter');
    if (!/\p{Ll}/u.test(password)) problems.push('must contain a lower-case letter');
    if (!/\p{Nd}/u.test(password)) problems.push('must contain a digit');
    if (!/[^\p{L}\p{Nd}\s]/u.test(password)) problems.push('must contain a special character');
    const local = email.split('@')[0]?.toLowerCase() ?? '';
    if (local.length >= 3 && password.toLowerCase().includes(local)) {
      problems.push("must not contain the e-mail address's name");
    }
    return problems.map((message) => ({ field, message, rule: 'passwordPolicy' }));
  }

  isExpired(passwordChangedAt: Date, now: Date): boolean {
    return now.getTime() - passwordChangedAt.getTime() > this.maxAgeDays * 86_400_000;
  }
}
