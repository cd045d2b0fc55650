import type { AdequacyDecision, Country, SpecialCategory } from './vocabulary.data';

/** `user.contact` covers `user.contact.email`: a key covers itself and everything beneath it. */
export function covers(scopeKey: string, requestedKey: string): boolean {
  return requestedKey === scopeKey || requestedKey.startsWith(`${scopeKey}.`);
}

export function coveredByAny(scope: readonly string[], requested: string): boolean {
  return scope.some((key) => covers(key, requested));
}

/** The Art. 9/10 entry a category falls under (itself or an ancestor), if any. */
export function specialCategoryOf(
  key: string,
  specials: readonly SpecialCategory[],
): SpecialCategory | undefined {
  return specials.find((s) => covers(s.key, key));
}

export type DestinationStatus = 'eea' | 'adequate' | 'third_country';

/** The decision in force on `day` among a destination's decisions (a renewal follows its predecessor). */
export function adequacyOn(
  decisions: readonly AdequacyDecision[],
  day: string,
): AdequacyDecision | undefined {
  return decisions
    .filter((d) => d.adoptedOn <= day && (!d.validUntil || d.validUntil >= day))
    .sort((a, b) => b.adoptedOn.localeCompare(a.adoptedOn))[0];
}

/**
 * Whether personal data may go to a destination without a transfer tool, looking at the destination
 * alone: inside the EEA, or under an adequacy decision in force that day (the US only for organisations
 * certified under the DPF). A partial decision counts here; whether a recipient is within its scope is
 * `transferBasis`'s question (src/agreements/transfer-tools.ts).
 */
export function destinationStatus(
  code: string,
  countries: ReadonlyMap<string, Country>,
  adequacy: ReadonlyMap<string, readonly AdequacyDecision[]>,
  dpfCertified: boolean,
  today: string,
): DestinationStatus {
  const country = countries.get(code);
  if (country?.eea || country?.partOfEeaState) return 'eea';
  const decision = adequacyOn(adequacy.get(code) ?? [], today);
  if (!decision) return 'third_country';
  if (decision.condition === 'dpf_certified') return dpfCertified ? 'adequate' : 'third_country';
  return 'adequate';
}
