import type { AdequacyScopeConfirmation, DpfCertification } from '../processors/transfer-facts';

/**
 * Chapter V GDPR: on what basis personal data may go to a destination outside the EEA, leg by leg.
 *
 * One pure function, `transferBasis`, decides the basis of one leg (a destination reached through one
 * recipient of the chain); the gate refuses on its problems, the record of processing prints its basis,
 * so that the two never disagree about a transfer.
 */

/** The tools an agreement may record for a destination without adequacy (Arts. 46 and 49). */
export const TRANSFER_MECHANISMS = [
  'public_authority_instrument',
  'bcr',
  'scc_2021_914_module_2',
  'scc_2021_914_module_3',
  'sa_adopted_scc',
  'code_of_conduct',
  'certification',
  'ad_hoc_clauses',
  'administrative_arrangement',
  'art49_derogation',
] as const;
export type TransferMechanismType = (typeof TRANSFER_MECHANISMS)[number];

/** The legal provision each tool rests on, as a record or a letter to an authority would cite it. */
export const MECHANISM_TEXT: Readonly<Record<TransferMechanismType, string>> = {
  public_authority_instrument: 'a legally binding instrument between public authorities (Art. 46(2)(a) GDPR)',
  bcr: 'binding corporate rules (Arts. 46(2)(b) and 47 GDPR)',
  scc_2021_914_module_2:
    "the Commission's standard contractual clauses, Decision (EU) 2021/914, Module 2 controller to processor (Art. 46(2)(c) GDPR)",
  scc_2021_914_module_3:
    "the Commission's standard contractual clauses, Decision (EU) 2021/914, Module 3 processor to processor (Art. 46(2)(c) GDPR)",
  sa_adopted_scc: 'standard data protection clauses adopted by a supervisory authority (Art. 46(2)(d) GDPR)',
  code_of_conduct:
    'an approved code of conduct with binding commitments of the importer (Art. 46(2)(e) GDPR)',
  certification:
    'an approved certification mechanism with binding commitments of the importer (Art. 46(2)(f) GDPR)',
  ad_hoc_clauses:
    'contractual clauses authorised by the competent supervisory authority (Art. 46(3)(a) GDPR)',
  administrative_arrangement:
    'provisions in administrative arrangements authorised by the competent supervisory authority (Art. 46(3)(b) GDPR)',
  art49_derogation: 'a derogation for a specific situation (Art. 49 GDPR)',
};

/** Art. 49(1)(a)–(g), and its second subparagraph (compelling legitimate interests). */
export const DEROGATION_GROUNDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'second_subparagraph'] as const;
export type DerogationGround = (typeof DEROGATION_GROUNDS)[number];

export const DEROGATION_TEXT: Readonly<Record<DerogationGround, string>> = {
  a: 'Art. 49(1)(a): explicit consent of the data subject, informed of the risks',
  b: 'Art. 49(1)(b): necessary for a contract with the data subject',
  c: 'Art. 49(1)(c): necessary for a contract in the interest of the data subject',
  d: 'Art. 49(1)(d): important reasons of public interest',
  e: 'Art. 49(1)(e): establishment, exercise or defence of legal claims',
  f: 'Art. 49(1)(f): vital interests',
  g: 'Art. 49(1)(g): transfer from a public register',
  second_subparagraph:
    'Art. 49(1), second subparagraph: compelling legitimate interests (not repetitive, few data subjects, authority informed)',
};

export const TIA_OUTCOMES = ['proceed', 'proceed_with_measures', 'do_not_proceed'] as const;
export type TiaOutcome = (typeof TIA_OUTCOMES)[number];

/** Which way a leg goes: from the controller to its processor, or from a processor to its sub-processor. */
export type Leg = 'controller_to_processor' | 'processor_to_sub_processor';

export interface MechanismRecord {
  /** ISO 3166-1 alpha-2, or an international organisation's code (e.g. EPO). */
  country: string;
  mechanism: TransferMechanismType;
  /** Deprecated: kept as recorded; a transfer impact assessment is now a record of its own. */
  tiaCompleted: boolean | null;
  reference: string | null;
  derogationGround?: DerogationGround | null;
  /** For the second subparagraph of Art. 49(1): where the assessment and the information are documented. */
  derogationDocumentation?: string | null;
  /** Codes of conduct and certifications: the importer's binding and enforceable commitments (Art. 46(2)(e),(f)). */
  bindingCommitments?: boolean | null;
  /** Ad hoc clauses and administrative arrangements: the supervisory authority's authorisation (Art. 46(3)). */
  authorization?: string | null;
}

export interface TiaSummary {
  id: string;
  destination: string;
  assessedOn: string;
  outcome: TiaOutcome;
  measuresInPlace: boolean;
  reviewOn: string | null;
}

export interface AdequacyFacts {
  code: string;
  instrument: string;
  adoptedOn: string;
  validUntil?: string | null;
  scope: string;
  condition: 'dpf_certified' | null;
}

export interface LegInput {
  destination: string;
  leg: Leg;
  recipient: {
    id: string | null;
    name: string;
    dpfCertification: DpfCertification | null;
    adequacyScopeConfirmations: AdequacyScopeConfirmation[];
  };
}

export interface BasisContext {
  day: string;
  /** Human-resources data (employment purposes or employees' data): the DPF certification must cover HR. */
  hrData: boolean;
  isEea(code: string): boolean;
  nameOf(code: string): string;
  /** The adequacy decision in force for `code` on `day`, if any. */
  adequacyOn(code: string, day: string): AdequacyFacts | undefined;
  /** The transfer tools the governing agreement records, and the agreement's id. */
  mechanisms: readonly MechanismRecord[];
  agreementId: string | null;
  /** The newest transfer impact assessment of that agreement for the destination, as of the day. */
  tiaFor(agreementId: string, destination: string): TiaSummary | undefined;
}

export const BASIS_PROBLEMS = [
  'THIRD_COUNTRY_NO_SAFEGUARD',
  'ADEQUACY_SCOPE_UNCONFIRMED',
  'DEROGATION_NOT_FOR_REGULAR_TRANSFERS',
  'TIA_MISSING',
  'TIA_NEGATIVE',
] as const;
export type BasisProblem = (typeof BASIS_PROBLEMS)[number];

export type Classification = 'eea' | 'adequate' | 'third_country';

/** What one leg rests on: stored with every decision, printed in the record. */
export interface DestinationBasis {
  destination: string;
  destinationName: string;
  recipientId: string | null;
  recipientName: string;
  leg: Leg;
  classification: Classification;
  adequacy: { instrument: string; adoptedOn: string; scope: string } | null;
  mechanism: {
    type: TransferMechanismType;
    text: string;
    reference: string | null;
    agreementId: string | null;
    derogationGround: DerogationGround | null;
  } | null;
  tia: TiaSummary | null;
  problem: BasisProblem | null;
  /** One sentence a DPO can read aloud: the basis, or why there is none. */
  explanation: string;
}

const ART46 = TRANSFER_MECHANISMS.filter((m) => m !== 'art49_derogation');

export function isArt46(mechanism: TransferMechanismType): boolean {
  return (ART46 as readonly string[]).includes(mechanism);
}

/** Whether a recorded tool can serve this leg, and if not, why. */
export function mechanismFits(m: MechanismRecord, leg: Leg): string | null {
  if (m.mechanism === 'scc_2021_914_module_2' && leg !== 'controller_to_processor')
    return 'SCC Module 2 covers transfers from a controller to its processor, not onward to a sub-processor (Module 3)';
  if (m.mechanism === 'scc_2021_914_module_3' && leg !== 'processor_to_sub_processor')
    return 'SCC Module 3 covers transfers from a processor to its sub-processor, not from the controller (Module 2)';
  if ((m.mechanism === 'code_of_conduct' || m.mechanism === 'certification') && !m.bindingCommitments)
    return `${m.mechanism === 'code_of_conduct' ? 'a code of conduct' : 'a certification'} needs the importer's binding and enforceable commitments (Art. 46(2)(e),(f))`;
  if ((m.mechanism === 'ad_hoc_clauses' || m.mechanism === 'administrative_arrangement') && !m.authorization)
    return 'it needs the authorisation of the competent supervisory authority (Art. 46(3))';
  return null;
}

function dpfValid(c: DpfCertification | null, day: string, hrData: boolean): string | null {
  if (!c) return 'the recipient is not certified under the EU-US Data Privacy Framework';
  if (c.certifiedOn && c.certifiedOn > day) return `its DPF certification starts on ${c.certifiedOn}`;
  if (c.lastConfirmedOn > day) return `its DPF certification was only confirmed on ${c.lastConfirmedOn}`;
  if (addYears(c.lastConfirmedOn, 1) < day)
    return `its DPF certification was last confirmed on ${c.lastConfirmedOn}, more than a year ago`;
  if (hrData && !c.scope.includes('hr')) return 'its DPF certification does not cover human-resources data';
  if (!hrData && !c.scope.includes('non_hr')) return 'its DPF certification covers human-resources data only';
  return null;
}

export function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/**
 * The basis of one leg. EEA: none needed. An adequacy decision in force that reaches the recipient
 * (full; partial with the recipient's inclusion confirmed; the DPF with a valid, fitting certification).
 * Otherwise an Art. 46 tool that fits the leg, with a transfer impact assessment that lets the transfer
 * proceed; an Art. 49 derogation is never the basis of a processor's regular transfers (EDPB Guidelines
 * 2/2018: derogations are for occasional, non-repetitive transfers and are interpreted restrictively).
 */
export function transferBasis(input: LegInput, ctx: BasisContext): DestinationBasis {
  const base = {
    destination: input.destination,
    destinationName: ctx.nameOf(input.destination),
    recipientId: input.recipient.id,
    recipientName: input.recipient.name,
    leg: input.leg,
  };
  const where = `${base.destinationName} (${input.destination})`;
  if (ctx.isEea(input.destination)) {
    return {
      ...base,
      classification: 'eea',
      adequacy: null,
      mechanism: null,
      tia: null,
      problem: null,
      explanation: `${where} is in the EEA: no transfer tool is needed.`,
    };
  }

  const decision = ctx.adequacyOn(input.destination, ctx.day);
  let adequacyGap: string | null = null;
  if (decision) {
    if (decision.condition === 'dpf_certified') {
      adequacyGap = dpfValid(input.recipient.dpfCertification, ctx.day, ctx.hrData);
    } else if (decision.scope !== 'full') {
      const confirmed = input.recipient.adequacyScopeConfirmations.find(
        (c) => c.destination === input.destination && c.confirmedOn <= ctx.day,
      );
      if (!confirmed)
        adequacyGap = `the adequacy decision for ${where} is partial and ${input.recipient.name} is not confirmed to be within its scope`;
    }
    if (!adequacyGap) {
      return {
        ...base,
        classification: 'adequate',
        adequacy: { instrument: decision.instrument, adoptedOn: decision.adoptedOn, scope: decision.scope },
        mechanism: null,
        tia: null,
        problem: null,
        explanation: `${input.recipient.name} in ${where}: adequacy decision, ${decision.instrument} (Art. 45 GDPR).`,
      };
    }
  }

  const thirdCountry = { ...base, classification: 'third_country' as const, adequacy: null };
  const recorded = ctx.mechanisms.filter((m) => m.country === input.destination);
  const fitting = recorded.filter((m) => m.mechanism !== 'art49_derogation' && !mechanismFits(m, input.leg));
  const mechanismView = (m: MechanismRecord) => ({
    type: m.mechanism,
    text: MECHANISM_TEXT[m.mechanism],
    reference: m.reference,
    agreementId: ctx.agreementId,
    derogationGround: m.derogationGround ?? null,
  });

  if (fitting.length === 0) {
    const derogation = recorded.find((m) => m.mechanism === 'art49_derogation');
    if (derogation) {
      return {
        ...thirdCountry,
        mechanism: mechanismView(derogation),
        tia: null,
        problem: 'DEROGATION_NOT_FOR_REGULAR_TRANSFERS',
        explanation: `${input.recipient.name} in ${where} would receive the data on an Art. 49 derogation${derogation.derogationGround ? ` (${DEROGATION_TEXT[derogation.derogationGround]})` : ''}; derogations are exceptions for occasional, non-repetitive transfers and cannot carry a processor's regular transfers (EDPB Guidelines 2/2018): record an Art. 46 safeguard.`,
      };
    }
    if (adequacyGap && decision && decision.condition !== 'dpf_certified') {
      return {
        ...thirdCountry,
        mechanism: null,
        tia: null,
        problem: 'ADEQUACY_SCOPE_UNCONFIRMED',
        explanation: `${capitalise(adequacyGap)} (${decision.instrument}): confirm it on the processor, or record an Art. 46 safeguard.`,
      };
    }
    const unfit = recorded.map((m) => mechanismFits(m, input.leg)).filter((r): r is string => !!r);
    return {
      ...thirdCountry,
      mechanism: null,
      tia: null,
      problem: 'THIRD_COUNTRY_NO_SAFEGUARD',
      explanation: `${input.recipient.name} in ${where}: no adequacy${adequacyGap ? ` (${adequacyGap})` : ''} and no transfer tool that fits this transfer is recorded${unfit.length ? `: ${unfit.join('; ')}` : ''}.`,
    };
  }

  const tia = ctx.agreementId ? ctx.tiaFor(ctx.agreementId, input.destination) : undefined;
  const chosen = fitting[0];
  const relied = { ...thirdCountry, mechanism: mechanismView(chosen), tia: tia ?? null };
  const tool = MECHANISM_TEXT[chosen.mechanism];
  if (!tia) {
    return {
      ...relied,
      problem: 'TIA_MISSING',
      explanation: `${input.recipient.name} in ${where} relies on ${tool}, and no transfer impact assessment of the laws and practices of ${base.destinationName} allows it.`,
    };
  }
  if (tia.outcome === 'do_not_proceed' || (tia.outcome === 'proceed_with_measures' && !tia.measuresInPlace)) {
    return {
      ...relied,
      problem: 'TIA_NEGATIVE',
      explanation:
        tia.outcome === 'do_not_proceed'
          ? `The transfer impact assessment of ${tia.assessedOn} concluded that data must not go to ${input.recipient.name} in ${where}.`
          : `The transfer impact assessment of ${tia.assessedOn} allows transfers to ${where} only with supplementary measures, and they are not recorded as in place.`,
    };
  }
  return {
    ...relied,
    problem: null,
    explanation: `${input.recipient.name} in ${where}: ${tool}${chosen.reference ? ` (${chosen.reference})` : ''}, transfer impact assessment of ${tia.assessedOn}${tia.outcome === 'proceed_with_measures' ? ' with supplementary measures in place' : ''}.`,
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
