import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Pdf, pdfLayout, PdfRenderer } from '../platform/pdf/pdf.service';
import { Confirmation, DataHandling } from './offboarding.entity';

export interface CertificateContent {
  number: string;
  issuedOn: string;
  controller: { name: string };
  processor: {
    name: string;
    legalName: string | null;
    country: string;
    registrationNumber: string | null;
    contactEmail: string;
  };
  agreement: {
    id: string;
    title: string;
    reference: string | null;
    effectiveFrom: string;
    terminatedOn: string;
    reason: string;
  };
  dataHandling: DataHandling;
  /** Data categories in words, by key; a key without a name is printed as it is. */
  term?: Readonly<Record<string, string>>;
  /** The processor's signed attestations on file. */
  attestations?: { filename: string; sha256: string; size: number }[];
  dataCategories: string[];
  dataSubjectCategories: string[];
  confirmation: Confirmation;
}

const ACTION: Record<string, string> = {
  returned: 'returned to the controller',
  deleted: 'deleted',
  destroyed: 'destroyed',
  returned_then_deleted: 'returned to the controller, then deleted',
};

const HANDLING: Record<DataHandling, string> = {
  return: 'return of all personal data',
  delete: 'deletion of all personal data',
  return_then_delete: 'return of all personal data, then deletion of all copies',
};

const SANITIZATION: Record<string, string> = {
  clear: 'Clear (logical techniques against simple, non-invasive recovery)',
  purge:
    'Purge (physical or logical techniques that make recovery infeasible with state-of-the-art laboratory techniques)',
  destroy: 'Destruct (the medium can no longer be used to store data)',
};

/**
 * The certificate's title, on its first page, in its metadata and in every page's footer: "of return and
 * destruction", the name e-mails and the console use, unless the controller only asked for the data back.
 */
export function certificateTitle(handling: CertificateContent['dataHandling']): string {
  return `Certificate of ${handling === 'return' ? 'return' : 'return and destruction'} of personal data`;
}

/**
 * The certificate of return and destruction (Art. 28(3)(g) GDPR; fields after NIST SP 800-88 Rev. 2,
 * which superseded Rev. 1 in September 2025), rendered as PDF/A-2b with embedded fonts.
 */
@Injectable()
export class CertificateRenderer {
  constructor(
    private readonly pdf: PdfRenderer,
    private readonly config: AppConfig,
  ) {}

  verificationUrl(number: string): string {
    return `${this.config.publicUrl}/api/v1/certificates/${encodeURIComponent(number)}/verify?sha256=`;
  }

  render(c: CertificateContent): Promise<Buffer> {
    return this.pdf.render(
      {
        title: certificateTitle(c.dataHandling),
        subject: `Certificate ${c.number}: end of processing by ${c.processor.name}`,
        documentId: c.number,
        keywords: ['GDPR Art. 28(3)(g)', 'NIST SP 800-88', c.number],
        author: c.controller.name,
      },
      (doc) => this.draw(doc, c),
    );
  }

  private draw(doc: Pdf, c: CertificateContent): void {
    const conf = c.confirmation;
    doc.font('bold').fontSize(18).fillColor('#1f4e79').text(certificateTitle(c.dataHandling));
    doc.moveDown(0.2).font('regular').fontSize(10).fillColor('#000000');
    doc.text(`Certificate number ${c.number} · issued on ${c.issuedOn}`);
    doc.text(
      'Article 28(3)(g) GDPR · Implementing Decision (EU) 2021/915, clause 10(d) · NIST SP 800-88 Rev. 2',
    );

    pdfLayout.heading(doc, 'Parties', 13);
    pdfLayout.field(doc, 'Controller', c.controller.name);
    pdfLayout.field(
      doc,
      'Processor',
      [c.processor.legalName ?? c.processor.name, c.processor.country, c.processor.registrationNumber]
        .filter(Boolean)
        .join(', '),
    );
    pdfLayout.field(doc, 'Processor contact', c.processor.contactEmail);

    pdfLayout.heading(doc, 'Agreement', 13);
    pdfLayout.field(
      doc,
      'Data processing agreement',
      `${c.agreement.title}${c.agreement.reference ? ` (${c.agreement.reference})` : ''}`,
    );
    pdfLayout.field(doc, 'Agreement id', c.agreement.id);
    pdfLayout.field(doc, 'In force from', c.agreement.effectiveFrom);
    pdfLayout.field(doc, 'Terminated with effect from', c.agreement.terminatedOn);
    pdfLayout.field(doc, 'Reason', c.agreement.reason);
    pdfLayout.field(doc, "Controller's choice", HANDLING[c.dataHandling]);

    pdfLayout.heading(doc, 'Personal data concerned', 13);
    this.categories(doc, 'Data categories', c.dataCategories, c.term);
    pdfLayout.field(doc, 'Data subjects', c.dataSubjectCategories.join(', '));

    pdfLayout.heading(doc, 'What was done', 13);
    conf.items.forEach((item, i) => {
      // Each item's title stays with its first lines.
      doc.font('bold').fontSize(10);
      pdfLayout.keepTogether(
        doc,
        doc.heightOfString(`${i + 1}. ${item.medium}`) + doc.currentLineHeight(true) * 3,
        99,
      );
      doc
        .font('bold')
        .fontSize(10)
        .text(`${i + 1}. ${item.medium}`);
      doc.font('regular');
      this.categories(doc, '   Data categories', item.dataCategories, c.term);
      pdfLayout.field(doc, '   Action', ACTION[item.action] ?? item.action);
      pdfLayout.field(doc, '   Sanitisation category', SANITIZATION[item.sanitization] ?? item.sanitization);
      pdfLayout.field(doc, '   Technique', item.technique);
      pdfLayout.field(doc, '   Tool', item.tool ?? 'not stated');
      pdfLayout.field(
        doc,
        '   Verification',
        item.verification === 'full' ? 'full verification' : 'verification by sampling',
      );
      if (item.media) {
        const m = item.media;
        pdfLayout.field(doc, '   Media', `${m.make} ${m.model}, serial or property number ${m.serialNumber}`);
        pdfLayout.field(doc, '   Media type and source', `${m.mediaType}; from ${m.source}`);
        pdfLayout.field(doc, '   Classification after sanitisation', m.postSanitizationClassification);
        pdfLayout.field(doc, '   Destination of the media', m.destination);
      }
      doc.moveDown(0.3);
    });
    pdfLayout.field(doc, 'Completed on', conf.completedOn);
    pdfLayout.field(
      doc,
      'Sub-processors covered',
      conf.subProcessorsCovered
        ? 'yes: the processor confirms that its sub-processors returned or destroyed the data too'
        : 'no',
    );
    for (const sp of conf.subProcessors ?? []) {
      pdfLayout.field(
        doc,
        `Sub-processor ${sp.name}`,
        `confirmed on ${sp.confirmedOn} by ${sp.confirmedBy}: ${sp.statement}`,
      );
    }
    if (conf.returnLeg) {
      const r = conf.returnLeg;
      pdfLayout.field(
        doc,
        'Return to the controller',
        `on ${r.returnedOn}, as ${r.format}, by ${r.channel}; received by ${r.receivedBy}`,
      );
    }
    const retained = conf.legallyRetainedSets ?? (conf.legallyRetained ? [conf.legallyRetained] : []);
    if (retained.length === 0) pdfLayout.field(doc, 'Retained because the law requires it', 'nothing');
    retained.forEach((r, i) => {
      pdfLayout.field(
        doc,
        retained.length > 1
          ? `Retained because the law requires it (${i + 1} of ${retained.length})`
          : 'Retained because the law requires it',
        `${r.description} (${r.dataCategories.map((k) => (c.term?.[k] ? `${c.term[k]}, ${k}` : k)).join('; ') || 'as described'}); legal basis: ${r.legalBasis}; until ${r.retainUntil}. The processor keeps protecting these data until then.`,
      );
    });

    pdfLayout.heading(doc, 'Sign-off', 13);
    const by = conf.performedBy;
    pdfLayout.field(
      doc,
      'Performed by',
      [`${by.name}, ${by.title}, ${by.organisation}`, by.location, by.phone].filter(Boolean).join('; '),
    );
    pdfLayout.field(doc, 'Verified by', `${conf.verifiedBy.name}, ${conf.verifiedBy.title}`);
    if (conf.verificationStep) {
      const v = conf.verificationStep;
      pdfLayout.field(doc, 'Verification (signed)', `${v.name}, ${v.organisation}, on ${v.signedOn}`);
    }
    if (conf.validationStep) {
      const v = conf.validationStep;
      pdfLayout.field(doc, 'Validation (signed)', `${v.name}, ${v.organisation}, on ${v.signedOn}`);
    }

    pdfLayout.heading(doc, "The processor's signed attestation", 13);
    if (!c.attestations?.length) pdfLayout.paragraph(doc, 'None on file.');
    for (const a of c.attestations ?? []) {
      pdfLayout.paragraph(doc, `${a.filename} (${a.size} bytes), SHA-256 ${a.sha256}`);
    }

    const howTo =
      `Compute the SHA-256 of this PDF file exactly as received (for example "sha256sum certificate.pdf") and open ` +
      `${this.verificationUrl(c.number)}<the 64 hexadecimal characters>. ` +
      `The answer says whether this file is the certificate issued under number ${c.number}; it reveals nothing else.`;
    // The instructions are read as one: heading and text move to the next page together, never split.
    const text = doc.font('regular').fontSize(9).heightOfString(howTo);
    pdfLayout.heading(doc, 'How to verify this certificate', 13, text);
    doc.font('regular').fontSize(9).text(howTo);
  }

  /** Data categories in words, each followed by its key in small type. */
  private categories(
    doc: Pdf,
    label: string,
    keys: string[],
    term: Readonly<Record<string, string>> | undefined,
  ): void {
    doc.font('regular').fontSize(10);
    pdfLayout.keepTogether(doc, doc.heightOfString(`${label}: ${keys.join(', ')}`) * 2);
    doc.font('bold').fontSize(10).fillColor('#000000').text(`${label}: `, { continued: true });
    keys.forEach((key, i) => {
      const last = i === keys.length - 1;
      const name = term?.[key];
      if (name) {
        doc.font('regular').fontSize(10).text(`${name} `, { continued: true });
        doc
          .fontSize(7)
          .fillColor('#555555')
          .text(`(${key})${last ? '' : ', '}`, { continued: !last });
        doc.fillColor('#000000');
      } else {
        doc
          .font('regular')
          .fontSize(10)
          .text(`${key}${last ? '' : ', '}`, { continued: !last });
      }
    });
    if (keys.length === 0) doc.font('regular').text('—');
    doc.font('regular').fontSize(10).fillColor('#000000');
  }
}
