import { readFileSync } from 'node:fs';
import { templatesDir } from '../config/paths';
import {
  answerTypeProblem,
  isScored,
  Question,
  TemplateDefinition,
  templateProblems,
  visibleQuestionIds,
} from './questionnaire';

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
      'assistance_cooperation',
      'location_government_access',
      'secure_development',
    ]);
    // Version 2 adds what Art. 28(3) and Chapter V ask about besides the TOMs; existing ids are kept.
    const ids = def.questions.map((q) => q.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'ENT-01',
        'ORD-08',
        'REV-05',
        'BRN-05',
        'ORD-09',
        'REV-07',
        'AST-01',
        'AST-04',
      ]),
    );
    expect(ids).toEqual(expect.arrayContaining(['LOC-01', 'LOC-03', 'GOV-01', 'GOV-02', 'SDV-01', 'SDV-02']));
    expect(def.questions.find((q) => q.id === 'REV-05')).toMatchObject({
      answerType: 'date',
      expected: { withinMonths: 12 },
    });
    expect(isScored(def.questions.find((q) => q.id === 'REV-05')!)).toBe(true);
    expect(def.questions.filter((q) => q.showIf).map((q) => q.id)).toEqual([
      'AST-03',
      'AST-05',
      'LOC-02',
      'GOV-03',
    ]);
    const rules = def.questions.filter(isScored).map((q) => q.expected);
    expect(rules).toEqual(expect.arrayContaining([{ min: 10 }, { max: 10 }, { max: 72 }, { max: 120 }]));
    expect(def.questions.filter((q) => q.critical).length).toBeGreaterThanOrEqual(5);
  });
});

describe('conditions (showIf)', () => {
  const ask = (id: string, over: Partial<Question> = {}): Question => ({
    id,
    area: 'a',
    text: 't',
    answerType: 'boolean',
    weight: 1,
    critical: false,
    expected: { equals: true },
    ...over,
  });
  const withQuestions = (...questions: Question[]): TemplateDefinition => ({ ...base, questions });

  it('accepts a condition on an earlier answer or on the services', () => {
    const def = withQuestions(
      ask('Q1'),
      ask('Q2', { showIf: { questionId: 'Q1', equals: false } }),
      ask('Q3', { showIf: { service: 'hosting' } }),
    );
    expect(templateProblems(def)).toEqual([]);
  });

  it('names the field of a condition on an unknown, later or own question, or with a value the question cannot take', () => {
    const def = withQuestions(
      ask('Q1', { showIf: { questionId: 'Q2', equals: true } }),
      ask('Q2', { showIf: { questionId: 'Q2', equals: true } }),
      ask('Q3', { showIf: { questionId: 'NOPE', equals: true } }),
      ask('Q4', { showIf: { questionId: 'Q1', equals: 'yes' } }),
      ask('Q5', { showIf: { service: ' ' } }),
      ask('Q6', { showIf: { questionId: 'Q1' } as unknown as Question['showIf'] }),
    );
    expect(templateProblems(def).map((e) => e.field)).toEqual([
      'questions[0].showIf.questionId',
      'questions[1].showIf.questionId',
      'questions[2].showIf.questionId',
      'questions[3].showIf.equals',
      'questions[4].showIf.service',
      'questions[5].showIf',
    ]);
  });

  it('shows a question when its condition holds, and hides those behind a hidden one', () => {
    const questions = [
      ask('Q1'),
      ask('Q2', { showIf: { questionId: 'Q1', equals: false } }),
      ask('Q3', { showIf: { questionId: 'Q2', equals: true } }),
      ask('Q4', { showIf: { service: 'HOSTING' } }),
    ];
    expect([...visibleQuestionIds(questions, { Q1: true, Q2: true }, { services: 'Cloud hosting' })]).toEqual(
      ['Q1', 'Q4'],
    );
    expect([...visibleQuestionIds(questions, { Q1: false, Q2: true }, { services: 'Payroll' })]).toEqual([
      'Q1',
      'Q2',
      'Q3',
    ]);
  });

  it('shows every question on a service while the services are not described: none can be ruled out', () => {
    const questions = [ask('Q1'), ask('Q2', { showIf: { service: 'hosting' } })];
    for (const services of [undefined, '', '  '])
      expect([...visibleQuestionIds(questions, {}, { services })]).toEqual(['Q1', 'Q2']);
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
