import { DomainError, ErrorKind } from './domain-error';

/** Seconds a client is asked to wait before it retries while a dependency is down. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** PostgreSQL SQLSTATEs that mean "the database cannot serve this now", not "this request is wrong". */
const UNAVAILABLE_SQLSTATE = [
  /^08/, // connection exception
  /^57P0[1-4]$/, // admin/crash shutdown, cannot connect now, database dropped
  /^53300$/, // too many connections
  /^57014$/, // query canceled: the statement timeout
  /^25P03$/, // idle-in-transaction timeout ended the session
];

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
]);

/** Messages of node-postgres and its pool for a connection that could not be made or was lost. */
const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client has encountered a connection error|Connection ended unexpectedly/i;

interface WithCode {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
}

function unavailableCause(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as WithCode;
  if (e.driverError && e.driverError !== error && unavailableCause(e.driverError)) return true;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.some((re) => re.test(code)))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  return error instanceof AggregateError && error.errors.some(unavailableCause);
}

export class DatabaseUnavailable extends DomainError {
  constructor(cause?: unknown) {
    super(ErrorKind.Unavailable, 'DATABASE_UNAVAILABLE', 'The database is unavailable', {
      detail: `Custos cannot reach its database right now; nothing was changed. Try again in ${UNAVAILABLE_RETRY_AFTER_SECONDS} seconds.`,
      headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
      cause,
    });
  }
}

/**
 * An unexpected error that only says the database is unreachable, slow past its timeout or restarting
 * becomes a 503 with Retry-After; anything else stays what it is (and a 500 remains a 500).
 */
export function asUnavailable(error: unknown): DatabaseUnavailable | undefined {
  if (error instanceof DomainError) return undefined;
  return unavailableCause(error) ? new DatabaseUnavailable(error) : undefined;
}
