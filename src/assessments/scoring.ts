import { addMonths } from '../platform/clock/clock';
import type { RiskRating } from '../processors/processor.entity';
import { AnswerValue, isScored, Question, QuestionContext, visibleQuestionIds } from './questionnaire';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export interface AssessmentFinding {
  questionId: string;
  area: string;
  text: string;
  critical: boolean;
  severity: Severity;
  expected: Question['expected'];
  actual: AnswerValue | null;
}

export interface DataSensitivity {
  /** Art. 9/10 kinds of the data the processor is meant to receive. */
  specialCategories: string[];
  /** The processor's own processing countries outside the EEA without adequacy reaching it. */
  thirdCountries: string[];
  /** Its sub-processors (at any depth, not objected to) that process in such countries, and where. */
  subProcessors: SubProcessorExposure[];
}

export interface SubProcessorExposure {
  name: string;
  countries: string[];
}

/** What scoring needs besides the answers: the day an age is measured on and the processor's services. */
export interface ScoringContext extends QuestionContext {
  /** YYYY-MM-DD; required to score date questions by their age (they fail without it). */
  today?: string;
}

export interface ScoringResult {
  score: number;
  areaScores: Record<string, number>;
  findings: AssessmentFinding[];
  riskRating: RiskRating;
  riskFactors: string[];
}

export const RISK_LEVELS: readonly RiskRating[] = ['low', 'medium', 'high', 'critical'];

/** Months an approved assessment stays valid, by its risk rating; a critical one is never approved. */
export const VALIDITY_MONTHS: Readonly<Record<Exclude<RiskRating, 'critical'>, number>> = {
  low: 24,
  medium: 12,
  high: 6,
};

/**
 * Whether an answer meets the question's expectation; unanswered scored questions fail. A date within
 * `withinMonths` passes when it is no older than that many months before `today` and not in the future.
 */
export function passes(q: Question, value: AnswerValue | undefined, today?: string): boolean {
  const e = q.expected;
  if (!e) return true;
  if (value === undefined || value === null) return false;
  if ('withinMonths' in e) {
    return (
      typeof value === 'string' &&
      today !== undefined &&
      value <= today &&
      value >= addMonths(today, -e.withinMonths)
    );
  }
  if ('equals' in e) return value === e.equals;
  if ('min' in e) return typeof value === 'number' && value >= e.min;
  if ('max' in e) return typeof value === 'number' && value <= e.max;
  return typeof value === 'string' && e.oneOf.includes(value);
}

function severityOf(q: Question): Severity {
  if (q.critical) return 'critical';
  if (q.weight >= 4) return 'high';
  if (q.weight >= 3) return 'medium';
  return 'low';
}

function raise(rating: RiskRating, levels = 1): RiskRating {
  return RISK_LEVELS[Math.min(RISK_LEVELS.indexOf(rating) + levels, RISK_LEVELS.length - 1)];
}

function atLeast(rating: RiskRating, floor: RiskRating): RiskRating {
  return RISK_LEVELS.indexOf(rating) >= RISK_LEVELS.indexOf(floor) ? rating : floor;
}

/**
 * Scores an assessment and rates its risk.
 * - Score per area and overall: weight of passed questions over weight of scored questions, 0-100.
 * - Base rating from the overall score: ≥ 85 low, ≥ 70 medium, ≥ 50 high, below critical.
 * - One failed critical question makes it at least high, two or more critical.
 * - Special-category data (Art. 9/10) raises it one level, the processor's own processing in third
 *   countries without adequacy one more, and sub-processors processing in such countries one more: each
 *   link of the chain that leaves the EEA is a transfer the controller answers for (Art. 28(4), 44).
 * - Questions hidden by their condition are not scored.
 */
export function scoreAssessment(
  questions: readonly Question[],
  answers: Readonly<Record<string, AnswerValue | undefined>>,
  sensitivity: DataSensitivity,
  context: ScoringContext = {},
): ScoringResult {
  const shown = visibleQuestionIds(questions, answers, context);
  const areaTotals = new Map<string, { passed: number; total: number }>();
  let passedWeight = 0;
  let totalWeight = 0;
  const findings: AssessmentFinding[] = [];
  for (const q of questions) {
    if (!isScored(q) || !shown.has(q.id)) continue;
    const value = answers[q.id];
    const ok = passes(q, value, context.today);
    const area = areaTotals.get(q.area) ?? { passed: 0, total: 0 };
    area.total += q.weight;
    totalWeight += q.weight;
    if (ok) {
      area.passed += q.weight;
      passedWeight += q.weight;
    } else {
      findings.push({
        questionId: q.id,
        area: q.area,
        text: q.text,
        critical: q.critical,
        severity: severityOf(q),
        expected: q.expected,
        actual: value ?? null,
      });
    }
    areaTotals.set(q.area, area);
  }
  const pct = (passed: number, total: number) => (total === 0 ? 100 : Math.round((passed / total) * 100));
  const score = pct(passedWeight, totalWeight);
  const areaScores = Object.fromEntries([...areaTotals].map(([area, t]) => [area, pct(t.passed, t.total)]));

  const riskFactors: string[] = [`overall score ${score}`];
  let riskRating: RiskRating =
    score >= 85 ? 'low' : score >= 70 ? 'medium' : score >= 50 ? 'high' : 'critical';
  const failedCritical = findings.filter((f) => f.critical).length;
  if (failedCritical >= 2) {
    riskRating = 'critical';
    riskFactors.push(`${failedCritical} critical questions failed`);
  } else if (failedCritical === 1) {
    riskRating = atLeast(riskRating, 'high');
    riskFactors.push('1 critical question failed');
  }
  if (sensitivity.specialCategories.length) {
    riskRating = raise(riskRating);
    riskFactors.push(`special-category data (${[...new Set(sensitivity.specialCategories)].join(', ')})`);
  }
  if (sensitivity.thirdCountries.length) {
    riskRating = raise(riskRating);
    riskFactors.push(
      `third countries without adequacy (${[...new Set(sensitivity.thirdCountries)].join(', ')})`,
    );
  }
  const exposed = sensitivity.subProcessors.filter((s) => s.countries.length);
  if (exposed.length) {
    riskRating = raise(riskRating);
    riskFactors.push(
      `sub-processors in third countries without adequacy (${exposed
        .map((s) => `${s.name}: ${[...new Set(s.countries)].join(', ')}`)
        .join('; ')})`,
    );
  }
  return { score, areaScores, findings, riskRating, riskFactors };
}
