import type { Processor } from './processor.entity';
import { ProcessorsAsOf } from './processors-as-of';

const at = new Date('2026-06-30T23:59:59.999Z');
const p = (id: string, parentId: string | null = null, archivedAt: string | null = null) =>
  ({ id, name: id, parentId, archivedAt: archivedAt ? new Date(archivedAt) : null }) as Processor;

describe('processors as they stood at an instant', () => {
  const then = new ProcessorsAsOf(at, [
    p('cloud'),
    p('storage', 'cloud'),
    p('backup', 'storage'),
    p('old-cdn', 'cloud', '2026-03-01T00:00:00Z'),
    p('later-cdn', 'cloud', '2026-08-01T00:00:00Z'),
    p('archived-root', null, '2026-01-01T00:00:00Z'),
  ]);

  it('lists those not archived at the instant, in their order', () => {
    expect(then.listed().map((x) => x.id)).toEqual(['cloud', 'storage', 'backup', 'later-cdn']);
  });

  it('gives a chain with sub-processors at any depth, leaving out those archived by then', () => {
    expect(then.chain('cloud').map((x) => x.id)).toEqual(['cloud', 'storage', 'later-cdn', 'backup']);
    expect(then.chain('storage').map((x) => x.id)).toEqual(['storage', 'backup']);
  });

  it('keeps an archived root (as the chain query does) and knows nothing of a processor not yet created', () => {
    expect(then.chain('archived-root').map((x) => x.id)).toEqual(['archived-root']);
    expect(then.chain('unknown')).toEqual([]);
    expect(then.get('unknown')).toBeUndefined();
  });
});
