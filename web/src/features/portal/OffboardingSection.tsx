import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../shared/api/client';
import { formatDate } from '../../shared/format';
import { ErrorNotice, PageLoader } from '../../shared/ui';
import { ConfirmationForm } from '../offboarding/ConfirmationForm';
import { downloadCertificate, useConfirmOffboarding, usePortalOffboarding, type PortalSession } from './api';

type Offboarding = Schemas['PortalOffboardingResponse'];

function Certificate({ number, issuedOn }: { number: string; issuedOn: string | null }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  return (
    <Stack>
      <Alert color="green" variant="light" title={t('portal.offboarding.doneTitle')} role="status">
        {t('portal.offboarding.done', { number, date: formatDate(issuedOn) })}
      </Alert>
      <Group>
        <Button onClick={() => void downloadCertificate(number).catch(setError)}>
          {t('portal.offboarding.download')}
        </Button>
      </Group>
      <ErrorNotice error={error} />
    </Stack>
  );
}

function PortalConfirmation({ token, offboarding }: { token: string; offboarding: Offboarding }) {
  const { t } = useTranslation();
  const confirm = useConfirmOffboarding(token);
  return (
    <ConfirmationForm
      voice="processor"
      offboarding={offboarding}
      pending={confirm.isPending}
      error={confirm.error}
      problemTitle={t('portal.notSent')}
      onSubmit={(body) => confirm.mutate(body)}
    />
  );
}

/** What is to be returned or destroyed, the NIST SP 800-88 confirmation, then the certificate. */
export function OffboardingSection({ token, session }: { token: string; session: PortalSession }) {
  const { t } = useTranslation();
  const offboarding = usePortalOffboarding(token, true);
  if (offboarding.isLoading) return <PageLoader />;
  if (!offboarding.data) return <ErrorNotice error={offboarding.error} />;
  const o = offboarding.data;
  return (
    <Stack>
      <Text size="sm">
        {t('portal.offboarding.intro', {
          organization: session.organization.name,
          effectiveOn: formatDate(o.effectiveOn),
          handling: t(`portal.handling.${o.dataHandling}`),
          dueOn: formatDate(o.dueOn),
        })}
      </Text>
      {o.dataCategories.length > 0 && (
        <Text size="sm">{t('portal.offboarding.categories', { list: o.dataCategories.join(', ') })}</Text>
      )}
      {o.certificateNumber ? (
        <Certificate number={o.certificateNumber} issuedOn={o.certificateIssuedOn} />
      ) : (
        <PortalConfirmation token={token} offboarding={o} />
      )}
    </Stack>
  );
}
