import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../shared/api/client';
import { fieldErrors, FormProblem } from '../../shared/ui';

type Item = Schemas['ConfirmationItemDto'];
type Offboarding = Schemas['OffboardingResponse'];
type Confirmation = Schemas['ConfirmationDto'];
type Media = NonNullable<Item['media']>;
type Retained = NonNullable<Confirmation['legallyRetainedSets']>[number];
type SubProcessor = NonNullable<Confirmation['subProcessors']>[number];
type SignOff = NonNullable<Confirmation['verificationStep']>;

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

/** The medium as NIST SP 800-88 Rev. 2's sample certificate records it. */
const MEDIA_FIELDS = [
  'make',
  'model',
  'serialNumber',
  'mediaType',
  'source',
  'postSanitizationClassification',
  'destination',
] as const;
const noMedia = (): Media => Object.fromEntries(MEDIA_FIELDS.map((f) => [f, ''])) as Media;
const newRetained = (): Retained => ({
  description: '',
  legalBasis: '',
  retainUntil: '',
  dataCategories: [],
});
const newSubProcessor = (): SubProcessor => ({ name: '', confirmedOn: '', confirmedBy: '', statement: '' });
const noSignOff = (): SignOff => ({ organisation: '', name: '', signedOn: '' });
const SIGN_OFF_FIELDS = ['organisation', 'name', 'signedOn'] as const;

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
  const [subProcessors, setSubProcessors] = useState<SubProcessor[]>([]);
  const [retained, setRetained] = useState(false);
  const [retainedSets, setRetainedSets] = useState<Retained[]>(() => [newRetained()]);
  const [signOffs, setSignOffs] = useState(false);
  const [verification, setVerification] = useState(noSignOff);
  const [validation, setValidation] = useState(noSignOff);
  const setItem = (i: number, patch: Partial<Item>) =>
    setItems((all) => all.map((item, j) => (j === i ? { ...item, ...patch } : item)));
  const setRetainedSet = (i: number, patch: Partial<Retained>) =>
    setRetainedSets((all) => all.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const setSubProcessor = (i: number, patch: Partial<SubProcessor>) =>
    setSubProcessors((all) => all.map((sp, j) => (j === i ? { ...sp, ...patch } : sp)));
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
      subProcessors: subProcessorsCovered && subProcessors.length ? subProcessors : undefined,
      returnLeg: returned ? returnLeg : undefined,
      legallyRetainedSets: retained ? retainedSets : undefined,
      verificationStep: signOffs ? verification : undefined,
      // Validation follows verification; it may not have happened yet.
      validationStep: signOffs && Object.values(validation).some((v) => v.trim()) ? validation : undefined,
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
              <Checkbox
                label={label('withMedia')}
                checked={!!item.media}
                onChange={(e) => setItem(i, { media: e.currentTarget.checked ? noMedia() : undefined })}
              />
              {item.media && (
                <Fieldset legend={label('media', { n: i + 1 })}>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    {MEDIA_FIELDS.map((key) => (
                      <TextInput
                        key={key}
                        label={label(`mediaFields.${key}`)}
                        required
                        value={item.media?.[key] ?? ''}
                        error={error(`items[${i}].media.${key}`)}
                        onChange={(e) =>
                          item.media && setItem(i, { media: { ...item.media, [key]: e.currentTarget.value } })
                        }
                      />
                    ))}
                  </SimpleGrid>
                </Fieldset>
              )}
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
        {subProcessorsCovered && (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {label('subProcessorsHint')}
            </Text>
            {subProcessors.map((sp, i) => (
              <Fieldset key={i} legend={label('subProcessor', { n: i + 1 })}>
                <Stack>
                  <SimpleGrid cols={{ base: 1, sm: 3 }}>
                    <TextInput
                      label={label('subProcessorName')}
                      required
                      value={sp.name}
                      error={error(`subProcessors[${i}].name`)}
                      onChange={(e) => setSubProcessor(i, { name: e.currentTarget.value })}
                    />
                    <TextInput
                      type="date"
                      label={label('confirmedOn')}
                      required
                      value={sp.confirmedOn}
                      error={error(`subProcessors[${i}].confirmedOn`)}
                      onChange={(e) => setSubProcessor(i, { confirmedOn: e.currentTarget.value })}
                    />
                    <TextInput
                      label={label('confirmedBy')}
                      required
                      value={sp.confirmedBy}
                      error={error(`subProcessors[${i}].confirmedBy`)}
                      onChange={(e) => setSubProcessor(i, { confirmedBy: e.currentTarget.value })}
                    />
                  </SimpleGrid>
                  <Textarea
                    label={label('statement')}
                    description={label('statementHint')}
                    required
                    autosize
                    minRows={2}
                    value={sp.statement}
                    error={error(`subProcessors[${i}].statement`)}
                    onChange={(e) => setSubProcessor(i, { statement: e.currentTarget.value })}
                  />
                  <Group>
                    <Button
                      variant="subtle"
                      color="red"
                      onClick={() => setSubProcessors((all) => all.filter((_, j) => j !== i))}
                    >
                      {label('removeSubProcessor', { n: i + 1 })}
                    </Button>
                  </Group>
                </Stack>
              </Fieldset>
            ))}
            <Group>
              <Button
                variant="default"
                onClick={() => setSubProcessors((all) => [...all, newSubProcessor()])}
              >
                {label('addSubProcessor')}
              </Button>
            </Group>
          </Stack>
        )}
        <Checkbox
          label={label('retained')}
          checked={retained}
          onChange={(e) => setRetained(e.currentTarget.checked)}
        />
        {retained && (
          <Stack>
            {retainedSets.map((r, i) => (
              <Fieldset key={i} legend={label('retainedSet', { n: i + 1 })}>
                <Stack>
                  <Textarea
                    label={label('retainedDescription')}
                    required
                    autosize
                    minRows={2}
                    value={r.description}
                    error={error(`legallyRetainedSets[${i}].description`)}
                    onChange={(e) => setRetainedSet(i, { description: e.currentTarget.value })}
                  />
                  <MultiSelect
                    label={label('retainedCategories')}
                    description={label('retainedCategoriesHint')}
                    data={o.dataCategories}
                    value={r.dataCategories ?? []}
                    error={error(`legallyRetainedSets[${i}].dataCategories`)}
                    onChange={(v) => setRetainedSet(i, { dataCategories: v })}
                  />
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput
                      label={label('legalBasis')}
                      required
                      value={r.legalBasis}
                      error={error(`legallyRetainedSets[${i}].legalBasis`)}
                      onChange={(e) => setRetainedSet(i, { legalBasis: e.currentTarget.value })}
                    />
                    <TextInput
                      type="date"
                      label={label('retainUntil')}
                      required
                      value={r.retainUntil}
                      error={error(`legallyRetainedSets[${i}].retainUntil`)}
                      onChange={(e) => setRetainedSet(i, { retainUntil: e.currentTarget.value })}
                    />
                  </SimpleGrid>
                  {retainedSets.length > 1 && (
                    <Group>
                      <Button
                        variant="subtle"
                        color="red"
                        onClick={() => setRetainedSets((all) => all.filter((_, j) => j !== i))}
                      >
                        {label('removeRetained', { n: i + 1 })}
                      </Button>
                    </Group>
                  )}
                </Stack>
              </Fieldset>
            ))}
            <Group>
              <Button variant="default" onClick={() => setRetainedSets((all) => [...all, newRetained()])}>
                {label('addRetained')}
              </Button>
            </Group>
          </Stack>
        )}
        <Checkbox
          label={label('signOffs')}
          checked={signOffs}
          onChange={(e) => setSignOffs(e.currentTarget.checked)}
        />
        {signOffs &&
          (
            [
              ['verificationStep', verification, setVerification],
              ['validationStep', validation, setValidation],
            ] as const
          ).map(([step, value, set]) => (
            <Fieldset key={step} legend={label(step)}>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                {SIGN_OFF_FIELDS.map((key) => (
                  <TextInput
                    key={key}
                    type={key === 'signedOn' ? 'date' : 'text'}
                    label={label(`signOff.${key}`)}
                    required={step === 'verificationStep'}
                    value={value[key]}
                    error={error(`${step}.${key}`)}
                    onChange={(e) => {
                      const next = e.currentTarget.value;
                      set((v) => ({ ...v, [key]: next }));
                    }}
                  />
                ))}
              </SimpleGrid>
            </Fieldset>
          ))}
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
