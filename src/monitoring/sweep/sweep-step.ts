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
  link: string;
  processor_id: string | null;
  /** For the processor audience: its contact address. */
  processor_email?: string | null;
}
