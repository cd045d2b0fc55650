/** The mandatory stipulations of Art. 28(3) GDPR, (a)–(h) and the second subparagraph. */
export const MANDATORY_CLAUSES = [
  'A28_3_A',
  'A28_3_B',
  'A28_3_C',
  'A28_3_D',
  'A28_3_E',
  'A28_3_F',
  'A28_3_G',
  'A28_3_H',
  'A28_3_H2',
] as const;
export type ClauseId = (typeof MANDATORY_CLAUSES)[number];

export const CLAUSE_TEXT: Readonly<Record<ClauseId, string>> = {
  A28_3_A: 'processing only on documented instructions, including for transfers',
  A28_3_B: 'confidentiality of the persons authorised to process',
  A28_3_C: 'all measures required by Art. 32',
  A28_3_D: 'the conditions for engaging sub-processors (Art. 28(2) and (4))',
  A28_3_E: "assistance with data subjects' requests",
  A28_3_F: 'assistance with Arts. 32-36 (security, breaches, DPIA, prior consultation)',
  A28_3_G: 'deletion or return of all data at the end of the services',
  A28_3_H: 'information to demonstrate compliance, audits and inspections',
  A28_3_H2: 'informing the controller of instructions that infringe data protection law',
};

export interface ClauseCoverage {
  covered: boolean;
  /** Where the signed document covers it, e.g. "§ 7.2". */
  reference: string | null;
}

export type Clauses = Record<ClauseId, ClauseCoverage>;

export function missingClauses(clauses: Partial<Clauses>): ClauseId[] {
  return MANDATORY_CLAUSES.filter((id) => !clauses[id]?.covered);
}
