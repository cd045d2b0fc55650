import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  validateSync,
  ValidationError,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const MODES = ['all', 'api', 'worker'] as const;
export type Mode = (typeof MODES)[number];

/**
 * Every environment variable Custos reads, with its default. `.env.example` mirrors this class;
 * the README's configuration table is written from it.
 */
export class Env {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\/.+\/[^/?]+(\?.*)?$/, {
    message: 'must be a postgres:// URL that names a database',
  })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/custos';

  /**
   * The runtime connection: a role that owns nothing (DATABASE_URL, the owner, creates the database, runs
   * migrations and provisions this role). Unset: DATABASE_URL's server and database as `custos_app`.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^/@]+@.+\/[^/?]+(\?.*)?$/, {
    message: 'must be a postgres:// URL that names a user and a database',
  })
  DATABASE_APP_URL?: string;

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1-64 letters, digits, "_" or "-"' })
  QUEUE_PREFIX = 'custos';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Custos <no-reply@custos.localhost>';

  @IsString()
  MAIL_OUTBOX_DIR = 'var/mail';

  /** Where people reach this Custos: links in e-mails and the verification line of certificates. */
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s) URL' })
  PUBLIC_URL = 'http://localhost:3000';

  /** Largest evidence or document upload, in megabytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  UPLOAD_MAX_MB = 10;

  @IsString()
  STORAGE_DIR = 'var/storage';

  @IsIn(MODES)
  MODE: Mode = 'all';

  @Transform(emptyToUndefined)
  @ValidateIf((env: Env) => env.NODE_ENV === 'production' || env.AUTH_SECRET !== undefined)
  @IsString({ message: 'is required when NODE_ENV=production' })
  @MinLength(32, { message: 'must be at least 32 characters long' })
  AUTH_SECRET?: string;

  /**
   * Keys of the audit chain's HMAC, `id:secret` separated by commas; the first signs new events and
   * checkpoints, the others still verify what they signed (rotation).
   */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Env) => env.NODE_ENV === 'production' || env.AUDIT_KEYS !== undefined)
  @IsString({ message: 'is required when NODE_ENV=production' })
  @Matches(/^[A-Za-z0-9_-]{1,32}:[^,\s]{32,}(,[A-Za-z0-9_-]{1,32}:[^,\s]{32,})*$/, {
    message: 'must be id:secret pairs separated by commas, each secret at least 32 characters long',
  })
  AUDIT_KEYS?: string;

  /**
   * Test only: a file holding an offset in milliseconds that the served process adds to the system time,
   * so browser journeys can move the server's clock. Refused outside NODE_ENV=test.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @ValidateBy({
    name: 'onlyInTest',
    validator: {
      validate: (_value, args) => (args?.object as Env).NODE_ENV === 'test',
      defaultMessage: () => 'TEST_CLOCK_FILE is honoured only when NODE_ENV=test',
    },
  })
  TEST_CLOCK_FILE?: string;

  /** When each organisation's audit chain head is checkpointed and sent to its DPOs (cron, UTC). */
  @Matches(/^\S+( \S+){4,5}$/, { message: 'must be a cron pattern such as "30 0 * * *"' })
  AUDIT_CHECKPOINT_CRON = '30 0 * * *';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  MIGRATIONS_RUN = true;

  /** Comma-separated origins allowed by CORS; empty allows none (same-origin only). */
  @IsString()
  CORS_ORIGINS = '';

  /** Express "trust proxy": false, true, a hop count or a list of addresses of trusted proxies. */
  @IsString()
  TRUST_PROXY = 'false';

  @Matches(/^\d+(kb|mb)$/i, { message: 'must be a size such as 512kb or 2mb' })
  BODY_LIMIT = '1mb';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 6000;

  /** Processors whose gate facts each API process keeps between checks (0: read them for every check). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  GATE_FACTS_CACHE_PROCESSORS = 20_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(25)
  JOB_ATTEMPTS = 5;

  @Transform(toInt)
  @IsInt()
  @Min(50)
  OUTBOX_POLL_MS = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY = 4;

  /** When the daily monitoring sweep runs: a cron pattern in UTC (seconds field optional). */
  @Matches(/^\S+( \S+){4,5}$/, { message: 'must be a cron pattern such as "0 5 * * *"' })
  SWEEP_CRON = '0 5 * * *';

  /** Minimum password length; never below 10 (the seed's access-control measure). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(128)
  PASSWORD_MIN_LENGTH = 10;

  /** A password older than this must be changed at the next login. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  PASSWORD_MAX_AGE_DAYS = 120;

  /** How many previous passwords may not be reused. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24)
  PASSWORD_HISTORY = 5;

  /** Consecutive failed logins that lock an account. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10)
  LOCKOUT_THRESHOLD = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  LOCKOUT_MINUTES = 15;

  /** Login attempts per minute from one IP address: generous, an office shares one address. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_PER_MINUTE = 600;

  /** Requests per minute through one portal link. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PORTAL_RATE_LIMIT_PER_MINUTE = 120;

  /** Portal requests per minute from one IP address, whatever the link (wrong tokens count too). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PORTAL_IP_RATE_LIMIT_PER_MINUTE = 300;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  REFRESH_TOKEN_TTL_DAYS = 14;

  @IsString()
  @MinLength(1)
  MFA_ISSUER = 'Custos';

  // --- Faults: how long Custos waits on PostgreSQL and Redis before it answers without them ---

  /** Longest wait for a PostgreSQL connection (pool or new); then the request answers 503. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  DATABASE_CONNECT_TIMEOUT_MS = 5000;

  /** Longest a single SQL statement may run (server-side statement_timeout, and the client's wait). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DATABASE_STATEMENT_TIMEOUT_MS = 30_000;

  /** A transaction left idle this long is ended by PostgreSQL, releasing its locks. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

  /** Longest wait for a Redis command on the request path (rate limits, readiness); then the fallback. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(10_000)
  REDIS_COMMAND_TIMEOUT_MS = 500;

  /** Serve the OpenAPI document and Swagger UI at /docs and /docs-json. */
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  DOCS_ENABLED = true;
}

export class ConfigError extends Error {}

const FIRST_RULES = ['isDefined', 'isString', 'isInt', 'isBoolean', 'isIn', 'matches'];

function describe(error: ValidationError): string {
  const constraints = error.constraints ?? {};
  const rule = FIRST_RULES.find((r) => r in constraints) ?? Object.keys(constraints)[0];
  const message = (rule && constraints[rule]) ?? 'is invalid';
  const sentence = message.startsWith(`${error.property} `) ? message : `${error.property} ${message}`;
  const shown =
    /SECRET|PASSWORD|URL|KEYS/.test(error.property) || error.value === undefined
      ? ''
      : ` (got "${String(error.value)}")`;
  return `${sentence}${shown}`;
}

/** Reads and validates the environment. Throws one sentence per wrong variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(new Env())) {
    const value = source[key];
    if (value !== undefined) raw[key] = value;
  }
  if (source.AUTH_SECRET !== undefined) raw.AUTH_SECRET = source.AUTH_SECRET;
  if (source.SMTP_URL !== undefined) raw.SMTP_URL = source.SMTP_URL;
  for (const key of ['DATABASE_APP_URL', 'AUDIT_KEYS', 'TEST_CLOCK_FILE'] as const) {
    if (source[key] !== undefined) raw[key] = source[key];
  }
  const env = plainToInstance(Env, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError(`Invalid configuration: ${errors.map(describe).join('; ')}.`);
  }
  return env;
}
