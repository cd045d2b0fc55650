import type { ConsolePage } from '../../platform/mail/console-url';

/** A reminder row the sweep has just inserted, with what its e-mail says. */
export interface DueReminder {
  id: string;
  organization_id: string;
  kind: string;
  subject_key: string;
  threshold: number;
  due_on: string;
  audience: 'legal' | 'dpo' | 'processor';
  subject: string;
  summary: string;
  /** The console page where the reader acts, and the record on it (none for area pages). */
  page: ConsolePage;
  page_id: string | null;
  processor_id: string | null;
  /** For the processor audience: its contact address. */
  processor_email?: string | null;
  /** For the processor audience: the legal user who wrote to it, who receives its replies. */
  reply_to?: string | null;
}
