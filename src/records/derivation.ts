import type { DestinationStatus } from '../vocabularies/vocabulary-rules';
import type { ActivitySnapshot, RecipientType, Safeguard } from './record-types';

/** What the derivation needs of a processor (any part of the chain). */
export interface ProcessorFacts {
  id: string;
  name: string;
  country: string;
  processingCountries: string[];
  dpfCertified: boolean;
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
  transferMechanisms: {
    country: string;
    mechanism: Safeguard;
    tiaCompleted: boolean;
    reference: string | null;
  }[];
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
  destination(country: string, dpfCertified: boolean): DestinationStatus;
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
}

export interface DerivedTransfer {
  country: string;
  recipient: string;
  processorId: string | null;
  /** A transfer tool, or `none` when nothing is recorded for this country. */
  safeguard: Safeguard | 'none';
  reference: string | null;
  tiaCompleted: boolean | null;
  agreementId: string | null;
}

export const FLAG_CODES = [
  'processor_without_active_agreement',
  'processor_unknown',
  'processor_archived',
  'processor_offboarding',
  'subprocessor_not_authorized',
  'transfer_without_safeguard',
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
>;

export interface DerivedParts {
  recipients: DerivedRecipient[];
  transfers: DerivedTransfer[];
  flags: RecordFlag[];
}

/**
 * The parts of an activity's record that are never typed twice: recipients are the linked processors
 * and their sub-processors (plus the other recipients as entered); transfers are the processing
 * countries outside the EEA without adequacy, each with the mechanism of the governing agreement
 * (the linked processor's, which binds its chain, else the sub-processor's own) or `none`; flags say
 * what needs attention.
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

  const addTransfer = (t: DerivedTransfer) => {
    const key = `${t.country}|${t.processorId ?? t.recipient}`;
    if (seenTransfers.has(key)) return;
    seenTransfers.add(key);
    transfers.push(t);
    if (t.safeguard === 'none') {
      flags.push({
        code: 'transfer_without_safeguard',
        message: `${t.recipient} processes the data in ${t.country}, a third country without adequacy, and no transfer mechanism is recorded.`,
        country: t.country,
        ...(t.processorId ? { processorId: t.processorId } : {}),
      });
    }
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
    addRecipient(recipient('processor', root, rootAgreement));
    if (!rootAgreement || rootAgreement.status !== 'active') {
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
    if (root.status === 'offboarding' || root.status === 'offboarded') {
      flags.push({
        code: 'processor_offboarding',
        message: `${root.name} is ${root.status}.`,
        processorId: root.id,
      });
    }
    for (const sub of chain.subProcessors) {
      addRecipient(recipient('sub_processor', sub, chain.governing.get(sub.id)));
      if (sub.authorization !== 'authorized') {
        flags.push({
          code: 'subprocessor_not_authorized',
          message: `Sub-processor ${sub.name} is not authorised (${sub.authorization}).`,
          processorId: sub.id,
        });
      }
    }
    for (const p of [root, ...chain.subProcessors]) {
      for (const country of p.processingCountries) {
        if (ctx.destination(country, p.dpfCertified) !== 'third_country') continue;
        const own = chain.governing.get(p.id);
        const fromRoot = rootAgreement?.transferMechanisms.find((m) => m.country === country);
        const fromOwn = own?.transferMechanisms.find((m) => m.country === country);
        const mechanism = fromRoot ?? fromOwn;
        addTransfer({
          country,
          recipient: p.name,
          processorId: p.id,
          safeguard: mechanism?.mechanism ?? 'none',
          reference: mechanism?.reference ?? null,
          tiaCompleted: mechanism ? mechanism.tiaCompleted : null,
          agreementId: mechanism ? ((fromRoot ? rootAgreement : own)?.id ?? null) : null,
        });
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
    });
    if (other.country && ctx.destination(other.country, false) === 'third_country') {
      addTransfer({
        country: other.country,
        recipient: other.name,
        processorId: null,
        safeguard: other.safeguard ?? 'none',
        reference: null,
        tiaCompleted: null,
        agreementId: null,
      });
    }
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
  };
}
