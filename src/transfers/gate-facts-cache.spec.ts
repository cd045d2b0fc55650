import { GateFactsCache } from './gate-facts-cache';
import type { TransferFacts } from './transfer-rules';

const ORG = 'org-1';
const OTHER = 'org-2';
const DAY = '2026-12-08';
const facts = (name: string) => ({ processor: { name } }) as unknown as TransferFacts;
const read = (...ids: string[]) => new Map(ids.map((id) => [id, facts(id)]));
const found = (cache: GateFactsCache, ids: string[]) => [
  ...(cache.lookup(ORG, DAY, ids)?.found.keys() ?? []),
];

describe('the gate facts kept between checks', () => {
  it('offers facts only when every processor asked for is kept, at the newest version, for that day', () => {
    const cache = new GateFactsCache(10);
    expect(cache.lookup(ORG, DAY, ['a'])).toBeUndefined();
    cache.keep(ORG, '3', DAY, read('a', 'b'), []);
    expect(cache.lookup(ORG, DAY, [])!.version).toBe('3');
    const both = cache.lookup(ORG, DAY, ['b', 'a'])!;
    expect({ version: both.version, found: [...both.found.keys()], missing: both.missing }).toEqual({
      version: '3',
      found: ['b', 'a'],
      missing: [],
    });
    expect(cache.lookup(ORG, DAY, ['a', 'c'])).toMatchObject({ missing: ['c'] });
    expect(cache.lookup(ORG, '2026-12-09', ['a'])).toMatchObject({ missing: ['a'] });
    // Another organisation's facts are its own.
    expect(cache.lookup(OTHER, DAY, ['a'])).toBeUndefined();
  });

  it('drops nothing it need not, and offers nothing older than the newest version seen', () => {
    const cache = new GateFactsCache(10);
    cache.keep(ORG, '3', DAY, read('a'), []);
    cache.seen(ORG, '2');
    expect(found(cache, ['a'])).toEqual(['a']);
    // A commit met version 4: what was read at 3 is no longer offered.
    cache.seen(ORG, '4');
    expect(cache.lookup(ORG, DAY, [])!.version).toBe('4');
    expect(found(cache, ['a'])).toEqual([]);
    // A read that started before the change and ended after it is not kept.
    cache.keep(ORG, '3', DAY, read('a'), []);
    expect(found(cache, ['a'])).toEqual([]);
    cache.keep(ORG, '4', DAY, read('a'), []);
    expect(cache.lookup(ORG, DAY, ['a'])!.found.get('a')).toEqual(facts('a'));
  });

  it("keeps the organisation's own terms as found, at the version they were found at", () => {
    const cache = new GateFactsCache(10);
    cache.keep(ORG, '1', DAY, read('a'), [
      { vocabulary: 'data-categories', key: 'user.custom' },
      { vocabulary: 'data-uses', key: 'user.custom' },
    ]);
    expect(cache.ownTermOf(ORG, 'user.custom')).toEqual(['data-categories', 'data-uses']);
    expect(cache.ownTermOf(ORG, 'user.other')).toBeUndefined();
    expect(cache.ownTermOf(OTHER, 'user.custom')).toBeUndefined();
    cache.seen(ORG, '2');
    expect(cache.ownTermOf(ORG, 'user.custom')).toBeUndefined();
  });

  it('keeps at most its capacity, the longest kept going first, and nothing at capacity 0', () => {
    const cache = new GateFactsCache(2);
    cache.keep(ORG, '1', DAY, read('a', 'b'), []);
    cache.keep(ORG, '1', DAY, read('c'), []);
    expect(cache.size).toBe(2);
    expect(found(cache, ['a'])).toEqual([]);
    expect(found(cache, ['b', 'c'])).toEqual(['b', 'c']);

    const none = new GateFactsCache(0);
    none.keep(ORG, '1', DAY, read('a'), []);
    expect(none.size).toBe(0);
    expect(none.lookup(ORG, DAY, ['a'])).toBeUndefined();
  });
});
