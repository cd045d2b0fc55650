import { isArt6, isArt9 } from '../legal-bases';
import type { ActivityView } from '../processing-activities.service';
import type { ProcessorEntrySnapshot } from '../record-types';
import {
  contact,
  country,
  legalBasis,
  RECIPIENT_TYPE_TEXT,
  type RecordLabels,
  DPIA_PROGRESS_TEXT,
  RIGHT_TEXT,
  safeguard,
  term,
  transferText,
} from './labels';
import type { ProcessorSummary } from './record-source';

/** A cell: one value, or several that a writer joins (line breaks in XLSX, "; " in CSV). */
export type Cell = string | number | string[];

export interface ColumnSpec<T> {
  header: string;
  /** Width in characters, for the XLSX. */
  width: number;
  value(row: T, labels: RecordLabels): Cell;
}

const yesNo = (value: boolean): string => (value ? 'Yes' : 'No');

function recipients(row: ActivityView, labels: RecordLabels): string[] {
  const names = new Map(
    row.derived.recipients.filter((r) => r.processorId).map((r) => [r.processorId!, r.name]),
  );
  return row.derived.recipients.map((r) => {
    const where = r.country ? ` (${country(labels, r.country)})` : '';
    const ended = r.ended ? ' — engagement ended' : '';
    if (r.kind === 'processor') return `Processor: ${r.name}${where}${ended}`;
    if (r.kind === 'sub_processor') {
      const parent = r.parentId ? names.get(r.parentId) : undefined;
      return `Sub-processor${parent ? ` of ${parent}` : ''}: ${r.name}${where}${ended}`;
    }
    return `${RECIPIENT_TYPE_TEXT[r.type ?? 'external'] ?? r.type}: ${r.name}${where}`;
  });
}

function contracts(row: ActivityView): string[] {
  return row.derived.recipients
    .filter((r) => r.kind !== 'other')
    .map((r) =>
      r.agreement
        ? `${r.name}: ${r.agreement.title}${r.agreement.reference ? ` (${r.agreement.reference})` : ''}, ${r.agreement.status}`
        : `${r.name}: no agreement in force`,
    );
}

function specialData(row: ActivityView, labels: RecordLabels): string[] {
  return row.activity.dataCategories.flatMap((key) => {
    const special = labels.specialCategoryOf(key);
    return special ? [`${term(labels.dataCategories, key)}: Art. ${special.article}, ${special.kind}`] : [];
  });
}

function retention(row: ActivityView, labels: RecordLabels): string[] {
  return [
    row.activity.retention,
    ...row.activity.retentionByCategory.map(
      (r) => `${term(labels.dataCategories, r.dataCategory)}: ${r.limit}`,
    ),
  ];
}

/**
 * The controller record, one row per activity. The Art. 30 and privacy-notice columns follow the ICO's
 * controller template (in its order, with its headings); Custos adds the activity's name first and its
 * flags and identity last. The CSV has the same columns.
 */
export const CONTROLLER_COLUMNS: readonly ColumnSpec<ActivityView>[] = [
  { header: 'Processing activity', width: 28, value: (r) => r.activity.name },
  { header: 'Business function', width: 18, value: (r) => r.activity.businessFunction ?? '' },
  {
    header: 'Purpose of processing',
    width: 36,
    value: (r, l) => [
      ...(r.activity.purposeDescription ? [r.activity.purposeDescription] : []),
      ...r.activity.purposes.map((k) => term(l.dataUses, k)),
    ],
  },
  {
    header: 'Name and contact details of joint controller (if applicable)',
    width: 30,
    value: (r) => r.activity.jointControllers.map((j) => `${j.name}, ${j.contact}`),
  },
  {
    header: 'Categories of individuals',
    width: 28,
    value: (r, l) => r.activity.dataSubjectCategories.map((k) => term(l.dataSubjects, k)),
  },
  {
    header: 'Categories of personal data',
    width: 40,
    value: (r, l) => r.activity.dataCategories.map((k) => term(l.dataCategories, k)),
  },
  { header: 'Categories of recipients', width: 42, value: recipients },
  { header: 'Link to contract with processor', width: 42, value: contracts },
  {
    header:
      'Names of third countries or international organisations that personal data are transferred to (if applicable)',
    width: 28,
    value: (r, l) => [...new Set(r.derived.transfers.map((t) => country(l, t.country)))],
  },
  {
    header:
      'Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)',
    width: 44,
    value: (r, l) => r.derived.transfers.map((t) => transferText(l, t)),
  },
  { header: 'Retention schedule (if possible)', width: 34, value: retention },
  {
    header: 'General description of technical and organisational security measures (if possible)',
    width: 44,
    value: (r) => r.activity.securityMeasures,
  },
  {
    header: 'Article 6 lawful basis for processing personal data',
    width: 30,
    value: (r) => r.activity.legalBases.filter(isArt6).map(legalBasis),
  },
  {
    header: 'Article 9 basis for processing special category data (and Article 10 for criminal offence data)',
    width: 30,
    value: (r) => r.activity.legalBases.filter((b) => isArt9(b) || b === 'art10').map(legalBasis),
  },
  { header: 'Special category or criminal offence data', width: 28, value: specialData },
  {
    header: 'Legitimate interests for the processing (if applicable)',
    width: 30,
    value: (r) => r.activity.legitimateInterest ?? '',
  },
  {
    header: 'Link to record of legitimate interests assessment (if applicable)',
    width: 26,
    value: (r) => r.activity.legitimateInterestsAssessment ?? '',
  },
  {
    header: 'Rights available to individuals',
    width: 30,
    value: (r) => (r.activity.rightsAvailable ?? []).map((k) => RIGHT_TEXT[k] ?? k),
  },
  {
    header: 'Existence of automated decision-making, including profiling (if applicable)',
    width: 28,
    value: (r) => r.activity.automatedDecisionMaking ?? 'None',
  },
  {
    header: 'The source of the personal data (if applicable)',
    width: 24,
    value: (r) => r.activity.dataSource ?? '',
  },
  { header: 'Link to record of consent', width: 24, value: (r) => r.activity.consentRecord ?? '' },
  { header: 'Location of personal data', width: 26, value: (r) => r.activity.dataLocation ?? '' },
  {
    header: 'Data Protection Impact Assessment required?',
    width: 12,
    value: (r) => yesNo(r.activity.dpiaRequired),
  },
  {
    header: 'Data Protection Impact Assessment progress',
    width: 14,
    value: (r) => (r.activity.dpiaProgress ? DPIA_PROGRESS_TEXT[r.activity.dpiaProgress] : ''),
  },
  { header: 'Link to DPIA', width: 20, value: (r) => r.activity.dpiaReference ?? '' },
  {
    header: 'Personal data breach?',
    width: 12,
    value: (r) => (r.activity.breachRecord ? 'Yes' : 'None recorded'),
  },
  {
    header: 'Link to record of personal data breach',
    width: 24,
    value: (r) => r.activity.breachRecord ?? '',
  },
  {
    header: 'Needs attention (Custos)',
    width: 42,
    value: (r) => r.derived.flags.map((f) => `${f.code}: ${f.message}`),
  },
  { header: 'Record ID', width: 38, value: (r) => r.activity.id },
  { header: 'Version', width: 9, value: (r) => r.activity.version },
  { header: 'Last updated (UTC)', width: 22, value: (r) => r.activity.updatedAt },
];

/** The processor record (Art. 30(2)): one row per controller the organisation processes for. */
export const PROCESSOR_RECORD_COLUMNS: readonly ColumnSpec<ProcessorEntrySnapshot>[] = [
  { header: 'Name of the controller', width: 28, value: (e) => e.controllerName },
  { header: 'Address of the controller', width: 30, value: (e) => e.controllerAddress ?? '' },
  { header: 'Contact details of the controller', width: 30, value: (e) => contact(e.controllerContact) },
  {
    header: "Controller's representative (if applicable)",
    width: 30,
    value: (e) => contact(e.controllerRepresentative),
  },
  {
    header: "Controller's data protection officer (if applicable)",
    width: 30,
    value: (e) => contact(e.controllerDpo),
  },
  {
    header: 'Categories of processing carried out on behalf of the controller',
    width: 40,
    value: (e) => e.processingCategories,
  },
  {
    header:
      'Names of third countries or international organisations that personal data are transferred to (if applicable)',
    width: 28,
    value: (e, l) => e.transfers.map((t) => country(l, t.country)),
  },
  {
    header:
      'Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)',
    width: 40,
    value: (e, l) =>
      e.transfers.map(
        (t) => `${country(l, t.country)}: ${safeguard(t.safeguard)}${t.reference ? ` (${t.reference})` : ''}`,
      ),
  },
  {
    header: 'General description of technical and organisational security measures (if possible)',
    width: 44,
    value: (e) => e.securityMeasures,
  },
  { header: 'Contract with the controller', width: 24, value: (e) => e.contractReference ?? '' },
  { header: 'Record ID', width: 38, value: (e) => e.id },
  { header: 'Version', width: 9, value: (e) => e.version },
  { header: 'Last updated (UTC)', width: 22, value: (e) => e.updatedAt },
];

/** The processors the record relies on: agreement, countries, assessment, on the day of the record. */
export const PROCESSOR_COLUMNS: readonly ColumnSpec<ProcessorSummary>[] = [
  { header: 'Processor', width: 28, value: (p) => p.name },
  { header: 'Legal name', width: 28, value: (p) => p.legalName ?? '' },
  { header: 'Sub-processor of', width: 24, value: (p) => p.parentName ?? '' },
  { header: 'Status', width: 16, value: (p) => (p.archivedAt ? `${p.status} (archived)` : p.status) },
  { header: 'Country of establishment', width: 22, value: (p, l) => country(l, p.country) },
  {
    header: 'Processing countries',
    width: 28,
    value: (p, l) => p.processingCountries.map((c) => country(l, c)),
  },
  {
    header: 'Third countries without adequacy',
    width: 26,
    value: (p, l) => p.thirdCountries.map((c) => country(l, c)),
  },
  {
    header: 'EU-US DPF certification',
    width: 22,
    value: (p) =>
      p.dpfCertification
        ? `Confirmed ${p.dpfCertification.lastConfirmedOn} (${p.dpfCertification.scope.map((x) => (x === 'hr' ? 'HR' : 'non-HR')).join(', ')})`
        : 'No',
  },
  {
    header: 'Within partial adequacy decisions',
    width: 22,
    value: (p, l) =>
      p.adequacyScopeConfirmations.map((c) => `${country(l, c.destination)}, confirmed ${c.confirmedOn}`),
  },
  { header: 'Sub-processor authorisation', width: 18, value: (p) => p.authorization ?? '' },
  {
    header: 'Agreement (DPA)',
    width: 32,
    value: (p) =>
      p.agreement
        ? `${p.agreement.title}${p.agreement.reference ? ` (${p.agreement.reference})` : ''}`
        : p.flowDown
          ? `flow-down contract with ${p.parentName ?? 'its processor'} (Art. 28(4)), signed ${p.flowDown.signedOn}: ${p.flowDown.document}`
          : 'none',
  },
  { header: 'Agreement status', width: 16, value: (p) => p.agreement?.status ?? 'none' },
  { header: 'Agreement effective from', width: 14, value: (p) => p.agreement?.effectiveFrom ?? '' },
  { header: 'Agreement expires on', width: 14, value: (p) => p.agreement?.expiresOn ?? '' },
  {
    header: 'Transfer mechanisms',
    width: 40,
    value: (p, l) =>
      (p.agreement?.transferMechanisms ?? []).map(
        (m) => `${country(l, m.country)}: ${safeguard(m.mechanism)}${m.reference ? ` (${m.reference})` : ''}`,
      ),
  },
  {
    header: 'Assessment result',
    width: 18,
    value: (p) => p.assessment?.status ?? 'none',
  },
  { header: 'Assessment score', width: 10, value: (p) => p.assessment?.score ?? '' },
  { header: 'Risk rating', width: 12, value: (p) => p.assessment?.riskRating ?? '' },
  { header: 'Assessment valid until', width: 14, value: (p) => p.assessment?.validUntil ?? '' },
  {
    header: 'Assessment valid on the day',
    width: 12,
    value: (p) => yesNo(p.assessment?.validOnDay ?? false),
  },
  {
    header: 'Personal-data breaches (not closed)',
    width: 14,
    value: (p) => (p.breaches.total ? `${p.breaches.total} (${p.breaches.open} not closed)` : 'none'),
  },
  { header: 'Processor ID', width: 38, value: (p) => p.id },
  {
    header: 'Postal address and contact person',
    width: 36,
    value: (p) => [p.postalAddress ?? 'postal address missing', p.contactPerson ?? 'contact person missing'],
  },
];
