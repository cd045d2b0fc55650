import { Button, Group, SimpleGrid, Spoiler, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { can, WRITE } from '../../app/areas';
import { formatDate, today } from '../../shared/format';
import { notify } from '../../shared/notify';
import { Dialog, fieldErrors, FormProblem, ListState, Pager, Section, SimpleTable } from '../../shared/ui';
import { useMe } from '../auth/session';
import type { Agreement } from './hooks';
import { useInstructions, useLogInstruction } from './instruction-hooks';

interface FormState {
  givenOn: string;
  givenBy: string;
  instruction: string;
  channel: string;
  documentReference: string;
}

function InstructionForm({ agreementId, onDone }: { agreementId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const log = useLogInstruction(agreementId);
  const [form, setForm] = useState<FormState>({
    givenOn: today(),
    givenBy: '',
    instruction: '',
    channel: '',
    documentReference: '',
  });
  const field = fieldErrors(log.error);
  const set = (key: keyof FormState, value: string) => setForm((f) => ({ ...f, [key]: value }));

  // The API decides what is missing or too long and names the field; its answer sits by that field.
  const submit = (e: FormEvent) => {
    e.preventDefault();
    log.mutate(
      {
        givenOn: form.givenOn,
        givenBy: form.givenBy,
        instruction: form.instruction,
        ...(form.channel.trim() ? { channel: form.channel.trim() } : {}),
        ...(form.documentReference.trim() ? { documentReference: form.documentReference.trim() } : {}),
      },
      {
        onSuccess: () => {
          notify(t('instructions.logged'));
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('instructions.permanent')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('instructions.givenOn')}
            required
            max={today()}
            value={form.givenOn}
            error={field('givenOn')}
            onChange={(e) => set('givenOn', e.currentTarget.value)}
          />
          <TextInput
            label={t('instructions.givenBy')}
            description={t('instructions.givenByHint')}
            required
            value={form.givenBy}
            error={field('givenBy')}
            onChange={(e) => set('givenBy', e.currentTarget.value)}
          />
        </SimpleGrid>
        <Textarea
          label={t('instructions.instruction')}
          description={t('instructions.instructionHint')}
          required
          autosize
          minRows={4}
          maxRows={14}
          value={form.instruction}
          error={field('instruction')}
          onChange={(e) => set('instruction', e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('instructions.channel')}
            description={t('instructions.channelHint')}
            value={form.channel}
            error={field('channel')}
            onChange={(e) => set('channel', e.currentTarget.value)}
          />
          <TextInput
            label={t('instructions.documentReference')}
            description={t('instructions.documentReferenceHint')}
            value={form.documentReference}
            error={field('documentReference')}
            onChange={(e) => set('documentReference', e.currentTarget.value)}
          />
        </SimpleGrid>
        <FormProblem error={log.error} title={t('instructions.notLogged')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('instructions.cancel')}
          </Button>
          <Button type="submit" loading={log.isPending}>
            {t('instructions.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The agreement's instruction log (Art. 28(3)(a)): what the organisation instructed the processor to do,
 * when, by whom and how, oldest first, and for legal the means to log another. Entries are never
 * changed; a later instruction supersedes an earlier one, which stays on record.
 */
export function InstructionLog({ agreement }: { agreement: Agreement }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const [page, setPage] = useState(1);
  const [logging, setLogging] = useState(false);
  const list = useInstructions(agreement.id, page);
  const mayWrite = can(me.roles, WRITE.agreements);
  const items = list.data?.items ?? [];
  const close = () => setLogging(false);

  return (
    <Section title={t('instructions.title')}>
      <Stack>
        {items.length > 0 && (
          <Text size="sm" c="dimmed">
            {t('instructions.intro')}
          </Text>
        )}
        {mayWrite && (
          <Group>
            <Button onClick={() => setLogging(true)}>{t('instructions.log')}</Button>
          </Group>
        )}
        {/* An empty log says what it is for, more than ListState's one line would. */}
        <ListState isLoading={list.isLoading} error={list.error} empty={false} emptyText="">
          {items.length === 0 ? (
            <Stack gap={6}>
              <Text size="sm" fw={600}>
                {t('instructions.empty')}
              </Text>
              <Text size="sm" c="dimmed" maw="70ch">
                {t('instructions.emptyWhy')}
              </Text>
              <Text size="sm" c="dimmed" maw="70ch">
                {mayWrite ? t('instructions.emptyHow') : t('instructions.emptyReadOnly')}
              </Text>
            </Stack>
          ) : (
            <>
              <SimpleTable
                minWidth={820}
                head={[
                  t('instructions.givenOn'),
                  t('instructions.givenBy'),
                  t('instructions.instruction'),
                  t('instructions.channel'),
                  t('instructions.documentReference'),
                ]}
                rows={items.map((i) => [
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {formatDate(i.givenOn)}
                  </Text>,
                  i.givenBy,
                  // 88 px are four lines of 22 px: a long instruction shows the rest on request.
                  <Spoiler
                    maxHeight={88}
                    showLabel={t('instructions.showAll')}
                    hideLabel={t('instructions.showLess')}
                    showAriaLabel={t('instructions.showAllOf', { date: formatDate(i.givenOn) })}
                    hideAriaLabel={t('instructions.showLessOf', { date: formatDate(i.givenOn) })}
                    miw="32ch"
                  >
                    <Text size="sm" lh="22px" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {i.instruction}
                    </Text>
                  </Spoiler>,
                  i.channel ?? '—',
                  i.documentReference ?? '—',
                ])}
              />
              <Pager
                page={page}
                total={list.data?.total ?? 0}
                pageSize={list.data?.pageSize ?? 1}
                onChange={setPage}
              />
            </>
          )}
        </ListState>
      </Stack>
      <Dialog opened={logging} onClose={close} title={t('instructions.newTitle')} size="lg">
        {logging && <InstructionForm agreementId={agreement.id} onDone={close} />}
      </Dialog>
    </Section>
  );
}
