import type { ContactDetails, Representative } from '../organization-profile/profile-types';

/** The profile's own types, read in every record's header. */
export type { ContactDetails, ProfileSnapshot, Representative } from '../organization-profile/profile-types';
import type { LegalBasis } from './legal-bases';

export interface JointController {
  name: string;
  contact: string;
}

export const RECIPIENT_TYPES = [
  'internal',
  'external',
  'public_authority',
  'international_organisation',
] as const;
export type RecipientType = (typeof RECIPIENT_TYPES)[number];

/** Transfer tools a recipient or a controller's transfer may rest on (Arts. 45-49). */
export const SAFEGUARDS = [
  'adequacy_decision',
  'scc_2021_914_module_1',
  'scc_2021_914_module_2',
  'scc_2021_914_module_3',
  'scc_2021_914_module_4',
  'bcr',
  'code_of_conduct',
  'certification',
  'public_authority_instrument',
  'sa_adopted_scc',
  'ad_hoc_clauses',
  'administrative_arrangement',
  'art49_derogation',
] as const;
export type Safeguard = (typeof SAFEGUARDS)[number];

/** A recipient other than a processor: a department, another controller, an authority. */
export interface OtherRecipient {
  name: string;
  type: RecipientType;
  /** ISO 3166-1 alpha-2, where the recipient receives the data; null when not relevant. */
  country: string | null;
  safeguard: Safeguard | null;
}

export interface RetentionLimit {
  dataCategory: string;
  limit: string;
}

/** The rights of data subjects (Arts. 15-22) an activity lets people exercise. */
export const DATA_SUBJECT_RIGHTS = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
  'automated_decision_review',
] as const;
export type DataSubjectRight = (typeof DATA_SUBJECT_RIGHTS)[number];

export const DPIA_PROGRESS = ['not_started', 'in_progress', 'completed'] as const;
export type DpiaProgress = (typeof DPIA_PROGRESS)[number];

/** One processing activity as recorded (Art. 30(1)): what the history keeps, version by version. */
export interface ActivitySnapshot {
  id: string;
  name: string;
  businessFunction: string | null;
  purposes: string[];
  /** The purpose in the controller's own words, beside the taxonomy keys. */
  purposeDescription: string | null;
  legalBases: LegalBasis[];
  legitimateInterest: string | null;
  /** Where the legitimate-interests assessment is (a link or reference). */
  legitimateInterestsAssessment: string | null;
  /** Where the record of consent is kept (a link or reference). */
  consentRecord: string | null;
  rightsAvailable: DataSubjectRight[];
  /** Automated decision-making, including profiling (Art. 22), described; null when there is none. */
  automatedDecisionMaking: string | null;
  dataSubjectCategories: string[];
  dataCategories: string[];
  /** Where the personal data is held (systems, sites). */
  dataLocation: string | null;
  retention: string;
  retentionByCategory: RetentionLimit[];
  securityMeasures: string;
  dpiaRequired: boolean;
  dpiaProgress: DpiaProgress | null;
  dpiaReference: string | null;
  /** Where breaches affecting this activity are recorded (a link or reference to the breach register). */
  breachRecord: string | null;
  jointControllers: JointController[];
  dataSource: string | null;
  processorIds: string[];
  otherRecipients: OtherRecipient[];
  archivedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ControllerTransfer {
  country: string;
  safeguard: Safeguard;
  reference: string | null;
}

/** One controller the organisation processes for (Art. 30(2)). */
export interface ProcessorEntrySnapshot {
  id: string;
  controllerName: string;
  controllerAddress: string | null;
  controllerContact: ContactDetails;
  controllerRepresentative: Representative | null;
  controllerDpo: ContactDetails | null;
  processingCategories: string[];
  transfers: ControllerTransfer[];
  securityMeasures: string;
  contractReference: string | null;
  archivedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}
