import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../shared/notify';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { can, WRITE } from '../../app/areas';
import { formatDate, formatDateTime, today } from '../../shared/format';
import { StatusBadge } from '../../shared/status';
import { useTermNames } from '../../shared/vocabularies';
import { Dialog, ErrorNotice, Fact, PageHeader, PageLoader, SimpleTable } from '../../shared/ui';
import { useMe } from '../auth/session';
import { ActivityForm } from './ActivityForm';
import { useActivity, useArchiveActivity, type Activity } from './hooks';
import { shown, VersionsSection } from './VersionsSection';

function Details({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const a = activity;
  const uses = useTermNames('data-uses');
  const subjects = useTermNames('data-subjects');
  const categories = useTermNames('data-categories');
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="details-heading">
      <Stack>
        <Title order={2} size="h3" id="details-heading">
          {t('records.activity.details')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
          <Fact label={t('records.fields.businessFunction')}>{a.businessFunction}</Fact>
          <Fact label={t('records.fields.purposes')}>{uses(a.purposes).join('\n')}</Fact>
          <Fact label={t('records.fields.purposeDescription')}>{a.purposeDescription}</Fact>
          <Fact label={t('records.fields.legalBases')}>
            {a.legalBases.map((b) => t(`records.bases.${b}.long`)).join('\n')}
          </Fact>
          {a.legitimateInterest && (
            <Fact label={t('records.fields.legitimateInterest')}>{a.legitimateInterest}</Fact>
          )}
          <Fact label={t('records.fields.dataSubjectCategories')}>
            {subjects(a.dataSubjectCategories).join('\n')}
          </Fact>
          <Fact label={t('records.fields.dataCategories')}>{categories(a.dataCategories).join('\n')}</Fact>
          <Fact label={t('records.fields.dataSource')}>{a.dataSource}</Fact>
          <Fact label={t('records.fields.retention')}>{a.retention}</Fact>
          <Fact label={t('records.fields.retentionByCategory')}>
            {a.retentionByCategory.map((r) => `${r.dataCategory}: ${r.limit}`).join('\n')}
          </Fact>
          <Fact label={t('records.fields.securityMeasures')}>{a.securityMeasures}</Fact>
          <Fact label={t('records.fields.jointControllers')}>{shown(a.jointControllers)}</Fact>
          <Fact label={t('records.fields.dpiaRequired')}>
            {a.dpiaRequired
              ? [t('common.yes'), a.dpiaReference, a.dpiaProgress && t(`records.dpia.${a.dpiaProgress}`)]
                  .filter(Boolean)
                  .join(' · ')
              : t('common.no')}
          </Fact>
          <Fact label={t('records.fields.rightsAvailable')}>
            {a.rightsAvailable.map((r) => t(`records.rights.${r}`)).join(', ')}
          </Fact>
          <Fact label={t('records.fields.automatedDecisionMaking')}>{a.automatedDecisionMaking}</Fact>
          <Fact label={t('records.fields.dataLocation')}>{a.dataLocation}</Fact>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

/** Recipients, transfers and flags: derived from the linked processors and their agreements, read only. */
function Derived({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="derived-heading">
      <Stack>
        <Title order={2} size="h3" id="derived-heading">
          {t('records.activity.derived')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('records.activity.derivedHint')}
        </Text>
        {activity.flags.length > 0 && (
          <Alert color="orange" variant="light" title={t('records.activity.flags')}>
            <List size="sm" spacing={4}>
              {activity.flags.map((f, i) => (
                <List.Item key={i}>
                  {f.message}{' '}
                  <Text span size="xs" c="dimmed" ff="monospace">
                    {f.code}
                  </Text>
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Title order={3} size="h5">
          {t('records.activity.recipients')}
        </Title>
        {activity.recipients.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('records.activity.noRecipients')}
          </Text>
        ) : (
          <SimpleTable
            head={[
              t('records.activity.recipient'),
              t('records.activity.kind'),
              t('records.activity.country'),
              t('records.activity.agreement'),
            ]}
            rows={activity.recipients.map((r) => [
              r.processorId ? (
                <Anchor component={Link} to={`/processors/${r.processorId}`} key="n">
                  {r.name}
                </Anchor>
              ) : (
                r.name
              ),
              <Group gap={4} key="k">
                <Text size="sm">{t(`records.recipientKinds.${r.kind}`)}</Text>
                {r.ended && (
                  <Badge color="gray.3" c="dark" variant="filled" radius="sm">
                    {t('records.activity.ended')}
                  </Badge>
                )}
              </Group>,
              r.country ?? '—',
              r.agreement ? (
                <Group gap={4} key="a">
                  <Anchor component={Link} to={`/agreements/${r.agreement.id}`} size="sm">
                    {r.agreement.title}
                  </Anchor>
                  <StatusBadge value={r.agreement.status} />
                </Group>
              ) : (
                '—'
              ),
            ])}
          />
        )}
        <Title order={3} size="h5">
          {t('records.activity.transfers')}
        </Title>
        {activity.transfers.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('records.activity.noTransfers')}
          </Text>
        ) : (
          <SimpleTable
            head={[
              t('records.activity.country'),
              t('records.activity.recipient'),
              t('records.activity.safeguard'),
              t('records.activity.assessment'),
            ]}
            rows={activity.transfers.map((tr) => [
              tr.country,
              tr.recipient,
              <Stack gap={2} key="s">
                <Text size="sm">
                  {t(`records.safeguards.${tr.safeguard}`, { defaultValue: tr.safeguard })}
                </Text>
                {tr.reference && (
                  <Text size="xs" c="dimmed">
                    {tr.reference}
                  </Text>
                )}
              </Stack>,
              <Stack gap={2} key="p">
                {tr.problem ? (
                  <Badge color="red.2" variant="filled" radius="sm">
                    {tr.problem}
                  </Badge>
                ) : (
                  <Badge color="teal.2" variant="filled" radius="sm">
                    {t('records.activity.transferOk')}
                  </Badge>
                )}
                <Text size="xs">{tr.explanation}</Text>
              </Stack>,
            ])}
          />
        )}
      </Stack>
    </Card>
  );
}

function NewActivity() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me } = useMe();
  if (!can(me.roles, WRITE.records))
    return (
      <Stack>
        <PageHeader title={t('records.activities.new')} />
        <Alert color="gray" variant="light" title={t('records.readOnlyTitle')}>
          {t('records.readOnly')}
        </Alert>
      </Stack>
    );
  return (
    <Stack>
      <PageHeader title={t('records.activities.new')}>
        <Anchor component={Link} to="/records" size="sm">
          {t('records.backToRecords')}
        </Anchor>
      </PageHeader>
      <Card withBorder padding="lg">
        <ActivityForm
          onSaved={(saved) => {
            notify(t('records.activity.saved', { name: saved.name }), 'green');
            void navigate(`/records/activities/${saved.id}`, { replace: true });
          }}
        />
      </Card>
    </Stack>
  );
}

function ExistingActivity({ id }: { id: string }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const [params, setParams] = useSearchParams();
  const asOf = params.get('asOf') || undefined;
  const activity = useActivity(id, asOf);
  const archive = useArchiveActivity(id);
  const [editing, setEditing] = useState(false);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const canWrite = can(me.roles, WRITE.records) && !asOf && !activity.data?.archivedAt;

  const asOfField = (
    <Group align="flex-end" wrap="wrap">
      <TextInput
        type="date"
        label={t('records.activity.asOf')}
        max={today()}
        value={asOf ?? ''}
        onChange={(e) => {
          const value = e.currentTarget.value;
          setEditing(false);
          setParams(value ? { asOf: value } : {}, { replace: true });
        }}
        w={{ base: '100%', xs: 260 }}
      />
      {asOf && (
        <Button variant="default" onClick={() => setParams({}, { replace: true })}>
          {t('records.backToToday')}
        </Button>
      )}
    </Group>
  );

  if (activity.isLoading) return <PageLoader />;
  if (!activity.data)
    return (
      <Stack>
        <PageHeader title={t('records.activity.notFoundTitle')}>
          <Anchor component={Link} to="/records" size="sm">
            {t('records.backToRecords')}
          </Anchor>
        </PageHeader>
        {asOfField}
        {asOf ? (
          <Alert color="blue" variant="light">
            {t('records.activity.notThen', { date: formatDate(asOf) })}
          </Alert>
        ) : (
          <ErrorNotice error={activity.error} />
        )}
      </Stack>
    );
  const a = activity.data;
  return (
    <Stack>
      <PageHeader
        title={a.name}
        actions={
          canWrite && (
            <Group gap="xs">
              <Button variant={editing ? 'default' : 'filled'} onClick={() => setEditing((e) => !e)}>
                {editing ? t('records.activity.stopEditing') : t('records.activity.edit')}
              </Button>
              {!editing && (
                <Button
                  variant="light"
                  color="red"
                  loading={archive.isPending}
                  onClick={() => setConfirmArchive(true)}
                >
                  {t('records.activity.archive')}
                </Button>
              )}
            </Group>
          )
        }
      >
        <Anchor
          component={Link}
          to={asOf ? `/records?asOf=${asOf}` : '/records'}
          size="sm"
          underline="always"
        >
          {t('records.backToRecords')}
        </Anchor>{' '}
        · {t('records.activity.version', { version: a.version, date: formatDateTime(a.updatedAt) })}
      </PageHeader>
      {archive.error && <ErrorNotice error={archive.error} />}
      <Dialog
        opened={confirmArchive}
        onClose={() => setConfirmArchive(false)}
        title={t('records.activity.archiveTitle', { name: a.name })}
      >
        <Stack>
          <Text size="sm">{t('records.activity.archiveText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmArchive(false)}>
              {t('records.activity.keep')}
            </Button>
            <Button
              color="red"
              loading={archive.isPending}
              onClick={() =>
                archive.mutate(undefined, {
                  onSuccess: () => {
                    setConfirmArchive(false);
                    notify(t('records.activity.archived'));
                  },
                })
              }
            >
              {t('records.activity.archiveConfirm')}
            </Button>
          </Group>
        </Stack>
      </Dialog>
      {a.archivedAt && (
        <Alert color="gray" variant="light">
          {t('records.activity.archivedOn', { date: formatDateTime(a.archivedAt) })}
        </Alert>
      )}
      {!editing && asOfField}
      {asOf && (
        <Alert color="blue" variant="light" title={t('records.pastTitle', { date: formatDate(asOf) })}>
          {t('records.pastText')}
        </Alert>
      )}
      {editing ? (
        <Card withBorder padding="lg">
          <ActivityForm
            activity={a}
            onSaved={(saved) => {
              setEditing(false);
              notify(t('records.activity.saved', { name: saved.name }), 'green');
            }}
          />
        </Card>
      ) : (
        <>
          <Details activity={a} />
          <Derived activity={a} />
          {!asOf && <VersionsSection activityId={id} />}
        </>
      )}
    </Stack>
  );
}

/** `/records/activities/new` records an activity; any other id shows one, now or as of a past day. */
export default function ActivityPage() {
  const { id } = useParams();
  if (!id || id === 'new') return <NewActivity />;
  return <ExistingActivity id={id} />;
}
