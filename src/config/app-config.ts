import { Env, loadEnv, Mode } from './env';

const DEVELOPMENT_SECRET = 'custos-development-secret-not-for-production-use';

/** The typed, validated configuration that every part of Custos injects. */
export class AppConfig {
  readonly nodeEnv: Env['NODE_ENV'];
  readonly port: number;
  readonly databaseUrl: string;
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
  readonly portalRateLimits: { perLink: number; perIp: number };
  readonly storageDir: string;
  readonly publicUrl: string;
  readonly uploadMaxBytes: number;
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
    this.portalRateLimits = {
      perLink: env.PORTAL_RATE_LIMIT_PER_MINUTE,
      perIp: env.PORTAL_IP_RATE_LIMIT_PER_MINUTE,
    };
    this.storageDir = env.STORAGE_DIR;
    this.publicUrl = env.PUBLIC_URL.replace(/\/+$/, '');
    this.uploadMaxBytes = env.UPLOAD_MAX_MB * 1024 * 1024;
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
