import { SealedBox } from './sealed-box';

const SECRET = 'a-test-secret-of-at-least-32-characters';

describe('sealed box', () => {
  it('opens what it sealed, and the sealed value does not show it', () => {
    const box = new SealedBox(SECRET, 'mail-secret-context');
    const sealed = box.seal('{"url":"https://custos.example/portal#token"}');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('portal#token');
    expect(box.open(sealed)).toBe('{"url":"https://custos.example/portal#token"}');
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses a value sealed for another purpose or with another secret, or changed', () => {
    const sealed = new SealedBox(SECRET, 'mail-secret-context').seal('x');
    expect(() => new SealedBox(SECRET, 'mfa-secret-encryption').open(sealed)).toThrow();
    expect(() => new SealedBox(`${SECRET}!`, 'mail-secret-context').open(sealed)).toThrow();
    const [v, iv, tag, data] = sealed.split('.');
    const flipped = `${data[0] === 'A' ? 'B' : 'A'}${data.slice(1)}`;
    expect(() =>
      new SealedBox(SECRET, 'mail-secret-context').open([v, iv, tag, flipped].join('.')),
    ).toThrow();
  });
});
