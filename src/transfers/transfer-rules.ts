import type { Agreement } from '../agreements/agreement.entity';
import { agreementStatus, governingAgreement } from '../agreements/agreement-status';
import { missingClauses } from '../agreements/clauses';
import type { Processor } from '../processors/processor.entity';
import { effectiveAuthorization } from '../processors/subprocessor-authorization';
import type { DestinationStatus } from '../vocabularies/vocabulary-rules';
import { coveredByAny } from '../vocabularies/vocabulary-rules';

/** Bumped whenever a rule changes, and stored with every decision. */
export const RULE_SET_VERSION = 'custos-gate-2026.11-2';

export const REASON_CODES = [
  'PROCESSOR_NOT_APPROVED',
  'PROCESSOR_OFFBOARDING',
  'NO_ACTIVE_DPA',
  'DPA_CLAUSES_INCOMPLETE',
  'DATA_CATEGORY_NOT_COVERED',
  'PURPOSE_NOT_COVERED',
  'ASSESSMENT_MISSING',
  'ASSESSMENT_EXPIRED',
  'RISK_TOO_HIGH',
  'OPEN_CRITICAL_FINDING',
  'MONITORING_OVERDUE',
  'SUBPROCESSOR_NOT_AUTHORIZED',
  'THIRD_COUNTRY_NO_SAFEGUARD',
  'OPEN_BREACH',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface Reason {
  code: ReasonCode;
  message: string;
  details: object;
}

export interface TransferRequest {
  processorId: string;
  dataCategories: string[];
  purpose: string;
  destinationCountry?: string;
}

/** Everything the rules look at for one processor, gathered by the service in a few batched queries. */
export interface TransferFacts {
  today: string;
  processor: Processor;
  /** Its parents up to the top: an offboarding parent ends its sub-processors' use too. */
  ancestors: Processor[];
  /** Every sub-processor beneath it, at any depth (they receive the data too). */
  subProcessors: Processor[];
  agreements: Agreement[];
  openCriticalFindings: { id: string; title: string }[];
  overdueChecks: { id: string; type: string; dueOn: string; status: string }[];
  /** Breaches not yet closed at the processor or any of its sub-processors. */
  openBreaches: { id: string; title: string; processorId: string; processorName: string }[];
  /** Art. 9/10 kind of a requested category, or undefined. */
  specialCategoryOf(key: string): string | undefined;
  destination(country: string, dpfCertified: boolean): DestinationStatus;
}

const OK_FOR_SPECIAL = ['low', 'medium'];

/**
 * Evaluates every rule of DESIGN.md's reason-code table and returns all that fail, never just the
 * first. Pure: the same facts give the same answer, which is what makes a stored decision explainable.
 */
export function evaluateTransfer(request: TransferRequest, facts: TransferFacts): Reason[] {
  const reasons: Reason[] = [];
  const add = (code: ReasonCode, message: string, details: Record<string, unknown> = {}) =>
    reasons.push({ code, message, details });
  const { processor, today } = facts;

  const leaving = [processor, ...facts.ancestors].find(
    (p) => p.status === 'offboarding' || p.status === 'offboarded',
  );
  if (leaving) {
    add(
      'PROCESSOR_OFFBOARDING',
      leaving.id === processor.id
        ? `${processor.name} is being offboarded: its contract has ended and no new data may go to it.`
        : `${processor.name} is a sub-processor of ${leaving.name}, which is being offboarded: no new data may go to it.`,
      { processorId: leaving.id, status: leaving.status },
    );
  } else if (processor.status !== 'approved' && processor.status !== 'active') {
    add(
      'PROCESSOR_NOT_APPROVED',
      `${processor.name} has not been approved as a processor (it is ${processor.status.replace('_', ' ')}).`,
      {
        status: processor.status,
      },
    );
  }

  const governing = governingAgreement(facts.agreements, today);
  if (!governing) {
    add('NO_ACTIVE_DPA', `There is no data processing agreement with ${processor.name} in force today.`, {
      agreements: facts.agreements.map((a) => ({ id: a.id, status: agreementStatus(a, today) })),
    });
  } else {
    const missing = missingClauses(governing.clauses);
    if (missing.length) {
      add(
        'DPA_CLAUSES_INCOMPLETE',
        `The agreement "${governing.title}" lacks ${missing.length} clause(s) that Art. 28(3) GDPR requires.`,
        { agreementId: governing.id, missingClauses: missing },
      );
    }
    const notCovered = request.dataCategories.filter((c) => !coveredByAny(governing.scope.dataCategories, c));
    if (notCovered.length) {
      add(
        'DATA_CATEGORY_NOT_COVERED',
        `The agreement does not cover these data categories: ${notCovered.join(', ')}.`,
        {
          agreementId: governing.id,
          notCovered,
          covered: governing.scope.dataCategories,
        },
      );
    }
    if (!coveredByAny(governing.scope.purposes, request.purpose)) {
      add('PURPOSE_NOT_COVERED', `The agreement does not cover the purpose "${request.purpose}".`, {
        agreementId: governing.id,
        purpose: request.purpose,
        covered: governing.scope.purposes,
      });
    }
  }

  if (!processor.approvedAssessmentId) {
    add(
      'ASSESSMENT_MISSING',
      `${processor.name} has no approved assessment of its technical and organisational measures.`,
    );
  } else if (processor.assessmentValidUntil && processor.assessmentValidUntil < today) {
    add(
      'ASSESSMENT_EXPIRED',
      `The assessment of ${processor.name} expired on ${processor.assessmentValidUntil}; it must be repeated.`,
      {
        validUntil: processor.assessmentValidUntil,
        assessmentId: processor.approvedAssessmentId,
      },
    );
  }

  const special = [
    ...new Set(request.dataCategories.map((c) => facts.specialCategoryOf(c)).filter((k): k is string => !!k)),
  ];
  if (
    processor.riskRating &&
    (processor.riskRating === 'critical' ||
      (special.length && !OK_FOR_SPECIAL.includes(processor.riskRating)))
  ) {
    add(
      'RISK_TOO_HIGH',
      special.length
        ? `Special-category data (${special.join(', ')}) may only go to a processor rated low or medium; ${processor.name} is rated ${processor.riskRating}.`
        : `${processor.name} is rated ${processor.riskRating}.`,
      {
        riskRating: processor.riskRating,
        specialCategories: special,
        allowed: special.length ? OK_FOR_SPECIAL : ['low', 'medium', 'high'],
      },
    );
  }

  if (facts.openCriticalFindings.length) {
    add(
      'OPEN_CRITICAL_FINDING',
      `${processor.name} has ${facts.openCriticalFindings.length} open critical finding(s).`,
      {
        findings: facts.openCriticalFindings,
      },
    );
  }
  if (facts.overdueChecks.length) {
    add('MONITORING_OVERDUE', `A monitoring check of ${processor.name} is overdue or failed.`, {
      checks: facts.overdueChecks,
    });
  }

  const unauthorized = facts.subProcessors
    .map((p) => ({ p, status: effectiveAuthorization(p, today) }))
    .filter(({ status }) => status !== 'authorized');
  if (unauthorized.length) {
    add(
      'SUBPROCESSOR_NOT_AUTHORIZED',
      `The data would reach sub-processor(s) the organisation has not authorised: ${unauthorized.map(({ p }) => p.name).join(', ')}.`,
      {
        subProcessors: unauthorized.map(({ p, status }) => ({
          id: p.id,
          name: p.name,
          parentId: p.parentId,
          authorizationStatus: status,
          objectionWindowEndsOn: p.objectionWindowEndsOn,
        })),
      },
    );
  }

  const destinations: { country: string; via: string; dpf: boolean }[] = [];
  if (request.destinationCountry) {
    destinations.push({
      country: request.destinationCountry,
      via: processor.id,
      dpf: processor.dpfCertified,
    });
  }
  for (const p of [processor, ...facts.subProcessors]) {
    for (const country of p.processingCountries)
      destinations.push({ country, via: p.id, dpf: p.dpfCertified });
  }
  const mechanisms = new Map((governing?.transferMechanisms ?? []).map((m) => [m.country, m]));
  const unsafe = new Map<string, string[]>();
  for (const d of destinations) {
    if (facts.destination(d.country, d.dpf) !== 'third_country' || mechanisms.has(d.country)) continue;
    unsafe.set(d.country, [...new Set([...(unsafe.get(d.country) ?? []), d.via])]);
  }
  if (unsafe.size) {
    add(
      'THIRD_COUNTRY_NO_SAFEGUARD',
      `Data would go to ${[...unsafe.keys()].join(', ')}, outside the EEA without an adequacy decision or a recorded transfer mechanism.`,
      { countries: [...unsafe].map(([country, via]) => ({ country, processorIds: via })) },
    );
  }

  if (facts.openBreaches.length) {
    const where = [...new Set(facts.openBreaches.map((b) => b.processorName))].join(', ');
    add('OPEN_BREACH', `A personal-data breach at ${where} is still open.`, {
      breaches: facts.openBreaches,
    });
  }
  return reasons;
}
