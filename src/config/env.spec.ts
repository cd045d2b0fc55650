import { ConfigError, loadEnv } from './env';
import { AppConfig } from './app-config';

describe('configuration', () => {
  it('has a default for every variable a laptop run needs', () => {
    const config = AppConfig.fromEnvironment({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/custos',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'custos',
      mode: 'all',
      migrationsRun: true,
      mail: { smtpUrl: undefined },
    });
    expect(config.runsApi && config.runsWorker).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT must be an integer number \(got "eighty"\)\.$/],
    [{ MODE: 'both' }, /MODE must be one of the following values: all, api, worker/],
    [{ DATABASE_URL: 'mysql://x/y' }, /DATABASE_URL must be a postgres:\/\/ URL that names a database\.$/],
    [{ MIGRATIONS_RUN: 'maybe' }, /MIGRATIONS_RUN must be true or false/],
    [{ NODE_ENV: 'production' }, /AUTH_SECRET is required when NODE_ENV=production/],
    [{ AUTH_SECRET: 'short' }, /AUTH_SECRET must be at least 32 characters long\.$/],
  ])('stops on %j with a sentence naming the variable', (env, message) => {
    expect(() => loadEnv(env)).toThrow(ConfigError);
    expect(() => loadEnv(env)).toThrow(message);
  });

  it('never echoes a secret or a URL in the message', () => {
    expect(() => loadEnv({ AUTH_SECRET: 'tiny-secret' })).not.toThrow(/tiny-secret/);
    expect(() => loadEnv({ REDIS_URL: 'http://user:pw@host' })).not.toThrow(/pw@host/);
  });

  it('reads booleans and numbers from strings', () => {
    const config = AppConfig.fromEnvironment({ MIGRATIONS_RUN: 'false', PORT: '8080', MODE: 'worker' });
    expect(config.migrationsRun).toBe(false);
    expect(config.port).toBe(8080);
    expect(config.runsApi).toBe(false);
  });
});
