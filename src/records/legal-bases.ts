import type { FieldError } from '../platform/errors/domain-error';

/** Art. 6(1) lawful bases: every processing activity needs at least one. */
export const ART6_BASES = ['art6_1_a', 'art6_1_b', 'art6_1_c', 'art6_1_d', 'art6_1_e', 'art6_1_f'] as const;
/** Art. 9(2) conditions for special categories of personal data. */
export const ART9_CONDITIONS = [
  'art9_2_a',
  'art9_2_b',
  'art9_2_c',
  'art9_2_d',
  'art9_2_e',
  'art9_2_f',
  'art9_2_g',
  'art9_2_h',
  'art9_2_i',
  'art9_2_j',
] as const;
export const LEGAL_BASES = [...ART6_BASES, ...ART9_CONDITIONS, 'art10'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

export const LEGAL_BASIS_TEXT: Readonly<Record<LegalBasis, string>> = {
  art6_1_a: 'Art. 6(1)(a) consent',
  art6_1_b: 'Art. 6(1)(b) performance of a contract',
  art6_1_c: 'Art. 6(1)(c) legal obligation',
  art6_1_d: 'Art. 6(1)(d) vital interests',
  art6_1_e: 'Art. 6(1)(e) public task',
  art6_1_f: 'Art. 6(1)(f) legitimate interests',
  art9_2_a: 'Art. 9(2)(a) explicit consent',
  art9_2_b: 'Art. 9(2)(b) employment, social security and social protection law',
  art9_2_c: 'Art. 9(2)(c) vital interests',
  art9_2_d: 'Art. 9(2)(d) not-for-profit body',
  art9_2_e: 'Art. 9(2)(e) made manifestly public by the data subject',
  art9_2_f: 'Art. 9(2)(f) legal claims or courts',
  art9_2_g: 'Art. 9(2)(g) substantial public interest',
  art9_2_h: 'Art. 9(2)(h) health or social care',
  art9_2_i: 'Art. 9(2)(i) public health',
  art9_2_j: 'Art. 9(2)(j) archiving, research or statistics',
  art10: 'Art. 10 criminal convictions and offences, authorised by Union or Member State law',
};

export const isArt6 = (basis: string): boolean => basis.startsWith('art6_');
export const isArt9 = (basis: string): boolean => basis.startsWith('art9_');

export interface LegalBasisFacts {
  legalBases: readonly string[];
  legitimateInterest?: string | null;
  dataCategories: readonly string[];
}

/** The Art. 9/10 entry of a data category (itself or an ancestor), as the vocabularies map it. */
export type SpecialCategoryLookup = (key: string) => { article: '9' | '10'; kind: string } | undefined;

/**
 * What the legal bases of an activity lack: an Art. 6 basis always; the legitimate interest when it
 * rests on Art. 6(1)(f); an Art. 9(2) condition for special categories (Art. 9) and Art. 10 for data
 * on criminal convictions and offences. Every problem names the field it is about.
 */
export function legalBasisProblems(
  facts: LegalBasisFacts,
  specialCategoryOf: SpecialCategoryLookup,
): FieldError[] {
  const errors: FieldError[] = [];
  const bases = new Set(facts.legalBases);
  if (![...bases].some(isArt6)) {
    errors.push({
      field: 'legalBases',
      message: 'must contain an Art. 6(1) lawful basis (art6_1_a … art6_1_f)',
      rule: 'art6Basis',
    });
  }
  if (bases.has('art6_1_f') && !facts.legitimateInterest?.trim()) {
    errors.push({
      field: 'legitimateInterest',
      message: 'is required when the processing rests on legitimate interests (art6_1_f)',
      rule: 'legitimateInterest',
    });
  }
  const art9 = new Set<string>();
  const art10 = new Set<string>();
  for (const key of facts.dataCategories) {
    const special = specialCategoryOf(key);
    if (special?.article === '9') art9.add(`${key} (${special.kind})`);
    if (special?.article === '10') art10.add(key);
  }
  if (art9.size && ![...bases].some(isArt9)) {
    errors.push({
      field: 'legalBases',
      message: `must contain an Art. 9(2) condition (art9_2_a … art9_2_j) for the special categories ${[...art9].join(', ')}`,
      rule: 'art9Condition',
    });
  }
  if (art10.size && !bases.has('art10')) {
    errors.push({
      field: 'legalBases',
      message: `must contain art10 (Art. 10, authorised by Union or Member State law) for ${[...art10].join(', ')}`,
      rule: 'art10',
    });
  }
  return errors;
}
