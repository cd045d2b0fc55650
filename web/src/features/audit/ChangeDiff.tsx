import { Code, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Bookkeeping a person does not read as a change of the record. */
const BOOKKEEPING = new Set(['version', 'updatedAt', 'createdAt']);

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  /** The field is new in `after` (a creation, or a field the record did not have). */
  added: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields an event changed: every field of `after` that differs from `before`, and removed ones. */
export function changedFields(before: object | null, after: object | null): FieldChange[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((field) => !BOOKKEEPING.has(field) && !same(b[field], a[field]))
    .map((field) => ({ field, before: b[field], after: a[field], added: !(field in b) }));
}

export const shownValue = (value: unknown): string =>
  value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/** One line per changed field, "field: before → after", for a table cell. */
export function ChangeLines({ before, after }: { before: object | null; after: object | null }) {
  return changedFields(before, after).map((c) => (
    <Text size="sm" key={c.field} style={{ overflowWrap: 'anywhere' }}>
      {c.added
        ? `${c.field}: ${shownValue(c.after)}`
        : `${c.field}: ${shownValue(c.before)} → ${shownValue(c.after)}`}
    </Text>
  ));
}

/** An event's changes as a table of field, before and after, the removed value struck through. */
export function ChangeDiff({ before, after }: { before: object | null; after: object | null }) {
  const { t } = useTranslation();
  const changes = changedFields(before, after);
  if (changes.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('audit.noChanges')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table withTableBorder withColumnBorders verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('audit.field')}</Table.Th>
            <Table.Th>{t('audit.before')}</Table.Th>
            <Table.Th>{t('audit.after')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {changes.map((c) => (
            <Table.Tr key={c.field}>
              <Table.Td>
                <Code>{c.field}</Code>
              </Table.Td>
              <Table.Td
                bg={c.added ? undefined : 'var(--mantine-color-red-light)'}
                style={{ overflowWrap: 'anywhere' }}
              >
                {c.added ? '—' : <del>{shownValue(c.before)}</del>}
              </Table.Td>
              <Table.Td bg="var(--mantine-color-green-light)" style={{ overflowWrap: 'anywhere' }}>
                {shownValue(c.after)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
