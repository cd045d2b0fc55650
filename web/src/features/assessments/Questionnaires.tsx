import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  List,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, WRITE } from '../../app/areas';
import { api, ApiError, call, saveBlob } from '../../shared/api/client';
import { notify } from '../../shared/notify';
import { Dialog, ErrorNotice, ListState } from '../../shared/ui';
import { useMe } from '../auth/session';
import { QuestionnaireEditor, type TemplateDefinition } from './QuestionnaireEditor';
import { byKey, templateQuery, useTemplates, type Template } from './templates';

/** A questionnaire's areas and questions, read-only. */
function TemplateView({ id }: { id: string }) {
  const { t } = useTranslation();
  const template = useQuery(templateQuery(id));
  if (template.error) return <ErrorNotice error={template.error} />;
  if (!template.data) return <Text size="sm">{t('common.loading')}</Text>;
  const { areas, questions, description } = template.data;
  return (
    <Stack>
      {description && <Text size="sm">{description}</Text>}
      {areas.map((area) => (
        <div key={area.key}>
          <Title order={3} size="h5">
            {area.name}
          </Title>
          <List size="sm" spacing={4}>
            {questions
              .filter((q) => q.area === area.key)
              .map((q) => (
                <List.Item key={q.id}>
                  <Text span size="xs" c="dimmed" ff="monospace">
                    {q.id}
                  </Text>{' '}
                  {q.text}
                  {q.critical && (
                    <Badge ml="xs" size="xs" variant="filled" color="red.2">
                      {t('questionnaires.critical')}
                    </Badge>
                  )}
                </List.Item>
              ))}
          </List>
        </div>
      ))}
    </Stack>
  );
}

/**
 * The questionnaire as a definition to edit and publish again: the shipped one under a key of its own
 * (its key is reserved), the organisation's own under its key, so that publishing it makes the next version.
 */
async function definitionOf(
  client: QueryClient,
  template: Template,
  copyName: (name: string) => string,
): Promise<TemplateDefinition> {
  const full = await client.fetchQuery(templateQuery(template.id));
  return {
    key: template.builtIn ? 'our-questionnaire' : full.key,
    name: template.builtIn ? copyName(full.name) : full.name,
    ...(full.description ? { description: full.description } : {}),
    areas: full.areas,
    questions: full.questions,
  };
}

/** The questionnaire as a file to edit elsewhere and publish again (`definitionOf`). */
async function downloadDefinition(
  client: QueryClient,
  template: Template,
  copyName: (name: string) => string,
): Promise<void> {
  const definition = await definitionOf(client, template, copyName);
  saveBlob(
    new Blob([`${JSON.stringify(definition, null, 2)}\n`], { type: 'application/json' }),
    `${definition.key}.json`,
  );
}

/** Reads a questionnaire file; a file that is not JSON is refused here, anything else by the server. */
async function readDefinition(file: File): Promise<TemplateDefinition> {
  try {
    return JSON.parse(await file.text()) as TemplateDefinition;
  } catch {
    throw new Error('not-json');
  }
}

/** The server's problems with a published file, each with where in the file it is. */
function PublishProblems({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (error instanceof Error && error.message === 'not-json')
    return (
      <Alert color="red" variant="light" title={t('questionnaires.refused')} role="alert">
        {t('questionnaires.notJson')}
      </Alert>
    );
  if (error instanceof ApiError && error.problem.errors?.length)
    return (
      <div role="alert">
        <Text fw={600} size="sm">
          {t('questionnaires.refused')}
        </Text>
        <List size="sm">
          {error.problem.errors.map((e) => (
            <List.Item key={`${e.field}:${e.message}`}>
              <Text span ff="monospace" size="xs">
                {e.field}
              </Text>
              : {e.message}
            </List.Item>
          ))}
        </List>
      </div>
    );
  return <ErrorNotice error={error} title={t('questionnaires.refused')} />;
}

/**
 * The questionnaires assessments are run against: the one shipped with Custos and the organisation's own,
 * each viewable and downloadable as a file; legal publishes a new one, or a new version, from such a file.
 */
export function Questionnaires() {
  const { t } = useTranslation();
  const { me } = useMe();
  const client = useQueryClient();
  const [viewing, setViewing] = useState<Template>();
  const [editing, setEditing] = useState<{ template: Template; definition: TemplateDefinition }>();
  const [file, setFile] = useState<File | null>(null);
  const templates = useTemplates();
  const copyName = (name: string) => t('questionnaires.copyName', { name });
  const published = (saved: { name: string; version: number }) => {
    void client.invalidateQueries({ queryKey: ['assessment-templates'] });
    notify(t('questionnaires.published', { name: saved.name, version: saved.version }), 'green');
  };
  const publish = useMutation({
    mutationFn: async (chosen: File) => {
      const body = await readDefinition(chosen);
      return call(() => api.POST('/api/v1/assessment-templates', { body }));
    },
    onSuccess: (saved) => {
      published(saved);
      setFile(null);
    },
  });
  const publishEdited = useMutation({
    mutationFn: (body: TemplateDefinition) => call(() => api.POST('/api/v1/assessment-templates', { body })),
    onSuccess: (saved) => {
      published(saved);
      setEditing(undefined);
    },
  });
  const edit = (template: Template) =>
    void definitionOf(client, template, copyName)
      .then((definition) => {
        publishEdited.reset();
        setEditing({ template, definition });
      })
      .catch((e: unknown) => notify(e instanceof Error ? e.message : String(e), 'red'));
  const mayPublish = can(me.roles, WRITE.assessments);
  const rows = byKey(templates.data?.items ?? []);
  return (
    <Stack>
      <Text size="sm">{t('questionnaires.intro')}</Text>
      <ListState
        isLoading={templates.isLoading}
        error={templates.error}
        empty={rows.length === 0}
        emptyText={t('questionnaires.empty')}
      >
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('questionnaires.name')}</Table.Th>
                <Table.Th>{t('questionnaires.version')}</Table.Th>
                <Table.Th>{t('questionnaires.questions')}</Table.Th>
                <Table.Th>{t('questionnaires.source')}</Table.Th>
                <Table.Th>{t('questionnaires.file')}</Table.Th>
                {mayPublish && <Table.Th>{t('questionnaires.change')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(({ newest, versions }) => (
                <Table.Tr key={newest.key}>
                  <Table.Td>
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      aria-label={t('questionnaires.viewOf', { name: newest.name })}
                      onClick={() => setViewing(newest)}
                    >
                      {newest.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {t('questionnaires.versionOf', { version: newest.version, count: versions })}
                  </Table.Td>
                  <Table.Td>{newest.questionCount}</Table.Td>
                  <Table.Td>
                    {newest.builtIn ? t('questionnaires.shipped') : t('questionnaires.own')}
                  </Table.Td>
                  <Table.Td>
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      aria-label={t('questionnaires.downloadOf', { name: newest.name })}
                      onClick={() =>
                        void downloadDefinition(client, newest, copyName).catch((e: unknown) =>
                          notify(e instanceof Error ? e.message : String(e), 'red'),
                        )
                      }
                    >
                      {t('questionnaires.download')}
                    </Anchor>
                  </Table.Td>
                  {mayPublish && (
                    <Table.Td>
                      <Anchor
                        component="button"
                        type="button"
                        size="sm"
                        aria-label={t(
                          newest.builtIn ? 'questionnaires.editCopyOf' : 'questionnaires.editOf',
                          {
                            name: newest.name,
                          },
                        )}
                        onClick={() => edit(newest)}
                      >
                        {t(newest.builtIn ? 'questionnaires.editCopy' : 'questionnaires.edit')}
                      </Anchor>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </ListState>
      {mayPublish && (
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('questionnaires.publishTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('questionnaires.publishHint')}
          </Text>
          <PublishProblems error={publish.error} />
          <Group align="flex-end">
            <FileInput
              label={t('questionnaires.fileLabel')}
              accept="application/json,.json"
              clearable
              clearButtonProps={{ 'aria-label': t('questionnaires.clearFile') }}
              value={file}
              onChange={setFile}
              w={360}
            />
            <Button disabled={!file} loading={publish.isPending} onClick={() => file && publish.mutate(file)}>
              {t('questionnaires.publish')}
            </Button>
          </Group>
        </Stack>
      )}
      <Dialog
        opened={viewing !== undefined}
        onClose={() => setViewing(undefined)}
        title={viewing ? t('questionnaires.viewTitle', { name: viewing.name, version: viewing.version }) : ''}
        size="xl"
      >
        {viewing && <TemplateView id={viewing.id} />}
      </Dialog>
      <Dialog
        opened={editing !== undefined}
        onClose={() => setEditing(undefined)}
        title={
          editing
            ? editing.template.builtIn
              ? t('questionnaires.editCopyTitle', { name: editing.template.name })
              : t('questionnaires.editTitle', {
                  name: editing.template.name,
                  version: editing.template.version,
                })
            : ''
        }
        size="xl"
      >
        {editing && (
          <QuestionnaireEditor
            initial={editing.definition}
            keyFixed={!editing.template.builtIn}
            pending={publishEdited.isPending}
            error={publishEdited.error}
            problems={<PublishProblems error={publishEdited.error} />}
            onPublish={(body) => publishEdited.mutate(body)}
            onCancel={() => setEditing(undefined)}
          />
        )}
      </Dialog>
    </Stack>
  );
}
