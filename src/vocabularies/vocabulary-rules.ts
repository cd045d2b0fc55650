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

/**
 * Whether personal data may go to a country without a transfer tool: inside the EEA, or under an
 * adequacy decision (for the United States only to organisations certified under the DPF).
 */
export function destinationStatus(
  code: string,
  countries: ReadonlyMap<string, Country>,
  adequacy: ReadonlyMap<string, AdequacyDecision>,
  dpfCertified: boolean,
  today: string,
): DestinationStatus {
  const country = countries.get(code);
  if (country?.eea || country?.partOfEeaState) return 'eea';
  const decision = adequacy.get(code);
  if (!decision) return 'third_country';
  // A decision counts from its adoption and, where it has an end, until then.
  if (decision.adoptedOn > today || (decision.validUntil && decision.validUntil < today))
    return 'third_country';
  if (decision.condition === 'dpf_certified') return dpfCertified ? 'adequate' : 'third_country';
  return 'adequate';
}
