import { shippedVocabularies } from './vocabulary.data';
import { covers, coveredByAny, destinationStatus, specialCategoryOf } from './vocabulary-rules';

const shipped = shippedVocabularies();
const countries = new Map(shipped.countries.items.map((c) => [c.code, c]));
const adequacy = new Map<string, typeof shipped.adequacy.items>();
for (const a of shipped.adequacy.items) adequacy.set(a.code, [...(adequacy.get(a.code) ?? []), a]);
const destination = (code: string, dpf = false, today = '2026-06-01') =>
  destinationStatus(code, countries, adequacy, dpf, today);

describe('vocabulary rules', () => {
  it('lets a parent category cover its children, and nothing else', () => {
    expect(covers('user.contact', 'user.contact.email')).toBe(true);
    expect(covers('user.contact', 'user.contact')).toBe(true);
    expect(covers('user.contact', 'user.contacts')).toBe(false);
    expect(covers('user.contact.email', 'user.contact')).toBe(false);
    expect(coveredByAny(['user.financial', 'user.contact'], 'user.contact.phone_number')).toBe(true);
  });

  it('finds the Art. 9/10 category of a key or of its ancestors', () => {
    const special = specialCategoryOf('user.health_and_medical', shipped.specialCategories.items);
    expect(special).toMatchObject({ article: '9', kind: 'health' });
    expect(specialCategoryOf('user.contact.email', shipped.specialCategories.items)).toBeUndefined();
    expect(shipped.specialCategories.items.some((s) => s.article === '10')).toBe(true);
  });

  it('ships the EEA (EU 27 + IS, LI, NO)', () => {
    expect(shipped.countries.items.filter((c) => c.eea)).toHaveLength(30);
    expect(shipped.countries.items.filter((c) => c.eu)).toHaveLength(27);
    for (const code of ['IS', 'LI', 'NO']) expect(destination(code)).toBe('eea');
  });

  it('needs no transfer tool for adequacy countries, and for the US only with DPF certification', () => {
    expect(destination('DE')).toBe('eea');
    expect(destination('CH')).toBe('adequate');
    expect(destination('JP')).toBe('adequate');
    expect(destination('GB')).toBe('adequate');
    expect(destination('BR')).toBe('adequate');
    expect(destination('US')).toBe('third_country');
    expect(destination('US', true)).toBe('adequate');
    expect(destination('IN')).toBe('third_country');
    expect(destination('CN')).toBe('third_country');
  });

  it('counts an adequacy decision from its adoption: Brazil from 26 January 2026', () => {
    expect(destination('BR', false, '2026-01-25')).toBe('third_country');
    expect(destination('BR', false, '2026-01-26')).toBe('adequate');
  });

  it('states a source and a date for every shipped list', () => {
    for (const list of [
      shipped.dataCategories,
      shipped.dataSubjects,
      shipped.dataUses,
      shipped.specialCategories,
      shipped.countries,
      shipped.adequacy,
    ]) {
      expect(list.source).toEqual(expect.any(String));
      expect(list.sourceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});
