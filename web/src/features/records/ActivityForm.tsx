import {
  Alert,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Schemas } from '../../shared/api/client';
import { ErrorNotice, fieldErrors } from '../../shared/ui';
import { termOptions, useDestinationOptions, useIsEea, useVocabulary } from '../../shared/vocabularies';
import { processorOption, ProcessorsPicker } from '../processors/ProcessorPicker';
import { Rows } from './Rows';
import {
  ART6,
  ART9,
  specialOf,
  useCreateActivity,
  useSpecialCategories,
  useUpdateActivity,
  type Activity,
  type ActivityInput,
  type LegalBasis,
  TRANSFER_TOOLS,
} from './hooks';

type Recipient = Schemas['OtherRecipientDto'];
type Right = NonNullable<ActivityInput['rightsAvailable']>[number];
const RIGHTS: Right[] = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
  'automated_decision_review',
];
const RECIPIENT_TYPES: Recipient['type'][] = [
  'internal',
  'external',
  'public_authority',
  'international_organisation',
];

function inputOf(a: Activity): ActivityInput {
  return {
    name: a.name,
    businessFunction: a.businessFunction,
    purposes: a.purposes,
    purposeDescription: a.purposeDescription,
    legalBases: a.legalBases,
    legitimateInterest: a.legitimateInterest,
    legitimateInterestsAssessment: a.legitimateInterestsAssessment,
    consentRecord: a.consentRecord,
    dataSubjectCategories: a.dataSubjectCategories,
    dataCategories: a.dataCategories,
    dataSource: a.dataSource,
    dataLocation: a.dataLocation,
    retention: a.retention,
    retentionByCategory: a.retentionByCategory,
    securityMeasures: a.securityMeasures,
    dpiaRequired: a.dpiaRequired,
    dpiaReference: a.dpiaReference,
    dpiaProgress: a.dpiaProgress,
    jointControllers: a.jointControllers,
    rightsAvailable: a.rightsAvailable,
    automatedDecisionMaking: a.automatedDecisionMaking,
    breachRecord: a.breachRecord,
    processorIds: a.processorIds,
    otherRecipients: a.otherRecipients.map((r) => ({
      name: r.name,
      type: r.type,
      country: r.country,
      ...(r.safeguard ? { safeguard: r.safeguard } : {}),
    })),
  };
}

const EMPTY: ActivityInput = {
  name: '',
  purposes: [],
  legalBases: [],
  dataSubjectCategories: [],
  dataCategories: [],
  retention: '',
  securityMeasures: '',
  dpiaRequired: false,
  processorIds: [],
  jointControllers: [],
  retentionByCategory: [],
  otherRecipients: [],
  rightsAvailable: [],
};

/** Empty texts go to the API as null, so a cleared field clears the record. */
function cleaned(input: ActivityInput): ActivityInput {
  const out: Record<string, unknown> = { ...input };
  for (const [key, value] of Object.entries(out)) {
    if (typeof value === 'string' && key !== 'name' && key !== 'retention' && key !== 'securityMeasures') {
      out[key] = value.trim() ? value : null;
    }
  }
  return out as unknown as ActivityInput;
}

/** The problems the API named for `legalBases`, split by the rule each is about. */
function basisProblems(error: unknown) {
  const errors = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  const of = (pick: (rule: string | undefined) => boolean) =>
    errors
      .filter((e) => e.field === 'legalBases' && pick(e.rule))
      .map((e) => e.message)
      .join('; ') || undefined;
  return {
    art9: of((r) => r === 'art9Condition'),
    art10: of((r) => r === 'art10'),
    other: of((r) => r !== 'art9Condition' && r !== 'art10'),
  };
}

/**
 * A processing activity (Art. 30(1)): new, or (with `activity`) changed. An Art. 9(2) condition is
 * asked for as soon as a special category is chosen; the API decides and names the field it refuses.
 */
export function ActivityForm({
  activity,
  onSaved,
}: {
  activity?: Activity;
  onSaved: (saved: Activity) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateActivity();
  const update = useUpdateActivity(activity?.id ?? '');
  const save = activity ? update : create;
  const field = fieldErrors(save.error);
  const [draft, setDraft] = useState<ActivityInput>(() => (activity ? inputOf(activity) : EMPTY));
  const set = (patch: Partial<ActivityInput>) => setDraft((d) => ({ ...d, ...patch }));
  const text = (key: keyof ActivityInput) => ({
    value: (draft[key] as string | null | undefined) ?? '',
    onChange: (e: { currentTarget: { value: string } }) => set({ [key]: e.currentTarget.value }),
    error: field(key),
  });

  const uses = useVocabulary('data-uses');
  const subjects = useVocabulary('data-subjects');
  const categories = useVocabulary('data-categories');
  const specials = useSpecialCategories();
  const destinations = useDestinationOptions();
  const isEea = useIsEea();
  /** Outside the EEA: a transfer (Chapter V), which needs a transfer tool unless adequacy covers it. */
  const thirdCountry = (code: string) => !!isEea && !isEea(code);

  const special = useMemo(() => {
    const found = draft.dataCategories
      .map((key) => ({ key, special: specialOf(key, specials.data?.items) }))
      .filter((x) => x.special);
    return {
      art9: found.filter((x) => x.special?.article === '9'),
      art10: found.filter((x) => x.special?.article === '10'),
    };
  }, [draft.dataCategories, specials.data]);

  const bases = draft.legalBases;
  const art6 = bases.filter((b) => ART6.includes(b));
  const art9 = bases.find((b) => ART9.includes(b)) ?? null;
  const hasArt10 = bases.includes('art10');
  const setBases = (next: { art6?: LegalBasis[]; art9?: LegalBasis | null; art10?: boolean }) => {
    const a6 = next.art6 ?? art6;
    const a9 = next.art9 !== undefined ? next.art9 : art9;
    const a10 = next.art10 ?? hasArt10;
    set({ legalBases: [...a6, ...(a9 ? [a9] : []), ...(a10 ? (['art10'] as LegalBasis[]) : [])] });
  };

  const basis = basisProblems(save.error);
  const showArt9 = special.art9.length > 0 || !!art9 || !!basis.art9;
  const showArt10 = special.art10.length > 0 || hasArt10 || !!basis.art10;
  const linkedProcessors = useMemo(
    () =>
      (activity?.recipients ?? []).flatMap((r) =>
        r.kind === 'processor' && r.processorId
          ? [processorOption({ id: r.processorId, name: r.name, country: r.country })]
          : [],
      ),
    [activity],
  );
  const categoryOptions = termOptions(categories.data?.items);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = cleaned(draft);
    if (activity) update.mutate({ ...body, version: activity.version }, { onSuccess: onSaved });
    else create.mutate(body, { onSuccess: onSaved });
  }

  // A refusal is seen where it is: the first field it names gets the focus (else the alert on top).
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!save.error) return;
    const form = formRef.current;
    const target =
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form?.querySelector<HTMLElement>('[role="alert"]');
    target?.scrollIntoView({ block: 'center' });
    target?.focus({ preventScroll: true });
  }, [save.error]);

  const hasFieldErrors = save.error instanceof ApiError && !!save.error.problem.errors?.length;

  return (
    <form onSubmit={submit} noValidate ref={formRef}>
      <Stack gap="lg">
        {hasFieldErrors ? (
          <Alert color="red" variant="light" role="alert" title={t('records.form.notSavedFields')} />
        ) : (
          save.error && <ErrorNotice error={save.error} title={t('records.form.notSaved')} />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('records.form.name')} required {...text('name')} />
          <TextInput label={t('records.form.businessFunction')} {...text('businessFunction')} />
        </SimpleGrid>

        <Title order={2} size="h4">
          {t('records.form.purposeSection')}
        </Title>
        <MultiSelect
          label={t('records.form.purposes')}
          required
          searchable
          data={termOptions(uses.data?.items)}
          value={draft.purposes}
          onChange={(v) => set({ purposes: v })}
          error={field('purposes')}
        />
        <Textarea
          label={t('records.form.purposeDescription')}
          autosize
          minRows={2}
          {...text('purposeDescription')}
        />

        <Title order={2} size="h4">
          {t('records.form.dataSection')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <MultiSelect
            label={t('records.form.dataSubjects')}
            required
            searchable
            data={termOptions(subjects.data?.items)}
            value={draft.dataSubjectCategories}
            onChange={(v) => set({ dataSubjectCategories: v })}
            error={field('dataSubjectCategories')}
          />
          <MultiSelect
            label={t('records.form.dataCategories')}
            required
            searchable
            data={categoryOptions}
            value={draft.dataCategories}
            onChange={(v) => set({ dataCategories: v })}
            error={field('dataCategories')}
          />
          <TextInput label={t('records.form.dataSource')} {...text('dataSource')} />
          <TextInput label={t('records.form.dataLocation')} {...text('dataLocation')} />
        </SimpleGrid>

        <Title order={2} size="h4">
          {t('records.form.basesSection')}
        </Title>
        <MultiSelect
          label={t('records.form.legalBases')}
          description={t('records.form.legalBasesHint')}
          required
          searchable
          data={ART6.map((b) => ({ value: b, label: t(`records.bases.${b}.long`) }))}
          value={art6}
          onChange={(v) => setBases({ art6: v })}
          error={basis.other}
        />
        {draft.legalBases.includes('art6_1_f') && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('records.form.legitimateInterest')}
              required
              {...text('legitimateInterest')}
            />
            <TextInput label={t('records.form.lia')} {...text('legitimateInterestsAssessment')} />
          </SimpleGrid>
        )}
        {(draft.legalBases.includes('art6_1_a') || art9 === 'art9_2_a') && (
          <TextInput label={t('records.form.consentRecord')} {...text('consentRecord')} />
        )}
        {showArt9 && (
          <Stack gap={4}>
            {special.art9.length > 0 && !art9 && (
              <Alert color="orange" variant="light" title={t('records.form.specialTitle')}>
                {t('records.form.specialText', {
                  categories: special.art9.map((s) => `${s.key} (${s.special?.kind})`).join(', '),
                })}
              </Alert>
            )}
            <Select
              label={t('records.form.art9')}
              required={special.art9.length > 0}
              clearable
              data={ART9.map((b) => ({ value: b, label: t(`records.bases.${b}.long`) }))}
              value={art9}
              onChange={(v) => setBases({ art9: v })}
              error={basis.art9}
            />
          </Stack>
        )}
        {showArt10 && (
          <Checkbox
            label={t('records.form.art10')}
            description={t('records.form.art10Hint', {
              categories: special.art10.map((s) => s.key).join(', ') || '—',
            })}
            checked={hasArt10}
            onChange={(e) => setBases({ art10: e.currentTarget.checked })}
            error={basis.art10}
          />
        )}

        <Title order={2} size="h4">
          {t('records.form.recipientsSection')}
        </Title>
        <ProcessorsPicker
          label={t('records.form.processors')}
          description={t('records.form.processorsHint')}
          value={draft.processorIds}
          onChange={(v) => set({ processorIds: v })}
          error={field('processorIds')}
          known={linkedProcessors}
        />
        <Rows<Recipient>
          title={t('records.form.otherRecipients')}
          items={draft.otherRecipients ?? []}
          onChange={(v) => set({ otherRecipients: v })}
          blank={{ name: '', type: 'external', country: null }}
          addLabel={t('records.form.addRecipient')}
          removeLabel={(i) => t('records.form.removeRecipient', { n: i + 1 })}
          error={field('otherRecipients')}
          render={(r, setRow, i) => (
            <>
              <TextInput
                label={t('records.form.recipientName', { n: i + 1 })}
                value={r.name}
                onChange={(e) => setRow({ name: e.currentTarget.value })}
              />
              <Select
                label={t('records.form.recipientType', { n: i + 1 })}
                data={RECIPIENT_TYPES.map((v) => ({ value: v, label: t(`records.recipientTypes.${v}`) }))}
                value={r.type}
                allowDeselect={false}
                onChange={(v) => v && setRow({ type: v })}
              />
              <Select
                label={t('records.form.recipientCountry', { n: i + 1 })}
                data={destinations}
                searchable
                clearable
                value={r.country ?? null}
                onChange={(v) =>
                  setRow({ country: v, ...(v && !thirdCountry(v) ? { safeguard: undefined } : {}) })
                }
              />
              {r.country && thirdCountry(r.country) && (
                <Select
                  label={t('records.form.recipientSafeguard', { n: i + 1 })}
                  description={t('records.form.recipientSafeguardHint')}
                  data={TRANSFER_TOOLS.map((v) => ({ value: v, label: t(`records.safeguards.${v}`) }))}
                  clearable
                  value={r.safeguard ?? null}
                  onChange={(v) => setRow({ safeguard: v ?? undefined })}
                />
              )}
            </>
          )}
        />
        <Rows<Schemas['JointControllerDto']>
          title={t('records.form.jointControllers')}
          items={draft.jointControllers ?? []}
          onChange={(v) => set({ jointControllers: v })}
          blank={{ name: '', contact: '' }}
          addLabel={t('records.form.addJointController')}
          removeLabel={(i) => t('records.form.removeJointController', { n: i + 1 })}
          error={field('jointControllers')}
          render={(j, setRow, i) => (
            <>
              <TextInput
                label={t('records.form.jointName', { n: i + 1 })}
                value={j.name}
                onChange={(e) => setRow({ name: e.currentTarget.value })}
              />
              <TextInput
                label={t('records.form.jointContact', { n: i + 1 })}
                value={j.contact}
                onChange={(e) => setRow({ contact: e.currentTarget.value })}
              />
            </>
          )}
        />

        <Title order={2} size="h4">
          {t('records.form.erasureSection')}
        </Title>
        <TextInput label={t('records.form.retention')} required {...text('retention')} />
        <Rows<Schemas['RetentionLimitDto']>
          title={t('records.form.retentionByCategory')}
          items={draft.retentionByCategory ?? []}
          onChange={(v) => set({ retentionByCategory: v })}
          blank={{ dataCategory: '', limit: '' }}
          addLabel={t('records.form.addLimit')}
          removeLabel={(i) => t('records.form.removeLimit', { n: i + 1 })}
          error={field('retentionByCategory')}
          render={(l, setRow, i) => (
            <>
              <Select
                label={t('records.form.limitCategory', { n: i + 1 })}
                data={categoryOptions.filter((o) => draft.dataCategories.includes(o.value))}
                value={l.dataCategory || null}
                onChange={(v) => setRow({ dataCategory: v ?? '' })}
              />
              <TextInput
                label={t('records.form.limit', { n: i + 1 })}
                value={l.limit}
                onChange={(e) => setRow({ limit: e.currentTarget.value })}
              />
            </>
          )}
        />

        <Title order={2} size="h4">
          {t('records.form.measuresSection')}
        </Title>
        <Textarea
          label={t('records.form.securityMeasures')}
          required
          autosize
          minRows={3}
          {...text('securityMeasures')}
        />
        <MultiSelect
          label={t('records.form.rights')}
          data={RIGHTS.map((r) => ({ value: r, label: t(`records.rights.${r}`) }))}
          value={draft.rightsAvailable ?? []}
          onChange={(v) => set({ rightsAvailable: v })}
          error={field('rightsAvailable')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('records.form.automatedDecisions')} {...text('automatedDecisionMaking')} />
          <TextInput label={t('records.form.breachRecord')} {...text('breachRecord')} />
        </SimpleGrid>
        <Checkbox
          label={t('records.form.dpiaRequired')}
          checked={!!draft.dpiaRequired}
          onChange={(e) => set({ dpiaRequired: e.currentTarget.checked })}
        />
        {draft.dpiaRequired && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('records.form.dpiaReference')} {...text('dpiaReference')} />
            <Select
              label={t('records.form.dpiaProgress')}
              clearable
              data={(['not_started', 'in_progress', 'completed'] as const).map((v) => ({
                value: v,
                label: t(`records.dpia.${v}`),
              }))}
              value={draft.dpiaProgress ?? null}
              onChange={(v) => set({ dpiaProgress: v })}
              error={field('dpiaProgress')}
            />
          </SimpleGrid>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('records.form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
