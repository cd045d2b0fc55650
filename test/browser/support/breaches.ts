import { readFileSync, writeFileSync } from 'node:fs';
import { apiCall, scoredAssessment, signedAgreement } from './console';

const HOUR = 3_600_000;

function clockFile(): string {
  const file = process.env.CUSTOS_BROWSER_CLOCK_FILE;
  if (!file) throw new Error('No CUSTOS_BROWSER_CLOCK_FILE: the browser global setup moves the clock');
  return file;
}

/** Moves the served process's clock forward (TEST_CLOCK_FILE); it reads the file again within 100 ms. */
export async function advanceServerClock(hours: number): Promise<void> {
  const offset = Number(readFileSync(clockFile(), 'utf8').trim() || '0');
  writeFileSync(clockFile(), String(offset + hours * HOUR));
  await new Promise((r) => setTimeout(r, 150));
}

/** Puts the served process's clock back on the system time, for the journeys that follow. */
export async function resetServerClock(): Promise<void> {
  writeFileSync(clockFile(), '0');
  await new Promise((r) => setTimeout(r, 150));
}

export const isoDay = (days = 0) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export async function createProcessor(legalToken: string, name: string) {
  return apiCall<{ id: string; name: string }>('POST', '/processors', legalToken, {
    name,
    country: 'DE',
    processingCountries: ['DE'],
    services: 'Payroll and HR hosting',
    contactEmail: `privacy.${Date.now()}@processor.example`,
  });
}

interface Question {
  id: string;
  answerType: string;
  options?: string[];
  critical: boolean;
  expected?: { equals?: unknown; min?: number; max?: number; oneOf?: string[]; withinMonths?: number };
}

/** The answer a question expects, so that the assessment passes. */
function expectedAnswer(q: Question): unknown {
  const e = q.expected ?? {};
  if (q.answerType === 'text') return 'Documented in the information security policy.';
  if (q.answerType === 'date') return isoDay(-10);
  if (e.equals !== undefined) return e.equals;
  if (e.min !== undefined) return e.min;
  if (e.max !== undefined) return e.max;
  if (e.oneOf?.length) return e.oneOf[0];
  if (q.answerType === 'boolean') return true;
  if (q.answerType === 'number') return 1;
  return q.options?.[0];
}

/** A processor approved on an assessment: legal answers and submits, the DPO decides (four eyes). */
export async function approvedProcessor(legalToken: string, dpoToken: string, name: string) {
  const processor = await createProcessor(legalToken, name);
  const assessment = await apiCall<{ id: string; questions: Question[] }>(
    'POST',
    `/processors/${processor.id}/assessments`,
    legalToken,
    {},
  );
  await apiCall('PUT', `/assessments/${assessment.id}/answers`, legalToken, {
    answers: assessment.questions.map((q) => ({
      questionId: q.id,
      value: expectedAnswer(q),
      ...(q.critical ? { comment: 'Confirmed in clause 7 of the signed agreement.' } : {}),
    })),
  });
  await apiCall('POST', `/assessments/${assessment.id}/submit`, legalToken, {});
  await scoredAssessment(assessment.id, legalToken);
  await apiCall('POST', `/assessments/${assessment.id}/decision`, dpoToken, {
    decision: 'approve',
    comment: 'Answers and evidence checked.',
  });
  return processor;
}

/**
 * A processor approved on an assessment with an agreement both parties signed, in force today: what a
 * termination needs before it.
 */
export async function processorWithSignedAgreement(legalToken: string, dpoToken: string, name: string) {
  const processor = await approvedProcessor(legalToken, dpoToken, name);
  const agreement = await signedAgreement(legalToken, processor.id, `DPA ${name}`, {
    subjectMatter: 'Payroll processing',
    nature: 'Storage and computation',
    dataCategories: ['user.contact', 'user.financial'],
    dataSubjectCategories: ['employee'],
  });
  return { processor, agreement };
}
