import { ConfigError, Env, loadEnv, Mode } from './env';

const DEVELOPMENT_SECRET = 'custos-development-secret-not-for-production-use';
const DEVELOPMENT_AUDIT_KEYS = 'dev:custos-development-audit-key-not-for-production-use';
/** The runtime role when DATABASE_APP_URL is unset. */
export const DEFAULT_APP_ROLE = 'custos_app';
/** The key id of events written before the chain was keyed: plain SHA-256, valid only as a chain's prefix. */
export const LEGACY_AUDIT_KEY_ID = 'legacy';

export interface AuditKey {
  id: string;
  secret: string;
}

/** DATABASE_URL's server and database, as the default runtime role without a password. */
function defaultAppUrl(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = DEFAULT_APP_ROLE;
  url.password = '';
  return url.toString();
}

function auditKeys(value: string): AuditKey[] {
  const keys = value.split(',').map((pair) => {
    const at = pair.indexOf(':');
    return { id: pair.slice(0, at), secret: pair.slice(at + 1) };
  });
  const ids = keys.map((k) => k.id);
  if (ids.includes(LEGACY_AUDIT_KEY_ID))
    throw new ConfigError(
      `Invalid configuration: AUDIT_KEYS may not use the key id "${LEGACY_AUDIT_KEY_ID}".`,
    );
  if (new Set(ids).size !== ids.length)
    throw new ConfigError('Invalid configuration: AUDIT_KEYS names a key id twice.');
  return keys;
}

/** The typed, validated configuration that every part of Custos injects. */
export class AppConfig {
  readonly nodeEnv: Env['NODE_ENV'];
  readonly port: number;
  /** The owner: creates the database, runs migrations, provisions the runtime role. */
  readonly databaseUrl: string;
  /** The runtime role the application works as: it owns nothing and may only append to the audit trail. */
  readonly databaseAppUrl: string;
  /** Audit chain keys; the first signs. */
  readonly auditKeys: AuditKey[];
  readonly auditCheckpointCron: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly mode: Mode;
  readonly authSecret: string;
  readonly logLevel: string;
  readonly migrationsRun: boolean;
  readonly corsOrigins: string[];
  readonly bodyLimit: string;
  readonly trustProxy: boolean | number | string;
  readonly rateLimitPerMinute: number;
  /** Processors whose gate facts the API keeps between checks (0: none). */
  readonly gateFactsCacheProcessors: number;
  readonly portalRateLimits: { perLink: number; perIp: number };
  readonly storageDir: string;
  readonly publicUrl: string;
  readonly uploadMaxBytes: number;
  readonly docsEnabled: boolean;
  /** Test only (NODE_ENV=test): the file whose millisecond offset moves the served process's clock. */
  readonly testClockFile?: string;
  readonly timeouts: {
    databaseConnectMs: number;
    databaseStatementMs: number;
    databaseIdleInTransactionMs: number;
    redisCommandMs: number;
  };
  readonly mail: { smtpUrl?: string; from: string; outboxDir: string };
  readonly jobs: { attempts: number; outboxPollMs: number; concurrency: number; sweepCron: string };
  readonly security: {
    passwordMinLength: number;
    passwordMaxAgeDays: number;
    passwordHistory: number;
    lockoutThreshold: number;
    lockoutMinutes: number;
    loginRateLimitPerMinute: number;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    mfaIssuer: string;
  };

  constructor(env: Env) {
    this.nodeEnv = env.NODE_ENV;
    this.port = env.PORT;
    this.databaseUrl = env.DATABASE_URL;
    this.databaseAppUrl = env.DATABASE_APP_URL ?? defaultAppUrl(env.DATABASE_URL);
    this.auditKeys = auditKeys(env.AUDIT_KEYS ?? DEVELOPMENT_AUDIT_KEYS);
    this.auditCheckpointCron = env.AUDIT_CHECKPOINT_CRON;
    this.redisUrl = env.REDIS_URL;
    this.queuePrefix = env.QUEUE_PREFIX;
    this.mode = env.MODE;
    this.authSecret = env.AUTH_SECRET ?? DEVELOPMENT_SECRET;
    this.logLevel = env.LOG_LEVEL;
    this.migrationsRun = env.MIGRATIONS_RUN;
    this.corsOrigins = env.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    this.bodyLimit = env.BODY_LIMIT;
    const trust = env.TRUST_PROXY.trim();
    this.trustProxy =
      trust === 'true'
        ? true
        : trust === 'false' || trust === ''
          ? false
          : /^\d+$/.test(trust)
            ? Number(trust)
            : trust;
    this.rateLimitPerMinute = env.RATE_LIMIT_PER_MINUTE;
    this.gateFactsCacheProcessors = env.GATE_FACTS_CACHE_PROCESSORS;
    this.portalRateLimits = {
      perLink: env.PORTAL_RATE_LIMIT_PER_MINUTE,
      perIp: env.PORTAL_IP_RATE_LIMIT_PER_MINUTE,
    };
    this.storageDir = env.STORAGE_DIR;
    this.publicUrl = env.PUBLIC_URL.replace(/\/+$/, '');
    this.uploadMaxBytes = env.UPLOAD_MAX_MB * 1024 * 1024;
    this.docsEnabled = env.DOCS_ENABLED;
    this.testClockFile = env.NODE_ENV === 'test' ? env.TEST_CLOCK_FILE : undefined;
    this.timeouts = {
      databaseConnectMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      databaseStatementMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      databaseIdleInTransactionMs: env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      redisCommandMs: env.REDIS_COMMAND_TIMEOUT_MS,
    };
    this.mail = { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, outboxDir: env.MAIL_OUTBOX_DIR };
    this.jobs = {
      attempts: env.JOB_ATTEMPTS,
      outboxPollMs: env.OUTBOX_POLL_MS,
      concurrency: env.WORKER_CONCURRENCY,
      sweepCron: env.SWEEP_CRON,
    };
    this.security = {
      passwordMinLength: env.PASSWORD_MIN_LENGTH,
      passwordMaxAgeDays: env.PASSWORD_MAX_AGE_DAYS,
      passwordHistory: env.PASSWORD_HISTORY,
      lockoutThreshold: env.LOCKOUT_THRESHOLD,
      lockoutMinutes: env.LOCKOUT_MINUTES,
      loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT_PER_MINUTE,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
      mfaIssuer: env.MFA_ISSUER,
    };
  }

  get runsApi(): boolean {
    return this.mode !== 'worker';
  }

  get runsWorker(): boolean {
    return this.mode !== 'api';
  }

  static fromEnvironment(source: NodeJS.ProcessEnv = process.env): AppConfig {
    return new AppConfig(loadEnv(source));
  }
}
