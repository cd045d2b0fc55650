import { Alert, Badge, Button, Code, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api/client';
import { formatDate } from '../../shared/format';
import { notify } from '../../shared/notify';
import { Dialog, fieldErrors, FormProblem, ListState, Section, SimpleTable } from '../../shared/ui';
import { termOptions, useVocabulary, type Term } from '../../shared/vocabularies';
import { specialOf, useSpecialCategories } from './hooks';
import { useAddTerm, VOCABULARY_NAMES, type VocabularyName } from './vocabulary-hooks';

/** A dotted key that may wrap after each dot rather than inside a word. */
function KeyText({ value }: { value: string }) {
  const parts = value.split('.');
  return (
    <>
      {parts.map((part, i) => (
        <span key={i}>
          {part}
          {i < parts.length - 1 && (
            <>
              .<wbr />
            </>
          )}
        </span>
      ))}
    </>
  );
}

interface FormState {
  parent: string | null;
  part: string;
  name: string;
  description: string;
}

function TermForm({
  vocabulary,
  terms,
  onDone,
}: {
  vocabulary: VocabularyName;
  terms: Term[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const add = useAddTerm(vocabulary);
  const specials = useSpecialCategories();
  const [form, setForm] = useState<FormState>({ parent: null, part: '', name: '', description: '' });
  const [parentMissing, setParentMissing] = useState(false);
  const set = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }));
  const field = fieldErrors(add.error);
  const options = useMemo(() => termOptions(terms), [terms]);
  const fullKey = form.parent ? `${form.parent}.${form.part.trim()}` : '';
  const parentTerm = terms.find((term) => term.key === form.parent);
  const special =
    vocabulary === 'data-categories' && form.parent
      ? specialOf(form.parent, specials.data?.items)
      : undefined;

  // The key is the API's to judge. Its refusal names the whole key, which the person only sees in part,
  // so the message says which key was sent; a key that exists already (409) belongs here too.
  const sent = add.variables?.key ?? fullKey;
  const exists = add.error instanceof ApiError && add.error.status === 409;
  const refused = field('key');
  const keyError = exists
    ? t('vocabularies.form.exists', { key: sent })
    : refused &&
      t('vocabularies.form.keyRefused', {
        key: sent,
        // Inside a sentence: the message as the server words it, without the capital a field error gets.
        reason: (refused.charAt(0).toLowerCase() + refused.slice(1)).replace(/\.$/, ''),
      });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.parent) {
      setParentMissing(true);
      return;
    }
    add.mutate(
      {
        key: fullKey,
        name: form.name,
        ...(form.description.trim() ? { description: form.description.trim() } : {}),
      },
      {
        onSuccess: (term) => {
          notify(t(`vocabularies.added.${vocabulary}`, { key: term.key }));
          onDone();
        },
      },
    );
  };

  // A refusal is seen where it is: the first field it marks gets the focus.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!add.error && !parentMissing) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [add.error, parentMissing]);

  return (
    <form onSubmit={submit} noValidate ref={formRef}>
      <Stack>
        <Select
          label={t('vocabularies.form.parent')}
          description={t('vocabularies.form.parentHint')}
          required
          searchable
          data={options}
          value={form.parent}
          onChange={(value) => {
            set({ parent: value });
            setParentMissing(false);
          }}
          nothingFoundMessage={t('vocabularies.form.nothingFound')}
          maxDropdownHeight={260}
          error={parentMissing ? t('vocabularies.form.parentMissing') : undefined}
        />
        {special && parentTerm && (
          <Alert color="orange" variant="light" p="xs">
            <Text size="sm">
              {t('vocabularies.form.specialParent', { name: parentTerm.name, article: special.article })}
            </Text>
          </Alert>
        )}
        <TextInput
          label={t('vocabularies.form.part')}
          description={
            <>
              {t('vocabularies.form.partHint')}
              <br />
              {form.parent && form.part.trim() ? (
                <>
                  {t('vocabularies.form.fullKey')} <Code>{fullKey}</Code>
                </>
              ) : (
                t('vocabularies.form.fullKeyPending')
              )}
            </>
          }
          required
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          value={form.part}
          error={keyError}
          onChange={(e) => set({ part: e.currentTarget.value })}
        />
        <TextInput
          label={t('vocabularies.form.name')}
          description={t('vocabularies.form.nameHint')}
          required
          value={form.name}
          error={field('name')}
          onChange={(e) => set({ name: e.currentTarget.value })}
        />
        <Textarea
          label={t('vocabularies.form.description')}
          description={t('vocabularies.form.descriptionHint')}
          autosize
          minRows={2}
          maxRows={8}
          value={form.description}
          error={field('description')}
          onChange={(e) => set({ description: e.currentTarget.value })}
        />
        <Text size="sm" c="dimmed">
          {t('vocabularies.form.permanent')}
        </Text>
        {!exists && <FormProblem error={add.error} title={t('vocabularies.form.notAdded')} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('vocabularies.form.cancel')}
          </Button>
          <Button type="submit" loading={add.isPending}>
            {t('vocabularies.form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Vocabulary({ vocabulary, canWrite }: { vocabulary: VocabularyName; canWrite: boolean }) {
  const { t } = useTranslation();
  const list = useVocabulary(vocabulary);
  const specials = useSpecialCategories();
  const [adding, setAdding] = useState(false);
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const names = useMemo(() => new Map(items.map((term) => [term.key, term.name])), [items]);
  const own = items.filter((term) => term.custom);
  const action = t(`vocabularies.add.${vocabulary}`);
  const close = () => setAdding(false);

  return (
    <Section title={t(`vocabularies.names.${vocabulary}`)}>
      <Stack>
        <Group justify="space-between" wrap="wrap" align="flex-start">
          {list.data && (
            <Text size="sm" c="dimmed">
              {t(`vocabularies.shipped.${vocabulary}`, {
                count: items.length - own.length,
                own: own.length,
                date: formatDate(list.data.sourceDate),
              })}
            </Text>
          )}
          {canWrite && (
            <Button onClick={() => setAdding(true)} disabled={!list.data}>
              {action}
            </Button>
          )}
        </Group>
        <ListState isLoading={list.isLoading} error={list.error} empty={false} emptyText="">
          {own.length === 0 ? (
            <Stack gap={6}>
              <Text size="sm" fw={600}>
                {t(`vocabularies.empty.${vocabulary}`)}
              </Text>
              <Text size="sm" c="dimmed" maw="75ch">
                {t(`vocabularies.emptyWhy.${vocabulary}`)}{' '}
                {canWrite ? t('vocabularies.emptyHow', { action }) : t('vocabularies.emptyReadOnly')}
              </Text>
            </Stack>
          ) : (
            <SimpleTable
              minWidth={720}
              head={[
                t('vocabularies.key'),
                t('vocabularies.name'),
                t('vocabularies.description'),
                t('vocabularies.beneath'),
              ]}
              rows={own.map((term) => {
                const special =
                  vocabulary === 'data-categories' ? specialOf(term.key, specials.data?.items) : undefined;
                return [
                  <Text size="sm" ff="monospace">
                    <KeyText value={term.key} />
                  </Text>,
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm">{term.name}</Text>
                    {special && (
                      <Badge
                        color="orange.2"
                        variant="filled"
                        radius="sm"
                        title={t('vocabularies.specialBadgeLabel', { article: special.article })}
                      >
                        {t('vocabularies.specialBadge', { article: special.article })}
                      </Badge>
                    )}
                  </Group>,
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {term.description || '—'}
                  </Text>,
                  term.parent ? (
                    <Text size="sm">
                      {names.get(term.parent) ?? term.parent}{' '}
                      <Text span size="xs" c="dimmed" ff="monospace">
                        {term.parent}
                      </Text>
                    </Text>
                  ) : (
                    '—'
                  ),
                ];
              })}
            />
          )}
        </ListState>
      </Stack>
      <Dialog opened={adding} onClose={close} title={action} size="lg">
        {adding && <TermForm vocabulary={vocabulary} terms={items} onDone={close} />}
      </Dialog>
    </Section>
  );
}

/**
 * The organisation's own terms of the fideslang vocabularies (data categories, data subjects, purposes),
 * each beneath an existing key; legal and the DPO add them, and every picker offers them from then on.
 * Shipped terms are not listed here: they cannot be changed.
 */
export function VocabulariesSection({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Stack gap={6} maw="90ch">
        <Text size="sm" c="dimmed">
          {t('vocabularies.intro')}
        </Text>
        <Text size="sm" c="dimmed">
          {canWrite ? t('vocabularies.introWrite') : t('vocabularies.introReadOnly')}{' '}
          {t('vocabularies.special')}
        </Text>
      </Stack>
      {VOCABULARY_NAMES.map((vocabulary) => (
        <Vocabulary key={vocabulary} vocabulary={vocabulary} canWrite={canWrite} />
      ))}
    </Stack>
  );
}
