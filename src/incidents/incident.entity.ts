import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../identity/organization.entity';
import type { AttachedFile } from '../platform/storage/attached-file';
import { Processor } from '../processors/processor.entity';
import { VersionedRecord } from '../platform/database/versioned-record';

export const INCIDENT_STATUSES = ['open', 'contained', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** The controller's assessment of the risk to people's rights and freedoms (Art. 33(1), 34(1)). */
export const RISK_LEVELS = ['unlikely', 'risk', 'high_risk'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Why data subjects need not be told of a high-risk breach (Art. 34(3)(a)–(c)). */
export const SUBJECT_NOTICE_EXEMPTIONS = ['art34_3_a', 'art34_3_b', 'art34_3_c'] as const;
export type SubjectNoticeExemption = (typeof SUBJECT_NOTICE_EXEMPTIONS)[number];

export interface ContactPoint {
  name: string;
  email: string;
  phone?: string;
}

/**
 * A personal-data breach a processor notified (Art. 33(2)), or the controller's own, documented as Art. 33(5) requires: the
 * facts, the effects, the remedial action, and the controller's own notifications with their clock.
 */
@Entity('incident')
@Index('incident_org_processor_status_idx', ['organizationId', 'processorId', 'status'])
@Index('incident_pending_notice_idx', ['notificationDeadline'], {
  where: `status <> 'closed' AND authority_notified_at IS NULL`,
})
@Check('incident_status_check', `"status" IN ('open', 'contained', 'closed')`)
@Check(
  'incident_risk_level_check',
  `"risk_level" IS NULL OR "risk_level" IN ('unlikely', 'risk', 'high_risk')`,
)
@Check(
  'incident_subject_notice_exemption_check',
  `"subject_notice_exemption" IS NULL OR "subject_notice_exemption" IN ('art34_3_a', 'art34_3_b', 'art34_3_c')`,
)
export class Incident extends VersionedRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => Organization, { name: 'incident_organization_fk' })
  organizationId: string;

  /** Null for the controller's own breach (no processor involved). */
  @Column('uuid', { nullable: true })
  @ForeignKey(() => Processor, { name: 'incident_processor_fk' })
  processorId: string | null;

  @Column('text')
  title: string;

  /** The processor's own reference for the breach, if it gave one. */
  @Column('text', { nullable: true })
  processorReference: string | null;

  @Column('text', { default: 'open' })
  status: IncidentStatus;

  /** What happened (Art. 33(3)(a)). */
  @Column('text')
  nature: string;

  @Column('timestamptz', { nullable: true })
  occurredAt: Date | null;

  /** When the processor detected it. */
  @Column('timestamptz', { nullable: true })
  detectedAt: Date | null;

  /** When the processor told the controller (Art. 33(2)). */
  @Column('timestamptz')
  reportedAt: Date;

  /** When the controller became aware: the 72 hours of Art. 33(1) run from here. */
  @Column('timestamptz')
  awareAt: Date;

  /** When the breach itself ended (the data no longer exposed), as far as known. */
  @Column('timestamptz', { nullable: true })
  endedAt: Date | null;

  /** awareAt + 72 hours, kept for the sweep and the list. */
  @Column('timestamptz')
  notificationDeadline: Date;

  @Column('text', { array: true, default: '{}' })
  dataCategories: string[];

  @Column('text', { array: true, default: '{}' })
  dataSubjectCategories: string[];

  @Column('integer', { nullable: true })
  approxSubjectCount: number | null;

  @Column('integer', { nullable: true })
  approxRecordCount: number | null;

  /** Where more information can be obtained (Art. 33(3)(b)). */
  @Column('jsonb', { nullable: true })
  contactPoint: ContactPoint | null;

  /** Art. 33(3)(c). */
  @Column('text', { nullable: true })
  likelyConsequences: string | null;

  /** Measures taken or proposed, including to mitigate its effects (Art. 33(3)(d)). */
  @Column('text', { nullable: true })
  measures: string | null;

  /** Whether the breach affects people in more than one Member State (Art. 56: one-stop shop). */
  @Column('boolean', { nullable: true })
  crossBorder: boolean | null;

  /** The lead supervisory authority of a cross-border breach. */
  @Column('text', { nullable: true })
  leadAuthority: string | null;

  /** Whether the data concerned was encrypted (relevant to Art. 34(3)(a)), and how or with what caveat. */
  @Column('boolean', { nullable: true })
  dataEncrypted: boolean | null;

  @Column('text', { nullable: true })
  encryptionNote: string | null;

  /** Null until the controller has assessed the risk; until then notification is presumed due. */
  @Column('text', { nullable: true })
  riskLevel: RiskLevel | null;

  /** Why no notification is needed, or the reasoning behind the rating (kept for the regulator). */
  @Column('text', { nullable: true })
  riskRationale: string | null;

  @Column('timestamptz', { nullable: true })
  authorityNotifiedAt: Date | null;

  /** Which supervisory authority was notified. */
  @Column('text', { nullable: true })
  authorityName: string | null;

  @Column('text', { nullable: true })
  authorityReference: string | null;

  /** Reasons for notifying the authority after 72 hours (Art. 33(1), second sentence). */
  @Column('text', { nullable: true })
  delayReason: string | null;

  @Column('timestamptz', { nullable: true })
  subjectsNotifiedAt: Date | null;

  /** The Art. 34 communication: how the people were told, how many, and what they were told. */
  @Column('text', { nullable: true })
  subjectsNoticeChannel: string | null;

  @Column('integer', { nullable: true })
  subjectsNotifiedCount: number | null;

  @Column('text', { nullable: true })
  subjectsNoticeContent: string | null;

  @Column('text', { nullable: true })
  subjectNoticeExemption: SubjectNoticeExemption | null;

  @Column('text', { nullable: true })
  resolution: string | null;

  /** The processor's notice and later reports, the notification sent to the authority… */
  @Column('jsonb', { default: [] })
  documents: AttachedFile[];

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @Column('uuid', { nullable: true })
  closedBy: string | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;
}
