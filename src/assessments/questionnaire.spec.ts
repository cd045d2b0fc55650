import { readFileSync } from 'node:fs';
import { templatesDir } from '../platform/paths';
import { answerTypeProblem, isScored, Question, TemplateDefinition, templateProblems } from './questionnaire';

const base: TemplateDefinition = {
  key: 'k',
  name: 'n',
  areas: [{ key: 'a', name: 'A' }],
  questions: [
    {
      id: 'Q1',
      area: 'a',
      text: 't',
      answerType: 'boolean',
      weight: 1,
      critical: false,
      expected: { equals: true },
    },
  ],
};

describe('templateProblems', () => {
  it('accepts a consistent template', () => {
    expect(templateProblems(base)).toEqual([]);
  });

  it('names each inconsistent field', () => {
    const bad: TemplateDefinition = {
      ...base,
      questions: [
        ...base.questions,
        {
          id: 'Q1',
          area: 'b',
          text: 't',
          answerType: 'choice',
          weight: 1,
          critical: false,
          expected: { oneOf: ['x'] },
        },
        {
          id: 'Q3',
          area: 'a',
          text: 't',
          answerType: 'choice',
          options: ['x', 'y'],
          weight: 1,
          critical: false,
          expected: { oneOf: ['z'] },
        },
        {
          id: 'Q4',
          area: 'a',
          text: 't',
          answerType: 'text',
          weight: 0,
          critical: false,
          expected: { equals: 'x' },
        },
        {
          id: 'Q5',
          area: 'a',
          text: 't',
          answerType: 'boolean',
          weight: 1,
          critical: false,
          expected: { min: 3 },
        },
      ],
    };
    expect(templateProblems(bad).map((e) => e.field)).toEqual([
      'questions[1].id',
      'questions[1].area',
      'questions[1].options',
      'questions[1].expected.oneOf',
      'questions[2].expected.oneOf',
      'questions[3].expected',
      'questions[4].expected',
    ]);
  });

  it('holds for the shipped default questionnaire, built from the seed', () => {
    const def = JSON.parse(
      readFileSync(templatesDir('assessment', 'default-template.json'), 'utf8'),
    ) as TemplateDefinition;
    expect(templateProblems(def)).toEqual([]);
    expect(def.questions.length).toBeGreaterThanOrEqual(30);
    expect(def.areas.map((a) => a.key)).toEqual([
      'entry_control',
      'access_control',
      'usage_control',
      'separation_control',
      'transmission_control',
      'input_control',
      'order_control',
      'availability_resilience',
      'review_incident',
      'art32_measures',
      'breach_notification',
    ]);
    const rules = def.questions.filter(isScored).map((q) => q.expected);
    expect(rules).toEqual(expect.arrayContaining([{ min: 10 }, { max: 10 }, { max: 72 }, { max: 120 }]));
    expect(def.questions.filter((q) => q.critical).length).toBeGreaterThanOrEqual(5);
  });
});

describe('answerTypeProblem', () => {
  const ask = (answerType: Question['answerType'], options?: string[]): Question => ({
    id: 'Q',
    area: 'a',
    text: 't',
    answerType,
    options,
    weight: 1,
    critical: false,
  });

  it.each([
    ['boolean', true, undefined],
    ['boolean', 'yes', 'must be true or false'],
    ['number', 12, undefined],
    ['number', '12', 'must be a number'],
    ['date', '2026-02-30x', 'must be a date as YYYY-MM-DD'],
    ['date', '2026-02-01', undefined],
    ['text', 'documented', undefined],
  ] as const)('%s with %j → %s', (type, value, problem) => {
    expect(answerTypeProblem(ask(type), value)).toBe(problem);
  });

  it('accepts only the options of a choice', () => {
    expect(answerTypeProblem(ask('choice', ['a', 'b']), 'a')).toBeUndefined();
    expect(answerTypeProblem(ask('choice', ['a', 'b']), 'c')).toBe('must be one of: a, b');
  });
});
