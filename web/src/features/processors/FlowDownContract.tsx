import {
  Button,
  Card,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { can, WRITE } from '../../app/areas';
import { formatDate, formatDateTime, today } from '../../shared/format';
import { notify } from '../../shared/notify';
import { Dialog, Fact, fieldErrors, FormProblem } from '../../shared/ui';
import { useMe } from '../auth/session';
import {
  ClauseChecklist,
  clauseEntries,
  clausesBody,
  type ClauseEntries,
  type ClauseEntry,
} from '../agreements/ClauseChecklist';
import type { ClauseId } from '../agreements/hooks';
import { useRecordFlowDown, type Processor } from './hooks';

/**
 * Legal records the contract that binds the sub-processor to the processor engaging it, with the same
 * Art. 28(3) checklist as it flows down (Art. 28(4)); the version on record is replaced as a whole.
 */
function FlowDownForm({ processor, onDone }: { processor: Processor; onDone: () => void }) {
  const { t } = useTranslation();
  const record = useRecordFlowDown(processor.id);
  const field = fieldErrors(record.error);
  const current = processor.flowDownContract;
  const [signedOn, setSignedOn] = useState(current?.signedOn ?? '');
  const [document, setDocument] = useState(current?.document ?? '');
  const [clauses, setClauses] = useState<ClauseEntries>(() =>
    current ? clauseEntries(current.clauses as Parameters<typeof clauseEntries>[0]) : ({} as ClauseEntries),
  );
  const setClause = (id: ClauseId, patch: Partial<ClauseEntry>) =>
    setClauses((c) => ({ ...c, [id]: { covered: false, ...c[id], ...patch } }));
  function submit(event: FormEvent) {
    event.preventDefault();
    record.mutate(
      { signedOn, document: document.trim(), clauses: clausesBody(clauses) },
      {
        onSuccess: () => {
          notify(t('flowDown.saved'));
          onDone();
        },
      },
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t('flowDown.formIntro')}</Text>
        <FormProblem error={record.error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('flowDown.signedOn')}
            required
            max={today()}
            value={signedOn}
            error={field('signedOn')}
            onChange={(e) => setSignedOn(e.currentTarget.value)}
          />
        </SimpleGrid>
        <Textarea
          label={t('flowDown.document')}
          description={t('flowDown.documentHint')}
          required
          autosize
          minRows={2}
          value={document}
          error={field('document')}
          onChange={(e) => setDocument(e.currentTarget.value)}
        />
        <Title order={3} size="h4">
          {t('flowDown.clauses')}
        </Title>
        <ClauseChecklist value={clauses} onChange={setClause} error={field} />
        <Group justify="flex-end">
          <Button type="submit" loading={record.isPending}>
            {t('flowDown.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * A sub-processor's contract with the processor that engages it (Art. 28(4)): when it was signed, where it
 * is, and the clauses that do not flow down as they must.
 */
export function FlowDownContract({ processor, parentName }: { processor: Processor; parentName: string }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const [opened, dialog] = useDisclosure();
  const contract = processor.flowDownContract;
  const mayRecord = can(me.roles, WRITE.processors) && !processor.archivedAt;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="flow-down-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id="flow-down-heading">
          {t('flowDown.title', { parent: parentName })}
        </Title>
        {mayRecord && (
          <Button variant="default" onClick={dialog.open}>
            {contract ? t('flowDown.replace') : t('flowDown.record')}
          </Button>
        )}
      </Group>
      {contract ? (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <Fact label={t('flowDown.signedOn')}>{formatDate(contract.signedOn)}</Fact>
            <Fact label={t('flowDown.document')}>{contract.document}</Fact>
            <Fact label={t('flowDown.recordedAt')}>{formatDateTime(contract.recordedAt)}</Fact>
          </SimpleGrid>
          {contract.clauseGaps.length === 0 ? (
            <Text size="sm">{t('flowDown.complete')}</Text>
          ) : (
            <div>
              <Text size="sm" fw={600}>
                {t('flowDown.gaps')}
              </Text>
              <List size="sm">
                {contract.clauseGaps.map((g) => (
                  <List.Item key={g.clause}>
                    {t(`clauses.${g.clause}`)}: {g.message}
                  </List.Item>
                ))}
              </List>
            </div>
          )}
        </Stack>
      ) : (
        <Text size="sm">{t('flowDown.none', { parent: parentName })}</Text>
      )}
      <Dialog
        opened={opened}
        onClose={dialog.close}
        title={t('flowDown.dialogTitle', { name: processor.name, parent: parentName })}
        size="xl"
      >
        <FlowDownForm processor={processor} onDone={dialog.close} />
      </Dialog>
    </Card>
  );
}
