import {
  Button,
  Checkbox,
  Collapse,
  Anchor,
  Group,
  MultiSelect,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type Schemas } from '../../shared/api/client';
import { today } from '../../shared/format';
import { ErrorNotice, fieldErrors } from '../../shared/ui';
import { termOptions, TermTree, useCountryOptions, useIsEea, useVocabulary } from '../../shared/vocabularies';
import { useProcessorAgreements, type Processor } from '../processors/hooks';
import {
  ClauseChecklist,
  clauseEntries,
  clausesBody,
  type ClauseEntries,
  type ClauseEntry,
} from './ClauseChecklist';
import {
  DEROGATION_GROUNDS,
  MECHANISMS,
  NEEDS_AUTHORIZATION,
  NEEDS_COMMITMENTS,
  useCreateAgreement,
  useReplaceDraft,
  type Agreement,
  type AgreementDraft,
  type ClauseId,
} from './hooks';

type Mechanism = Schemas['TransferMechanismDto'];

/**
 * What the API is sent for one country: the fields its tool takes and no others (a derogation ground on
 * another tool is refused). `tiaCompleted` is no longer sent: it is deprecated and opens nothing; the
 * transfer impact assessment is a record of its own.
 */
function mechanismBody(m: Mechanism): Mechanism {
  const text = (value: string | null | undefined) => value?.trim() || undefined;
  return {
    country: m.country,
    mechanism: m.mechanism,
    reference: text(m.reference),
    ...(m.mechanism === 'art49_derogation'
      ? {
          derogationGround: m.derogationGround ?? undefined,
          derogationDocumentation: text(m.derogationDocumentation),
        }
      : {}),
    ...(NEEDS_COMMITMENTS.includes(m.mechanism) ? { bindingCommitments: m.bindingCommitments ?? false } : {}),
    ...(NEEDS_AUTHORIZATION.includes(m.mechanism) ? { authorization: text(m.authorization) } : {}),
  };
}

/** Scope as a tree: a picker that types keys, and the vocabulary's tree to tick them in. */
function TreePicker({
  label,
  vocabulary,
  value,
  onChange,
  error,
}: {
  label: string;
  vocabulary: 'data-categories' | 'data-uses';
  value: string[];
  onChange: (v: string[]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const terms = useVocabulary(vocabulary);
  const [open, { toggle }] = useDisclosure(false);
  return (
    <Stack gap={4}>
      <MultiSelect
        label={label}
        required
        searchable
        data={termOptions(terms.data?.items)}
        value={value}
        onChange={onChange}
        error={error}
        maxDropdownHeight={260}
      />
      <Anchor
        component="button"
        type="button"
        size="sm"
        onClick={toggle}
        aria-expanded={open}
        style={{ alignSelf: 'flex-start' }}
      >
        {open ? t('transfers.hideTree') : t('agreements.browseTree', { name: label })}
      </Anchor>
      <Collapse expanded={open}>
        {terms.data && <TermTree terms={terms.data.items} value={value} onChange={onChange} label={label} />}
      </Collapse>
    </Stack>
  );
}

/** What a saved draft holds, as the form edits it. */
function draftOf(a: Agreement): AgreementDraft {
  return {
    title: a.title,
    reference: a.reference ?? undefined,
    effectiveFrom: a.effectiveFrom,
    expiresOn: a.expiresOn ?? undefined,
    scope: a.scope,
    // The API's clause type is loose (true, false or an object); the form's entries are one of its shapes.
    clauses: clauseEntries(a.clauses) as AgreementDraft['clauses'],
    subProcessorAuthorization: a.subProcessorAuthorization,
    transferMechanisms: a.transferMechanisms,
    ...(a.supersedesId ? { supersedesId: a.supersedesId } : {}),
  };
}

/** The statuses of a signed agreement that has not ended by termination or a successor. */
const SIGNED: readonly string[] = ['signed', 'active', 'expired'];

/**
 * A new draft agreement with the processor, or (with `agreement`) the saved draft replaced: the scope,
 * the Art. 28(3) checklist with a reference per clause, sub-processors and transfer mechanisms.
 */
export function DraftAgreementForm({
  processor,
  agreement,
  onSaved,
}: {
  processor: Processor;
  agreement?: Agreement;
  onSaved?: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const countryOptions = useCountryOptions();
  const isEea = useIsEea();
  const subjects = useVocabulary('data-subjects');
  const createNew = useCreateAgreement(processor.id);
  const replace = useReplaceDraft(agreement?.id ?? '');
  const create = agreement ? replace : createNew;
  const [draft, setDraft] = useState<AgreementDraft>(() =>
    agreement
      ? draftOf(agreement)
      : {
          title: t('agreements.defaultTitle', { name: processor.name }),
          effectiveFrom: today(),
          scope: {
            subjectMatter: processor.services,
            nature: '',
            duration: '',
            purposes: [],
            dataCategories: processor.intendedDataCategories ?? [],
            dataSubjectCategories: [],
            processingCountries: processor.processingCountries,
          },
          clauses: {},
          subProcessorAuthorization: { type: 'general', objectionPeriodDays: 30 },
          transferMechanisms: [],
        },
  );
  const set = (patch: Partial<AgreementDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setScope = (patch: Partial<AgreementDraft['scope']>) =>
    setDraft((d) => ({ ...d, scope: { ...d.scope, ...patch } }));
  const clauses = draft.clauses as ClauseEntries;
  const setClause = (id: ClauseId, patch: Partial<ClauseEntry>) =>
    set({ clauses: { ...draft.clauses, [id]: { covered: false, ...clauses[id], ...patch } } });
  // An agreement this one may replace: the processor's signed ones, in force or not (the API refuses
  // drafts, terminated and superseded ones).
  const agreements = useProcessorAgreements(processor.id);
  const replaceable = (agreements.data?.items ?? []).filter(
    (a) => a.id !== agreement?.id && (SIGNED.includes(a.status) || a.id === draft.supersedesId),
  );

  // A transfer mechanism is asked for each processing country outside the EEA.
  const thirdCountries = useMemo(
    () => (isEea ? draft.scope.processingCountries.filter((c) => !isEea(c)) : []),
    [isEea, draft.scope.processingCountries],
  );
  const mechanisms = draft.transferMechanisms ?? [];
  const mechanismFor = (country: string) => mechanisms.find((m) => m.country === country);
  // Changed in place: the API names a mechanism's fields by its index in what was sent.
  const setMechanism = (country: string, patch: Partial<Mechanism>) => {
    const current = mechanismFor(country);
    set({
      transferMechanisms: current
        ? mechanisms.map((m) => (m === current ? { ...m, ...patch } : m))
        : [...mechanisms, { country, mechanism: 'scc_2021_914_module_2', ...patch }],
    });
  };
  const sent = mechanisms.filter((m) => thirdCountries.includes(m.country));

  const field = fieldErrors(create.error);
  const mechanismField = (country: string, name: string) => {
    const index = sent.findIndex((m) => m.country === country);
    return index < 0 ? undefined : field(`transferMechanisms[${index}].${name}`);
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    const body: AgreementDraft = {
      ...draft,
      expiresOn: draft.expiresOn || undefined,
      reference: draft.reference || undefined,
      transferMechanisms: sent.map(mechanismBody),
      clauses: clausesBody(clauses),
      scope: {
        ...draft.scope,
        controllerObligations: draft.scope.controllerObligations?.trim() || undefined,
      },
      supersedesId: draft.supersedesId || undefined,
    };
    create.mutate(body, {
      onSuccess: (saved) => (onSaved ? onSaved() : void navigate(`/agreements/${saved.id}`)),
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        {create.error && <ErrorNotice error={create.error} title={t('agreements.notSaved')} />}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('agreements.title')}
            required
            value={draft.title}
            error={field('title')}
            onChange={(e) => set({ title: e.currentTarget.value })}
          />
          <TextInput
            label={t('agreements.reference')}
            value={draft.reference ?? ''}
            error={field('reference')}
            onChange={(e) => set({ reference: e.currentTarget.value })}
          />
          <TextInput
            type="date"
            label={t('agreements.effectiveFrom')}
            required
            value={draft.effectiveFrom}
            error={field('effectiveFrom')}
            onChange={(e) => set({ effectiveFrom: e.currentTarget.value })}
          />
          <TextInput
            type="date"
            label={t('agreements.expiresOn')}
            value={draft.expiresOn ?? ''}
            error={field('expiresOn')}
            onChange={(e) => set({ expiresOn: e.currentTarget.value })}
          />
          {replaceable.length > 0 && (
            <Select
              label={t('agreements.supersedes')}
              description={t('agreements.supersedesHint')}
              clearable
              data={replaceable.map((a) => ({ value: a.id, label: a.title }))}
              value={draft.supersedesId ?? null}
              error={field('supersedesId')}
              onChange={(value) => set({ supersedesId: value ?? undefined })}
            />
          )}
        </SimpleGrid>

        <Title order={2} size="h3">
          {t('agreements.scope')}
        </Title>
        <Textarea
          label={t('agreements.subjectMatter')}
          required
          autosize
          minRows={2}
          value={draft.scope.subjectMatter}
          error={field('scope.subjectMatter')}
          onChange={(e) => setScope({ subjectMatter: e.currentTarget.value })}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('agreements.nature')}
            required
            value={draft.scope.nature}
            error={field('scope.nature')}
            onChange={(e) => setScope({ nature: e.currentTarget.value })}
          />
          <TextInput
            label={t('agreements.duration')}
            required
            value={draft.scope.duration ?? ''}
            error={field('scope.duration')}
            onChange={(e) => setScope({ duration: e.currentTarget.value })}
          />
        </SimpleGrid>
        <Textarea
          label={t('agreements.controllerObligations')}
          description={t('agreements.controllerObligationsHint')}
          autosize
          minRows={2}
          value={draft.scope.controllerObligations ?? ''}
          error={field('scope.controllerObligations')}
          onChange={(e) => setScope({ controllerObligations: e.currentTarget.value })}
        />
        <TreePicker
          label={t('agreements.dataCategories')}
          vocabulary="data-categories"
          value={draft.scope.dataCategories}
          onChange={(v) => setScope({ dataCategories: v })}
          error={field('scope.dataCategories')}
        />
        <TreePicker
          label={t('agreements.purposes')}
          vocabulary="data-uses"
          value={draft.scope.purposes}
          onChange={(v) => setScope({ purposes: v })}
          error={field('scope.purposes')}
        />
        <MultiSelect
          label={t('agreements.dataSubjects')}
          required
          searchable
          data={termOptions(subjects.data?.items)}
          value={draft.scope.dataSubjectCategories}
          error={field('scope.dataSubjectCategories')}
          onChange={(v) => setScope({ dataSubjectCategories: v })}
        />
        <MultiSelect
          label={t('agreements.processingCountries')}
          required
          searchable
          data={countryOptions}
          value={draft.scope.processingCountries}
          error={field('scope.processingCountries')}
          onChange={(v) => setScope({ processingCountries: v })}
        />

        <Title order={2} size="h3">
          {t('agreements.clauses')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('agreements.clausesHint')}
        </Text>
        <ClauseChecklist value={clauses} onChange={setClause} error={field} />

        <Title order={2} size="h3">
          {t('agreements.subProcessors')}
        </Title>
        <Group align="flex-end" wrap="wrap">
          <Radio.Group
            label={t('agreements.authorization')}
            value={draft.subProcessorAuthorization.type}
            onChange={(v) =>
              set({
                subProcessorAuthorization: {
                  ...draft.subProcessorAuthorization,
                  type: v,
                },
              })
            }
          >
            <Group mt={4}>
              <Radio value="general" label={t('agreements.general')} />
              <Radio value="specific" label={t('agreements.specific')} />
            </Group>
          </Radio.Group>
          {draft.subProcessorAuthorization.type === 'general' && (
            <NumberInput
              label={t('agreements.objectionDays')}
              min={1}
              max={365}
              value={draft.subProcessorAuthorization.objectionPeriodDays ?? 30}
              error={field('subProcessorAuthorization')}
              onChange={(v) =>
                set({
                  subProcessorAuthorization: { type: 'general', objectionPeriodDays: Number(v) || undefined },
                })
              }
              w={200}
            />
          )}
        </Group>

        <Title order={2} size="h3">
          {t('agreements.transfers')}
        </Title>
        {thirdCountries.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('agreements.noThirdCountries')}
          </Text>
        ) : (
          thirdCountries.map((country) => {
            const m = mechanismFor(country);
            return (
              <Stack key={country} gap="xs">
                <Group align="flex-end" wrap="wrap">
                  <Select
                    label={t('agreements.mechanismFor', { country })}
                    description={m ? t(`agreements.mechanismHint.${m.mechanism}`) : undefined}
                    data={MECHANISMS.map((v) => ({ value: v, label: t(`mechanisms.${v}`) }))}
                    value={m?.mechanism ?? null}
                    onChange={(v) => v && setMechanism(country, { mechanism: v })}
                    w={{ base: '100%', sm: 420 }}
                    error={mechanismField(country, 'mechanism') ?? mechanismField(country, 'country')}
                  />
                  <TextInput
                    label={t('agreements.mechanismReference', { country })}
                    maxLength={500}
                    value={m?.reference ?? ''}
                    error={mechanismField(country, 'reference')}
                    onChange={(e) => setMechanism(country, { reference: e.currentTarget.value })}
                  />
                </Group>
                {m?.mechanism === 'art49_derogation' && (
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <Select
                      label={t('agreements.derogationGround', { country })}
                      required
                      data={DEROGATION_GROUNDS.map((g) => ({ value: g, label: t(`derogationGrounds.${g}`) }))}
                      value={m.derogationGround ?? null}
                      onChange={(v) => v && setMechanism(country, { derogationGround: v })}
                      error={mechanismField(country, 'derogationGround')}
                    />
                    <Textarea
                      label={t('agreements.derogationDocumentation', { country })}
                      description={t('agreements.derogationDocumentationHint')}
                      required={m.derogationGround === 'second_subparagraph'}
                      autosize
                      minRows={2}
                      maxLength={2000}
                      value={m.derogationDocumentation ?? ''}
                      error={mechanismField(country, 'derogationDocumentation')}
                      onChange={(e) =>
                        setMechanism(country, { derogationDocumentation: e.currentTarget.value })
                      }
                    />
                  </SimpleGrid>
                )}
                {m && NEEDS_COMMITMENTS.includes(m.mechanism) && (
                  <Checkbox
                    label={t('agreements.bindingCommitments', { country })}
                    description={t('agreements.bindingCommitmentsHint')}
                    checked={m.bindingCommitments ?? false}
                    error={mechanismField(country, 'bindingCommitments')}
                    onChange={(e) => setMechanism(country, { bindingCommitments: e.currentTarget.checked })}
                  />
                )}
                {m && NEEDS_AUTHORIZATION.includes(m.mechanism) && (
                  <TextInput
                    label={t('agreements.saAuthorization', { country })}
                    description={t('agreements.saAuthorizationHint')}
                    maxLength={500}
                    value={m.authorization ?? ''}
                    error={mechanismField(country, 'authorization')}
                    onChange={(e) => setMechanism(country, { authorization: e.currentTarget.value })}
                  />
                )}
              </Stack>
            );
          })
        )}
        <Group>
          <Button type="submit" loading={create.isPending}>
            {t('agreements.saveDraft')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
