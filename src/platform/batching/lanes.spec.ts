import { Lanes } from './lanes';

/** A group runner whose groups finish when the test says so. */
function controlled(concurrency = 1) {
  const groups: { lane: string; items: number[]; finish: (error?: Error) => void }[] = [];
  const lanes = new Lanes<number, string>(
    (lane, items) =>
      new Promise((resolve, reject) => {
        groups.push({
          lane,
          items,
          finish: (error) => (error ? reject(error) : resolve(items.map((i) => `${lane}:${i}`))),
        });
      }),
    (item) => item,
    10,
    concurrency,
  );
  return { lanes, groups };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('Lanes', () => {
  it('runs a lone item within the turn, and items that arrive meanwhile together in the next group', async () => {
    const { lanes, groups } = controlled();
    const first = lanes.submit('a', 1);
    expect(groups).toHaveLength(0);
    await turn();
    expect(groups.map((g) => g.items)).toEqual([[1]]);
    const later = [lanes.submit('a', 2), lanes.submit('a', 3)];
    await turn();
    expect(groups.map((g) => g.items)).toEqual([[1]]);
    groups[0].finish();
    expect(await first).toBe('a:1');
    await turn();
    expect(groups.map((g) => g.items)).toEqual([[1], [2, 3]]);
    groups[1].finish();
    expect(await Promise.all(later)).toEqual(['a:2', 'a:3']);
  });

  it('starts items given in the same turn of the event loop as one group', async () => {
    const { lanes, groups } = controlled();
    const together = [1, 2, 3].map((n) => lanes.submit('a', n));
    await turn();
    expect(groups.map((g) => g.items)).toEqual([[1, 2, 3]]);
    groups[0].finish();
    expect(await Promise.all(together)).toEqual(['a:1', 'a:2', 'a:3']);
  });

  it('keeps lanes apart: another lane does not wait', async () => {
    const { lanes, groups } = controlled();
    void lanes.submit('a', 1);
    const other = lanes.submit('b', 2);
    await turn();
    expect(groups.map((g) => [g.lane, g.items])).toEqual([
      ['a', [1]],
      ['b', [2]],
    ]);
    groups[1].finish();
    expect(await other).toBe('b:2');
  });

  it('stops a group at its weight, always taking one item', async () => {
    const { lanes, groups } = controlled();
    void lanes.submit('a', 1);
    await turn();
    const waiting = [12, 4, 5, 3].map((n) => lanes.submit('a', n));
    groups[0].finish();
    await turn();
    expect(groups[1].items).toEqual([12]);
    groups[1].finish();
    await turn();
    expect(groups[2].items).toEqual([4, 5, 3]);
    groups[2].finish();
    expect(await Promise.all(waiting)).toEqual(['a:12', 'a:4', 'a:5', 'a:3']);
  });

  it('rejects every item of a failed group, and only those', async () => {
    const { lanes, groups } = controlled();
    const first = lanes.submit('a', 1);
    await turn();
    const second = lanes.submit('a', 2);
    groups[0].finish(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await turn();
    groups[1].finish();
    expect(await second).toBe('a:2');
  });

  it('runs up to `concurrency` groups of a lane at once, the rest together after', async () => {
    const { lanes, groups } = controlled(2);
    const all = [lanes.submit('a', 1)];
    await turn();
    all.push(lanes.submit('a', 2));
    await turn();
    all.push(...[3, 4].map((n) => lanes.submit('a', n)));
    await turn();
    expect(groups.map((g) => g.items)).toEqual([[1], [2]]);
    groups[1].finish();
    await turn();
    expect(groups.map((g) => g.items)).toEqual([[1], [2], [3, 4]]);
    groups[0].finish();
    groups[2].finish();
    expect(await Promise.all(all)).toEqual(['a:1', 'a:2', 'a:3', 'a:4']);
  });
});
