import { AppConfig } from '../../config/app-config';
import { ConfigError } from '../../config/env';
import { AuditKeyring } from './audit-keys';

const event = {
  id: '5f0c1f43-4b43-4bd4-9d53-0d5b0c8f2e11',
  organizationId: null,
  seq: '1',
  occurredAt: new Date('2026-01-01T00:00:00Z'),
  actorType: 'system',
  actorId: null,
  actorLabel: null,
  action: 'test',
  entityType: 'test',
  entityId: null,
  before: null,
  after: { a: 1 },
  ip: null,
  userAgent: null,
  requestId: null,
  prevHash: '0'.repeat(64),
};

describe('audit keys', () => {
  it('hashes with the first key and verifies with the key an event names', () => {
    const old = new AuditKeyring(AppConfig.fromEnvironment({ AUDIT_KEYS: `a:${'x'.repeat(32)}` }));
    const both = new AuditKeyring(
      AppConfig.fromEnvironment({ AUDIT_KEYS: `b:${'y'.repeat(32)},a:${'x'.repeat(32)}` }),
    );
    const made = old.hashNew(event);
    expect(made.keyId).toBe('a');
    expect(both.current.id).toBe('b');
    expect(both.expectedHash({ ...event, ...made })).toBe(made.hash);
    expect(both.hashNew(event).hash).not.toBe(made.hash);
    const signed = both.sign('text');
    expect(both.verify(signed.keyId, 'text', signed.signature)).toBe(true);
    expect(both.verify(signed.keyId, 'other text', signed.signature)).toBe(false);
    expect(old.verify(signed.keyId, 'text', signed.signature)).toBe(false);
  });

  it.each([
    [
      { NODE_ENV: 'production', AUTH_SECRET: 'z'.repeat(32) },
      /AUDIT_KEYS is required when NODE_ENV=production/,
    ],
    [{ AUDIT_KEYS: 'short:secret' }, /AUDIT_KEYS must be id:secret pairs/],
    [{ AUDIT_KEYS: `legacy:${'x'.repeat(32)}` }, /may not use the key id "legacy"/],
    [{ AUDIT_KEYS: `a:${'x'.repeat(32)},a:${'y'.repeat(32)}` }, /names a key id twice/],
  ])('refuses %j with a sentence naming AUDIT_KEYS, never the secret', (env, message) => {
    expect(() => AppConfig.fromEnvironment(env)).toThrow(ConfigError);
    expect(() => AppConfig.fromEnvironment(env)).toThrow(message);
    expect(() => AppConfig.fromEnvironment(env)).not.toThrow(/xxxx|secret$/);
  });

  it('derives the runtime role from DATABASE_URL unless DATABASE_APP_URL names one', () => {
    expect(
      AppConfig.fromEnvironment({ DATABASE_URL: 'postgres://owner:pw@db.example:5432/custos' })
        .databaseAppUrl,
    ).toBe('postgres://custos_app@db.example:5432/custos');
    expect(
      AppConfig.fromEnvironment({ DATABASE_APP_URL: 'postgres://app:pw@db.example/custos' }).databaseAppUrl,
    ).toBe('postgres://app:pw@db.example/custos');
  });
});
