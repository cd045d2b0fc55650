import {
  Alert,
  Anchor,
  Button,
  Card,
  Code,
  FileInput,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can, WRITE } from '../../app/areas';
import { ApiError, saveBlob, upload, type Schemas } from '../../shared/api/client';
import { ErrorNotice, Fact } from '../../shared/ui';
import { useMe } from '../auth/session';
import type { Processor } from './hooks';

type Comparison = Schemas['SubProcessorListComparison'];
type Difference = Schemas['ListDifferenceView'];
type Kind = Difference['kind'];

/** Who compares a processor's published list (the server's processors.write). */
export const SUB_PROCESSOR_LIST_CHECKERS = WRITE.processors;

/** The columns the API reads (src/processors/subprocessor-list.ts), in the order the template has them. */
const HEADER = 'name,country,processing countries,services';

/** The groups in the order legal works through them: new ones first, then gone, then changed. */
const KINDS: Kind[] = [
  'not_in_custos',
  'listed_twice',
  'not_in_list',
  'country_differs',
  'processing_countries_differ',
];

/** A code line that wraps on a narrow screen instead of running out of its box. */
const WRAP = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

/** Refusals listed one by one; a list with hundreds of bad rows shows the first ones and a count. */
const SHOWN_PROBLEMS = 20;

/** What the list says of a row: one Custos does not know, or the second of a name listed twice (`listed`). */
interface ListedRow {
  country?: string;
  processingCountries?: string[];
  services?: string;
}

function useCompareList(processorId: string) {
  return useMutation({
    mutationFn: (file: File) => {
      // Sent as the browser labels it: the API takes a .csv labelled by a spreadsheet program as CSV.
      const form = new FormData();
      form.append('file', file, file.name);
      return upload<Comparison>(`/api/v1/processors/${processorId}/sub-processor-list/comparison`, form);
    },
  });
}

/** The problem's title and detail as one or two sentences ("Not accepted. The file must be …."). */
function sentences(...parts: (string | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p)
    .map((p) => (/[.!?]$/.test(p) ? p : `${p}.`))
    .join(' ');
}

/** A refused file: the API's problem, with each row it names as "Row n" (the header is row 1). */
function RefusedFile({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  // The form sits above; the refusal must not go unnoticed below the fold.
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'nearest' });
  }, [error]);
  if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 415))
    return (
      <div ref={box}>
        <ErrorNotice error={error} />
      </div>
    );
  const errors = error.problem.errors ?? [];
  const describe = (field: string, message: string) => {
    const row = /^file\[(\d+)\]/.exec(field)?.[1];
    if (row) return t('subProcessorList.problemRow', { row, message });
    if (field === 'file') return t('subProcessorList.problemFile', { message });
    return `${field}: ${message}`;
  };
  return (
    <Alert ref={box} color="red" variant="light" title={t('subProcessorList.notCompared')} role="alert">
      <Stack gap="xs">
        {errors.length ? (
          <List size="sm" spacing={4}>
            {errors.slice(0, SHOWN_PROBLEMS).map((e, i) => (
              <List.Item key={i}>{describe(e.field, e.message)}</List.Item>
            ))}
            {errors.length > SHOWN_PROBLEMS && (
              <List.Item>
                {t('subProcessorList.problemMore', { count: errors.length - SHOWN_PROBLEMS })}
              </List.Item>
            )}
          </List>
        ) : (
          <Text size="sm">{sentences(error.problem.title, error.problem.detail)}</Text>
        )}
        <Text size="sm">{t('subProcessorList.fixHint')}</Text>
      </Stack>
    </Alert>
  );
}

/**
 * One difference: the API's message, its sub-processor's name linked to its record when Custos records
 * it, and what the list says of one Custos does not know.
 */
function DifferenceItem({ difference }: { difference: Difference }) {
  const { t } = useTranslation();
  const listed = (
    difference.kind === 'not_in_custos' || difference.kind === 'listed_twice' ? difference.listed : undefined
  ) as ListedRow | undefined;
  const details = listed
    ? [
        listed.country && t('subProcessorList.listedCountry', { country: listed.country }),
        listed.processingCountries?.length &&
          t('subProcessorList.listedProcessing', { countries: listed.processingCountries.join(', ') }),
        listed.services && t('subProcessorList.listedServices', { services: listed.services }),
      ].filter(Boolean)
    : [];
  // The API's message starts with the sub-processor's name: that name is the link to its record.
  const rest = difference.message.startsWith(difference.name)
    ? difference.message.slice(difference.name.length)
    : null;
  const name = difference.processorId ? (
    <Anchor component={Link} to={`/processors/${difference.processorId}`} fw={600} inherit>
      {difference.name}
    </Anchor>
  ) : (
    <Text component="span" fw={600} inherit>
      {difference.name}
    </Text>
  );
  return (
    <List.Item>
      <Text size="sm">
        {rest === null ? (
          <>
            {name}: {difference.message}
          </>
        ) : (
          <>
            {name}
            {rest}
          </>
        )}
      </Text>
      {details.length > 0 && (
        <Text size="xs" c="dimmed">
          {details.join(' · ')}
        </Text>
      )}
    </List.Item>
  );
}

function Result({
  comparison,
  file,
  processor,
}: {
  comparison: Comparison;
  file: string;
  processor: Processor;
}) {
  const { t } = useTranslation();
  const { differences } = comparison;
  const name = processor.name;
  const title = useRef<HTMLHeadingElement>(null);
  // The result appears below the form: it scrolls into view and takes the focus, which tells a screen
  // reader where the answer starts.
  useEffect(() => {
    title.current?.focus({ preventScroll: true });
    title.current?.scrollIntoView({ block: 'start' });
  }, [comparison]);
  return (
    <Stack gap="md">
      <Title
        ref={title}
        tabIndex={-1}
        order={3}
        size="h4"
        // Clear of the console's header when scrolled to.
        style={{ overflowWrap: 'anywhere', scrollMarginTop: 80 }}
      >
        {t('subProcessorList.result', { file })}
      </Title>
      <SimpleGrid cols={{ base: 3 }} spacing="md" maw={560}>
        <Fact label={t('subProcessorList.listed')}>{String(comparison.listed)}</Fact>
        <Fact label={t('subProcessorList.known')}>{String(comparison.known)}</Fact>
        <Fact label={t('subProcessorList.differenceCount')}>{String(differences.length)}</Fact>
      </SimpleGrid>
      {differences.length === 0 ? (
        <Alert color="teal" variant="light" title={t('subProcessorList.matchesTitle')} role="status">
          {comparison.known === 0
            ? t('subProcessorList.matchesNone', { name })
            : t('subProcessorList.matches', { count: comparison.known, name })}
        </Alert>
      ) : (
        <>
          <Text size="sm" role="status">
            {t('subProcessorList.differencesFound', { count: differences.length })}
          </Text>
          {KINDS.map((kind) => {
            const group = differences.filter((d) => d.kind === kind);
            if (!group.length) return null;
            return (
              <Card withBorder padding="md" key={kind}>
                <Stack gap="xs">
                  <Title order={4} size="h5">
                    {t(`subProcessorList.kind.${kind}`)} ({group.length})
                  </Title>
                  <Text size="sm" c="dimmed" maw={760}>
                    {t(`subProcessorList.kindHint.${kind}`, { name })}
                  </Text>
                  <List spacing="xs" size="sm">
                    {group.map((d, i) => (
                      <DifferenceItem key={`${d.processorId ?? d.name}-${i}`} difference={d} />
                    ))}
                  </List>
                </Stack>
              </Card>
            );
          })}
        </>
      )}
    </Stack>
  );
}

/**
 * Legal uploads the sub-processor list the processor publishes and sees how it differs from what Custos
 * records: sub-processors new on the list, ones no longer on it, and countries that differ. Nothing is
 * changed; each recorded sub-processor links to its page, where legal follows up.
 */
export function SubProcessorListCheck({ processor }: { processor: Processor }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const [file, setFile] = useState<File | null>(null);
  const compare = useCompareList(processor.id);
  if (!can(me.roles, SUB_PROCESSOR_LIST_CHECKERS)) return null;

  const choose = (chosen: File | null) => {
    setFile(chosen);
    compare.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) compare.mutate(file);
  };
  const downloadTemplate = () =>
    // With a byte-order mark, a spreadsheet program opens the file as UTF-8; the API skips it.
    saveBlob(new Blob([`\uFEFF${HEADER}\r\n`], { type: 'text/csv' }), t('subProcessorList.templateFile'));

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <Stack gap="md">
          <Text size="sm">{t('subProcessorList.intro', { name: processor.name })}</Text>
          <form onSubmit={submit} noValidate>
            <Stack gap="sm" align="flex-start">
              <FileInput
                label={t('subProcessorList.file')}
                description={t('subProcessorList.fileHint', { name: processor.name })}
                accept=".csv,text/csv,text/plain"
                required
                clearable
                clearButtonProps={{ 'aria-label': t('subProcessorList.clear') }}
                value={file}
                onChange={choose}
                w="100%"
              />
              <Button type="submit" disabled={!file} loading={compare.isPending}>
                {t('subProcessorList.compare')}
              </Button>
            </Stack>
          </form>
        </Stack>
        <Card withBorder padding="md" bg="var(--mantine-color-gray-light)">
          <Stack gap="xs">
            <Title order={3} size="h5">
              {t('subProcessorList.howTitle')}
            </Title>
            <Text size="sm">{t('subProcessorList.how')}</Text>
            <Text size="sm" fw={500}>
              {t('subProcessorList.headerLabel')}
            </Text>
            <Code block style={WRAP}>
              {HEADER}
            </Code>
            <Text size="sm" fw={500}>
              {t('subProcessorList.exampleLabel')}
            </Text>
            <Code block style={WRAP}>
              {t('subProcessorList.exampleRow')}
            </Code>
            <Group>
              <Button variant="default" size="xs" onClick={downloadTemplate}>
                {t('subProcessorList.template')}
              </Button>
            </Group>
          </Stack>
        </Card>
      </SimpleGrid>
      {compare.error && <RefusedFile error={compare.error} />}
      {compare.data && compare.variables && (
        <Result comparison={compare.data} file={compare.variables.name} processor={processor} />
      )}
    </Stack>
  );
}
