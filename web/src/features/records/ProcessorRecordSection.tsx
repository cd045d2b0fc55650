import {
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../shared/api/client';
import { formatDateTime } from '../../shared/format';
import { Dialog, fieldErrors, FormProblem, ListState, Pager, SimpleTable } from '../../shared/ui';
import { useCountryOptions } from '../../shared/vocabularies';
import { useTransferText } from './labels';
import { Rows } from './Rows';
import { EntryVersions } from './VersionsSection';
import {
  useArchiveEntry,
  useCreateEntry,
  useProcessorEntries,
  useUpdateEntry,
  type ProcessorEntry,
  type ProcessorEntryInput,
  TRANSFER_TOOLS,
} from './hooks';

const orNull = (v: string) => (v.trim() ? v.trim() : null);

type Transfer = Schemas['ControllerTransferDto'];
/** A transfer row as typed: country and tool may still be empty, and the API names what is missing. */
type TransferRow = { country: string | null; safeguard: Transfer['safeguard'] | null; reference: string };
/** Here a person names the tool for every transfer, an adequacy decision included (Art. 30(2)(c)). */
const CONTROLLER_SAFEGUARDS: Transfer['safeguard'][] = ['adequacy_decision', ...TRANSFER_TOOLS];

function EntryForm({ entry, onDone }: { entry?: ProcessorEntry; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateEntry();
  const update = useUpdateEntry(entry?.id ?? '');
  const save = entry ? update : create;
  const [name, setName] = useState(entry?.controllerName ?? '');
  const [address, setAddress] = useState(entry?.controllerAddress ?? '');
  const [contactName, setContactName] = useState(entry?.controllerContact.name ?? '');
  const [email, setEmail] = useState(entry?.controllerContact.email ?? '');
  const [categories, setCategories] = useState<string[]>(entry?.processingCategories ?? []);
  const [measures, setMeasures] = useState(entry?.securityMeasures ?? '');
  const [contract, setContract] = useState(entry?.contractReference ?? '');
  const [transfers, setTransfers] = useState<TransferRow[]>(
    () => entry?.transfers.map((tr) => ({ ...tr, reference: tr.reference ?? '' })) ?? [],
  );
  const countryOptions = useCountryOptions();
  const field = fieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body: ProcessorEntryInput = {
      controllerName: name.trim(),
      controllerAddress: orNull(address),
      controllerContact: { name: orNull(contactName), email: orNull(email) },
      processingCategories: categories,
      securityMeasures: measures.trim(),
      contractReference: orNull(contract),
      // An empty country or tool goes as it is, so that the API names the row that lacks it.
      transfers: transfers.map((tr) => ({
        country: tr.country ?? '',
        safeguard: tr.safeguard as Transfer['safeguard'],
        reference: orNull(tr.reference),
      })),
    };
    if (entry) update.mutate({ ...body, version: entry.version }, { onSuccess: onDone });
    else create.mutate(body, { onSuccess: onDone });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormProblem error={save.error} title={t('records.entries.notSaved')} />
        <TextInput
          label={t('records.entries.controllerName')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={field('controllerName')}
        />
        <Textarea
          label={t('records.entries.controllerAddress')}
          autosize
          minRows={2}
          value={address}
          onChange={(e) => setAddress(e.currentTarget.value)}
          error={field('controllerAddress')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('records.entries.contactName')}
            value={contactName}
            onChange={(e) => setContactName(e.currentTarget.value)}
            error={field('controllerContact.name')}
          />
          <TextInput
            label={t('records.entries.contactEmail')}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={field('controllerContact')}
          />
        </SimpleGrid>
        <TagsInput
          label={t('records.entries.categories')}
          description={t('records.entries.categoriesHint')}
          required
          value={categories}
          onChange={setCategories}
          error={field('processingCategories')}
        />
        <Textarea
          label={t('records.entries.measures')}
          required
          autosize
          minRows={2}
          value={measures}
          onChange={(e) => setMeasures(e.currentTarget.value)}
          error={field('securityMeasures')}
        />
        <Rows<TransferRow>
          title={t('records.entries.transfers')}
          items={transfers}
          onChange={setTransfers}
          blank={{ country: null, safeguard: null, reference: '' }}
          addLabel={t('records.entries.addTransfer')}
          removeLabel={(i) => t('records.entries.removeTransfer', { n: i + 1 })}
          error={field('transfers')}
          cols={2}
          render={(tr, setRow, i) => (
            <>
              <Select
                label={t('records.entries.transferCountry', { n: i + 1 })}
                data={countryOptions}
                searchable
                value={tr.country}
                onChange={(v) => setRow({ country: v })}
              />
              <Select
                label={t('records.entries.transferSafeguard', { n: i + 1 })}
                data={CONTROLLER_SAFEGUARDS.map((v) => ({ value: v, label: t(`records.safeguards.${v}`) }))}
                value={tr.safeguard}
                onChange={(v) => setRow({ safeguard: v })}
              />
              <TextInput
                label={t('records.entries.transferReference', { n: i + 1 })}
                value={tr.reference}
                onChange={(e) => setRow({ reference: e.currentTarget.value })}
              />
            </>
          )}
        />
        <TextInput
          label={t('records.entries.contract')}
          value={contract}
          onChange={(e) => setContract(e.currentTarget.value)}
          error={field('contractReference')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t('records.entries.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The record the organisation keeps as a processor for other controllers (Art. 30(2)). */
export function ProcessorRecordSection({ asOf, canWrite }: { asOf?: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<ProcessorEntry | 'new' | undefined>();
  const list = useProcessorEntries(page, asOf);
  const archive = useArchiveEntry();
  const transferText = useTransferText();
  const [archiving, setArchiving] = useState<ProcessorEntry>();
  const [history, setHistory] = useState<ProcessorEntry>();
  const writable = canWrite && !asOf;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="entries-heading">
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h3" id="entries-heading">
            {t('records.entries.title')}
          </Title>
          {writable && <Button onClick={() => setEditing('new')}>{t('records.entries.new')}</Button>}
        </Group>
        <Text size="sm" c="dimmed">
          {t('records.entries.intro')}
        </Text>
        <ListState
          isLoading={list.isLoading}
          error={list.error ?? archive.error}
          empty={!list.data?.items.length}
          emptyText={t('records.entries.none')}
        >
          <SimpleTable
            head={[
              t('records.entries.controllerName'),
              t('records.entries.categories'),
              t('records.entries.transfers'),
              t('records.entries.contract'),
              t('records.entries.updated'),
              t('records.entries.actions'),
            ]}
            rows={(list.data?.items ?? []).map((entry) => [
              entry.controllerName,
              entry.processingCategories.join(', '),
              entry.transfers.length
                ? entry.transfers.map(transferText).join('; ')
                : t('records.entries.noTransfers'),
              entry.contractReference ?? '—',
              formatDateTime(entry.updatedAt),
              <Group gap="xs" wrap="nowrap" key="actions">
                <Button
                  size="xs"
                  variant="default"
                  aria-label={t('records.entries.historyNamed', { name: entry.controllerName })}
                  onClick={() => setHistory(entry)}
                >
                  {t('records.entries.history')}
                </Button>
                {writable && (
                  <>
                    <Button
                      size="xs"
                      variant="light"
                      aria-label={t('records.entries.editNamed', { name: entry.controllerName })}
                      onClick={() => setEditing(entry)}
                    >
                      {t('records.entries.edit')}
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={t('records.entries.archiveNamed', { name: entry.controllerName })}
                      loading={archive.isPending && archive.variables === entry.id}
                      onClick={() => setArchiving(entry)}
                    >
                      {t('records.entries.archive')}
                    </Button>
                  </>
                )}
              </Group>,
            ])}
          />
          {list.data && (
            <Pager page={page} total={list.data.total} pageSize={list.data.pageSize} onChange={setPage} />
          )}
        </ListState>
      </Stack>
      <Dialog
        opened={!!archiving}
        onClose={() => setArchiving(undefined)}
        title={t('records.entries.archiveTitle', { name: archiving?.controllerName ?? '' })}
      >
        <Stack>
          <Text size="sm">{t('records.entries.archiveText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setArchiving(undefined)}>
              {t('records.activity.keep')}
            </Button>
            <Button
              color="red"
              loading={archive.isPending}
              onClick={() =>
                archiving && archive.mutate(archiving.id, { onSuccess: () => setArchiving(undefined) })
              }
            >
              {t('records.activity.archiveConfirm')}
            </Button>
          </Group>
        </Stack>
      </Dialog>
      <Dialog
        opened={!!history}
        onClose={() => setHistory(undefined)}
        title={t('records.entries.historyTitle', { name: history?.controllerName ?? '' })}
        size="lg"
      >
        {history && <EntryVersions entryId={history.id} />}
      </Dialog>
      <Dialog
        opened={!!editing}
        onClose={() => setEditing(undefined)}
        title={editing === 'new' ? t('records.entries.new') : t('records.entries.edit')}
        size="lg"
      >
        {editing && (
          <EntryForm entry={editing === 'new' ? undefined : editing} onDone={() => setEditing(undefined)} />
        )}
      </Dialog>
    </Card>
  );
}
