import { LEGAL_BASIS_TEXT, type LegalBasis } from '../legal-bases';
import type { ContactDetails, Representative, Safeguard } from '../record-types';

/** Human names for the keys a record holds: vocabulary terms, countries, legal bases, safeguards. */
export interface RecordLabels {
  dataCategories: ReadonlyMap<string, string>;
  dataSubjects: ReadonlyMap<string, string>;
  dataUses: ReadonlyMap<string, string>;
  countries: ReadonlyMap<string, string>;
  specialCategoryOf(key: string): { article: '9' | '10'; kind: string } | undefined;
}

export const SAFEGUARD_TEXT: Readonly<Record<Safeguard | 'none', string>> = {
  adequacy_decision: 'Adequacy decision (Art. 45)',
  scc_2021_914_module_1: 'Standard contractual clauses 2021/914, module 1 (Art. 46(2)(c))',
  scc_2021_914_module_2: 'Standard contractual clauses 2021/914, module 2 (Art. 46(2)(c))',
  scc_2021_914_module_3: 'Standard contractual clauses 2021/914, module 3 (Art. 46(2)(c))',
  scc_2021_914_module_4: 'Standard contractual clauses 2021/914, module 4 (Art. 46(2)(c))',
  bcr: 'Binding corporate rules (Art. 47)',
  code_of_conduct: 'Code of conduct (Art. 46(2)(e))',
  certification: 'Certification (Art. 46(2)(f))',
  art49_derogation: 'Derogation for a specific situation (Art. 49)',
  none: 'NONE RECORDED',
};

export const RECIPIENT_TYPE_TEXT: Readonly<Record<string, string>> = {
  internal: 'Internal',
  external: 'External body',
  public_authority: 'Public authority',
  international_organisation: 'International organisation',
};

/** "Email address (user.contact.email)": the name where the vocabulary has one, always the key. */
export function term(map: ReadonlyMap<string, string>, key: string): string {
  const name = map.get(key);
  return name ? `${name} (${key})` : key;
}

export function country(labels: RecordLabels, code: string): string {
  const name = labels.countries.get(code);
  return name ? `${name} (${code})` : code;
}

export function legalBasis(basis: LegalBasis): string {
  return LEGAL_BASIS_TEXT[basis] ?? basis;
}

export function safeguard(value: string): string {
  return SAFEGUARD_TEXT[value as Safeguard] ?? value;
}

/** "Dana Protect, dpo@acme.example, +49 30 1" — the parts that are there. */
export function contact(c: ContactDetails | Representative | null | undefined): string {
  if (!c) return '';
  const parts = [c.name, 'address' in c ? c.address : null, c.email, c.phone];
  return parts.filter((p): p is string => !!p).join(', ');
}
