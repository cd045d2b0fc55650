import { LEGAL_BASIS_TEXT, type LegalBasis } from '../legal-bases';
import type { DerivedTransfer } from '../derivation';
import type {
  ContactDetails,
  DataSubjectRight,
  DpiaProgress,
  Representative,
  Safeguard,
} from '../record-types';

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
  public_authority_instrument: 'Instrument between public authorities (Art. 46(2)(a))',
  sa_adopted_scc: 'Standard clauses adopted by a supervisory authority (Art. 46(2)(d))',
  ad_hoc_clauses: 'Contractual clauses authorised by the supervisory authority (Art. 46(3)(a))',
  administrative_arrangement:
    'Administrative arrangement authorised by the supervisory authority (Art. 46(3)(b))',
  art49_derogation: 'Derogation for a specific situation (Art. 49)',
  none: 'None recorded',
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

export const RIGHT_TEXT: Readonly<Record<DataSubjectRight, string>> = {
  access: 'Access (Art. 15)',
  rectification: 'Rectification (Art. 16)',
  erasure: 'Erasure (Art. 17)',
  restriction: 'Restriction (Art. 18)',
  portability: 'Portability (Art. 20)',
  objection: 'Objection (Art. 21)',
  automated_decision_review: 'Not to be subject to a solely automated decision (Art. 22)',
};

export const DPIA_PROGRESS_TEXT: Readonly<Record<DpiaProgress, string>> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
};

/**
 * A transfer as a record states it: where, to whom, and on what basis — the adequacy decision, or the
 * tool with its reference and transfer impact assessment — or what is missing. An ended engagement
 * says so, with the basis that covered it while it ran.
 */
export function transferText(labels: RecordLabels, t: DerivedTransfer, withRecipient = true): string {
  const where = `${country(labels, t.country)}${withRecipient ? `, ${t.recipient}` : ''}`;
  const ended = t.endedOn ? ` (engagement ended ${t.endedOn})` : '';
  let basis: string;
  if (t.safeguard === 'adequacy_decision') {
    basis = `${safeguard('adequacy_decision')}${t.adequacyDecision ? `, ${t.adequacyDecision}` : ''}`;
  } else if (t.safeguard === 'none') {
    basis =
      t.problem === 'ADEQUACY_SCOPE_UNCONFIRMED'
        ? 'Partial adequacy, recipient not confirmed within its scope; no other safeguard recorded'
        : safeguard('none');
  } else {
    const tia = t.tia
      ? `transfer impact assessment of ${t.tia.assessedOn}${t.problem === 'TIA_NEGATIVE' ? ' does not allow it' : ''}`
      : t.processorId
        ? 'no transfer impact assessment recorded'
        : '';
    const derogation =
      t.problem === 'DEROGATION_NOT_FOR_REGULAR_TRANSFERS' ? ', not valid for regular transfers' : '';
    basis = [`${safeguard(t.safeguard)}${t.reference ? ` (${t.reference})` : ''}${derogation}`, tia]
      .filter((x) => x)
      .join('; ');
  }
  return `${where}: ${basis}${ended}`;
}
