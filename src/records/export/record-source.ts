import type { MechanismRecord } from '../../agreements/transfer-tools';
import type { AdequacyScopeConfirmation, DpfCertification } from '../../processors/transfer-facts';
import type { ActivityView } from '../processing-activities.service';
import type { ProcessorEntrySnapshot, ProfileSnapshot } from '../record-types';
import type { RecordLabels } from './labels';

export interface ExportMeta {
  exportId: string;
  /** When the file was made (ISO 8601). */
  generatedAt: string;
  /** The day asked for, or null for the state at the request. */
  asOf: string | null;
  /** The instant whose state is exported (ISO 8601). */
  snapshotAt: string;
  /** The day whose agreement statuses count (YYYY-MM-DD). */
  day: string;
}

/** A processor as the "Processors" part of an export shows it. */
export interface ProcessorSummary {
  id: string;
  name: string;
  legalName: string | null;
  parentId: string | null;
  parentName: string | null;
  status: string;
  country: string;
  processingCountries: string[];
  /** Processing countries outside the EEA without adequacy for this processor. */
  thirdCountries: string[];
  dpfCertified: boolean;
  dpfCertification: DpfCertification | null;
  adequacyScopeConfirmations: AdequacyScopeConfirmation[];
  authorization: string | null;
  agreement: {
    id: string;
    title: string;
    reference: string | null;
    status: string;
    effectiveFrom: string;
    expiresOn: string | null;
    transferMechanisms: MechanismRecord[];
  } | null;
  assessment: {
    id: string;
    status: string;
    decision: string | null;
    score: number | null;
    riskRating: string | null;
    validUntil: string | null;
    /** Approved and within its validity on the day. */
    validOnDay: boolean;
  } | null;
  archivedAt: string | null;
  /** Personal-data breaches the controller knew of at the instant, and those not closed then. */
  breaches: { total: number; open: number };
  /** Where letters reach it and whom to deal with; null when not yet filled in (shown as missing). */
  postalAddress?: string | null;
  contactPerson?: string | null;
  /** For a sub-processor: its contract with the processor that engages it (Art. 28(4)). */
  flowDown?: { signedOn: string; document: string } | null;
}

/**
 * The whole record as of one instant, read in batches so that a writer holds one batch at a time:
 * the profile (header), the activities with their derived parts, the processor record, the processors.
 */
export interface RecordSource {
  meta: ExportMeta;
  profile: ProfileSnapshot;
  labels: RecordLabels;
  activityCount: number;
  processorEntryCount: number;
  activities(): AsyncIterable<ActivityView[]>;
  processorEntries(): AsyncIterable<ProcessorEntrySnapshot[]>;
  processors(): AsyncIterable<ProcessorSummary[]>;
}
