import { specialCategoryOf } from '../vocabularies/vocabulary-rules';
import { legalBasisProblems, type SpecialCategoryLookup } from './legal-bases';

const SPECIALS = [
  { key: 'user.health', article: '9' as const, kind: 'health' },
  { key: 'user.biometric', article: '9' as const, kind: 'biometric' },
  { key: 'user.criminal_history', article: '10' as const, kind: 'criminal_offences' },
];
const lookup: SpecialCategoryLookup = (key) => specialCategoryOf(key, SPECIALS);

const problems = (legalBases: string[], dataCategories: string[], legitimateInterest?: string | null) =>
  legalBasisProblems({ legalBases, dataCategories, legitimateInterest }, lookup).map((e) => ({
    field: e.field,
    rule: e.rule,
  }));

describe('legal bases of a processing activity', () => {
  it('accepts an Art. 6 basis for ordinary data', () => {
    expect(problems(['art6_1_b'], ['user.contact.email', 'user.name'])).toEqual([]);
  });

  it('always needs an Art. 6(1) basis, even beside an Art. 9(2) condition', () => {
    expect(problems(['art9_2_h'], ['user.health'])).toEqual([{ field: 'legalBases', rule: 'art6Basis' }]);
  });

  it('refuses special-category data without an Art. 9(2) condition, naming legalBases', () => {
    expect(problems(['art6_1_c'], ['user.name', 'user.health.medical_diagnosis'])).toEqual([
      { field: 'legalBases', rule: 'art9Condition' },
    ]);
    const [error] = legalBasisProblems(
      { legalBases: ['art6_1_c'], dataCategories: ['user.health.medical_diagnosis'] },
      lookup,
    );
    expect(error.message).toContain('user.health.medical_diagnosis (health)');
  });

  it('accepts special-category data with any Art. 9(2) condition', () => {
    expect(problems(['art6_1_c', 'art9_2_h'], ['user.health', 'user.biometric.fingerprint'])).toEqual([]);
  });

  it('refuses criminal-offence data without Art. 10, and an Art. 9 condition does not stand in for it', () => {
    expect(problems(['art6_1_c', 'art9_2_b'], ['user.criminal_history'])).toEqual([
      { field: 'legalBases', rule: 'art10' },
    ]);
    expect(problems(['art6_1_c', 'art10'], ['user.criminal_history'])).toEqual([]);
  });

  it('needs the legitimate interest when the processing rests on Art. 6(1)(f)', () => {
    expect(problems(['art6_1_f'], ['user.device.ip_address'])).toEqual([
      { field: 'legitimateInterest', rule: 'legitimateInterest' },
    ]);
    expect(problems(['art6_1_f'], ['user.device.ip_address'], '   ')).toEqual([
      { field: 'legitimateInterest', rule: 'legitimateInterest' },
    ]);
    expect(problems(['art6_1_f'], ['user.device.ip_address'], 'Network security')).toEqual([]);
  });

  it('reports every problem at once', () => {
    expect(problems(['art6_1_f', 'art9_2_a'], ['user.criminal_history'], null)).toEqual([
      { field: 'legitimateInterest', rule: 'legitimateInterest' },
      { field: 'legalBases', rule: 'art10' },
    ]);
    expect(problems(['art9_2_a'], ['user.criminal_history', 'user.health'])).toEqual([
      { field: 'legalBases', rule: 'art6Basis' },
      { field: 'legalBases', rule: 'art10' },
    ]);
  });
});
