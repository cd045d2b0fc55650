import { endSentence } from './sentence';

describe('endSentence', () => {
  it('adds a full stop to a name without one', () => {
    expect(endSentence('Acme GmbH')).toBe('Acme GmbH.');
  });

  it('adds none to a name that ends with one', () => {
    expect(endSentence('Mailwave Inc.')).toBe('Mailwave Inc.');
    expect(endSentence('Yahoo!')).toBe('Yahoo!');
  });
});
