import { Button, Group, Radio, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, call } from '../../shared/api/client';
import { Dialog, ErrorNotice, FormProblem } from '../../shared/ui';
import { byKey, useTemplates } from '../assessments/templates';
import type { Processor } from './hooks';

/**
 * Starts an assessment of the processor. With only the shipped questionnaire it starts at once; when the
 * organisation has published its own, legal chooses which one (the newest version of each) first. The
 * button waits for the list of questionnaires to be current: from a list still loading, or from the one
 * cached before a questionnaire was published a moment ago, it would start with the shipped one unasked.
 */
export function StartAssessment({ processor, primary }: { processor: Processor; primary: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [opened, dialog] = useDisclosure();
  const templates = useTemplates();
  const choices = byKey(templates.data?.items ?? []).map((q) => q.newest);
  const [chosen, setChosen] = useState<string>();
  const start = useMutation({
    mutationFn: (templateId?: string) =>
      call(() =>
        api.POST('/api/v1/processors/{id}/assessments', {
          params: { path: { id: processor.id } },
          body: templateId ? { templateId } : {},
        }),
      ),
    onSuccess: (assessment) => {
      void client.invalidateQueries({ queryKey: ['processor', processor.id] });
      void navigate(`/assessments/${assessment.id}`);
    },
  });
  const begin = () => (choices.length > 1 ? dialog.open() : start.mutate(undefined));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate(chosen ?? choices[0]?.id);
  };
  return (
    <>
      <Button
        onClick={begin}
        loading={(start.isPending && !opened) || templates.isFetching}
        disabled={templates.isError}
        variant={primary ? 'filled' : 'default'}
      >
        {t('processors.startAssessment')}
      </Button>
      {templates.isError && <ErrorNotice error={templates.error} />}
      {start.error && !opened && <ErrorNotice error={start.error} />}
      <Dialog
        opened={opened}
        onClose={dialog.close}
        title={t('startAssessment.title', { name: processor.name })}
      >
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormProblem error={start.error} />
            <Radio.Group
              label={t('startAssessment.questionnaire')}
              value={chosen ?? choices[0]?.id ?? null}
              onChange={setChosen}
            >
              <Stack gap="xs" mt="xs">
                {choices.map((c) => (
                  <Radio
                    key={c.id}
                    value={c.id}
                    label={t('startAssessment.choice', { name: c.name, version: c.version })}
                    description={t(c.builtIn ? 'startAssessment.shipped' : 'startAssessment.own', {
                      count: c.questionCount,
                    })}
                  />
                ))}
              </Stack>
            </Radio.Group>
            <Text size="sm" c="dimmed">
              {t('startAssessment.hint')}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={dialog.close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={start.isPending}>
                {t('startAssessment.start')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Dialog>
    </>
  );
}
