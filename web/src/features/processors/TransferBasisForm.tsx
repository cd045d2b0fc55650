import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, today } from '../../shared/format';
import { notify } from '../../shared/notify';
import { useRows } from '../../shared/rows';
import { Fact, fieldErrors, FormProblem } from '../../shared/ui';
import { useCountryNames, useCountryOptions } from '../../shared/vocabularies';
import {
  usePartialAdequacyDestinations,
  useUpdateProcessor,
  type AdequacyScopeConfirmation,
  type Processor,
} from './hooks';

type DpfScope = 'hr' | 'non_hr';

interface Dpf {
  certified: boolean;
  certifiedOn: string;
  lastConfirmedOn: string;
  scope: DpfScope[];
  reference: string;
}

/**
 * What lets data reach the processor without a transfer tool: its DPF certification (a US recipient)
 * and its confirmations within partial adequacy decisions (Canada's PIPEDA, Japan, Korea). The server
 * checks the rules (no future dates, a first certification not after its last confirmation, only
 * destinations with a partial decision) and its field errors are shown by their fields.
 */
export function TransferBasisForm({ processor, onDone }: { processor: Processor; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateProcessor(processor.id);
  const field = fieldErrors(update.error);
  const day = today();
  const partial = usePartialAdequacyDestinations(day);
  const allCountries = useCountryOptions();
  const countryName = useCountryNames();

  const current = processor.dpfCertification;
  const [dpf, setDpf] = useState<Dpf>({
    certified: processor.dpfCertified || current !== null,
    certifiedOn: current?.certifiedOn ?? '',
    lastConfirmedOn: current?.lastConfirmedOn ?? day,
    scope: current?.scope ?? ['non_hr'],
    reference: current?.reference ?? '',
  });
  const setDpfField = (patch: Partial<Dpf>) => setDpf((d) => ({ ...d, ...patch }));

  const confirmations = useRows<AdequacyScopeConfirmation>(processor.adequacyScopeConfirmations, () => ({
    destination: '',
    confirmedOn: day,
    basis: '',
  }));
  const { rows, set: setRow, add: addRow } = confirmations;

  // Only destinations with a partial decision can be confirmed; should the list not load, every country
  // is offered and the server still refuses the others. A recorded destination stays choosable.
  const destinationOptions = (() => {
    const codes = partial.data?.length ? partial.data : null;
    const offered = codes
      ? allCountries.filter((o) => codes.includes(o.value))
      : allCountries.filter((o) => o.value !== 'US');
    const recorded = processor.adequacyScopeConfirmations
      .map((c) => c.destination)
      .filter((code) => !offered.some((o) => o.value === code))
      .map((code) => ({ value: code, label: countryName([code])[0] }));
    return [...offered, ...recorded];
  })();

  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate(
      {
        dpfCertified: dpf.certified,
        dpfCertification: dpf.certified
          ? {
              certifiedOn: dpf.certifiedOn || null,
              lastConfirmedOn: dpf.lastConfirmedOn,
              scope: dpf.scope,
              reference: dpf.reference.trim() || null,
            }
          : null,
        adequacyScopeConfirmations: rows.map((r) => ({
          destination: r.destination,
          confirmedOn: r.confirmedOn,
          basis: r.basis.trim(),
        })),
        version: processor.version,
      },
      {
        onSuccess: () => {
          notify(t('transferBasis.saved'));
          onDone();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormProblem error={update.error} />
        <Fieldset legend={t('transferBasis.dpf')}>
          <Stack gap="sm">
            <Checkbox
              label={t('transferBasis.dpfCertified')}
              checked={dpf.certified}
              error={field('dpfCertified')}
              onChange={(e) => setDpfField({ certified: e.currentTarget.checked })}
            />
            {dpf.certified && (
              <>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput
                    type="date"
                    label={t('transferBasis.certifiedOn')}
                    description={t('transferBasis.certifiedOnHint')}
                    max={dpf.lastConfirmedOn || day}
                    value={dpf.certifiedOn}
                    error={field('dpfCertification.certifiedOn')}
                    onChange={(e) => setDpfField({ certifiedOn: e.currentTarget.value })}
                  />
                  <TextInput
                    type="date"
                    label={t('transferBasis.lastConfirmedOn')}
                    description={t('transferBasis.lastConfirmedOnHint')}
                    required
                    max={day}
                    value={dpf.lastConfirmedOn}
                    error={field('dpfCertification.lastConfirmedOn')}
                    onChange={(e) => setDpfField({ lastConfirmedOn: e.currentTarget.value })}
                  />
                </SimpleGrid>
                <Checkbox.Group
                  label={t('transferBasis.scope')}
                  required
                  value={dpf.scope}
                  error={field('dpfCertification.scope')}
                  onChange={(value) => setDpfField({ scope: value.filter(isDpfScope) })}
                >
                  <Group mt="xs">
                    <Checkbox value="non_hr" label={t('transferBasis.nonHr')} />
                    <Checkbox value="hr" label={t('transferBasis.hr')} />
                  </Group>
                </Checkbox.Group>
                <TextInput
                  label={t('transferBasis.reference')}
                  value={dpf.reference}
                  error={field('dpfCertification.reference')}
                  onChange={(e) => setDpfField({ reference: e.currentTarget.value })}
                />
              </>
            )}
          </Stack>
        </Fieldset>

        <Fieldset legend={t('transferBasis.confirmations')}>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t('transferBasis.confirmationsHint')}
            </Text>
            {rows.length === 0 && <Text size="sm">{t('transferBasis.noConfirmations')}</Text>}
            {rows.map((row, i) => {
              const at = `adequacyScopeConfirmations[${i}]`;
              const where = row.destination ? countryName([row.destination])[0] : '';
              return (
                <Fieldset key={row.key} legend={where || t('transferBasis.newConfirmation')}>
                  <Stack gap="xs">
                    <SimpleGrid cols={{ base: 1, sm: 2 }}>
                      <Select
                        label={t('transferBasis.destination')}
                        required
                        searchable
                        data={destinationOptions}
                        value={row.destination || null}
                        error={field(`${at}.destination`)}
                        onChange={(value) => setRow(row.key, { destination: value ?? '' })}
                      />
                      <TextInput
                        type="date"
                        label={t('transferBasis.confirmedOn')}
                        required
                        max={day}
                        value={row.confirmedOn}
                        error={field(`${at}.confirmedOn`)}
                        onChange={(e) => setRow(row.key, { confirmedOn: e.currentTarget.value })}
                      />
                    </SimpleGrid>
                    <Textarea
                      label={t('transferBasis.basis')}
                      description={t('transferBasis.basisHint')}
                      required
                      autosize
                      minRows={2}
                      value={row.basis}
                      error={field(`${at}.basis`)}
                      onChange={(e) => setRow(row.key, { basis: e.currentTarget.value })}
                    />
                    <Group justify="flex-end">
                      <Button variant="default" onClick={() => confirmations.remove(row.key)}>
                        {where
                          ? t('transferBasis.removeFor', { destination: where })
                          : t('transferBasis.remove')}
                      </Button>
                    </Group>
                  </Stack>
                </Fieldset>
              );
            })}
            <Group>
              <Button variant="default" onClick={addRow}>
                {t('transferBasis.add')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>

        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            {t('transferBasis.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function isDpfScope(value: string): value is DpfScope {
  return value === 'hr' || value === 'non_hr';
}

/** The transfer basis recorded on a processor, read-only: its DPF certification and its confirmations, as facts. */
export function TransferBasisSummary({ processor }: { processor: Processor }) {
  const { t } = useTranslation();
  const countryName = useCountryNames();
  const dpf = processor.dpfCertification;
  const scope = (dpf?.scope ?? []).map((s) => t(s === 'hr' ? 'transferBasis.hr' : 'transferBasis.nonHr'));
  return (
    <>
      <Fact label={t('transferBasis.dpf')}>
        {dpf
          ? t('transferBasis.dpfSummary', {
              date: formatDate(dpf.lastConfirmedOn),
              scope: scope.join(', '),
            })
          : t('transferBasis.notCertified')}
      </Fact>
      <Fact label={t('transferBasis.confirmations')}>
        {processor.adequacyScopeConfirmations.length
          ? processor.adequacyScopeConfirmations
              .map((c) =>
                t('transferBasis.confirmationSummary', {
                  destination: countryName([c.destination])[0],
                  date: formatDate(c.confirmedOn),
                }),
              )
              .join('\n')
          : t('transferBasis.noConfirmations')}
      </Fact>
    </>
  );
}
