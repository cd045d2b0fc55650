import { readFileSync } from 'node:fs';
import { templatesDir } from '../config/paths';

export interface TermFile {
  name: string;
  source: string;
  sourceDate: string;
  license?: string;
  items: Term[];
}

export interface Term {
  key: string;
  name: string;
  description?: string;
  parent: string | null;
}

export interface SpecialCategory {
  key: string;
  article: '9' | '10';
  kind: string;
}

export interface Country {
  code: string;
  name: string;
  eu: boolean;
  eea: boolean;
  /** A territory where the GDPR applies as part of an EEA state (e.g. Åland, the French outermost regions). */
  partOfEeaState?: string;
}

export interface AdequacyDecision {
  code: string;
  name: string;
  kind: 'country' | 'international_organisation';
  instrument: string;
  adoptedOn: string;
  scope: string;
  condition: 'dpf_certified' | null;
  validUntil?: string | null;
  notes?: string;
}

/** An international organisation (Art. 4(26) GDPR): a transfer destination without an ISO code. */
export interface InternationalOrganisation {
  code: string;
  name: string;
}

export interface ListFile<T> {
  name: string;
  source: string;
  sourceDate: string;
  notes?: string;
  items: T[];
}

function read<T>(file: string): T {
  return JSON.parse(readFileSync(templatesDir('vocabularies', file), 'utf8')) as T;
}

/** The vocabularies Custos ships, read once from `templates/vocabularies/` and checked for consistency. */
export class ShippedVocabularies {
  readonly dataCategories = read<TermFile>('data-categories.json');
  readonly dataSubjects = read<TermFile>('data-subjects.json');
  readonly dataUses = read<TermFile>('data-uses.json');
  readonly specialCategories = read<ListFile<SpecialCategory>>('special-categories.json');
  readonly countries = read<ListFile<Country>>('countries.json');
  readonly adequacy = read<ListFile<AdequacyDecision>>('adequacy-decisions.json');
  readonly internationalOrganisations = read<ListFile<InternationalOrganisation>>(
    'international-organisations.json',
  );

  constructor() {
    for (const file of [this.dataCategories, this.dataSubjects, this.dataUses]) {
      const keys = new Set(file.items.map((t) => t.key));
      for (const term of file.items) {
        if (term.parent !== null && !keys.has(term.parent)) {
          throw new Error(`${file.name}: ${term.key} names a parent ${term.parent} that does not exist`);
        }
      }
    }
    const categories = new Set(this.dataCategories.items.map((t) => t.key));
    for (const special of this.specialCategories.items) {
      if (!categories.has(special.key))
        throw new Error(`Special category ${special.key} is not a data category`);
    }
  }
}

let shipped: ShippedVocabularies | undefined;

export function shippedVocabularies(): ShippedVocabularies {
  shipped ??= new ShippedVocabularies();
  return shipped;
}
