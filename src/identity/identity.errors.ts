import { DomainError, ErrorKind } from '../platform/errors/domain-error';

export class InvalidCredentials extends DomainError {
  constructor() {
    super(ErrorKind.Unauthenticated, 'INVALID_CREDENTIALS', 'Invalid credentials', {
      detail: 'The e-mail address or the password is wrong.',
    });
  }
}

export class AccountLocked extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(ErrorKind.Locked, 'ACCOUNT_LOCKED', 'The account is locked', {
      detail: `Too many failed logins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes or ask an administrator to unlock the account.`,
      headers: { 'Retry-After': String(retryAfterSeconds) },
      extensions: { retryAfterSeconds },
    });
  }
}

export class Unauthenticated extends DomainError {
  constructor(detail = 'Send a valid bearer token or API key.', code = 'UNAUTHENTICATED') {
    super(ErrorKind.Unauthenticated, code, 'Authentication required', { detail });
  }
}

export class Forbidden extends DomainError {
  constructor(detail: string, code = 'FORBIDDEN') {
    super(ErrorKind.Forbidden, code, 'Not allowed', { detail });
  }
}

export class LoginRateLimited extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(ErrorKind.RateLimited, 'LOGIN_RATE_LIMITED', 'Too many login attempts from this address', {
      detail: 'Too many login attempts from this network address; try again shortly.',
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}
