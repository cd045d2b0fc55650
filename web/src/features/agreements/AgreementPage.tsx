import {
  Alert,
  Anchor,
  Button,
  Card,
  FileButton,
  Group,
  List,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { can, WRITE } from '../../app/areas';
import { download, type Schemas } from '../../shared/api/client';
import { formatDate, formatDateTime, today } from '../../shared/format';
import { StatusBadge } from '../../shared/status';
import { useCountryNames, useTermNames } from '../../shared/vocabularies';
import { ErrorNotice, fieldErrors, FormProblem, PageHeader, PageLoader } from '../../shared/ui';
import { useMe } from '../auth/session';
import { useProcessor } from '../processors/hooks';
import { CLAUSES, useAgreement, useSend, useSign, useUploadSigned, type Agreement } from './hooks';
import { DraftAgreementForm } from './DraftAgreementForm';
import { TerminateAgreement } from './TerminateAgreement';
import { InstructionLog } from './InstructionLog';
import { TiaSection } from './TiaSection';

/** Why the agreement is not active yet, in the order a person would fix it. */
function pendingReasons(a: Agreement, t: (k: string, o?: Record<string, unknown>) => string): string[] {
  if (a.status === 'active') return [];
  const reasons: string[] = [];
  if (a.status === 'draft') reasons.push(t('agreements.why.draft'));
  if (a.status === 'sent' || a.status === 'draft') {
    for (const party of ['controller', 'processor'] as const) {
      if (!a.signatures.some((s) => s.party === party))
        reasons.push(t('agreements.why.signature', { party: t(`agreements.party.${party}`) }));
    }
  }
  if (a.missingClauses.length)
    reasons.push(t('agreements.why.clauses', { clauses: a.missingClauses.join(', ') }));
  if (a.effectiveFrom > today())
    reasons.push(t('agreements.why.notYet', { date: formatDate(a.effectiveFrom) }));
  if (a.status === 'expired' || a.status === 'terminated' || a.status === 'superseded')
    reasons.push(t(`agreements.why.${a.status}`));
  return reasons;
}

function SignatureForm({ agreement }: { agreement: Agreement }) {
  const { t } = useTranslation();
  const sign = useSign(agreement.id);
  const missing = (['controller', 'processor'] as const).filter(
    (p) => !agreement.signatures.some((s) => s.party === p),
  );
  const [body, setBody] = useState<Schemas['SignatureDto']>({
    party: missing[0] ?? 'controller',
    signerName: '',
    signerTitle: '',
    signedAt: today(),
  });
  const field = fieldErrors(sign.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    sign.mutate(body, {
      onSuccess: (a) => {
        const next = (['controller', 'processor'] as const).find(
          (p) => !a.signatures.some((s) => s.party === p),
        );
        setBody({ party: next ?? 'controller', signerName: '', signerTitle: '', signedAt: today() });
      },
    });
  };
  if (!missing.length) return null;
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={3} size="h4">
          {t('agreements.recordSignature')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('agreements.partyLabel')}
            data={missing.map((p) => ({ value: p, label: t(`agreements.party.${p}`) }))}
            value={body.party}
            onChange={(v) => v && setBody({ ...body, party: v })}
            allowDeselect={false}
          />
          <TextInput
            type="date"
            label={t('agreements.signedAt')}
            required
            value={body.signedAt}
            error={field('signedAt')}
            onChange={(e) => setBody({ ...body, signedAt: e.currentTarget.value })}
          />
          <TextInput
            label={t('agreements.signerName')}
            required
            value={body.signerName}
            error={field('signerName')}
            onChange={(e) => setBody({ ...body, signerName: e.currentTarget.value })}
          />
          <TextInput
            label={t('agreements.signerTitle')}
            required
            value={body.signerTitle}
            error={field('signerTitle')}
            onChange={(e) => setBody({ ...body, signerTitle: e.currentTarget.value })}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={sign.isPending}>
            {t('agreements.addSignature')}
          </Button>
        </Group>
        <FormProblem error={sign.error} />
      </Stack>
    </form>
  );
}

export default function AgreementPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { me } = useMe();
  const agreement = useAgreement(id);
  const processor = useProcessor(agreement.data?.processorId);
  const send = useSend(id ?? '');
  const uploadSigned = useUploadSigned(id ?? '');
  const [editing, setEditing] = useState(false);
  const categories = useTermNames('data-categories');
  const uses = useTermNames('data-uses');
  const subjects = useTermNames('data-subjects');
  const countries = useCountryNames();
  if (agreement.isLoading) return <PageLoader />;
  if (agreement.error || !agreement.data) return <ErrorNotice error={agreement.error} />;
  const a = agreement.data;
  const mayWrite = can(me.roles, WRITE.agreements);
  const reasons = pendingReasons(a, t);
  const doc = a.signedDocument as { filename?: string; sha256?: string; uploadedAt?: string } | null;
  return (
    <Stack gap="lg">
      <PageHeader
        title={a.title}
        actions={
          mayWrite &&
          (a.status === 'draft' && !editing ? (
            <Group gap="sm">
              <Button variant="default" onClick={() => setEditing(true)}>
                {t('agreements.editDraft')}
              </Button>
              <Button onClick={() => send.mutate(undefined)} loading={send.isPending}>
                {t('agreements.send')}
              </Button>
            </Group>
          ) : (
            (a.status === 'active' || a.status === 'signed') && <TerminateAgreement agreement={a} />
          ))
        }
      >
        <Group gap="xs" component="span" wrap="wrap">
          <StatusBadge value={a.status} />
          {processor.data && (
            <Anchor component={Link} to={`/processors/${a.processorId}`} size="sm">
              {processor.data.name}
            </Anchor>
          )}
        </Group>
      </PageHeader>
      {send.error && <ErrorNotice error={send.error} />}
      {editing && processor.data && (
        <Card withBorder padding="lg">
          <Title order={2} size="h3" mb="sm">
            {t('agreements.editDraft')}
          </Title>
          <DraftAgreementForm processor={processor.data} agreement={a} onSaved={() => setEditing(false)} />
          <Button variant="subtle" mt="sm" onClick={() => setEditing(false)}>
            {t('agreements.cancelEdit')}
          </Button>
        </Card>
      )}
      <div role="status">
        {a.status === 'active' ? (
          <Alert color="green" title={t('agreements.isActive')}>
            {t('agreements.activeSince', { date: formatDate(a.effectiveFrom) })}
          </Alert>
        ) : (
          <Alert color="orange" title={t('agreements.notActive')}>
            <List size="sm">
              {reasons.map((r) => (
                <List.Item key={r}>{r}</List.Item>
              ))}
            </List>
          </Alert>
        )}
      </div>
      <Card withBorder padding="lg" component="section" aria-labelledby="scope-heading">
        <Title order={2} size="h3" mb="sm" id="scope-heading">
          {t('agreements.scope')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Text size="sm">
            <b>{t('agreements.subjectMatter')}:</b> {a.scope.subjectMatter}
          </Text>
          <Text size="sm">
            <b>{t('agreements.nature')}:</b> {a.scope.nature}
          </Text>
          <Text size="sm">
            <b>{t('agreements.dataCategories')}:</b> {categories(a.scope.dataCategories).join(', ')}
          </Text>
          <Text size="sm">
            <b>{t('agreements.purposes')}:</b> {uses(a.scope.purposes).join(', ')}
          </Text>
          <Text size="sm">
            <b>{t('agreements.dataSubjects')}:</b> {subjects(a.scope.dataSubjectCategories).join(', ')}
          </Text>
          <Text size="sm">
            <b>{t('agreements.processingCountries')}:</b> {countries(a.scope.processingCountries).join(', ')}
          </Text>
          <Text size="sm">
            <b>{t('agreements.effectiveFrom')}:</b> {formatDate(a.effectiveFrom)}
          </Text>
          <Text size="sm">
            <b>{t('agreements.expiresOn')}:</b> {formatDate(a.expiresOn)}
          </Text>
          <Text size="sm">
            <b>{t('agreements.authorization')}:</b> {t(`agreements.${a.subProcessorAuthorization.type}`)}
            {a.subProcessorAuthorization.objectionPeriodDays
              ? ` (${t('agreements.days', { count: a.subProcessorAuthorization.objectionPeriodDays })})`
              : ''}
          </Text>
          <Text size="sm">
            <b>{t('agreements.transfers')}:</b>{' '}
            {a.transferMechanisms.length
              ? a.transferMechanisms.map((m) => `${m.country}: ${t(`mechanisms.${m.mechanism}`)}`).join('; ')
              : '—'}
          </Text>
          <Text size="sm">
            <b>{t('agreements.duration')}:</b> {a.scope.duration || '—'}
          </Text>
          <Text size="sm">
            <b>{t('agreements.controllerObligations')}:</b> {a.scope.controllerObligations || '—'}
          </Text>
          {a.supersedesId && (
            <Text size="sm">
              <b>{t('agreements.supersedes')}:</b>{' '}
              <Anchor component={Link} to={`/agreements/${a.supersedesId}`} size="sm">
                {t('agreements.openAgreement')}
              </Anchor>
            </Text>
          )}
          {a.supersededById && (
            <Text size="sm">
              <b>{t('agreements.supersededBy')}:</b>{' '}
              <Anchor component={Link} to={`/agreements/${a.supersededById}`} size="sm">
                {t('agreements.openAgreement')}
              </Anchor>
            </Text>
          )}
        </SimpleGrid>
      </Card>
      <TiaSection agreement={a} />
      <InstructionLog agreement={a} />
      <Card withBorder padding="lg">
        <Title order={2} size="h3" mb="sm">
          {t('agreements.clauses')}
        </Title>
        <List spacing={4} size="sm">
          {CLAUSES.map((c) => {
            const clause = a.clauses[c];
            return (
              <List.Item key={c} icon={<span aria-hidden="true">{clause?.covered ? '✓' : '✗'}</span>}>
                {t(`clauses.${c}`)} —{' '}
                {clause?.covered
                  ? t('agreements.coveredAt', { reference: clause.reference ?? '—' })
                  : t('agreements.notCovered')}
                {clause?.auditReportsOnly && ` — ${t('agreements.auditReportsOnlyShort')}`}
              </List.Item>
            );
          })}
        </List>
      </Card>
      <Card withBorder padding="lg">
        <Title order={2} size="h3" mb="sm">
          {t('agreements.signatures')}
        </Title>
        <Stack>
          {a.signatures.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('agreements.noSignatures')}
            </Text>
          ) : (
            <List size="sm" aria-label={t('agreements.signatures')}>
              {a.signatures.map((s) => (
                <List.Item key={s.party}>
                  {t('agreements.signedBy', {
                    party: t(`agreements.party.${s.party}`),
                    name: s.signerName,
                    title: s.signerTitle,
                    date: formatDate(s.signedAt),
                  })}
                </List.Item>
              ))}
            </List>
          )}
          {mayWrite && a.status === 'sent' && <SignatureForm agreement={a} />}
          <Title order={3} size="h4">
            {t('agreements.signedDocument')}
          </Title>
          {doc?.sha256 ? (
            <Group gap="xs" wrap="wrap">
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() =>
                  void download(`/api/v1/agreements/${a.id}/document`, doc.filename ?? 'agreement.pdf')
                }
              >
                {t('agreements.downloadSigned', { name: doc.filename ?? 'PDF' })}
              </Anchor>
              <Text size="xs" c="dimmed" ff="monospace">
                SHA-256 {doc.sha256.slice(0, 16)}… · {formatDateTime(doc.uploadedAt)}
              </Text>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {t('agreements.noDocument')}
            </Text>
          )}
          {mayWrite &&
            (a.status === 'sent' || a.status === 'signed' || a.status === 'active') &&
            !doc?.sha256 && (
              <Group>
                <FileButton
                  onChange={(f) => f && uploadSigned.mutate(f)}
                  accept="application/pdf,.pdf"
                  inputProps={{ 'aria-label': t('agreements.signedPdf') }}
                >
                  {(props) => (
                    <Button variant="default" loading={uploadSigned.isPending} {...props}>
                      {t('agreements.uploadSigned')}
                    </Button>
                  )}
                </FileButton>
              </Group>
            )}
          {uploadSigned.error && <ErrorNotice error={uploadSigned.error} />}
        </Stack>
      </Card>
    </Stack>
  );
}
