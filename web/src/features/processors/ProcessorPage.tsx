import {
  Anchor,
  Box,
  Button,
  Card,
  Group,
  List,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { can, WRITE } from '../../app/areas';
import { api, call } from '../../shared/api/client';
import { formatDate, formatDateTime } from '../../shared/format';
import { StatusBadge } from '../../shared/status';
import { useCountryNames } from '../../shared/vocabularies';
import {
  Dialog,
  ErrorNotice,
  Fact,
  fieldErrors,
  FormProblem,
  ListState,
  PageHeader,
  PageLoader,
  Pager,
  SimpleTable,
} from '../../shared/ui';
import { ProcessorHistory } from './ProcessorHistory';
import { notify } from '../../shared/notify';
import { useMe } from '../auth/session';
import {
  useAuthorizationDecision,
  useProcessor,
  useProcessorAgreements,
  useProcessorAssessments,
  useProcessors,
  type Processor,
} from './hooks';
import { EditProcessorForm, NewProcessorForm } from './NewProcessorForm';
import { PORTAL_LINK_READERS, PortalLinks } from './PortalLinks';
import { FlowDownContract } from './FlowDownContract';
import { SUB_PROCESSOR_LIST_CHECKERS, SubProcessorListCheck } from './SubProcessorListCheck';
import { IdentityForm, IdentitySummary } from './IdentityForm';
import { StartAssessment } from './StartAssessment';
import { TransferBasisForm, TransferBasisSummary } from './TransferBasisForm';

/** Sub-processors one level of the chain shows at a time; a longer level gets pages. */
const CHAIN_PAGE = 50;

/** One level of the chain; each sub-processor opens its own sub-processors. */
function Chain({ parentId, depth = 0 }: { parentId: string; depth?: number }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const children = useProcessors({ parentId, page, pageSize: CHAIN_PAGE });
  if (children.isLoading) return <Text size="sm">{t('common.loading')}</Text>;
  if (children.error) return <ErrorNotice error={children.error} />;
  const items = children.data?.items ?? [];
  if (!items.length)
    return depth === 0 ? (
      <Text size="sm" c="dimmed">
        {t('processors.noSubs')}
      </Text>
    ) : null;
  const list = (
    <List
      listStyleType="none"
      spacing="xs"
      withPadding={depth > 0}
      aria-label={depth === 0 ? t('processors.chain') : undefined}
    >
      {items.map((sub) => (
        <List.Item key={sub.id}>
          <Group gap="xs" wrap="wrap">
            <Anchor component={Link} to={`/processors/${sub.id}`}>
              {sub.name}
            </Anchor>
            <Text size="xs" c="dimmed">
              {sub.country}
            </Text>
            <StatusBadge value={sub.authorizationStatus} />
            {sub.objectionWindowEndsOn && (
              <Text size="xs" c="dimmed">
                {t('processors.objectionUntil', { date: formatDate(sub.objectionWindowEndsOn) })}
              </Text>
            )}
          </Group>
          <Chain parentId={sub.id} depth={depth + 1} />
        </List.Item>
      ))}
    </List>
  );
  const total = children.data?.total ?? 0;
  return total > CHAIN_PAGE ? (
    <Box>
      {list}
      <Pager page={page} total={total} pageSize={CHAIN_PAGE} onChange={setPage} />
    </Box>
  ) : (
    list
  );
}

/**
 * Legal's objection to a sub-processor in its objection window. The API requires the reasons (they are
 * e-mailed to the processor that engages it), and an objection is final.
 */
function ObjectToSubProcessor({ processor, onObjected }: { processor: Processor; onObjected: () => void }) {
  const { t } = useTranslation();
  const [opened, dialog] = useDisclosure();
  const [note, setNote] = useState('');
  const object = useAuthorizationDecision(processor.id);
  const error = fieldErrors(object.error);
  const close = () => {
    dialog.close();
    object.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    object.mutate(
      { decision: 'object', note },
      {
        onSuccess: (p) => {
          dialog.close();
          setNote('');
          onObjected();
          notify(t(`status.${p.authorizationStatus ?? 'objected'}`));
        },
      },
    );
  };
  return (
    <>
      <Button variant="light" color="red" onClick={dialog.open}>
        {t('processors.object')}
      </Button>
      <Dialog opened={opened} onClose={close} title={t('processors.objectTitle', { name: processor.name })}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t('processors.objectIntro')}</Text>
            <Textarea
              label={t('processors.objectionReason')}
              description={t('processors.objectionReasonHint')}
              required
              autosize
              minRows={3}
              maxLength={2000}
              value={note}
              error={error('note')}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <FormProblem error={object.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('processors.objectCancel')}
              </Button>
              <Button type="submit" color="red.8" loading={object.isPending}>
                {t('processors.objectSubmit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Dialog>
    </>
  );
}

/** The moves that make sense in the processor's state, as buttons (the API still decides). */
function Actions({ processor }: { processor: Processor }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const client = useQueryClient();
  const [subOpen, sub] = useDisclosure();
  const [detailsOpen, details] = useDisclosure();
  const [basisOpen, basis] = useDisclosure();
  const refresh = () => client.invalidateQueries({ queryKey: ['processor', processor.id] });
  const authorize = useAuthorizationDecision(processor.id);
  const archive = useMutation({
    mutationFn: () =>
      call(() => api.POST('/api/v1/processors/{id}/archive', { params: { path: { id: processor.id } } })),
    onSuccess: () => void refresh(),
  });
  if (!can(me.roles, WRITE.processors) || processor.archivedAt) return null;
  const s = processor.status;
  const error = authorize.error ?? archive.error;
  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="wrap">
        {(s === 'proposed' || s === 'rejected' || s === 'approved' || s === 'active') && (
          <StartAssessment processor={processor} primary={s === 'proposed'} />
        )}
        {(s === 'approved' || s === 'active' || s === 'under_assessment' || s === 'proposed') && (
          <Button component={Link} to={`/agreements?draftFor=${processor.id}`} variant="default">
            {t('processors.draftAgreement')}
          </Button>
        )}
        <Button variant="default" onClick={details.open}>
          {t('processors.edit')}
        </Button>
        <Button variant="default" onClick={basis.open}>
          {t('transferBasis.open')}
        </Button>
        <Button variant="default" onClick={sub.open}>
          {t('processors.newSub')}
        </Button>
        {processor.parentId &&
          (processor.authorizationStatus === 'pending' ||
            processor.authorizationStatus === 'objection_window') && (
            <>
              <Button
                variant="outline"
                color="teal.9"
                onClick={() =>
                  authorize.mutate(
                    { decision: 'authorize' },
                    {
                      onSuccess: (p) => {
                        void refresh();
                        notify(t(`status.${p.authorizationStatus ?? 'pending'}`));
                      },
                    },
                  )
                }
                loading={authorize.isPending}
              >
                {t('processors.authorize')}
              </Button>
              {processor.authorizationStatus === 'objection_window' && (
                <ObjectToSubProcessor processor={processor} onObjected={() => void refresh()} />
              )}
            </>
          )}
        {(s === 'proposed' || s === 'rejected' || s === 'offboarded') && (
          <Button variant="subtle" color="gray" onClick={() => archive.mutate()} loading={archive.isPending}>
            {t('processors.archive')}
          </Button>
        )}
      </Group>
      {error && <ErrorNotice error={error} />}
      <Dialog
        opened={subOpen}
        onClose={sub.close}
        title={t('processors.newSubOf', { name: processor.name })}
        size="lg"
      >
        <NewProcessorForm parentId={processor.id} onDone={sub.close} />
      </Dialog>
      <Dialog
        opened={detailsOpen}
        onClose={details.close}
        title={t('processors.editOf', { name: processor.name })}
        size="lg"
      >
        <EditProcessorForm processor={processor} onDone={details.close} />
      </Dialog>
      <Dialog
        opened={basisOpen}
        onClose={basis.close}
        title={t('transferBasis.title', { name: processor.name })}
        size="lg"
      >
        <TransferBasisForm processor={processor} onDone={basis.close} />
      </Dialog>
    </Stack>
  );
}

/** Who the processor is, its contacts and its certifications; legal corrects them here. */
function Identity({ processor }: { processor: Processor }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const [opened, dialog] = useDisclosure();
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3">
          {t('identity.title')}
        </Title>
        {can(me.roles, WRITE.processors) && !processor.archivedAt && (
          <Button variant="default" onClick={dialog.open}>
            {t('identity.edit')}
          </Button>
        )}
      </Group>
      <IdentitySummary processor={processor} />
      <Dialog
        opened={opened}
        onClose={dialog.close}
        title={t('identity.editOf', { name: processor.name })}
        size="xl"
      >
        <IdentityForm processor={processor} onDone={dialog.close} />
      </Dialog>
    </Card>
  );
}

function Related({ processor }: { processor: Processor }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const id = processor.id;
  const readsLegal = can(me.roles, ['admin', 'legal', 'dpo', 'auditor']);
  const assessments = useProcessorAssessments(id);
  const agreements = useProcessorAgreements(id);
  const checks = useQuery({
    queryKey: ['transfer-checks', { processorId: id }],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/transfer-checks', { params: { query: { processorId: id, page: 1, pageSize: 10 } } }),
      ),
    enabled: can(me.roles, ['procurement', 'dpo', 'auditor', 'legal']),
  });
  const findings = useQuery({
    queryKey: ['findings', { processorId: id }],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/findings', { params: { query: { processorId: id, page: 1, pageSize: 20 } } }),
      ),
    enabled: readsLegal,
  });
  const breaches = useQuery({
    queryKey: ['incidents', { processorId: id }],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/incidents', { params: { query: { processorId: id, page: 1, pageSize: 20 } } }),
      ),
    enabled: can(me.roles, ['legal', 'dpo', 'auditor']),
  });
  return (
    <Tabs defaultValue="assessments" keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="assessments">{t('areas.assessments')}</Tabs.Tab>
        <Tabs.Tab value="agreements">{t('areas.agreements')}</Tabs.Tab>
        <Tabs.Tab value="checks">{t('areas.transferChecks')}</Tabs.Tab>
        {readsLegal && <Tabs.Tab value="findings">{t('areas.findings')}</Tabs.Tab>}
        {can(me.roles, ['legal', 'dpo', 'auditor']) && (
          <Tabs.Tab value="breaches">{t('areas.breaches')}</Tabs.Tab>
        )}
        {can(me.roles, PORTAL_LINK_READERS) && (
          <Tabs.Tab value="portal-links">{t('portalLinks.tab')}</Tabs.Tab>
        )}
        {can(me.roles, SUB_PROCESSOR_LIST_CHECKERS) && (
          <Tabs.Tab value="sub-processor-list">{t('subProcessorList.tab')}</Tabs.Tab>
        )}
        <Tabs.Tab value="history">{t('processors.history')}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="assessments" pt="md">
        <ListState
          isLoading={assessments.isLoading}
          error={assessments.error}
          empty={!assessments.data?.items.length}
          emptyText={t('assessments.empty')}
        >
          <SimpleTable
            head={[
              t('assessments.created'),
              t('assessments.status'),
              t('assessments.score'),
              t('assessments.risk'),
            ]}
            rows={(assessments.data?.items ?? []).map((a) => [
              <Anchor component={Link} to={`/assessments/${a.id}`} key="l">
                {formatDate(a.createdAt)}
              </Anchor>,
              <StatusBadge value={a.status} key="s" />,
              a.score ?? '—',
              <StatusBadge value={a.riskRating} key="r" />,
            ])}
          />
        </ListState>
      </Tabs.Panel>
      <Tabs.Panel value="agreements" pt="md">
        <ListState
          isLoading={agreements.isLoading}
          error={agreements.error}
          empty={!agreements.data?.items.length}
          emptyText={t('agreements.empty')}
        >
          <SimpleTable
            head={[t('agreements.title'), t('agreements.status'), t('agreements.effectiveFrom')]}
            rows={(agreements.data?.items ?? []).map((a) => [
              <Anchor component={Link} to={`/agreements/${a.id}`} key="l">
                {a.title}
              </Anchor>,
              <StatusBadge value={a.status} key="s" />,
              formatDate(a.effectiveFrom),
            ])}
          />
        </ListState>
      </Tabs.Panel>
      <Tabs.Panel value="checks" pt="md">
        <ListState
          isLoading={checks.isLoading}
          error={checks.error}
          empty={!checks.data?.items.length}
          emptyText={t('transfers.noHistory')}
        >
          <SimpleTable
            head={[t('transfers.checkedAt'), t('transfers.outcome'), t('transfers.purpose')]}
            rows={(checks.data?.items ?? []).map((c) => [
              <Anchor component={Link} to={`/transfer-checks/${c.id}`} key="l">
                {formatDateTime(c.checkedAt)}
              </Anchor>,
              c.eligible ? t('transfers.eligible') : t('transfers.notEligible'),
              c.purpose,
            ])}
          />
        </ListState>
      </Tabs.Panel>
      <Tabs.Panel value="findings" pt="md">
        <ListState
          isLoading={findings.isLoading}
          error={findings.error}
          empty={!findings.data?.items.length}
          emptyText={t('processors.noFindings')}
        >
          <SimpleTable
            head={[
              t('processors.finding'),
              t('processors.severity'),
              t('processors.findingStatus'),
              t('processors.due'),
            ]}
            rows={(findings.data?.items ?? []).map((f) => [
              f.title,
              <StatusBadge value={f.severity} key="s" />,
              t(`status.${f.status}`, { defaultValue: f.status }),
              formatDate(f.dueOn as unknown as string),
            ])}
          />
        </ListState>
      </Tabs.Panel>
      <Tabs.Panel value="breaches" pt="md">
        <ListState
          isLoading={breaches.isLoading}
          error={breaches.error}
          empty={!breaches.data?.items.length}
          emptyText={t('processors.noBreaches')}
        >
          <SimpleTable
            head={[t('processors.breach'), t('processors.findingStatus'), t('processors.reported')]}
            rows={(breaches.data?.items ?? []).map((b) => [
              <Anchor component={Link} to={`/breaches/${b.id}`} key="l">
                {b.title}
              </Anchor>,
              t(`status.${b.status}`, { defaultValue: b.status }),
              formatDateTime(b.reportedAt),
            ])}
          />
        </ListState>
      </Tabs.Panel>
      <Tabs.Panel value="portal-links" pt="md">
        <PortalLinks processor={processor} />
      </Tabs.Panel>
      <Tabs.Panel value="sub-processor-list" pt="md">
        <SubProcessorListCheck processor={processor} />
      </Tabs.Panel>
      <Tabs.Panel value="history" pt="md">
        <ProcessorHistory processorId={id} />
      </Tabs.Panel>
    </Tabs>
  );
}

export default function ProcessorPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const processor = useProcessor(id);
  const parent = useProcessor(processor.data?.parentId ?? undefined);
  const countries = useCountryNames();
  if (processor.isLoading) return <PageLoader />;
  if (processor.error || !processor.data) return <ErrorNotice error={processor.error} />;
  const p = processor.data;
  return (
    <Stack gap="lg">
      <PageHeader title={p.name}>
        <Group gap="xs" component="span">
          <StatusBadge value={p.status} />
          {p.riskRating && <StatusBadge value={p.riskRating} />}
          {p.archivedAt && <StatusBadge value="archived" />}
        </Group>
      </PageHeader>
      <Actions processor={p} />
      <Card withBorder padding="lg">
        <Title order={2} size="h3" mb="sm">
          {t('processors.facts')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
          <Fact label={t('processors.country')}>{countries([p.country])[0]}</Fact>
          <Fact label={t('processors.processingCountries')}>
            {countries(p.processingCountries).join(', ')}
          </Fact>
          <Fact label={t('processors.contactEmail')}>{p.contactEmail}</Fact>
          <Fact label={t('processors.services')}>{p.services || t('processors.servicesMissing')}</Fact>
          <TransferBasisSummary processor={p} />
          <Fact label={t('processors.validUntil')}>{formatDate(p.assessmentValidUntil)}</Fact>
          {p.parentId && (
            <Fact label={t('processors.parent')}>
              <Anchor component={Link} to={`/processors/${p.parentId}`}>
                {parent.data?.name ?? t('common.loading')}
              </Anchor>{' '}
              <StatusBadge value={p.authorizationStatus} />
            </Fact>
          )}
        </SimpleGrid>
      </Card>
      {p.parentId && <FlowDownContract processor={p} parentName={parent.data?.name ?? t('common.loading')} />}
      <Identity processor={p} />
      <Card withBorder padding="lg">
        <Title order={2} size="h3" mb="sm">
          {t('processors.chain')}
        </Title>
        <Chain parentId={p.id} />
      </Card>
      <Related processor={p} />
    </Stack>
  );
}
