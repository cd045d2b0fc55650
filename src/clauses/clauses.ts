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
  /**
   * A28_3_H only: the processor offers its audit reports but refuses inspections. Art. 28(3)(h) asks that
   * it "allow for and contribute to audits, including inspections", so such a clause does not satisfy it.
   */
  auditReportsOnly?: boolean;
}

export type Clauses = Record<ClauseId, ClauseCoverage>;

/** Why a mandatory clause does not count as covered. */
export type ClauseGap = 'not_covered' | 'reference_missing' | 'inspections_not_allowed';

export const CLAUSE_GAP_TEXT: Readonly<Record<ClauseGap, string>> = {
  not_covered: 'not covered by the agreement',
  reference_missing: 'ticked as covered, but the section of the signed document is not named (a draft tick)',
  inspections_not_allowed: 'offers audit reports only; Art. 28(3)(h) requires that inspections be allowed',
};

/**
 * Whether and why a clause falls short. A clause counts only with the section of the signed document
 * that covers it: a bare tick is a draft, not evidence.
 */
export function clauseGap(id: ClauseId, clause: ClauseCoverage | undefined): ClauseGap | null {
  if (!clause?.covered) return 'not_covered';
  if (!clause.reference?.trim()) return 'reference_missing';
  if (id === 'A28_3_H' && clause.auditReportsOnly) return 'inspections_not_allowed';
  return null;
}

export function clauseGaps(clauses: Partial<Clauses>): { clause: ClauseId; gap: ClauseGap }[] {
  return MANDATORY_CLAUSES.flatMap((id) => {
    const gap = clauseGap(id, clauses[id]);
    return gap ? [{ clause: id, gap }] : [];
  });
}

/** The checklist as a caller sends it: a bare tick, or the coverage with its reference. */
export type ClauseInput = Partial<
  Record<ClauseId, boolean | { covered: boolean; reference?: string | null; auditReportsOnly?: boolean }>
>;

/** The checklist as stored: every mandatory clause, a bare `true` kept as a draft tick without reference. */
export function normalizeClauses(input: ClauseInput): Clauses {
  return Object.fromEntries(
    MANDATORY_CLAUSES.map((id) => {
      const value = input[id];
      if (typeof value === 'boolean') return [id, { covered: value, reference: null }];
      const reference = value?.reference?.trim() || null;
      const coverage = { covered: value?.covered ?? false, reference };
      return [id, value?.auditReportsOnly ? { ...coverage, auditReportsOnly: true } : coverage];
    }),
  ) as Clauses;
}

export function missingClauses(clauses: Partial<Clauses>): ClauseId[] {
  return MANDATORY_CLAUSES.filter((id) => clauseGap(id, clauses[id]) !== null);
}

/** SQL: no mandatory clause of the jsonb checklist `clauses` has a gap (`missingClauses` is empty). */
export function clausesCoveredSql(clauses: string): string {
  return `NOT EXISTS (
    SELECT 1 FROM unnest(ARRAY['${MANDATORY_CLAUSES.join("', '")}']) AS m(id)
     WHERE NOT coalesce((${clauses} -> m.id ->> 'covered')::boolean, false)
        OR coalesce(btrim(${clauses} -> m.id ->> 'reference'), '') = ''
        OR (m.id = 'A28_3_H' AND coalesce((${clauses} -> m.id ->> 'auditReportsOnly')::boolean, false)))`;
}
