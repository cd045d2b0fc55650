import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  FileButton,
  Group,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { can, WRITE } from '../../app/areas';
import { download } from '../../shared/api/client';
import { formatDate, today } from '../../shared/format';
import { notify } from '../../shared/notify';
import {
  fieldErrors,
  FormProblem,
  ListState,
  problemText,
  Section,
  SimpleTable,
  Dialog,
} from '../../shared/ui';
import { useCountries, useCountryNames, useIsEea } from '../../shared/vocabularies';
import { useMe } from '../auth/session';
import type { Agreement } from './hooks';
import {
  TIA_OUTCOMES,
  useCreateTia,
  useTias,
  useUpdateTia,
  useUploadTiaDocument,
  type Tia,
  type TiaOutcome,
} from './tia-hooks';

/**
 * Where an assessment matters: the destinations for which the agreement records an Art. 46 tool (the
 * gate consults a TIA only there; an Art. 49 derogation never needs one). An agreement without such a
 * tool offers every country outside the EEA. The destination of a TIA being edited is always offered.
 */
function useTiaDestinations(agreement: Agreement, current?: string) {
  const countries = useCountries();
  const isEea = useIsEea();
  const named = useCountryNames();
  const tools = agreement.transferMechanisms
    .filter((m) => m.mechanism !== 'art49_derogation')
    .map((m) => m.country);
  const outside = (countries.data?.items ?? []).map((c) => c.code).filter((code) => isEea && !isEea(code));
  const codes = [...new Set(tools.length ? tools : outside)];
  if (current && !codes.includes(current)) codes.unshift(current);
  return {
    fromAgreement: tools.length > 0,
    options: codes.map((code) => ({ value: code, label: named([code])[0] })),
  };
}

interface FormState {
  destination: string | null;
  assessedOn: string;
  assessor: string;
  lawsAndPractices: string;
  supplementaryMeasures: string;
  measuresInPlace: boolean;
  outcome: TiaOutcome | null;
  reviewOn: string;
}

function TiaForm({ agreement, tia, onDone }: { agreement: Agreement; tia?: Tia; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateTia(agreement.id);
  const update = useUpdateTia(tia?.id ?? '');
  const mutation = tia ? update : create;
  const { options, fromAgreement } = useTiaDestinations(agreement, tia?.destination);
  const [form, setForm] = useState<FormState>(() => ({
    destination: tia?.destination ?? null,
    assessedOn: tia?.assessedOn ?? today(),
    assessor: tia?.assessor ?? '',
    lawsAndPractices: tia?.lawsAndPractices ?? '',
    supplementaryMeasures: tia?.supplementaryMeasures ?? '',
    measuresInPlace: tia?.measuresInPlace ?? false,
    outcome: tia?.outcome ?? null,
    reviewOn: tia?.reviewOn ?? '',
  }));
  const [outcomeMissing, setOutcomeMissing] = useState(false);
  // With one destination to choose, it is chosen.
  const destination = form.destination ?? (options.length === 1 ? options[0].value : null);
  const field = fieldErrors(mutation.error);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.outcome) {
      setOutcomeMissing(true);
      return;
    }
    const fields = {
      destination: destination ?? '',
      assessedOn: form.assessedOn,
      assessor: form.assessor,
      lawsAndPractices: form.lawsAndPractices,
      measuresInPlace: form.measuresInPlace,
      outcome: form.outcome,
      ...(form.reviewOn ? { reviewOn: form.reviewOn } : {}),
    };
    const done = {
      onSuccess: () => {
        notify(t('tias.saved'));
        onDone();
      },
    };
    if (tia) {
      // An empty text clears the measures; the version read makes a concurrent change answer 409.
      update.mutate(
        { ...fields, supplementaryMeasures: form.supplementaryMeasures, version: tia.version },
        done,
      );
    } else {
      create.mutate(
        {
          ...fields,
          ...(form.supplementaryMeasures.trim() ? { supplementaryMeasures: form.supplementaryMeasures } : {}),
        },
        done,
      );
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Select
          label={t('tias.destination')}
          description={fromAgreement ? t('tias.destinationHint') : t('tias.anyDestinationHint')}
          required
          searchable
          allowDeselect={false}
          data={options}
          value={destination}
          error={field('destination')}
          onChange={(v) => set('destination', v)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('tias.assessedOn')}
            required
            max={today()}
            value={form.assessedOn}
            error={field('assessedOn')}
            onChange={(e) => set('assessedOn', e.currentTarget.value)}
          />
          <TextInput
            label={t('tias.assessor')}
            description={t('tias.assessorHint')}
            required
            value={form.assessor}
            error={field('assessor')}
            onChange={(e) => set('assessor', e.currentTarget.value)}
          />
        </SimpleGrid>
        <Textarea
          label={t('tias.lawsAndPractices')}
          description={t('tias.lawsAndPracticesHint')}
          required
          autosize
          minRows={3}
          value={form.lawsAndPractices}
          error={field('lawsAndPractices')}
          onChange={(e) => set('lawsAndPractices', e.currentTarget.value)}
        />
        <Radio.Group
          label={t('tias.outcome')}
          required
          value={form.outcome ?? ''}
          error={field('outcome') ?? (outcomeMissing && !form.outcome ? t('tias.chooseOutcome') : undefined)}
          onChange={(v) => set('outcome', TIA_OUTCOMES.find((o) => o === v) ?? null)}
        >
          <Stack gap={6} mt={6}>
            {TIA_OUTCOMES.map((o) => (
              <Radio key={o} value={o} label={t(`tias.outcomes.${o}`)} />
            ))}
          </Stack>
        </Radio.Group>
        <Textarea
          label={t('tias.supplementaryMeasures')}
          description={t('tias.supplementaryMeasuresHint')}
          required={form.outcome === 'proceed_with_measures'}
          autosize
          minRows={2}
          value={form.supplementaryMeasures}
          error={field('supplementaryMeasures')}
          onChange={(e) => set('supplementaryMeasures', e.currentTarget.value)}
        />
        <Checkbox
          label={t('tias.measuresInPlace')}
          description={t('tias.measuresInPlaceHint')}
          checked={form.measuresInPlace}
          error={field('measuresInPlace')}
          onChange={(e) => set('measuresInPlace', e.currentTarget.checked)}
        />
        <TextInput
          type="date"
          label={t('tias.reviewOn')}
          description={t('tias.reviewOnHint')}
          value={form.reviewOn}
          error={field('reviewOn')}
          onChange={(e) => set('reviewOn', e.currentTarget.value)}
        />
        <FormProblem error={mutation.error} title={t('tias.notSaved')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('tias.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('tias.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DocumentCell({ tia, mayWrite, name }: { tia: Tia; mayWrite: boolean; name: string }) {
  const { t } = useTranslation();
  const attach = useUploadTiaDocument(tia.id);
  const what = { destination: name, date: formatDate(tia.assessedOn) };
  if (tia.document) {
    const { filename } = tia.document;
    return (
      <Anchor
        component="button"
        type="button"
        size="sm"
        onClick={() => {
          download(`/api/v1/transfer-impact-assessments/${tia.id}/document`, filename).catch(
            (error: unknown) => notify(problemText(error, t), 'red'),
          );
        }}
      >
        {filename}
      </Anchor>
    );
  }
  if (!mayWrite) return <>{t('tias.noDocument')}</>;
  return (
    <FileButton
      onChange={(file) =>
        file &&
        attach.mutate(file, {
          onSuccess: () => notify(t('tias.uploaded')),
          onError: (error) => notify(problemText(error, t), 'red'),
        })
      }
      accept="application/pdf,.pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,.docx,text/plain,.txt"
      inputProps={{ 'aria-label': t('tias.documentFile', what) }}
    >
      {(props) => (
        <Button
          variant="default"
          size="xs"
          loading={attach.isPending}
          aria-label={t('tias.attachFor', what)}
          {...props}
        >
          {t('tias.attach')}
        </Button>
      )}
    </FileButton>
  );
}

/**
 * The agreement's transfer impact assessments, and for legal the means to record and correct them: the
 * transfer gate refuses a destination that relies on an Art. 46 tool (TIA_MISSING) until the newest
 * assessment for it allows the transfer.
 */
export function TiaSection({ agreement }: { agreement: Agreement }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const tias = useTias(agreement.id);
  const countries = useCountryNames();
  const [dialog, setDialog] = useState<{ tia?: Tia } | null>(null);
  const mayWrite = can(me.roles, WRITE.agreements);
  const open = agreement.status !== 'terminated' && agreement.status !== 'superseded';
  const items = tias.data?.items ?? [];
  // The gate reads the newest assessment of each destination; older ones are kept as history.
  const newest = new Map<string, string>();
  for (const x of items) {
    const seen = newest.get(x.destination);
    if (!seen || x.assessedOn > seen) newest.set(x.destination, x.assessedOn);
  }
  const name = (code: string) => countries([code])[0];
  const close = () => setDialog(null);

  return (
    <Section title={t('tias.title')}>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('tias.intro')}
        </Text>
        {mayWrite && open && (
          <Group>
            <Button onClick={() => setDialog({})}>{t('tias.record')}</Button>
          </Group>
        )}
        <ListState
          isLoading={tias.isLoading}
          error={tias.error}
          empty={items.length === 0}
          emptyText={t('tias.empty')}
        >
          <SimpleTable
            minWidth={860}
            head={[
              t('tias.destination'),
              t('tias.assessedOn'),
              t('tias.outcome'),
              t('tias.measures'),
              t('tias.reviewOn'),
              t('tias.document'),
              ...(mayWrite ? [t('tias.actions')] : []),
            ]}
            rows={items.map((tia) => {
              const current = newest.get(tia.destination) === tia.assessedOn;
              const destination = name(tia.destination);
              return [
                destination,
                <>
                  {formatDate(tia.assessedOn)}
                  <Text size="xs" c="dimmed">
                    {tia.assessor}
                  </Text>
                </>,
                <Stack gap={4} align="flex-start">
                  <Text size="sm">{t(`tias.outcomes.${tia.outcome}`)}</Text>
                  {current ? (
                    <Badge variant="filled" radius="sm" color={tia.allowsTransfer ? 'green.2' : 'red.2'}>
                      {tia.allowsTransfer ? t('tias.allows') : t('tias.doesNotAllow')}
                    </Badge>
                  ) : (
                    <Text size="xs" c="dimmed">
                      {t('tias.earlier')}
                    </Text>
                  )}
                </Stack>,
                tia.supplementaryMeasures ? (
                  <>
                    <Text size="sm">{tia.measuresInPlace ? t('tias.inPlace') : t('tias.notInPlace')}</Text>
                    <Text size="xs" c="dimmed" lineClamp={3} title={tia.supplementaryMeasures}>
                      {tia.supplementaryMeasures}
                    </Text>
                  </>
                ) : (
                  t('tias.noMeasures')
                ),
                <>
                  {formatDate(tia.reviewOn)}
                  {current && tia.reviewOn && tia.reviewOn < today() && (
                    <Text size="xs" c="orange.9">
                      {t('tias.reviewOverdue')}
                    </Text>
                  )}
                </>,
                <DocumentCell tia={tia} mayWrite={mayWrite} name={destination} />,
                ...(mayWrite
                  ? [
                      <Button
                        variant="default"
                        size="xs"
                        aria-label={t('tias.editFor', { destination, date: formatDate(tia.assessedOn) })}
                        onClick={() => setDialog({ tia })}
                      >
                        {t('tias.edit')}
                      </Button>,
                    ]
                  : []),
              ];
            })}
          />
        </ListState>
      </Stack>
      <Dialog
        opened={dialog !== null}
        onClose={close}
        title={
          dialog?.tia
            ? t('tias.editTitle', { destination: name(dialog.tia.destination) })
            : t('tias.newTitle')
        }
        size="lg"
      >
        {dialog && (
          <TiaForm key={dialog.tia?.id ?? 'new'} agreement={agreement} tia={dialog.tia} onDone={close} />
        )}
      </Dialog>
    </Section>
  );
}
