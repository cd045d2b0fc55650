import {
  Anchor,
  Button,
  Card,
  Collapse,
  FileInput,
  Group,
  MultiSelect,
  Select,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can, WRITE } from '../../app/areas';
import { saveBlob, type Schemas } from '../../shared/api/client';
import { formatDateTime } from '../../shared/format';
import {
  ErrorNotice,
  fieldErrors,
  FormProblem,
  ListState,
  PageHeader,
  Pager,
  SimpleTable,
} from '../../shared/ui';
import {
  termOptions,
  TermTree,
  useDestinationOptions,
  useTermNames,
  useVocabulary,
} from '../../shared/vocabularies';
import { useMe } from '../auth/session';
import { ProcessorPicker } from '../processors/ProcessorPicker';
import { parseCsv, toCsv } from './csv';
import { useTransferBatch, useTransferCheck, useTransferDecisions, type TransferCheck } from './hooks';
import { Answer } from './Reasons';
import { Destinations } from './Destinations';

export const BATCH_LIMIT = 1000;
const CSV_COLUMNS = ['processorId', 'dataCategories', 'purpose', 'destinationCountry'] as const;

function CheckForm() {
  const { t } = useTranslation();
  const categories = useVocabulary('data-categories');
  const uses = useVocabulary('data-uses');
  const destinations = useDestinationOptions();
  const [treeOpen, tree] = useDisclosure(false);
  const [processorId, setProcessorId] = useState<string | null>(null);
  const [dataCategories, setCategories] = useState<string[]>([]);
  const [purpose, setPurpose] = useState<string | null>(null);
  const [destinationCountry, setDestination] = useState<string | null>(null);
  const check = useTransferCheck();
  const field = fieldErrors(check.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    check.mutate({
      processorId: processorId ?? '',
      dataCategories,
      purpose: purpose ?? '',
      ...(destinationCountry ? { destinationCountry } : {}),
    });
  }

  return (
    <Card withBorder padding="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h3">
            {t('transfers.newCheck')}
          </Title>
          <ProcessorPicker
            label={t('transfers.processor')}
            required
            value={processorId}
            onChange={setProcessorId}
            error={field('processorId')}
          />
          <MultiSelect
            label={t('transfers.dataCategories')}
            required
            searchable
            data={termOptions(categories.data?.items)}
            value={dataCategories}
            onChange={setCategories}
            error={field('dataCategories')}
            maxDropdownHeight={260}
          />
          <Group gap="xs">
            <Anchor component="button" type="button" size="sm" onClick={tree.toggle} aria-expanded={treeOpen}>
              {treeOpen ? t('transfers.hideTree') : t('transfers.browseTree')}
            </Anchor>
          </Group>
          <Collapse expanded={treeOpen}>
            {categories.data && (
              <TermTree
                terms={categories.data.items}
                value={dataCategories}
                onChange={setCategories}
                label={t('transfers.categoryTree')}
              />
            )}
          </Collapse>
          <Select
            label={t('transfers.purpose')}
            required
            searchable
            data={termOptions(uses.data?.items)}
            value={purpose}
            onChange={setPurpose}
            error={field('purpose')}
          />
          <Select
            label={t('transfers.destinationCountry')}
            description={t('transfers.destinationHint')}
            searchable
            clearable
            data={destinations}
            value={destinationCountry}
            onChange={setDestination}
            error={field('destinationCountry')}
          />
          <Group>
            <Button type="submit" loading={check.isPending}>
              {t('transfers.check')}
            </Button>
          </Group>
          <FormProblem error={check.error} />
          {check.data && (
            <Answer
              eligible={check.data.eligible}
              reasons={check.data.reasons}
              processorId={check.data.processorId}
            />
          )}
          {check.data && <Destinations destinations={check.data.destinations} />}
          {check.data && (
            <Anchor component={Link} to={`/transfer-checks/${check.data.decisionId}`} size="sm">
              {t('transfers.openDecision')}
            </Anchor>
          )}
        </Stack>
      </form>
    </Card>
  );
}

type BatchResult = Schemas['BatchItemResponse'];

/** Up to 1,000 checks from a CSV file, answered by the batch route; the answers download as CSV. */
function BatchUpload() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string>();
  const [checks, setChecks] = useState<TransferCheck[]>([]);
  const batch = useTransferBatch();

  async function read(f: File | null) {
    setFile(f);
    setProblem(undefined);
    batch.reset();
    if (!f) return;
    const rows = parseCsv(await f.text());
    const header = rows[0]?.map((h) => h.trim());
    if (!header || !CSV_COLUMNS.slice(0, 3).every((c) => header.includes(c))) {
      setProblem(t('transfers.batch.badHeader', { columns: CSV_COLUMNS.join(',') }));
      return;
    }
    const at = (row: string[], column: string) => (row[header.indexOf(column)] ?? '').trim();
    const parsed = rows.slice(1).map((row) => ({
      processorId: at(row, 'processorId'),
      dataCategories: at(row, 'dataCategories')
        .split(/[;|]/)
        .map((s) => s.trim())
        .filter(Boolean),
      purpose: at(row, 'purpose'),
      ...(at(row, 'destinationCountry')
        ? { destinationCountry: at(row, 'destinationCountry').toUpperCase() }
        : {}),
    }));
    if (!parsed.length) setProblem(t('transfers.batch.empty'));
    else if (parsed.length > BATCH_LIMIT)
      setProblem(t('transfers.batch.tooMany', { count: parsed.length, limit: BATCH_LIMIT }));
    setChecks(parsed);
  }

  function downloadResults(results: BatchResult[]) {
    const rows = results.map((r, i) => [
      i + 1,
      checks[i]?.processorId,
      checks[i]?.dataCategories.join(';'),
      checks[i]?.purpose,
      checks[i]?.destinationCountry,
      r.error ? 'error' : r.eligible ? 'eligible' : 'not_eligible',
      r.error ? r.error.code : r.reasons.map((x) => x.code).join(';'),
      r.error ? r.error.detail : r.reasons.map((x) => x.message).join(' | '),
      r.decisionId,
      r.checkedAt,
    ]);
    const header = ['row', ...CSV_COLUMNS, 'outcome', 'codes', 'messages', 'decisionId', 'checkedAt'];
    saveBlob(
      new Blob([toCsv([header, ...rows])], { type: 'text/csv' }),
      `transfer-checks-${new Date().toISOString().slice(0, 10)}.csv`,
    );
  }

  const results = batch.data?.results;
  const eligible = results?.filter((r) => !r.error && r.eligible).length ?? 0;
  return (
    <Card withBorder padding="lg">
      <Stack>
        <Title order={2} size="h3">
          {t('transfers.batch.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('transfers.batch.hint', { columns: CSV_COLUMNS.join(','), limit: BATCH_LIMIT })}
        </Text>
        <FileInput
          label={t('transfers.batch.file')}
          accept=".csv,text/csv"
          value={file}
          onChange={(f) => void read(f)}
          clearButtonProps={{ 'aria-label': t('transfers.batch.clear') }}
          clearable
          error={problem}
        />
        <Group>
          <Button
            onClick={() => batch.mutate(checks)}
            disabled={!checks.length || !!problem}
            loading={batch.isPending}
          >
            {t('transfers.batch.run', { count: checks.length })}
          </Button>
          {results && (
            <Button variant="default" onClick={() => downloadResults(results)}>
              {t('transfers.batch.download')}
            </Button>
          )}
        </Group>
        {batch.error && <ErrorNotice error={batch.error} />}
        {results && (
          <Text role="status" fw={500}>
            {t('transfers.batch.summary', {
              total: results.length,
              eligible,
              notEligible: results.length - eligible,
            })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function History() {
  const { t } = useTranslation();
  const categoryNames = useTermNames('data-categories');
  const purposeNames = useTermNames('data-uses');
  const [processorId, setProcessorId] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const list = useTransferDecisions({
    processorId: processorId ?? undefined,
    eligible: outcome === null ? undefined : outcome === 'eligible',
    page,
  });
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h3" mb="sm">
        {t('transfers.history')}
      </Title>
      <Group mb="md" align="flex-end" wrap="wrap">
        <ProcessorPicker
          label={t('transfers.filterProcessor')}
          clearable
          value={processorId}
          onChange={(v) => {
            setProcessorId(v);
            setPage(1);
          }}
        />
        <Select
          label={t('transfers.outcome')}
          clearable
          data={[
            { value: 'eligible', label: t('transfers.eligible') },
            { value: 'not_eligible', label: t('transfers.notEligible') },
          ]}
          value={outcome}
          onChange={(v) => {
            setOutcome(v);
            setPage(1);
          }}
        />
      </Group>
      <ListState
        isLoading={list.isLoading}
        error={list.error}
        empty={!list.data?.items.length}
        emptyText={t('transfers.noHistory')}
      >
        <SimpleTable
          head={[
            t('transfers.checkedAt'),
            t('transfers.outcome'),
            t('transfers.purpose'),
            t('transfers.dataCategories'),
            t('transfers.reasons'),
          ]}
          rows={(list.data?.items ?? []).map((d) => [
            <Anchor component={Link} to={`/transfer-checks/${d.id}`} key="l">
              {formatDateTime(d.checkedAt)}
            </Anchor>,
            d.eligible ? t('transfers.eligible') : t('transfers.notEligible'),
            purposeNames([d.purpose]).join(''),
            categoryNames(d.dataCategories).join(', '),
            d.reasons.map((r) => t(`reasons.${r.code}`, { defaultValue: r.code })).join(', ') || '—',
          ])}
        />
        {list.data && (
          <Pager page={page} total={list.data.total} pageSize={list.data.pageSize} onChange={setPage} />
        )}
      </ListState>
    </Card>
  );
}

export default function TransferChecksPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  const mayCheck = can(me.roles, WRITE.transfers);
  return (
    <Stack gap="lg">
      <PageHeader title={t('areas.transferChecks')}>{t('transfers.intro')}</PageHeader>
      {mayCheck && <CheckForm />}
      {mayCheck && <BatchUpload />}
      <History />
    </Stack>
  );
}
