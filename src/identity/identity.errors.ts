import { featureErrors } from '../platform/errors/feature-errors';
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

/** The codes of identity' own rules: what its services throw and its routes document. */
export const IdentityErrors = featureErrors({
  EMAIL_TAKEN: [409, 'a user with that e-mail address already exists'],
  OWN_MFA_RESET: [409, 'an administrator cannot reset their own two-step sign-in'],
  LAST_ADMIN: [409, 'the last active admin of the organisation cannot lose the role or be deactivated'],
  ALREADY_SET_UP: [409, 'Custos is already set up; an operator adds organisations'],
  API_KEY_REVOKED: [409, 'the API key is already revoked'],
  MFA_ALREADY_ENABLED: [409, 'two-step sign-in is already enabled'],
  MFA_ENROLLMENT_NOT_STARTED: [409, 'the enrolment was not started'],
});
