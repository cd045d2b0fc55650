import { readdirSync } from 'node:fs';
import { templatesDir } from '../config/paths';
import { MailTemplates } from '../platform/mail/mail-templates';
import { DIGEST_KINDS } from './reminder-digest';

const templates = new MailTemplates();
const words = (kind: string, facts: Record<string, unknown>) => ({
  subject: templates.renderText(['reminders', kind, 'subject'], facts),
  summary: templates.renderText(['reminders', kind, 'summary'], facts),
});

describe('the wording of the sweep reminders (templates/reminders)', () => {
  it('has a subject and a summary for every kind a digest lists, and the processor reminder', () => {
    const kinds = readdirSync(templatesDir('reminders')).sort();
    expect(kinds).toEqual([...DIGEST_KINDS.map((k) => k.kind), 'offboarding_due_processor'].sort());
  });

  it('words an expiring agreement, ending the sentence with the name once', () => {
    expect(
      words('agreement_expiry', {
        processor: 'Mailwave Inc.',
        title: 'DPA 2026',
        days: 30,
        expiresOn: '2026-03-01',
      }),
    ).toEqual({
      subject: 'Agreement with Mailwave Inc. expires on 2026-03-01',
      summary:
        'The data processing agreement "DPA 2026" with Mailwave Inc. expires in 30 day(s). Renew or replace it before then: without an agreement in force no personal data may go to Mailwave Inc.',
    });
  });

  it('words an overdue check by its type, and a critical finding by its status', () => {
    expect(
      words('check_overdue', { processor: 'Acme GmbH', type: 'periodic_review', dueOn: '2026-02-01' }),
    ).toEqual({
      subject: 'Periodic review of Acme GmbH',
      summary:
        'The periodic review of Acme GmbH was due on 2026-02-01 and has no documented result. Until a result is recorded, Custos refuses transfers to Acme GmbH.',
    });
    expect(
      words('critical_finding_overdue', {
        processor: 'Acme GmbH',
        title: 'No MFA',
        status: 'in_progress',
        dueOn: '2026-02-01',
      }).summary,
    ).toBe(
      'The critical finding "No MFA" at Acme GmbH was to be remedied by 2026-02-01 and is still in progress.',
    );
  });

  it('words the return or destruction of data by how it is handled, for the processor and for legal', () => {
    const facts = (handling: string) => ({ processor: 'Acme GmbH', handling, dueOn: '2026-02-01' });
    expect(words('offboarding_due_processor', facts('return_then_delete')).summary).toMatch(
      /^Our agreement has ended\. Please return then delete all personal data listed in our request .* by 2026-02-01, through the link in our request\. Questions\? Reply to this e-mail\.$/,
    );
    expect(words('offboarding_due_legal', facts('delete'))).toEqual({
      subject: 'Return or destruction of personal data by 2026-02-01: Acme GmbH',
      summary:
        'Acme GmbH must confirm the deletion of the personal data by 2026-02-01. Record the confirmation to issue the certificate.',
    });
    expect(words('offboarding_overdue', facts('return')).summary).toBe(
      'Acme GmbH was to confirm the return of the personal data by 2026-02-01 and has not. Follow up with the processor (Art. 28(3)(g) GDPR).',
    );
  });

  it('refuses facts that a template names but the reminder lacks', () => {
    expect(() => words('objection_window', { processor: 'Acme GmbH' })).toThrow(/endsOn/);
  });
});
