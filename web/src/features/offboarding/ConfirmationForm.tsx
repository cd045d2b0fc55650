import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../shared/api/client';
import { fieldErrors, FormProblem } from '../../shared/ui';

type Item = Schemas['ConfirmationItemDto'];
type Offboarding = Schemas['OffboardingResponse'];

/** Who fills the confirmation in: the processor's contact in the portal, or legal recording theirs. */
export type ConfirmationVoice = 'processor' | 'controller';

const ACTIONS = ['returned', 'deleted', 'destroyed', 'returned_then_deleted'] as const;
const SANITIZATIONS = ['clear', 'purge', 'destroy'] as const;
const VERIFICATIONS = ['full', 'sampling'] as const;
const ACTION_OF: Record<string, Item['action']> = {
  return: 'returned',
  delete: 'deleted',
  return_then_delete: 'returned_then_deleted',
};

const newItem = (o: Pick<Offboarding, 'dataCategories' | 'dataHandling'>): Item => ({
  dataCategories: [...o.dataCategories],
  medium: '',
  action: ACTION_OF[o.dataHandling] ?? 'deleted',
  sanitization: 'purge',
  technique: '',
  tool: '',
  verification: 'full',
});

/**
 * The confirmation of return or destruction, per data set and medium with its NIST SP 800-88
 * sanitisation category, who did and who checked it, sub-processors and what a law keeps; it issues the
 * certificate. The processor's contact sends it through the portal, or legal records the one it received.
 */
export function ConfirmationForm({
  voice,
  offboarding: o,
  pending,
  error: problem,
  problemTitle,
  onSubmit: send,
}: {
  voice: ConfirmationVoice;
  offboarding: Pick<Offboarding, 'dataCategories' | 'dataHandling'>;
  pending: boolean;
  error: unknown;
  problemTitle?: string;
  onSubmit: (body: Schemas['ConfirmationDto']) => void;
}) {
  const { t } = useTranslation();
  const error = fieldErrors(problem);
  const label = (key: string, options?: Record<string, unknown>) =>
    t([`offboarding.form.${voice}.${key}`, `offboarding.form.${key}`], options);
  const [completedOn, setCompletedOn] = useState('');
  const [performedBy, setPerformedBy] = useState({
    name: '',
    title: '',
    organisation: '',
    location: '',
    phone: '',
  });
  const [verifiedBy, setVerifiedBy] = useState({ name: '', title: '' });
  const [items, setItems] = useState<Item[]>(() => [newItem(o)]);
  const [returnLeg, setReturnLeg] = useState({ returnedOn: '', format: '', channel: '', receivedBy: '' });
  const [subProcessorsCovered, setSubProcessorsCovered] = useState(false);
  const [retained, setRetained] = useState(false);
  const [legallyRetained, setLegallyRetained] = useState({
    description: '',
    legalBasis: '',
    retainUntil: '',
  });
  const setItem = (i: number, patch: Partial<Item>) =>
    setItems((all) => all.map((item, j) => (j === i ? { ...item, ...patch } : item)));
  const returned = items.some((item) => item.action === 'returned_then_deleted');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send({
      completedOn,
      performedBy: {
        name: performedBy.name,
        title: performedBy.title,
        organisation: performedBy.organisation,
        location: performedBy.location.trim() || undefined,
        phone: performedBy.phone.trim() || undefined,
      },
      verifiedBy,
      items: items.map((item) => ({ ...item, tool: item.tool?.trim() || undefined })),
      subProcessorsCovered,
      returnLeg: returned ? returnLeg : undefined,
      legallyRetained: retained ? legallyRetained : undefined,
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <TextInput
          type="date"
          label={label('completedOn')}
          required
          value={completedOn}
          error={error('completedOn')}
          onChange={(e) => setCompletedOn(e.currentTarget.value)}
          styles={{ wrapper: { maxWidth: 240 } }}
        />
        <Fieldset legend={label('performedBy')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {(['name', 'title', 'organisation', 'location', 'phone'] as const).map((key) => (
              <TextInput
                key={key}
                label={label(`${key === 'title' ? 'jobTitle' : key}`)}
                required={key === 'name' || key === 'title' || key === 'organisation'}
                value={performedBy[key]}
                error={error(`performedBy.${key}`)}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setPerformedBy((p) => ({ ...p, [key]: value }));
                }}
              />
            ))}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={label('verifiedBy')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {(['name', 'title'] as const).map((key) => (
              <TextInput
                key={key}
                label={label(`${key === 'title' ? 'jobTitle' : key}`)}
                required
                value={verifiedBy[key]}
                error={error(`verifiedBy.${key}`)}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setVerifiedBy((p) => ({ ...p, [key]: value }));
                }}
              />
            ))}
          </SimpleGrid>
        </Fieldset>
        {items.map((item, i) => (
          <Fieldset key={i} legend={label('item', { n: i + 1 })}>
            <Stack>
              <MultiSelect
                label={label('dataCategories')}
                required
                data={o.dataCategories}
                value={item.dataCategories}
                error={error(`items[${i}].dataCategories`)}
                onChange={(v) => setItem(i, { dataCategories: v })}
              />
              <TextInput
                label={label('medium')}
                description={label('mediumHint')}
                required
                value={item.medium}
                error={error(`items[${i}].medium`)}
                onChange={(e) => setItem(i, { medium: e.currentTarget.value })}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Select
                  label={label('action')}
                  required
                  allowDeselect={false}
                  data={ACTIONS.map((a) => ({ value: a, label: label(`actions.${a}`) }))}
                  value={item.action}
                  onChange={(v) => v && setItem(i, { action: v })}
                />
                <Select
                  label={label('verification')}
                  required
                  allowDeselect={false}
                  data={VERIFICATIONS.map((v) => ({
                    value: v,
                    label: label(`verifications.${v}`),
                  }))}
                  value={item.verification}
                  onChange={(v) => v && setItem(i, { verification: v })}
                />
              </SimpleGrid>
              <Select
                label={label('sanitization')}
                description={label('sanitizationHint')}
                required
                allowDeselect={false}
                data={SANITIZATIONS.map((s) => ({
                  value: s,
                  label: label(`sanitizations.${s}`),
                }))}
                value={item.sanitization}
                onChange={(v) => v && setItem(i, { sanitization: v })}
              />
              <TextInput
                label={label('technique')}
                description={label('techniqueHint')}
                required
                value={item.technique}
                error={error(`items[${i}].technique`)}
                onChange={(e) => setItem(i, { technique: e.currentTarget.value })}
              />
              <TextInput
                label={label('tool')}
                value={item.tool ?? ''}
                error={error(`items[${i}].tool`)}
                onChange={(e) => setItem(i, { tool: e.currentTarget.value })}
              />
              {items.length > 1 && (
                <Group>
                  <Button
                    variant="subtle"
                    color="red"
                    onClick={() => setItems((all) => all.filter((_, j) => j !== i))}
                  >
                    {label('removeItem', { n: i + 1 })}
                  </Button>
                </Group>
              )}
            </Stack>
          </Fieldset>
        ))}
        <Group>
          <Button variant="default" onClick={() => setItems((all) => [...all, newItem(o)])}>
            {label('addItem')}
          </Button>
        </Group>
        {returned && (
          <Fieldset legend={label('returnLeg')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {(['returnedOn', 'format', 'channel', 'receivedBy'] as const).map((key) => (
                <TextInput
                  key={key}
                  type={key === 'returnedOn' ? 'date' : 'text'}
                  label={label(`${key}`)}
                  required
                  value={returnLeg[key]}
                  error={error(`returnLeg.${key}`)}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setReturnLeg((r) => ({ ...r, [key]: value }));
                  }}
                />
              ))}
            </SimpleGrid>
          </Fieldset>
        )}
        <Checkbox
          label={label('subProcessorsCovered')}
          checked={subProcessorsCovered}
          onChange={(e) => setSubProcessorsCovered(e.currentTarget.checked)}
        />
        <Checkbox
          label={label('retained')}
          checked={retained}
          onChange={(e) => setRetained(e.currentTarget.checked)}
        />
        {retained && (
          <Stack>
            <Textarea
              label={label('retainedDescription')}
              required
              autosize
              minRows={2}
              value={legallyRetained.description}
              error={error('legallyRetained.description')}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setLegallyRetained((r) => ({ ...r, description: value }));
              }}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={label('legalBasis')}
                required
                value={legallyRetained.legalBasis}
                error={error('legallyRetained.legalBasis')}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setLegallyRetained((r) => ({ ...r, legalBasis: value }));
                }}
              />
              <TextInput
                type="date"
                label={label('retainUntil')}
                required
                value={legallyRetained.retainUntil}
                error={error('legallyRetained.retainUntil')}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setLegallyRetained((r) => ({ ...r, retainUntil: value }));
                }}
              />
            </SimpleGrid>
          </Stack>
        )}
        <FormProblem error={problem} title={problemTitle} />
        <Group>
          <Button type="submit" loading={pending}>
            {label('send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
