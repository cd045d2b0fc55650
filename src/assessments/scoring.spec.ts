import { Question } from './questionnaire';
import { passes, scoreAssessment } from './scoring';

const q = (id: string, area: string, over: Partial<Question> = {}): Question => ({
  id,
  area,
  text: `Question ${id}?`,
  answerType: 'boolean',
  weight: 1,
  critical: false,
  expected: { equals: true },
  ...over,
});

const questions: Question[] = [
  q('A1', 'access', { weight: 3 }),
  q('A2', 'access', { answerType: 'number', expected: { min: 10 }, weight: 2 }),
  q('A3', 'access', { answerType: 'number', expected: { max: 10 }, weight: 1 }),
  q('T1', 'transmission', { critical: true, weight: 4 }),
  q('T2', 'transmission', {
    answerType: 'choice',
    options: ['TLS 1.3', 'TLS 1.2', 'none'],
    expected: { oneOf: ['TLS 1.3', 'TLS 1.2'] },
  }),
  q('N1', 'transmission', { answerType: 'text', expected: undefined, weight: 0 }),
];
const perfect = { A1: true, A2: 12, A3: 5, T1: true, T2: 'TLS 1.3', N1: 'documented' };
const noSensitivity = { specialCategories: [], thirdCountries: [], subProcessors: [] };

describe('passes', () => {
  it('checks each kind of expectation', () => {
    expect(passes(questions[0], true)).toBe(true);
    expect(passes(questions[0], false)).toBe(false);
    expect(passes(questions[1], 10)).toBe(true);
    expect(passes(questions[1], 9)).toBe(false);
    expect(passes(questions[2], 10)).toBe(true);
    expect(passes(questions[2], 11)).toBe(false);
    expect(passes(questions[4], 'TLS 1.2')).toBe(true);
    expect(passes(questions[4], 'none')).toBe(false);
    expect(passes(questions[0], undefined)).toBe(false);
  });
});

describe('scoreAssessment', () => {
  it('gives 100 and low risk to a perfect answer set without sensitive data', () => {
    const result = scoreAssessment(questions, perfect, noSensitivity);
    expect(result).toMatchObject({
      score: 100,
      areaScores: { access: 100, transmission: 100 },
      findings: [],
      riskRating: 'low',
    });
  });

  it('weighs the score per area and overall, and makes a finding per failed question', () => {
    const result = scoreAssessment(questions, { ...perfect, A1: false, A3: 20 }, noSensitivity);
    // access: passed 2 of 6; transmission: 5 of 5; overall 7 of 11
    expect(result.areaScores).toEqual({ access: 33, transmission: 100 });
    expect(result.score).toBe(64);
    expect(result.findings.map((f) => [f.questionId, f.severity, f.actual])).toEqual([
      ['A1', 'medium', false],
      ['A3', 'low', 20],
    ]);
    expect(result.riskRating).toBe('high');
  });

  it('treats an unanswered scored question as failed and ignores text questions', () => {
    const result = scoreAssessment(questions, { ...perfect, T2: undefined, N1: undefined }, noSensitivity);
    expect(result.findings).toEqual([expect.objectContaining({ questionId: 'T2', actual: null })]);
  });

  it('rates at least high with one failed critical question and critical with two', () => {
    const one = scoreAssessment(questions, { ...perfect, T1: false }, noSensitivity);
    expect(one.findings[0]).toMatchObject({ questionId: 'T1', critical: true, severity: 'critical' });
    expect(one.riskRating).toBe('high');
    const critical = [...questions, q('X1', 'access', { critical: true })];
    expect(scoreAssessment(critical, { ...perfect, T1: false, X1: false }, noSensitivity).riskRating).toBe(
      'critical',
    );
  });

  it.each([
    [{ specialCategories: ['health'], thirdCountries: [], subProcessors: [] }, 'medium'],
    [{ specialCategories: [], thirdCountries: ['IN'], subProcessors: [] }, 'medium'],
    [{ specialCategories: ['health'], thirdCountries: ['IN'], subProcessors: [] }, 'high'],
    [
      { specialCategories: [], thirdCountries: [], subProcessors: [{ name: 'S', countries: ['IN'] }] },
      'medium',
    ],
    [
      { specialCategories: [], thirdCountries: ['IN'], subProcessors: [{ name: 'S', countries: ['IN'] }] },
      'high',
    ],
  ])('raises the rating for sensitive data and third countries: %j → %s', (sensitivity, rating) => {
    const result = scoreAssessment(questions, perfect, sensitivity);
    expect(result.riskRating).toBe(rating);
    expect(result.riskFactors.length).toBeGreaterThan(1);
  });

  it('never goes above critical', () => {
    const result = scoreAssessment(
      questions,
      {},
      {
        specialCategories: ['health'],
        thirdCountries: ['IN'],
        subProcessors: [{ name: 'S', countries: ['US'] }],
      },
    );
    expect(result.score).toBe(0);
    expect(result.riskRating).toBe('critical');
  });

  it.each([
    [85, 'low'],
    [84, 'medium'],
    [70, 'medium'],
    [69, 'high'],
    [50, 'high'],
    [49, 'critical'],
  ])('maps an overall score of %d to %s', (score, rating) => {
    const many = Array.from({ length: 100 }, (_, i) => q(`Q${i}`, 'a'));
    const answers = Object.fromEntries(many.map((x, i) => [x.id, i < score]));
    expect(scoreAssessment(many, answers, noSensitivity).riskRating).toBe(rating);
  });
});

describe("sub-processors' countries", () => {
  it('raises the rating one level for sub-processors in third countries and names them and where', () => {
    const result = scoreAssessment(questions, perfect, {
      specialCategories: [],
      thirdCountries: [],
      subProcessors: [
        { name: 'Acme Hosting', countries: ['IN', 'IN'] },
        { name: 'Beta Support', countries: ['BR', 'US'] },
      ],
    });
    expect(result.riskRating).toBe('medium');
    expect(result.riskFactors).toEqual([
      'overall score 100',
      'sub-processors in third countries without adequacy (Acme Hosting: IN; Beta Support: BR, US)',
    ]);
  });

  it('ignores sub-processors that stay in the EEA or adequate countries (given with no countries)', () => {
    const result = scoreAssessment(questions, perfect, {
      ...noSensitivity,
      subProcessors: [{ name: 'EEA only', countries: [] }],
    });
    expect(result).toMatchObject({ riskRating: 'low', riskFactors: ['overall score 100'] });
  });
});

describe('conditional questions', () => {
  const conditional: Question[] = [
    ...questions,
    q('C1', 'transmission', { weight: 4, showIf: { questionId: 'T2', equals: 'none' } }),
    q('C2', 'transmission', { weight: 4, critical: true, showIf: { questionId: 'C1', equals: true } }),
    q('S1', 'access', { weight: 4, showIf: { service: 'Hosting' } }),
  ];

  it('neither scores nor reports a question whose condition is not met', () => {
    const result = scoreAssessment(
      conditional,
      { ...perfect, C1: false, C2: false, S1: false },
      noSensitivity,
      {
        services: 'Payroll software',
      },
    );
    expect(result).toMatchObject({ score: 100, findings: [], riskRating: 'low' });
  });

  it('scores a shown question, and one hidden behind a hidden question stays hidden', () => {
    const shown = scoreAssessment(
      conditional,
      { ...perfect, T2: 'none', C1: false, C2: false, S1: false },
      noSensitivity,
      { services: 'Cloud hosting and backups' },
    );
    expect(shown.findings.map((f) => f.questionId)).toEqual(['T2', 'C1', 'S1']);
  });

  it('follows an answer that shows the next question', () => {
    const shown = scoreAssessment(
      conditional,
      { ...perfect, T2: 'none', C1: true, C2: false },
      noSensitivity,
      { services: 'Payroll software' },
    );
    expect(shown.findings.map((f) => f.questionId)).toEqual(['T2', 'C2']);
  });
});

describe('dates scored by their age', () => {
  const audit = q('D1', 'review', { answerType: 'date', weight: 3, expected: { withinMonths: 12 } });

  it.each([
    ['2026-01-15', true],
    ['2025-01-15', true],
    ['2025-01-14', false],
    ['2026-01-16', false],
  ])('on 2026-01-15, an audit of %s passes: %s', (date, ok) => {
    expect(passes(audit, date, '2026-01-15')).toBe(ok);
  });

  it('fails an unanswered date and reports it as a finding', () => {
    expect(passes(audit, '2026-01-01')).toBe(false);
    const result = scoreAssessment([audit], {}, noSensitivity, { today: '2026-01-15' });
    expect(result.findings).toMatchObject([
      { questionId: 'D1', expected: { withinMonths: 12 }, actual: null },
    ]);
    expect(scoreAssessment([audit], { D1: '2025-06-30' }, noSensitivity, { today: '2026-01-15' }).score).toBe(
      100,
    );
  });
});
