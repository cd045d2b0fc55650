import { Processor } from './processor.entity';

/**
 * The processors of an organisation as they stood at an instant (read from their history), in the
 * order the registry lists them: what a record of processing as of a past date must show.
 */
export class ProcessorsAsOf {
  private readonly byId: Map<string, Processor>;
  private readonly children = new Map<string, Processor[]>();

  constructor(
    readonly at: Date,
    /** Every processor that existed at the instant, archived or not, by name then id. */
    readonly all: readonly Processor[],
  ) {
    this.byId = new Map(all.map((p) => [p.id, p]));
    for (const p of all) {
      if (p.parentId && this.live(p))
        this.children.set(p.parentId, [...(this.children.get(p.parentId) ?? []), p]);
    }
  }

  get(id: string): Processor | undefined {
    return this.byId.get(id);
  }

  /** Not archived at the instant. */
  private live(p: Processor): boolean {
    return !p.archivedAt || p.archivedAt > this.at;
  }

  /** Those not archived at the instant, in list order. */
  listed(): Processor[] {
    return this.all.filter((p) => this.live(p));
  }

  /** The processor and, at any depth, its sub-processors not archived at the instant (as the chain query). */
  chain(processorId: string): Processor[] {
    const root = this.byId.get(processorId);
    if (!root) return [];
    const chain = [root];
    const seen = new Set([root.id]);
    for (let i = 0; i < chain.length; i++) {
      for (const child of this.children.get(chain[i].id) ?? []) {
        if (seen.has(child.id)) continue;
        seen.add(child.id);
        chain.push(child);
      }
    }
    return chain;
  }
}
