import { Container, List, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Brand } from '../../app/Brand';
import { formatDate } from '../../shared/format';
import { ErrorNotice, PageLoader, Section } from '../../shared/ui';
import { usePortalLink, usePortalSession, type PortalSession } from './api';
import { AssessmentSection } from './AssessmentSection';
import { BreachNoticeForm } from './BreachNoticeForm';
import { OffboardingSection } from './OffboardingSection';
import { SubProcessorForm } from './SubProcessorForm';

function Frame({ children }: { children: ReactNode }) {
  return (
    <Container size="md" px="md" py="xl" component="main">
      <Stack gap="lg">
        <Brand size="lg" />
        {children}
      </Stack>
    </Container>
  );
}

/**
 * A wrong, expired or revoked link: one plain sentence, nothing about the processor. No link at all
 * (the page was reloaded, and the token is kept in memory only) asks for the e-mail's link again.
 */
function InvalidLink({ missing }: { missing: boolean }) {
  const { t } = useTranslation();
  return (
    <Frame>
      <Title order={1} size="h3">
        {t(missing ? 'portal.noLink' : 'portal.invalid')}
      </Title>
    </Frame>
  );
}

/** Who asks, what and by when, in plain words for someone who never heard of Custos. */
function Header({ session }: { session: PortalSession }) {
  const { t } = useTranslation();
  const organization = session.organization.name;
  const asked = session.purposes.map((purpose) => {
    if (purpose === 'assessment')
      return session.assessment
        ? t('portal.purpose.assessment', {
            template: session.assessment.templateName,
            count: session.assessment.questionCount,
          })
        : t('portal.purpose.assessmentPlain');
    if (purpose === 'offboarding')
      return session.offboarding
        ? t('portal.purpose.offboarding', {
            handling: t(`portal.handling.${session.offboarding.dataHandling}`),
            date: formatDate(session.offboarding.dueOn),
          })
        : t('portal.purpose.offboardingPlain');
    return t(`portal.purpose.${purpose}`, { organization });
  });
  return (
    <Stack gap="sm">
      <Title order={1}>{t('portal.title', { organization, processor: session.processor.name })}</Title>
      {/* A link the workflow sent to the processor's own address names no person: no "Hello Cloudly GmbH". */}
      <Text>
        {session.contact.name === session.processor.name
          ? t('portal.greetingPlain')
          : t('portal.greeting', { name: session.contact.name })}
      </Text>
      <Text>{t('portal.intro', { organization, processor: session.processor.name })}</Text>
      <Title order={2} size="h4">
        {t('portal.asked')}
      </Title>
      <List spacing={4}>
        {asked.map((line) => (
          <List.Item key={line}>{line}</List.Item>
        ))}
      </List>
      <Text size="sm" c="dimmed">
        {t('portal.validUntil', { date: formatDate(session.expiresOn) })}
      </Text>
    </Stack>
  );
}

/**
 * The processor portal: a processor's contact does their part through the link legal e-mailed them, with
 * no account. The token rides in the address's fragment and goes to the API as `Portal <token>`.
 */
export default function PortalPage() {
  const { t } = useTranslation();
  const { token, invalid } = usePortalLink();
  const session = usePortalSession(token);
  if (invalid) return <InvalidLink missing={!token} />;
  if (session.isLoading || !session.data)
    return <Frame>{session.error ? <ErrorNotice error={session.error} /> : <PageLoader />}</Frame>;
  const s = session.data;
  const organization = s.organization.name;
  return (
    <Frame>
      <Header session={s} />
      {s.purposes.includes('assessment') && (
        <Section title={t('portal.assessment.title')}>
          <AssessmentSection token={token} organization={organization} />
        </Section>
      )}
      {s.purposes.includes('offboarding') && (
        <Section title={t('portal.offboarding.title')}>
          <OffboardingSection token={token} session={s} />
        </Section>
      )}
      {s.purposes.includes('breach_notice') && (
        <Section title={t('portal.breach.title')}>
          <BreachNoticeForm organization={organization} />
        </Section>
      )}
      {s.purposes.includes('subprocessor_notice') && (
        <Section title={t('portal.subProcessor.title')}>
          <SubProcessorForm organization={organization} />
        </Section>
      )}
    </Frame>
  );
}
