import { Injectable } from '@nestjs/common';
import { Clock, humanUtc } from '../platform/clock/clock';
import { Pdf, pdfLayout, PdfRenderer } from '../platform/pdf/pdf.service';
import { Processor } from '../processors/processor.entity';
import { drawRegister, RegisterRow } from './breach-register';
import { Incident } from './incident.entity';
import { authorityNotice, NOTIFICATION_WINDOW_HOURS, processorLateness } from './incident-rules';

export interface ControllerContact {
  controllerName: string;
  address: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  dpo: { name: string | null; email: string | null; phone: string | null } | null;
}

/** The notice period the processor committed to, and where it was committed. */
export interface NoticeCommitment {
  hours: number;
  source: string;
}

export interface ReportParties {
  controller: ControllerContact;
  /** Null for the controller's own breach. */
  processor: Processor | null;
  commitment: NoticeCommitment | null;
  /** The special categories (Arts. 9, 10) among the data categories, in words. */
  specialCategories: string[];
  /** Names of the data categories and subjects, by key. */
  term(key: string): string;
}

const RISK_TEXT: Record<string, string> = {
  unlikely: 'unlikely to result in a risk to the rights and freedoms of natural persons',
  risk: 'likely to result in a risk to the rights and freedoms of natural persons',
  high_risk: 'likely to result in a high risk to the rights and freedoms of natural persons',
};

const NOTICE_TEXT: Record<string, string> = {
  not_required: 'not required (no risk likely; reasons below)',
  pending: 'due',
  overdue: `overdue: more than ${NOTIFICATION_WINDOW_HOURS} hours since the controller became aware`,
  notified: 'notified in time',
  notified_late: `notified after ${NOTIFICATION_WINDOW_HOURS} hours (reasons for the delay below)`,
};

const at = (d: Date | null) => (d ? humanUtc(d) : 'not known');
const yesNo = (value: boolean | null, yes: string, no: string) =>
  value === null ? 'not yet known' : value ? yes : no;
const contactLine = (c: { name: string | null; email: string | null; phone: string | null }) =>
  [c.name, c.email, c.phone].filter(Boolean).join(', ');

/**
 * The breach as the supervisory authority's notification asks for it (Art. 33(3)): what happened, the
 * data and people concerned, a contact point, the likely consequences and the measures; with the
 * controller's risk assessment and notifications, so that it also serves as the Art. 33(5) record.
 */
@Injectable()
export class IncidentReportRenderer {
  constructor(
    private readonly pdf: PdfRenderer,
    private readonly clock: Clock,
  ) {}

  render(incident: Incident, parties: ReportParties): Promise<Buffer> {
    const now = this.clock.now();
    return this.pdf.render(
      {
        // Short: the footer shows the title and the id on every page.
        title: 'Breach report',
        subject: `Personal data breach report (Article 33 GDPR): ${incident.title}`,
        documentId: incident.id,
        keywords: ['GDPR Art. 33', 'personal data breach'],
        author: parties.controller.controllerName,
      },
      (doc) => this.draw(doc, incident, parties, now),
    );
  }

  /** The breach register as a PDF/A document. */
  renderRegister(controllerName: string, organizationId: string, rows: RegisterRow[]): Promise<Buffer> {
    const now = this.clock.now();
    return this.pdf.render(
      {
        title: 'Breach register',
        subject: `Register of personal data breaches (Article 33(5) GDPR) of ${controllerName}`,
        documentId: `${organizationId} · ${now.toISOString().slice(0, 10)}`,
        keywords: ['GDPR Art. 33(5)', 'breach register'],
        author: controllerName,
      },
      (doc) => drawRegister(doc, controllerName, now, rows),
    );
  }

  private draw(doc: Pdf, i: Incident, parties: ReportParties, now: Date): void {
    const { field, heading, paragraph } = pdfLayout;
    const { controller, processor } = parties;
    heading(doc, 'Personal data breach report', 18);
    paragraph(
      doc,
      `Prepared by Custos for ${controller.controllerName} on ${humanUtc(now)}. The information may be ` +
        'completed in phases (Art. 33(4) GDPR); this report shows what is known at that time.',
    );

    heading(doc, '1. Controller and contact point');
    field(doc, 'Controller', controller.controllerName);
    field(doc, 'Address', controller.address ?? 'not recorded in the records profile');
    const dpo = controller.dpo && (controller.dpo.name || controller.dpo.email) ? controller.dpo : null;
    field(
      doc,
      'Contact point (Art. 33(3)(b))',
      dpo
        ? `Data protection officer: ${contactLine(dpo)}`
        : controller.contactEmail
          ? `${contactLine({ name: controller.controllerName, email: controller.contactEmail, phone: controller.contactPhone })} (no data protection officer recorded)`
          : 'not recorded: complete the records profile (controller contact and DPO)',
    );

    heading(doc, '2. The breach');
    field(doc, 'Title', i.title);
    field(doc, 'Status', i.status);
    if (processor) {
      field(doc, 'Where it happened', `at the processor ${processor.name} (${processor.country})`);
      field(doc, "Processor's reference", i.processorReference ?? '');
      field(
        doc,
        "Processor's contact for this breach",
        i.contactPoint ? contactLine({ phone: null, ...i.contactPoint }) : 'not given',
      );
    } else {
      field(doc, 'Where it happened', 'at the controller itself (no processor involved)');
    }
    field(doc, 'Occurred', at(i.occurredAt));
    field(doc, processor ? 'Detected by the processor' : 'Detected', at(i.detectedAt));
    if (processor) {
      field(doc, 'Notified by the processor', at(i.reportedAt));
      field(doc, "Processor's notice (Art. 33(2))", processorLateness(i, parties.commitment));
    }
    field(doc, 'Controller aware since', at(i.awareAt));
    field(doc, 'Breach ended', i.endedAt ? humanUtc(i.endedAt) : 'not known or not yet ended');
    field(doc, `Deadline (${NOTIFICATION_WINDOW_HOURS} hours, Art. 33(1))`, humanUtc(i.notificationDeadline));
    field(doc, 'Nature of the breach (Art. 33(3)(a))', i.nature);
    field(doc, 'Cross-border (Art. 56)', yesNo(i.crossBorder, 'yes', 'no'));
    if (i.crossBorder) field(doc, 'Lead supervisory authority', i.leadAuthority ?? '');

    heading(doc, '3. Personal data and people concerned');
    field(
      doc,
      'Categories of personal data',
      i.dataCategories.map(parties.term).join(', ') || 'not yet known',
    );
    field(
      doc,
      'Special categories (Arts. 9, 10)',
      parties.specialCategories.join(', ') || (i.dataCategories.length ? 'none' : 'not yet known'),
    );
    field(
      doc,
      'Categories of data subjects',
      i.dataSubjectCategories.map(parties.term).join(', ') || 'not yet known',
    );
    field(
      doc,
      'Approximate number of data subjects',
      i.approxSubjectCount?.toLocaleString('en-GB') ?? 'not yet known',
    );
    field(
      doc,
      'Approximate number of records',
      i.approxRecordCount?.toLocaleString('en-GB') ?? 'not yet known',
    );
    field(
      doc,
      'Data encrypted',
      yesNo(i.dataEncrypted, 'yes', 'no') + (i.encryptionNote ? ` (${i.encryptionNote})` : ''),
    );

    heading(doc, '4. Likely consequences (Art. 33(3)(c))');
    paragraph(doc, i.likelyConsequences ?? 'Not yet assessed.');

    heading(doc, '5. Measures taken or proposed (Art. 33(3)(d))');
    paragraph(doc, i.measures ?? 'Not yet recorded.');

    heading(doc, '6. Risk assessment and notifications');
    field(doc, 'Risk', i.riskLevel ? RISK_TEXT[i.riskLevel] : 'not yet assessed (notification presumed due)');
    field(doc, 'Reasoning', i.riskRationale ?? '');
    field(doc, 'Supervisory authority', NOTICE_TEXT[authorityNotice(i, now)]);
    field(
      doc,
      'Authority notified',
      i.authorityNotifiedAt ? `${i.authorityName ?? ''} on ${humanUtc(i.authorityNotifiedAt)}` : 'not yet',
    );
    field(doc, "Authority's reference", i.authorityReference ?? '');
    field(doc, 'Reasons for a delay (Art. 33(1))', i.delayReason ?? '');
    field(
      doc,
      'Data subjects (Art. 34)',
      i.subjectsNotifiedAt
        ? `told on ${humanUtc(i.subjectsNotifiedAt)} by ${i.subjectsNoticeChannel ?? ''}, ` +
            `${(i.subjectsNotifiedCount ?? 0).toLocaleString('en-GB')} people`
        : i.subjectNoticeExemption
          ? `not told: exemption of Art. 34(3)(${i.subjectNoticeExemption.slice(-1)})`
          : i.riskLevel === 'high_risk'
            ? 'to be told without undue delay'
            : 'not required',
    );
    if (i.subjectsNotifiedAt) field(doc, 'What they were told (Art. 34(2))', i.subjectsNoticeContent ?? '');
    field(doc, 'Resolution', i.resolution ?? '');

    heading(doc, '7. Documents on file');
    if (i.documents.length === 0) paragraph(doc, 'None.');
    for (const d of i.documents)
      paragraph(doc, `${d.filename} (${d.contentType}, ${d.size} bytes), SHA-256 ${d.sha256}`);
  }
}
