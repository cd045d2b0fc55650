import type { TransferFacts } from './transfer-rules';

interface Kept<T> {
  version: bigint;
  value: T;
}

/**
 * The gate facts this process read, per organisation and processor, each with the version of the
 * organisation's facts it was read at (migration GateFactsVersion). A kept fact is offered only while
 * its version is the newest this process has seen for the organisation and its day is today; whatever
 * is offered is checked again where it counts: a decision commits only if the version is still the
 * database's (`AuditGroupCommit`), so a change made by any process is never decided past. Own vocabulary
 * terms are kept only as found (a term that was missing is looked for again). At most `capacity`
 * processors (and as many terms) are kept; the longest kept go first.
 */
export class GateFactsCache {
  private readonly newest = new Map<string, bigint>();
  private readonly facts = new Map<string, Kept<{ day: string; facts: TransferFacts }>>();
  private readonly terms = new Map<string, Kept<string[]>>();

  constructor(private readonly capacity: number) {}

  /**
   * The facts of `ids` on `day` kept at the newest version, and the ids whose facts are not; undefined
   * when no version of the organisation's facts has been seen here.
   */
  lookup(
    organizationId: string,
    day: string,
    ids: readonly string[],
  ): { version: string; found: Map<string, TransferFacts>; missing: string[] } | undefined {
    const version = this.newest.get(organizationId);
    if (version === undefined) return undefined;
    const found = new Map<string, TransferFacts>();
    const missing: string[] = [];
    for (const id of ids) {
      const kept = this.facts.get(`${organizationId}|${id}`);
      if (kept && kept.version === version && kept.value.day === day) found.set(id, kept.value.facts);
      else missing.push(id);
    }
    return { version: version.toString(), found, missing };
  }

  /** The vocabularies in which the organisation has its own term `key`, when found at the newest version. */
  ownTermOf(organizationId: string, key: string): string[] | undefined {
    const kept = this.terms.get(`${organizationId}|${key}`);
    return kept && kept.version === this.newest.get(organizationId) ? kept.value : undefined;
  }

  /** A version of the organisation's facts was seen (read, or met at a commit): older ones are dropped. */
  seen(organizationId: string, version: string): void {
    const v = BigInt(version);
    const known = this.newest.get(organizationId);
    if (known === undefined || v > known) this.newest.set(organizationId, v);
  }

  /**
   * Keeps facts read at `version` on `day`, and the own terms found among them; facts of a version older
   * than one seen since are not kept.
   */
  keep(
    organizationId: string,
    version: string,
    day: string,
    facts: ReadonlyMap<string, TransferFacts>,
    ownTerms: readonly { vocabulary: string; key: string }[],
  ): void {
    if (this.capacity === 0) return;
    this.seen(organizationId, version);
    const v = BigInt(version);
    if (this.newest.get(organizationId) !== v) return;
    for (const [id, value] of facts)
      put(this.facts, `${organizationId}|${id}`, { version: v, value: { day, facts: value } });
    const byKey = new Map<string, string[]>();
    for (const term of ownTerms) byKey.set(term.key, [...(byKey.get(term.key) ?? []), term.vocabulary]);
    for (const [key, vocabularies] of byKey)
      put(this.terms, `${organizationId}|${key}`, { version: v, value: vocabularies });
    evict(this.facts, this.capacity);
    evict(this.terms, this.capacity);
  }

  /** Processors kept (of any version), for the benchmark's report. */
  get size(): number {
    return this.facts.size;
  }
}

/** Sets `key` as the newest entry of `map` (a Map iterates in insertion order). */
function put<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
}

/** Drops the oldest entries of `map` beyond `capacity`. */
function evict<T>(map: Map<string, T>, capacity: number): void {
  for (const key of map.keys()) {
    if (map.size <= capacity) return;
    map.delete(key);
  }
}
