import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { RequestContext, TenantScope } from '../platform/context/request-context';
import { Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { FieldError, ValidationFailed } from '../platform/errors/domain-error';
import {
  AdequacyDecision,
  Country,
  InternationalOrganisation,
  ListFile,
  shippedVocabularies,
  ShippedVocabularies,
  SpecialCategory,
  Term,
  TermFile,
} from './vocabulary.data';
import { adequacyOn, destinationStatus, DestinationStatus, specialCategoryOf } from './vocabulary-rules';
import { VocabularyName, VocabularyTerm } from './vocabulary-term.entity';
import { VocabularyErrors } from './vocabularies.errors';

export interface VocabularyView {
  name: string;
  source: string;
  sourceDate: string;
  items: (Term & { custom: boolean })[];
}

const KEY = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

/** Read access to the shipped vocabularies plus each organisation's own keys beneath them. */
@Injectable()
export class VocabulariesService {
  private readonly shipped: ShippedVocabularies = shippedVocabularies();
  private readonly countryIndex = new Map<string, Country>();
  private readonly adequacyIndex = new Map<string, AdequacyDecision[]>();
  private readonly organisationIndex = new Map<string, InternationalOrganisation>();
  /** The shipped keys of each vocabulary, built once: the gate asks on every check. */
  private readonly shippedKeys = new Map<VocabularyName, ReadonlySet<string>>();
  private readonly terms: TenantRepository<VocabularyTerm>;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
  ) {
    this.terms = tenancy.repository(VocabularyTerm, 'Vocabulary term', 'vocabulary_term');
    for (const c of this.shipped.countries.items) this.countryIndex.set(c.code, c);
    for (const a of this.shipped.adequacy.items)
      this.adequacyIndex.set(a.code, [...(this.adequacyIndex.get(a.code) ?? []), a]);
    for (const o of this.shipped.internationalOrganisations.items) this.organisationIndex.set(o.code, o);
  }

  private file(vocabulary: VocabularyName): TermFile {
    switch (vocabulary) {
      case 'data-categories':
        return this.shipped.dataCategories;
      case 'data-subjects':
        return this.shipped.dataSubjects;
      case 'data-uses':
        return this.shipped.dataUses;
    }
  }

  async list(scope: TenantScope, vocabulary: VocabularyName): Promise<VocabularyView> {
    const file = this.file(vocabulary);
    const own = await this.terms.find(scope, { where: { vocabulary }, order: { key: 'ASC' } });
    return {
      name: file.name,
      source: file.source,
      sourceDate: file.sourceDate,
      items: [
        ...file.items.map((t) => ({ ...t, custom: false })),
        ...own.map((t) => ({
          key: t.key,
          name: t.name,
          description: t.description ?? undefined,
          parent: t.parent,
          custom: true,
        })),
      ],
    };
  }

  /** An organisation's own key, always beneath an existing one. */
  async addTerm(
    ctx: RequestContext,
    vocabulary: VocabularyName,
    input: { key: string; name: string; description?: string },
  ): Promise<VocabularyTerm> {
    const key = input.key.trim();
    if (!KEY.test(key)) {
      throw ValidationFailed.field(
        'key',
        'must be a dotted lower-case key beneath an existing key',
        'vocabularyKey',
      );
    }
    const parent = key.slice(0, key.lastIndexOf('.'));
    const known = await this.knownKeys(ctx, vocabulary);
    if (known.has(key))
      throw VocabularyErrors.conflict('VOCABULARY_KEY_EXISTS', `The key ${key} already exists.`);
    if (!known.has(parent)) {
      throw ValidationFailed.field(
        'key',
        `must be beneath an existing key; ${parent} does not exist`,
        'vocabularyKey',
      );
    }
    return this.dataSource.transaction((manager) =>
      this.terms.insert(manager, ctx, {
        vocabulary,
        key,
        parent,
        name: input.name.trim(),
        description: input.description?.trim() ?? null,
      }),
    );
  }

  /** The keys of several vocabularies the organisation may use, in one query for its own keys. */
  async knownKeysOf(scope: TenantScope, vocabularies: VocabularyName[]): Promise<ReadonlySet<string>[]> {
    const own = await this.terms.find(scope, {
      where: { vocabulary: In(vocabularies) },
      select: { key: true, vocabulary: true },
    });
    return this.knownKeysWith(vocabularies, own);
  }

  /** The shipped keys of each vocabulary with the organisation's own among `own`. */
  knownKeysWith(
    vocabularies: VocabularyName[],
    own: { vocabulary: string; key: string }[],
  ): ReadonlySet<string>[] {
    return vocabularies.map((v) => {
      let shipped = this.shippedKeys.get(v);
      if (!shipped) {
        shipped = new Set(this.file(v).items.map((t) => t.key));
        this.shippedKeys.set(v, shipped);
      }
      const mine = own.filter((t) => t.vocabulary === v);
      return mine.length ? new Set([...shipped, ...mine.map((t) => t.key)]) : shipped;
    });
  }

  /**
   * A statement's part that selects the organisation's own terms among some keys, as `(vocabulary, key)`
   * rows; `org` and `keys` are SQL expressions (a uuid, a text[]). For statements that gather many facts
   * at once (the transfer gate); `knownKeysWith` turns the rows into the known keys.
   */
  ownTermsSql(org: string, keys: string): string {
    return `SELECT vocabulary, key FROM vocabulary_term WHERE organization_id = ${org} AND key = ANY(${keys})`;
  }

  /** Every key of the vocabulary that the organisation may use: shipped and its own. */
  async knownKeys(scope: TenantScope, vocabulary: VocabularyName): Promise<ReadonlySet<string>> {
    const [keys] = await this.knownKeysOf(scope, [vocabulary]);
    return keys;
  }

  /** Field errors for keys that are not in the vocabulary (shipped or the organisation's own). */
  async unknownKeys(
    scope: TenantScope,
    vocabulary: VocabularyName,
    keys: readonly string[],
    field: string,
  ): Promise<FieldError[]> {
    if (keys.length === 0) return [];
    const known = await this.knownKeys(scope, vocabulary);
    return keys.flatMap((key, i) =>
      known.has(key)
        ? []
        : [{ field: `${field}[${i}]`, message: `is not a known key of ${vocabulary}`, rule: 'vocabulary' }],
    );
  }

  async assertKnown(
    scope: TenantScope,
    vocabulary: VocabularyName,
    keys: readonly string[],
    field: string,
  ): Promise<void> {
    const errors = await this.unknownKeys(scope, vocabulary, keys, field);
    if (errors.length) throw new ValidationFailed(errors);
  }

  specialCategoryOf(key: string): SpecialCategory | undefined {
    return specialCategoryOf(key, this.shipped.specialCategories.items);
  }

  specialCategories(): ListFile<SpecialCategory> {
    return this.shipped.specialCategories;
  }

  countries(): ListFile<Country> {
    return this.shipped.countries;
  }

  adequacyDecisions(): ListFile<AdequacyDecision> {
    return this.shipped.adequacy;
  }

  internationalOrganisations(): ListFile<InternationalOrganisation> {
    return this.shipped.internationalOrganisations;
  }

  isCountry(code: string): boolean {
    return this.countryIndex.has(code);
  }

  /** A country, or an international organisation: anywhere personal data may be transferred to. */
  isDestination(code: string): boolean {
    return this.countryIndex.has(code) || this.organisationIndex.has(code);
  }

  /** The name a person reads for a destination code. */
  destinationName(code: string): string {
    return this.countryIndex.get(code)?.name ?? this.organisationIndex.get(code)?.name ?? code;
  }

  isEea(code: string): boolean {
    const country = this.countryIndex.get(code);
    return !!(country?.eea || country?.partOfEeaState);
  }

  unknownCountries(codes: readonly string[], field: string): FieldError[] {
    return codes.flatMap((code, i) =>
      this.countryIndex.has(code)
        ? []
        : [
            {
              field: `${field}[${i}]`,
              message: 'is not an ISO 3166-1 alpha-2 country code',
              rule: 'isISO31661Alpha2',
            },
          ],
    );
  }

  /** Field errors for codes that are neither a country nor a known international organisation. */
  unknownDestinations(codes: readonly string[], field: string): FieldError[] {
    return codes.flatMap((code, i) =>
      this.isDestination(code)
        ? []
        : [
            {
              field: `${field}[${i}]`,
              message: 'is not an ISO 3166-1 alpha-2 country code or a known international organisation',
              rule: 'destination',
            },
          ],
    );
  }

  /** The adequacy decision in force for a destination on a day, if any (Art. 45). */
  adequacyOn(code: string, day: string): AdequacyDecision | undefined {
    return adequacyOn(this.adequacyIndex.get(code) ?? [], day);
  }

  /**
   * Whether data going to `code` on `day` needs an Art. 46 tool for this recipient: outside the EEA and
   * not reached by an adequacy decision (a DPF certification for the US, a confirmed place within a
   * partial decision's scope). The gate's full answer, with dates and scopes, is `transferBasis`.
   */
  needsTransferTool(
    code: string,
    recipient: { dpfCertification: object | null; adequacyScopeConfirmations: { destination: string }[] },
    day: string,
  ): boolean {
    if (this.isEea(code)) return false;
    const decision = this.adequacyOn(code, day);
    if (!decision) return true;
    if (decision.condition === 'dpf_certified') return !recipient.dpfCertification;
    return (
      decision.scope !== 'full' && !recipient.adequacyScopeConfirmations.some((c) => c.destination === code)
    );
  }

  /** Whether data may go to `code` on `today` without a transfer tool (see destinationStatus). */
  destination(code: string, dpfCertified: boolean, today: string): DestinationStatus {
    return destinationStatus(code, this.countryIndex, this.adequacyIndex, dpfCertified, today);
  }
}
