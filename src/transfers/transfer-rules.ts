import type { Agreement } from '../agreements/agreement.entity';
import { agreementStatus, governingAgreement } from '../agreements/agreement-status';
import { missingClauses } from '../clauses/clauses';
import type { Processor } from '../processors/processor.entity';
import { effectiveAuthorization } from '../processors/subprocessor-authorization';
import {
  type AdequacyFacts,
  type BasisProblem,
  type DestinationBasis,
  type Leg,
  type TiaSummary,
  transferBasis,
} from '../agreements/transfer-tools';
import { covers, coveredByAny } from '../vocabularies/vocabulary-rules';

/** Bumped whenever a rule changes, and stored with every decision. */
export const RULE_SET_VERSION = 'custos-gate-2026.12-1';

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
  'TIA_MISSING',
  'TIA_NEGATIVE',
  'DEROGATION_NOT_FOR_REGULAR_TRANSFERS',
  'ADEQUACY_SCOPE_UNCONFIRMED',
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

/** What the gate reads of a processor: the fields its rules and its stored facts look at, no more. */
export const GATE_PROCESSOR_FIELDS = [
  'id',
  'name',
  'status',
  'riskRating',
  'approvedAssessmentId',
  'assessmentValidUntil',
  'processingCountries',
  'parentId',
  'authorizationStatus',
  'objectionWindowEndsOn',
  'dpfCertified',
  'dpfCertification',
  'adequacyScopeConfirmations',
] as const satisfies readonly (keyof Processor)[];
export type GateProcessor = Pick<Processor, (typeof GATE_PROCESSOR_FIELDS)[number]>;

/** What the gate reads of an agreement: its status facts, scope, clauses and transfer tools. */
export const GATE_AGREEMENT_FIELDS = [
  'id',
  'processorId',
  'title',
  'status',
  'effectiveFrom',
  'expiresOn',
  'terminatedOn',
  'supersededFrom',
  'clauses',
  'scope',
  'transferMechanisms',
] as const satisfies readonly (keyof Agreement)[];
export type GateAgreement = Pick<Agreement, (typeof GATE_AGREEMENT_FIELDS)[number]>;

/** Everything the rules look at for one processor, gathered by the service in a few batched queries. */
export interface TransferFacts {
  today: string;
  processor: GateProcessor;
  /** Its parents up to the top: an offboarding parent ends its sub-processors' use too. */
  ancestors: GateProcessor[];
  /** Every sub-processor beneath it, at any depth (they receive the data too). */
  subProcessors: GateProcessor[];
  agreements: GateAgreement[];
  openCriticalFindings: { id: string; title: string }[];
  overdueChecks: { id: string; type: string; dueOn: string; status: string }[];
  /** Breaches not yet closed at the processor or any of its sub-processors. */
  openBreaches: { id: string; title: string; processorId: string; processorName: string }[];
  /** Transfer impact assessments of the processor's agreements, any order. */
  tias: (TiaSummary & { agreementId: string })[];
  /** Art. 9/10 kind of a requested category, or undefined. */
  specialCategoryOf(key: string): string | undefined;
  geography: Geography;
}

/** What the rules need to know of destinations: the EEA, names, adequacy decisions by date. */
export interface Geography {
  isEea(code: string): boolean;
  nameOf(code: string): string;
  adequacyOn(code: string, day: string): AdequacyFacts | undefined;
}

export interface TransferAssessment {
  reasons: Reason[];
  /** The basis of every destination the data would reach, leg by leg. */
  destinations: DestinationBasis[];
}

const OK_FOR_SPECIAL = ['low', 'medium'];

/**
 * Evaluates every rule of DESIGN.md's reason-code table and returns all that fail, never just the
 * first. Pure: the same facts give the same answer, which is what makes a stored decision explainable.
 */
export function evaluateTransfer(request: TransferRequest, facts: TransferFacts): Reason[] {
  return assessTransfer(request, facts).reasons;
}

/** The reasons, and the Chapter V basis of each destination that a stored decision keeps. */
export function assessTransfer(request: TransferRequest, facts: TransferFacts): TransferAssessment {
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

  const destinations = destinationBases(request, facts, governing ?? null);
  const problem = (code: BasisProblem) => destinations.filter((d) => d.problem === code);
  const countriesOf = (bases: DestinationBasis[]) => {
    const byCountry = new Map<string, string[]>();
    for (const b of bases)
      byCountry.set(b.destination, [
        ...new Set([...(byCountry.get(b.destination) ?? []), b.recipientId ?? b.recipientName]),
      ]);
    return [...byCountry].map(([country, processorIds]) => ({ country, processorIds }));
  };
  const explain = (bases: DestinationBasis[]) => ({
    countries: countriesOf(bases),
    destinations: bases.map((b) => ({
      destination: b.destination,
      processorId: b.recipientId,
      processorName: b.recipientName,
      leg: b.leg,
      mechanism: b.mechanism?.type ?? null,
      tiaId: b.tia?.id ?? null,
      explanation: b.explanation,
    })),
  });
  const unsafe = problem('THIRD_COUNTRY_NO_SAFEGUARD');
  if (unsafe.length) {
    add(
      'THIRD_COUNTRY_NO_SAFEGUARD',
      `Data would go to ${[...new Set(unsafe.map((b) => b.destination))].join(', ')}, outside the EEA without an adequacy decision or a recorded transfer mechanism that fits. ${unsafe.map((b) => b.explanation).join(' ')}`,
      explain(unsafe),
    );
  }
  const unconfirmed = problem('ADEQUACY_SCOPE_UNCONFIRMED');
  if (unconfirmed.length) {
    add('ADEQUACY_SCOPE_UNCONFIRMED', unconfirmed.map((b) => b.explanation).join(' '), explain(unconfirmed));
  }
  const derogations = problem('DEROGATION_NOT_FOR_REGULAR_TRANSFERS');
  if (derogations.length) {
    add(
      'DEROGATION_NOT_FOR_REGULAR_TRANSFERS',
      derogations.map((b) => b.explanation).join(' '),
      explain(derogations),
    );
  }
  const noTia = problem('TIA_MISSING');
  if (noTia.length) {
    add(
      'TIA_MISSING',
      `${noTia.map((b) => b.explanation).join(' ')} Record a transfer impact assessment on the agreement.`,
      explain(noTia),
    );
  }
  const negative = problem('TIA_NEGATIVE');
  if (negative.length) {
    add('TIA_NEGATIVE', negative.map((b) => b.explanation).join(' '), explain(negative));
  }

  if (facts.openBreaches.length) {
    const where = [...new Set(facts.openBreaches.map((b) => b.processorName))].join(', ');
    add('OPEN_BREACH', `A personal-data breach at ${where} is still open.`, {
      breaches: facts.openBreaches,
    });
  }
  return { reasons, destinations };
}

/**
 * Every leg the data would travel — the requested destination and the processor's own processing
 * countries (controller to processor), each sub-processor's countries (processor to sub-processor) —
 * with its Chapter V basis under the governing agreement.
 */
export function destinationBases(
  request: TransferRequest,
  facts: TransferFacts,
  governing: GateAgreement | null,
): DestinationBasis[] {
  const { processor, today } = facts;
  const legs: { destination: string; leg: Leg; recipient: GateProcessor }[] = [];
  const seen = new Set<string>();
  const push = (destination: string, leg: Leg, recipient: GateProcessor) => {
    const key = `${destination}|${recipient.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    legs.push({ destination, leg, recipient });
  };
  if (request.destinationCountry) push(request.destinationCountry, 'controller_to_processor', processor);
  for (const c of processor.processingCountries) push(c, 'controller_to_processor', processor);
  for (const sub of facts.subProcessors)
    for (const c of sub.processingCountries) push(c, 'processor_to_sub_processor', sub);

  const hrData = covers('employment', request.purpose);
  return legs.map(({ destination, leg, recipient }) =>
    transferBasis(
      {
        destination,
        leg,
        recipient: {
          id: recipient.id,
          name: recipient.name,
          dpfCertification: recipient.dpfCertification,
          adequacyScopeConfirmations: recipient.adequacyScopeConfirmations,
        },
      },
      {
        day: today,
        hrData,
        isEea: (code) => facts.geography.isEea(code),
        nameOf: (code) => facts.geography.nameOf(code),
        adequacyOn: (code, day) => facts.geography.adequacyOn(code, day),
        mechanisms: governing?.transferMechanisms ?? [],
        agreementId: governing?.id ?? null,
        tiaFor: (agreementId, dest) =>
          facts.tias
            .filter((t) => t.agreementId === agreementId && t.destination === dest && t.assessedOn <= today)
            .sort((a, b) => b.assessedOn.localeCompare(a.assessedOn))[0],
      },
    ),
  );
}
