import { Button, Group, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { today } from '../../shared/format';
import { Dialog, fieldErrors, FormProblem } from '../../shared/ui';
import { useTerminate, type Agreement } from './hooks';

const HANDLING = ['return', 'delete', 'return_then_delete'] as const;

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Legal ends the agreement with the controller's choice for the data (Art. 28(3)(g)) and a due date;
 * ending the last agreement in force starts the processor's offboarding, which opens next.
 */
export function TerminateAgreement({ agreement }: { agreement: Agreement }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const terminate = useTerminate(agreement.id);
  const [opened, setOpened] = useState(false);
  const [body, setBody] = useState({
    effectiveOn: today(),
    reason: '',
    dataHandling: 'delete' as (typeof HANDLING)[number],
    dueOn: inDays(30),
  });
  const error = fieldErrors(terminate.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    terminate.mutate(body, {
      onSuccess: (result) => {
        setOpened(false);
        if (result.offboarding) void navigate(`/offboarding/${result.offboarding.id}`);
      },
    });
  };
  return (
    <>
      <Button color="red" variant="light" onClick={() => setOpened(true)}>
        {t('offboarding.terminate.open')}
      </Button>
      <Dialog
        opened={opened}
        onClose={() => setOpened(false)}
        title={t('offboarding.terminate.title')}
        size="lg"
      >
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t('offboarding.terminate.intro')}</Text>
            <TextInput
              type="date"
              label={t('offboarding.terminate.effectiveOn')}
              required
              value={body.effectiveOn}
              error={error('effectiveOn')}
              onChange={(e) => setBody({ ...body, effectiveOn: e.currentTarget.value })}
            />
            <Textarea
              label={t('offboarding.terminate.reason')}
              required
              autosize
              minRows={2}
              value={body.reason}
              error={error('reason')}
              onChange={(e) => setBody({ ...body, reason: e.currentTarget.value })}
            />
            <Radio.Group
              label={t('offboarding.terminate.handling')}
              description={t('offboarding.terminate.handlingHint')}
              required
              value={body.dataHandling}
              error={error('dataHandling')}
              onChange={(v) => setBody({ ...body, dataHandling: v })}
            >
              <Stack gap={6} mt={6}>
                {HANDLING.map((h) => (
                  <Radio key={h} value={h} label={t(`offboarding.terminate.handlingOf.${h}`)} />
                ))}
              </Stack>
            </Radio.Group>
            <TextInput
              type="date"
              label={t('offboarding.terminate.dueOn')}
              description={t('offboarding.terminate.dueOnHint')}
              required
              value={body.dueOn}
              error={error('dueOn')}
              onChange={(e) => setBody({ ...body, dueOn: e.currentTarget.value })}
            />
            <FormProblem error={terminate.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)}>
                {t('offboarding.terminate.cancel')}
              </Button>
              <Button type="submit" color="red.8" loading={terminate.isPending}>
                {t('offboarding.terminate.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Dialog>
    </>
  );
}
