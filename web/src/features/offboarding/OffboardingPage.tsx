import { Alert, Anchor, Button, Code, FileButton, Group, List, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { can, WRITE } from '../../app/areas';
import type { Schemas } from '../../shared/api/client';
import { formatDate } from '../../shared/format';
import { useTermNames } from '../../shared/vocabularies';
import { ErrorNotice, Fact, PageHeader, PageLoader, Section, SimpleTable } from '../../shared/ui';
import { useMe } from '../auth/session';
import { useProcessor } from '../processors/hooks';
import { ConfirmationForm } from './ConfirmationForm';
import {
  downloadCertificate,
  useAddAttestation,
  useConfirm,
  useOffboarding,
  type Offboarding,
} from './hooks';
import { OffboardingStatusBadge } from './parts';

type Confirmation = Schemas['ConfirmationDto'];

/** The numbered certificate: its number, its SHA-256, the file, and where anyone checks it. */
function Certificate({ offboarding: o }: { offboarding: Offboarding }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  if (!o.certificateNumber) return null;
  const number = o.certificateNumber;
  return (
    <Section title={t('offboarding.certificateTitle')}>
      <Stack>
        <Alert color="green" variant="light" title={t('offboarding.issuedTitle')} role="status">
          {t('offboarding.issued', { number, date: formatDate(o.certificateIssuedOn) })}
        </Alert>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Fact label={t('offboarding.certificateNumber')}>{number}</Fact>
          <Fact label={t('offboarding.issuedOn')}>{formatDate(o.certificateIssuedOn)}</Fact>
        </SimpleGrid>
        <Fact label={t('offboarding.sha256')}>
          <Code style={{ wordBreak: 'break-all' }}>{o.certificateSha256}</Code>
        </Fact>
        <Group>
          <Button onClick={() => void downloadCertificate(number).catch(setError)}>
            {t('offboarding.download')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t('offboarding.verifyHint')}{' '}
          <Anchor component={Link} to="/verify" size="sm" underline="always">
            {t('offboarding.verifyLink')}
          </Anchor>
        </Text>
        <ErrorNotice error={error} />
      </Stack>
    </Section>
  );
}

/** What the processor confirmed, as the certificate states it. */
function Confirmed({ confirmation: c }: { confirmation: Confirmation }) {
  const { t } = useTranslation();
  const categories = useTermNames('data-categories');
  return (
    <Section title={t('offboarding.confirmedTitle')}>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Fact label={t('offboarding.form.completedOn')}>{formatDate(c.completedOn)}</Fact>
          <Fact label={t('offboarding.form.performedBy')}>
            {[c.performedBy.name, c.performedBy.title, c.performedBy.organisation].join(', ')}
          </Fact>
          <Fact label={t('offboarding.form.verifiedBy')}>
            {[c.verifiedBy.name, c.verifiedBy.title].join(', ')}
          </Fact>
        </SimpleGrid>
        <SimpleTable
          head={[
            t('offboarding.form.dataCategories'),
            t('offboarding.form.medium'),
            t('offboarding.form.action'),
            t('offboarding.form.sanitization'),
            t('offboarding.form.technique'),
            t('offboarding.form.verification'),
          ]}
          rows={c.items.map((item) => [
            categories(item.dataCategories).join(', '),
            item.medium,
            t(`offboarding.form.actions.${item.action}`),
            t(`offboarding.form.sanitizations.${item.sanitization}`),
            [item.technique, item.tool].filter(Boolean).join(' — '),
            t(`offboarding.form.verifications.${item.verification}`),
          ])}
        />
        <Text size="sm">
          {c.subProcessorsCovered ? t('offboarding.subProcessorsYes') : t('offboarding.subProcessorsNo')}
        </Text>
        {c.legallyRetained && (
          <Text size="sm">
            {t('offboarding.retainedText', {
              what: c.legallyRetained.description,
              basis: c.legallyRetained.legalBasis,
              until: formatDate(c.legallyRetained.retainUntil),
            })}
          </Text>
        )}
      </Stack>
    </Section>
  );
}

function Attestations({ offboarding: o, mayWrite }: { offboarding: Offboarding; mayWrite: boolean }) {
  const { t } = useTranslation();
  const add = useAddAttestation(o.id);
  return (
    <Section title={t('offboarding.attestations')}>
      <Stack>
        {o.attestations.length ? (
          <List size="sm" aria-label={t('offboarding.attestations')}>
            {o.attestations.map((a) => (
              <List.Item key={a.id}>
                {a.filename}{' '}
                <Text span size="xs" c="dimmed" ff="monospace">
                  SHA-256 {a.sha256.slice(0, 12)}…
                </Text>
              </List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm" c="dimmed">
            {t('offboarding.noAttestations')}
          </Text>
        )}
        {mayWrite && !o.certificateNumber && (
          <Group>
            <FileButton
              onChange={(f) => f && add.mutate(f)}
              accept="application/pdf,.pdf"
              inputProps={{ 'aria-label': t('offboarding.attestationFile') }}
            >
              {(props) => (
                <Button variant="default" loading={add.isPending} {...props}>
                  {t('offboarding.attach')}
                </Button>
              )}
            </FileButton>
          </Group>
        )}
        <ErrorNotice error={add.error} />
      </Stack>
    </Section>
  );
}

/** One end of contract: what was asked, the processor's confirmation, and the certificate. */
export default function OffboardingPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { me } = useMe();
  const offboarding = useOffboarding(id);
  const processor = useProcessor(offboarding.data?.processorId);
  const confirm = useConfirm(id ?? '');
  const categories = useTermNames('data-categories');
  const subjects = useTermNames('data-subjects');
  if (offboarding.isLoading) return <PageLoader />;
  if (offboarding.error || !offboarding.data) return <ErrorNotice error={offboarding.error} />;
  const o = offboarding.data;
  const mayWrite = can(me.roles, WRITE.offboarding);
  const confirmation = o.confirmation as Confirmation | null;
  return (
    <Stack gap="lg">
      <PageHeader title={t('offboarding.titleFor', { name: processor.data?.name ?? '…' })}>
        <Group gap="xs" component="span" wrap="wrap">
          <OffboardingStatusBadge value={o.status} />
          <Anchor component={Link} to={`/processors/${o.processorId}`} size="sm">
            {t('offboarding.toProcessor')}
          </Anchor>
          <Anchor component={Link} to={`/agreements/${o.agreementId}`} size="sm">
            {t('offboarding.toAgreement')}
          </Anchor>
        </Group>
      </PageHeader>
      <Section title={t('offboarding.askedTitle')}>
        <Stack gap="sm">
          <Text size="sm">
            {t('offboarding.asked', {
              handling: t(`offboarding.handlingIn.${o.dataHandling}`),
              dueOn: formatDate(o.dueOn),
            })}
          </Text>
          {o.status === 'overdue' && (
            <Alert color="red" variant="light" title={t('offboarding.overdueTitle')}>
              {t('offboarding.overdue', { dueOn: formatDate(o.dueOn) })}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Fact label={t('offboarding.effectiveOn')}>{formatDate(o.effectiveOn)}</Fact>
            <Fact label={t('offboarding.handling')}>{t(`offboarding.handlingOf.${o.dataHandling}`)}</Fact>
            <Fact label={t('offboarding.dueOn')}>{formatDate(o.dueOn)}</Fact>
            <Fact label={t('offboarding.reason')}>{o.reason}</Fact>
            <Fact label={t('offboarding.form.dataCategories')}>
              {categories(o.dataCategories).join(', ')}
            </Fact>
            <Fact label={t('offboarding.dataSubjects')}>{subjects(o.dataSubjectCategories).join(', ')}</Fact>
          </SimpleGrid>
        </Stack>
      </Section>
      <Certificate offboarding={o} />
      {confirmation && <Confirmed confirmation={confirmation} />}
      {!o.certificateNumber && mayWrite && (
        <Section title={t('offboarding.recordTitle')}>
          <Stack>
            <Text size="sm">{t('offboarding.recordIntro')}</Text>
            <ConfirmationForm
              voice="controller"
              offboarding={o}
              pending={confirm.isPending}
              error={confirm.error}
              problemTitle={t('offboarding.notIssued')}
              onSubmit={(body) => confirm.mutate(body)}
            />
          </Stack>
        </Section>
      )}
      {!o.certificateNumber && !mayWrite && (
        <Text size="sm" c="dimmed">
          {t('offboarding.awaiting', { dueOn: formatDate(o.dueOn) })}
        </Text>
      )}
      <Attestations offboarding={o} mayWrite={mayWrite} />
    </Stack>
  );
}
