import type { AdequacyScopeConfirmation, DpfCertification } from '../processors/transfer-facts';
import {
  type BasisProblem,
  type Classification,
  type Leg,
  type MechanismRecord,
  type TiaSummary,
  transferBasis,
} from '../agreements/transfer-tools';
import type { Geography } from '../transfers/transfer-rules';
import { covers } from '../vocabularies/vocabulary-rules';
import { safeguard as safeguardText } from './export/labels';
import type { ActivitySnapshot, RecipientType, Safeguard } from './record-types';

/** What the derivation needs of a processor (any part of the chain). */
export interface ProcessorFacts {
  id: string;
  name: string;
  country: string;
  processingCountries: string[];
  dpfCertified: boolean;
  dpfCertification: DpfCertification | null;
  adequacyScopeConfirmations: AdequacyScopeConfirmation[];
  parentId: string | null;
  status: string;
  archived: boolean;
  /** The controller's authorisation of a sub-processor on the day; 'not_applicable' for a processor. */
  authorization: string;
}

export interface AgreementFacts {
  id: string;
  title: string;
  reference: string | null;
  /** Its status on the day. */
  status: string;
  /** For an ended agreement: the day it ended. */
  terminatedOn: string | null;
  transferMechanisms: MechanismRecord[];
  /** Its transfer impact assessments made by the day. */
  tias: TiaSummary[];
}

/** A linked processor, its sub-processors at any depth, and the agreements that govern each on the day. */
export interface ChainFacts {
  processor: ProcessorFacts;
  subProcessors: ProcessorFacts[];
  /** The governing agreement (active, or signed and in force) per processor id of the chain, if any. */
  governing: ReadonlyMap<string, AgreementFacts>;
}

export interface DerivationContext {
  chains: ReadonlyMap<string, ChainFacts>;
  /** The day of the record (YYYY-MM-DD). */
  day: string;
  geography: Geography;
}

export interface DerivedRecipient {
  kind: 'processor' | 'sub_processor' | 'other';
  name: string;
  processorId: string | null;
  /** For a sub-processor: the processor that engages it. */
  parentId: string | null;
  /** For another recipient: internal, external, public_authority, international_organisation. */
  type: RecipientType | null;
  country: string | null;
  agreement: { id: string; title: string; reference: string | null; status: string } | null;
  /** An engagement that has ended (offboarding or offboarded): shown as ended, not as a current recipient. */
  ended: boolean;
}

export interface DerivedTransfer {
  country: string;
  recipient: string;
  processorId: string | null;
  /** Adequate (Art. 45) or a third country relying on a tool (Arts. 46, 49). */
  classification: Exclude<Classification, 'eea'>;
  /** The basis: `adequacy_decision`, the transfer tool relied on, or `none` when nothing covers it. */
  safeguard: Safeguard | 'none';
  /** For an adequacy decision: its instrument. */
  adequacyDecision: string | null;
  reference: string | null;
  /** Deprecated: whether a transfer impact assessment lets it proceed (see `tia`). */
  tiaCompleted: boolean | null;
  tia: { id: string; assessedOn: string; outcome: string } | null;
  agreementId: string | null;
  /** What is wrong with the basis, if anything (the gate's reason code). */
  problem: BasisProblem | null;
  /** The basis in a sentence a DPO can read to an authority. */
  explanation: string;
  /** For an ended engagement: the day it ended; the basis is the one that covered it while it ran. */
  endedOn: string | null;
}

export const FLAG_CODES = [
  'processor_without_active_agreement',
  'processor_unknown',
  'processor_archived',
  'processor_offboarding',
  'subprocessor_not_authorized',
  'transfer_without_safeguard',
  'transfer_basis_incomplete',
  'dpia_reference_missing',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

export interface RecordFlag {
  code: FlagCode;
  message: string;
  processorId?: string;
  country?: string;
}

/** What the derivation reads of an activity. */
export type ActivitySnapshotLike = Pick<
  ActivitySnapshot,
  'processorIds' | 'otherRecipients' | 'dpiaRequired' | 'dpiaReference'
> &
  Partial<Pick<ActivitySnapshot, 'purposes' | 'dataSubjectCategories'>>;

export interface DerivedParts {
  recipients: DerivedRecipient[];
  transfers: DerivedTransfer[];
  flags: RecordFlag[];
}

/**
 * The parts of an activity's record that are never typed twice. Recipients are the linked processors
 * and the sub-processors that receive the data on the record's day (authorised ones: an objected
 * sub-processor, or one still in its objection window, receives nothing), plus the other recipients as
 * entered; an ended engagement is shown as ended. Transfers are every destination outside the EEA with
 * its basis from `transferBasis` — the adequacy decision, or the tool of the governing agreement (the
 * linked processor's, which binds its chain, else the sub-processor's own) with its transfer impact
 * assessment — the same answer the gate gives. Flags say what needs attention.
 */
export function deriveRecord(activity: ActivitySnapshotLike, ctx: DerivationContext): DerivedParts {
  const recipients: DerivedRecipient[] = [];
  const transfers: DerivedTransfer[] = [];
  const flags: RecordFlag[] = [];
  const seenTransfers = new Set<string>();
  const seenRecipients = new Set<string>();
  const addRecipient = (r: DerivedRecipient) => {
    const key = `${r.kind}|${r.processorId ?? r.name}`;
    if (seenRecipients.has(key)) return;
    seenRecipients.add(key);
    recipients.push(r);
  };
  const hrData =
    (activity.purposes ?? []).some((p) => covers('employment', p)) ||
    (activity.dataSubjectCategories ?? []).some((s) => covers('employee', s));

  const addTransfer = (t: DerivedTransfer) => {
    const key = `${t.country}|${t.processorId ?? t.recipient}`;
    if (seenTransfers.has(key)) return;
    seenTransfers.add(key);
    transfers.push(t);
    if (t.endedOn) return;
    if (t.safeguard === 'none') {
      flags.push({
        code: 'transfer_without_safeguard',
        message: t.explanation,
        country: t.country,
        ...(t.processorId ? { processorId: t.processorId } : {}),
      });
    } else if (t.problem) {
      flags.push({
        code: 'transfer_basis_incomplete',
        message: t.explanation,
        country: t.country,
        ...(t.processorId ? { processorId: t.processorId } : {}),
      });
    }
  };

  const legTransfer = (
    p: ProcessorFacts,
    country: string,
    leg: Leg,
    agreement: AgreementFacts | undefined,
    endedOn: string | null,
  ) => {
    const day = endedOn ?? ctx.day;
    const basis = transferBasis(
      {
        destination: country,
        leg,
        recipient: {
          id: p.id,
          name: p.name,
          dpfCertification: p.dpfCertification,
          adequacyScopeConfirmations: p.adequacyScopeConfirmations,
        },
      },
      {
        day,
        hrData,
        isEea: (c) => ctx.geography.isEea(c),
        nameOf: (c) => ctx.geography.nameOf(c),
        adequacyOn: (c, d) => ctx.geography.adequacyOn(c, d),
        mechanisms: agreement?.transferMechanisms ?? [],
        agreementId: agreement?.id ?? null,
        tiaFor: (_id, dest) =>
          (agreement?.tias ?? [])
            .filter((t) => t.destination === dest && t.assessedOn <= day)
            .sort((a, b) => b.assessedOn.localeCompare(a.assessedOn))[0],
      },
    );
    if (basis.classification === 'eea') return;
    const relied =
      basis.problem === 'THIRD_COUNTRY_NO_SAFEGUARD' || basis.problem === 'ADEQUACY_SCOPE_UNCONFIRMED';
    addTransfer({
      country,
      recipient: p.name,
      processorId: p.id,
      classification: basis.classification,
      safeguard: basis.adequacy ? 'adequacy_decision' : relied ? 'none' : (basis.mechanism?.type ?? 'none'),
      adequacyDecision: basis.adequacy?.instrument ?? null,
      reference: basis.mechanism?.reference ?? null,
      tiaCompleted: basis.mechanism ? basis.problem === null : null,
      tia: basis.tia
        ? { id: basis.tia.id, assessedOn: basis.tia.assessedOn, outcome: basis.tia.outcome }
        : null,
      agreementId: basis.mechanism?.agreementId ?? null,
      problem: basis.problem,
      explanation: endedOn
        ? `Until ${endedOn}, when the engagement ended: ${basis.explanation}`
        : basis.explanation,
      endedOn,
    });
  };

  for (const processorId of activity.processorIds) {
    const chain = ctx.chains.get(processorId);
    if (!chain) {
      flags.push({
        code: 'processor_unknown',
        message: `The linked processor ${processorId} is not in the register.`,
        processorId,
      });
      continue;
    }
    const root = chain.processor;
    const rootAgreement = chain.governing.get(root.id);
    const ended = root.status === 'offboarding' || root.status === 'offboarded';
    const endedOn = ended ? (rootAgreement?.terminatedOn ?? ctx.day) : null;
    addRecipient(recipient('processor', root, rootAgreement, ended));
    if (!ended && (!rootAgreement || rootAgreement.status !== 'active')) {
      flags.push({
        code: 'processor_without_active_agreement',
        message: rootAgreement
          ? `${root.name} has no active agreement: the governing one is ${rootAgreement.status}.`
          : `${root.name} has no active data processing agreement.`,
        processorId: root.id,
      });
    }
    if (root.archived) {
      flags.push({ code: 'processor_archived', message: `${root.name} is archived.`, processorId: root.id });
    }
    if (ended) {
      flags.push({
        code: 'processor_offboarding',
        message: `The engagement of ${root.name} ended${rootAgreement?.terminatedOn ? ` on ${rootAgreement.terminatedOn}` : ''} (${root.status}).`,
        processorId: root.id,
      });
    }
    const receiving: ProcessorFacts[] = [];
    for (const sub of chain.subProcessors) {
      if (sub.authorization !== 'authorized') {
        flags.push({
          code: 'subprocessor_not_authorized',
          message:
            sub.authorization === 'objected'
              ? `Sub-processor ${sub.name} was objected to: it does not receive the data.`
              : `Sub-processor ${sub.name} is not authorised yet (${sub.authorization.replace('_', ' ')}): it does not receive the data.`,
          processorId: sub.id,
        });
        continue;
      }
      receiving.push(sub);
      addRecipient(recipient('sub_processor', sub, chain.governing.get(sub.id), ended));
    }
    for (const country of root.processingCountries)
      legTransfer(root, country, 'controller_to_processor', rootAgreement, endedOn);
    for (const sub of receiving) {
      const own = chain.governing.get(sub.id);
      for (const country of sub.processingCountries) {
        const fromRoot = rootAgreement?.transferMechanisms.some((m) => m.country === country);
        legTransfer(
          sub,
          country,
          'processor_to_sub_processor',
          fromRoot ? rootAgreement : (own ?? rootAgreement),
          endedOn,
        );
      }
    }
  }

  for (const other of activity.otherRecipients) {
    addRecipient({
      kind: 'other',
      name: other.name,
      processorId: null,
      parentId: null,
      type: other.type,
      country: other.country,
      agreement: null,
      ended: false,
    });
    if (!other.country || ctx.geography.isEea(other.country)) continue;
    const decision = ctx.geography.adequacyOn(other.country, ctx.day);
    const where = `${ctx.geography.nameOf(other.country)} (${other.country})`;
    const adequate = !!decision && decision.scope === 'full';
    const safeguard: Safeguard | 'none' = adequate ? 'adequacy_decision' : (other.safeguard ?? 'none');
    addTransfer({
      country: other.country,
      recipient: other.name,
      processorId: null,
      classification: adequate ? 'adequate' : 'third_country',
      safeguard,
      adequacyDecision: adequate ? decision.instrument : null,
      reference: null,
      tiaCompleted: null,
      tia: null,
      agreementId: null,
      problem: safeguard === 'none' ? 'THIRD_COUNTRY_NO_SAFEGUARD' : null,
      explanation: adequate
        ? `${other.name} in ${where}: adequacy decision, ${decision.instrument} (Art. 45 GDPR).`
        : safeguard === 'none'
          ? `${other.name} in ${where}: no adequacy decision and no transfer tool recorded.`
          : `${other.name} in ${where}: ${safeguardText(safeguard)}, as recorded on the activity.`,
      endedOn: null,
    });
  }

  if (activity.dpiaRequired && !activity.dpiaReference?.trim()) {
    flags.push({
      code: 'dpia_reference_missing',
      message: 'A DPIA is required, and no reference to it is recorded.',
    });
  }
  return { recipients, transfers, flags };
}

function recipient(
  kind: 'processor' | 'sub_processor',
  p: ProcessorFacts,
  agreement: AgreementFacts | undefined,
  ended: boolean,
): DerivedRecipient {
  return {
    kind,
    name: p.name,
    processorId: p.id,
    parentId: p.parentId,
    type: null,
    country: p.country,
    agreement: agreement
      ? { id: agreement.id, title: agreement.title, reference: agreement.reference, status: agreement.status }
      : null,
    ended,
  };
}
