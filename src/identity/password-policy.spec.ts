import { AppConfig } from '../config/app-config';
import { PasswordPolicy } from './password-policy';

const policy = (env: NodeJS.ProcessEnv = {}) => new PasswordPolicy(AppConfig.fromEnvironment(env));

describe('PasswordPolicy', () => {
  it('accepts a password that meets every rule', () => {
    expect(policy().check('Tr4ns-Atlantic', 'maria.schmidt@acme.example')).toEqual([]);
  });

  it.each([
    ['Sh0rt!pw', 'must be at least 10 characters long'],
    ['alllower-case-1', 'must contain an upper-case letter'],
    ['ALLUPPER-CASE-1', 'must contain a lower-case letter'],
    ['No-Digits-Here', 'must contain a digit'],
    ['NoSpecial12345', 'must contain a special character'],
    ['Maria.Schmidt-2026', "must not contain the e-mail address's name"],
  ])('refuses %s: %s', (password, message) => {
    expect(policy().check(password, 'maria.schmidt@acme.example', 'newPassword')).toContainEqual({
      field: 'newPassword',
      message,
      rule: 'passwordPolicy',
    });
  });

  it('can be made stricter but never below 10 characters', () => {
    expect(policy({ PASSWORD_MIN_LENGTH: '14' }).check('Tr4ns-Atlantic', 'x@y.z')).toEqual([]);
    expect(policy({ PASSWORD_MIN_LENGTH: '15' }).check('Tr4ns-Atlantic', 'x@y.z')).toHaveLength(1);
    expect(() => policy({ PASSWORD_MIN_LENGTH: '8' })).toThrow(
      /PASSWORD_MIN_LENGTH must not be less than 10/,
    );
  });

  it('expires a password after 120 days by default', () => {
    const changed = new Date('2026-01-01T00:00:00Z');
    expect(policy().isExpired(changed, new Date('2026-05-01T00:00:00Z'))).toBe(false);
    expect(policy().isExpired(changed, new Date('2026-05-02T00:00:01Z'))).toBe(true);
  });
});
