import { Checkbox, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CLAUSES, type ClauseId } from './hooks';

/** A clause as a form edits it; (h) may be met by audit reports only, which does not satisfy it. */
export interface ClauseEntry {
  covered: boolean;
  reference?: string;
  auditReportsOnly?: boolean;
}

export type ClauseEntries = Record<ClauseId, ClauseEntry | undefined>;

/** The clause on which audit reports alone may be offered instead of audits (Art. 28(3)(h)). */
const AUDIT_CLAUSE: ClauseId = 'A28_3_H';

/** The checklist as the API takes it: every clause, covered or not, with its reference when given. */
export function clausesBody(clauses: ClauseEntries) {
  return Object.fromEntries(
    CLAUSES.map((id) => [
      id,
      {
        covered: clauses[id]?.covered ?? false,
        ...(clauses[id]?.reference ? { reference: clauses[id]?.reference } : {}),
        ...(id === AUDIT_CLAUSE && clauses[id]?.auditReportsOnly ? { auditReportsOnly: true } : {}),
      },
    ]),
  );
}

/** A saved checklist as a form edits it. */
export function clauseEntries(
  clauses: Record<string, { covered?: boolean; reference?: string | null; auditReportsOnly?: boolean }>,
): ClauseEntries {
  return Object.fromEntries(
    Object.entries(clauses).map(([id, c]) => [
      id,
      {
        covered: c.covered ?? false,
        ...(c.reference ? { reference: c.reference } : {}),
        ...(c.auditReportsOnly ? { auditReportsOnly: true } : {}),
      },
    ]),
  ) as ClauseEntries;
}

/**
 * The Art. 28(3) checklist: each clause covered or not, and where the document covers it; for (h), whether
 * only audit reports are offered. The same list for a data processing agreement and for the contract that
 * flows it down to a sub-processor (Art. 28(4)); `error` gives the server's problem with `clauses.<id>`.
 */
export function ClauseChecklist({
  value: clauses,
  onChange: setClause,
  error: field,
}: {
  value: ClauseEntries;
  onChange: (id: ClauseId, patch: Partial<ClauseEntry>) => void;
  error: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('agreements.clause')}</Table.Th>
            <Table.Th>{t('agreements.covered')}</Table.Th>
            <Table.Th>{t('agreements.clauseReference')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {CLAUSES.map((id) => (
            <Table.Tr key={id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {t(`clauses.${id}`)}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {id}
                </Text>
              </Table.Td>
              <Table.Td>
                <Checkbox
                  aria-label={t('agreements.coveredLabel', { clause: t(`clauses.${id}`) })}
                  checked={clauses[id]?.covered ?? false}
                  onChange={(e) => setClause(id, { covered: e.currentTarget.checked })}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={t('agreements.referenceLabel', { clause: t(`clauses.${id}`) })}
                  placeholder={t('agreements.referencePlaceholder')}
                  value={clauses[id]?.reference ?? ''}
                  error={field(`clauses.${id}`)}
                  onChange={(e) => setClause(id, { reference: e.currentTarget.value })}
                />
                {id === AUDIT_CLAUSE && (
                  <Checkbox
                    mt="xs"
                    size="xs"
                    label={t('agreements.auditReportsOnly')}
                    description={t('agreements.auditReportsOnlyHint')}
                    checked={clauses[id]?.auditReportsOnly ?? false}
                    onChange={(e) => setClause(id, { auditReportsOnly: e.currentTarget.checked })}
                  />
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
