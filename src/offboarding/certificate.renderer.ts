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
  dataCategories: string[];
  dataSubjectCategories: string[];
  confirmation: Confirmation;
}

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
 * The certificate of return or destruction (Art. 28(3)(g) GDPR; fields after NIST SP 800-88 Rev. 2,
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
        title: `Certificate of ${c.dataHandling === 'return' ? 'return' : 'return or destruction'} of personal data`,
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
    doc
      .font('bold')
      .fontSize(18)
      .fillColor('#1f4e79')
      .text('Certificate of return and destruction of personal data');
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
    pdfLayout.field(doc, 'Data categories', c.dataCategories.join(', '));
    pdfLayout.field(doc, 'Data subjects', c.dataSubjectCategories.join(', '));

    pdfLayout.heading(doc, 'What was done', 13);
    conf.items.forEach((item, i) => {
      doc
        .font('bold')
        .fontSize(10)
        .text(`${i + 1}. ${item.medium}`);
      doc.font('regular');
      pdfLayout.field(doc, '   Data categories', item.dataCategories.join(', '));
      pdfLayout.field(doc, '   Action', item.action);
      pdfLayout.field(doc, '   Sanitisation category', SANITIZATION[item.sanitization] ?? item.sanitization);
      pdfLayout.field(doc, '   Technique', item.technique);
      pdfLayout.field(doc, '   Tool', item.tool ?? 'not stated');
      pdfLayout.field(
        doc,
        '   Verification',
        item.verification === 'full' ? 'full verification' : 'verification by sampling',
      );
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
    if (conf.legallyRetained) {
      pdfLayout.field(
        doc,
        'Retained because the law requires it',
        `${conf.legallyRetained.description} (${conf.legallyRetained.dataCategories.join(', ') || 'as described'}); legal basis: ${conf.legallyRetained.legalBasis}; until ${conf.legallyRetained.retainUntil}. The processor keeps protecting these data until then.`,
      );
    } else {
      pdfLayout.field(doc, 'Retained because the law requires it', 'nothing');
    }

    pdfLayout.heading(doc, 'Sign-off', 13);
    pdfLayout.field(
      doc,
      'Performed by',
      `${conf.performedBy.name}, ${conf.performedBy.title}, ${conf.performedBy.organisation}`,
    );
    pdfLayout.field(doc, 'Verified by', `${conf.verifiedBy.name}, ${conf.verifiedBy.title}`);

    pdfLayout.heading(doc, 'How to verify this certificate', 13);
    doc
      .font('regular')
      .fontSize(9)
      .text(
        `Compute the SHA-256 of this PDF file exactly as received (for example "sha256sum certificate.pdf") and open ` +
          `${this.verificationUrl(c.number)}<the 64 hexadecimal characters>. ` +
          `The answer says whether this file is the certificate issued under number ${c.number}; it reveals nothing else.`,
      );
  }
}
