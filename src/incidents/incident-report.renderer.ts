import { Injectable } from '@nestjs/common';
import { Clock, humanUtc } from '../platform/clock/clock';
import { Pdf, pdfLayout, PdfRenderer } from '../platform/pdf/pdf.service';
import { Processor } from '../processors/processor.entity';
import { Incident } from './incident.entity';
import { authorityNotice, NOTIFICATION_WINDOW_HOURS } from './incident-rules';

export interface ReportParties {
  controllerName: string;
  dpos: { name: string; email: string }[];
  processor: Processor;
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
        author: parties.controllerName,
      },
      (doc) => this.draw(doc, incident, parties, now),
    );
  }

  private draw(doc: Pdf, i: Incident, parties: ReportParties, now: Date): void {
    const { field, heading } = pdfLayout;
    heading(doc, 'Personal data breach report', 18);
    doc.text(
      `Prepared by Custos for ${parties.controllerName} on ${humanUtc(now)}. The information may be ` +
        'completed in phases (Art. 33(4) GDPR); this report shows what is known at that time.',
    );

    heading(doc, '1. Controller');
    field(doc, 'Controller', parties.controllerName);
    field(
      doc,
      'Data protection officer',
      parties.dpos.map((d) => `${d.name} <${d.email}>`).join('; ') || 'none designated in Custos',
    );

    heading(doc, '2. The breach');
    field(doc, 'Title', i.title);
    field(doc, 'Status', i.status);
    field(doc, 'Processor', `${parties.processor.name} (${parties.processor.country})`);
    field(doc, "Processor's reference", i.processorReference ?? '');
    field(doc, 'Occurred', at(i.occurredAt));
    field(doc, 'Detected by the processor', at(i.detectedAt));
    field(doc, 'Notified by the processor', at(i.reportedAt));
    field(doc, 'Controller aware since', at(i.awareAt));
    field(doc, `Deadline (${NOTIFICATION_WINDOW_HOURS} hours, Art. 33(1))`, humanUtc(i.notificationDeadline));
    field(doc, 'Nature of the breach (Art. 33(3)(a))', i.nature);

    heading(doc, '3. Personal data and people concerned');
    field(
      doc,
      'Categories of personal data',
      i.dataCategories.map(parties.term).join(', ') || 'not yet known',
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

    heading(doc, '4. Contact point (Art. 33(3)(b))');
    const contact = i.contactPoint;
    field(
      doc,
      'Contact',
      contact ? [contact.name, contact.email, contact.phone].filter(Boolean).join(', ') : 'not yet given',
    );

    heading(doc, '5. Likely consequences (Art. 33(3)(c))');
    doc.text(i.likelyConsequences ?? 'Not yet assessed.');

    heading(doc, '6. Measures taken or proposed (Art. 33(3)(d))');
    doc.text(i.measures ?? 'Not yet recorded.');

    heading(doc, '7. Risk assessment and notifications');
    field(doc, 'Risk', i.riskLevel ? RISK_TEXT[i.riskLevel] : 'not yet assessed (notification presumed due)');
    field(doc, 'Reasoning', i.riskRationale ?? '');
    field(doc, 'Supervisory authority', NOTICE_TEXT[authorityNotice(i, now)]);
    field(doc, 'Authority notified', at(i.authorityNotifiedAt));
    field(doc, "Authority's reference", i.authorityReference ?? '');
    field(doc, 'Reasons for a delay (Art. 33(1))', i.delayReason ?? '');
    field(
      doc,
      'Data subjects (Art. 34)',
      i.subjectsNotifiedAt
        ? `told on ${humanUtc(i.subjectsNotifiedAt)}`
        : i.subjectNoticeExemption
          ? `not told: exemption of Art. 34(3)(${i.subjectNoticeExemption.slice(-1)})`
          : i.riskLevel === 'high_risk'
            ? 'to be told without undue delay'
            : 'not required',
    );
    field(doc, 'Resolution', i.resolution ?? '');

    heading(doc, '8. Documents on file');
    if (i.documents.length === 0) doc.text('None.');
    for (const d of i.documents)
      doc.text(`${d.filename} (${d.contentType}, ${d.size} bytes), SHA-256 ${d.sha256}`);
  }
}
