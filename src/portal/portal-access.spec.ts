import { portalToken } from './portal-access';

describe('the portal authorization header', () => {
  it('takes the token of the Portal scheme only', () => {
    const token = 'A'.repeat(43);
    expect(portalToken(`Portal ${token}`)).toBe(token);
    expect(portalToken(`portal  ${token} `)).toBe(token);
    expect(portalToken(`Bearer ${token}`)).toBeUndefined();
    expect(portalToken(undefined)).toBeUndefined();
    expect(portalToken('Portal')).toBeUndefined();
  });
});
