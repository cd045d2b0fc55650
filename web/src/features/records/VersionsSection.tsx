import { Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format';
import { ListState, SimpleTable } from '../../shared/ui';
import { useActivityVersions, useEntryVersions } from './hooks';
import { useTransferText } from './labels';

/** A version of a record: when it held, and what the record said then. */
interface Version {
  version: number;
  validFrom: string;
  validTo: string | null;
}

/** Parts of a snapshot that are bookkeeping, not what the record says. */
const BOOKKEEPING = ['id', 'version', 'createdAt', 'updatedAt'];
/** An activity's recipients, transfers and flags follow from its processors: not what a person changed. */
const DERIVED = ['recipients', 'transfers', 'flags'];

const part = (v: unknown): string => {
  if (v && typeof v === 'object')
    return Object.values(v as Record<string, unknown>)
      .filter(Boolean)
      .map(part)
      .join(' · ');
  return typeof v === 'string' || typeof v === 'number'
    ? String(v)
    : typeof v === 'boolean'
      ? v
        ? '✓'
        : '✗'
      : '';
};

/** A recorded value as a person reads it: lists joined, objects by their parts, nothing as a dash. */
export function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? (value as unknown[]).map(part).join('; ') : '—';
  return part(value) || '—';
}

/** What changed between two snapshots of a record, field by field: before → after. */
export function changes(
  before: object,
  after: object,
  skip: readonly string[] = BOOKKEEPING,
  show: (field: string, value: unknown) => string = (_, value) => shown(value),
) {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !skip.includes(k));
  return keys
    .filter((k) => JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null))
    .map((k) => ({ field: k, before: show(k, a[k]), after: show(k, b[k]) }));
}

type Row = Record<string, string | null | undefined>;

/** A recorded value in words: codes of legal bases, rights, transfer tools and recipient types named. */
function useReadable(): (field: string, value: unknown) => string {
  const { t } = useTranslation();
  const tool = (code: string | null | undefined) => (code ? t(`records.safeguards.${code}`) : null);
  const transferText = useTransferText();
  const each = <T,>(value: unknown, one: (item: T) => string) =>
    Array.isArray(value) && value.length ? (value as T[]).map(one).join('; ') : shown(value);
  return (field, value) => {
    switch (field) {
      case 'legalBases':
        return each<string>(value, (b) => t(`records.bases.${b}.long`));
      case 'rightsAvailable':
        return each<string>(value, (r) => t(`records.rights.${r}`));
      case 'dpiaProgress':
        return typeof value === 'string' ? t(`records.dpia.${value}`) : shown(value);
      case 'transfers':
        return each<Row>(value, transferText);
      case 'otherRecipients':
        return each<Row>(value, (r) =>
          [r.name, t(`records.recipientTypes.${r.type}`), r.country, tool(r.safeguard)]
            .filter(Boolean)
            .join(' · '),
        );
      default:
        return shown(value);
    }
  };
}

/** Every recorded version of an activity, and a before → after comparison of any two. */
export function VersionsSection({ activityId }: { activityId: string }) {
  const { t } = useTranslation();
  const versions = useActivityVersions(activityId);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="versions-heading">
      <Stack>
        <Title order={2} size="h3" id="versions-heading">
          {t('records.versions.title')}
        </Title>
        <Versions versions={versions} snapshot={(v) => v.activity} skip={[...BOOKKEEPING, ...DERIVED]} />
      </Stack>
    </Card>
  );
}

/** Every recorded version of an entry of the processor record, and a comparison of any two. */
export function EntryVersions({ entryId }: { entryId: string }) {
  const versions = useEntryVersions(entryId);
  return <Versions versions={versions} snapshot={(v) => v.entry} />;
}

/** The versions of a record as a table, and what changed between any two (the newest two at first). */
function Versions<V extends Version>({
  versions,
  snapshot,
  skip,
}: {
  versions: UseQueryResult<V[]>;
  snapshot: (version: V) => object;
  skip?: readonly string[];
}) {
  const { t } = useTranslation();
  const items = useMemo(() => versions.data ?? [], [versions.data]);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  useEffect(() => {
    if (items.length >= 2) {
      setFrom(String(items[items.length - 2].version));
      setTo(String(items[items.length - 1].version));
    }
  }, [items]);
  const before = items.find((v) => String(v.version) === from);
  const after = items.find((v) => String(v.version) === to);
  const readable = useReadable();
  const diff = before && after ? changes(snapshot(before), snapshot(after), skip, readable) : [];
  const options = items.map((v) => ({
    value: String(v.version),
    label: t('records.versions.option', { version: v.version, date: formatDateTime(v.validFrom) }),
  }));
  return (
    <ListState
      isLoading={versions.isLoading}
      error={versions.error}
      empty={!items.length}
      emptyText={t('records.versions.none')}
    >
      <SimpleTable
        head={[t('records.versions.version'), t('records.versions.from'), t('records.versions.to')]}
        rows={[...items]
          .reverse()
          .map((v) => [
            `v${v.version}`,
            formatDateTime(v.validFrom),
            v.validTo ? formatDateTime(v.validTo) : t('records.versions.current'),
          ])}
      />
      {items.length < 2 ? (
        <Text size="sm" c="dimmed">
          {t('records.versions.onlyOne')}
        </Text>
      ) : (
        <>
          <Title order={3} size="h5">
            {t('records.versions.compare')}
          </Title>
          <Group wrap="wrap" align="flex-end">
            <Select
              label={t('records.versions.before')}
              data={options}
              value={from}
              onChange={setFrom}
              allowDeselect={false}
              w={{ base: '100%', xs: 260 }}
            />
            <Select
              label={t('records.versions.after')}
              data={options}
              value={to}
              onChange={setTo}
              allowDeselect={false}
              w={{ base: '100%', xs: 260 }}
            />
          </Group>
          {diff.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('records.versions.noChange')}
            </Text>
          ) : (
            <SimpleTable
              head={[
                t('records.versions.field'),
                t('records.versions.beforeValue'),
                t('records.versions.afterValue'),
              ]}
              rows={diff.map((d) => [
                t(`records.fields.${d.field}`, { defaultValue: d.field }),
                <Text size="sm" td="line-through" c="red.9" key="b" style={{ whiteSpace: 'pre-wrap' }}>
                  {d.before}
                </Text>,
                <Text size="sm" c="teal.9" key="a" style={{ whiteSpace: 'pre-wrap' }}>
                  {d.after}
                </Text>,
              ])}
            />
          )}
        </>
      )}
    </ListState>
  );
}
