/**
 * What kind of failure an error is. The problem filter maps each kind to one HTTP status; features
 * define their own specific `code`s without touching that mapping.
 */
export enum ErrorKind {
  Validation = 'validation',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  Locked = 'locked',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  RateLimited = 'rate_limited',
  Unavailable = 'unavailable',
}

export interface FieldError {
  /** Path of the field in the request, e.g. `scope.dataCategories[1]`. */
  field: string;
  message: string;
  /** The rule that failed, e.g. `isEmail`, `minLength`. */
  rule?: string;
}

export interface DomainErrorOptions {
  detail?: string;
  errors?: FieldError[];
  /** Extra members rendered on the problem document, e.g. `allowed` transitions. */
  extensions?: Record<string, unknown>;
  /** Response headers, e.g. `Retry-After`. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/** Base of every error a service or a job throws on purpose. Never an HTTP exception. */
export class DomainError extends Error {
  readonly detail?: string;
  readonly errors?: FieldError[];
  readonly extensions?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    readonly title: string,
    options: DomainErrorOptions = {},
  ) {
    super(options.detail ?? title, { cause: options.cause });
    this.name = new.target.name;
    this.detail = options.detail;
    this.errors = options.errors;
    this.extensions = options.extensions;
    this.headers = options.headers;
  }
}

export class ValidationFailed extends DomainError {
  constructor(errors: FieldError[], detail?: string) {
    super(ErrorKind.Validation, 'VALIDATION_FAILED', 'The request is not valid', {
      errors,
      detail: detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    });
  }

  static field(field: string, message: string, rule?: string): ValidationFailed {
    return new ValidationFailed([{ field, message, rule }]);
  }
}

export class NotFound extends DomainError {
  constructor(entity: string, id?: string) {
    super(ErrorKind.NotFound, 'NOT_FOUND', `${entity} not found`, {
      detail: id
        ? `No ${entity.toLowerCase()} with id ${id} exists.`
        : `The ${entity.toLowerCase()} does not exist.`,
    });
  }
}

export class Conflict extends DomainError {
  constructor(code: string, detail: string, extensions?: Record<string, unknown>) {
    super(ErrorKind.Conflict, code, 'The request conflicts with the current state', { detail, extensions });
  }
}

/** A transition asked of a versioned entity whose version has moved on since the caller read it. */
export class StaleVersion extends Conflict {
  constructor(entity: string, expected: number, actual: number) {
    super(
      'STALE_VERSION',
      `${entity} is at version ${actual}, the request was made against version ${expected}.`,
      {
        currentVersion: actual,
      },
    );
  }
}

/** An illegal state transition; names the transitions that are allowed from the current state. */
export class IllegalTransition extends Conflict {
  constructor(entity: string, from: string, to: string, allowed: readonly string[]) {
    super(
      'ILLEGAL_TRANSITION',
      `${entity} cannot go from ${from} to ${to}; allowed from ${from}: ${allowed.length ? allowed.join(', ') : 'none'}.`,
      { from, to, allowed },
    );
  }
}
