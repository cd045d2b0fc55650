import {
  Anchor,
  Button,
  FileButton,
  Group,
  List,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { can, WRITE } from '../../app/areas';
import { download } from '../../shared/api/client';
import { formatDateTime } from '../../shared/format';
import { serverTime } from '../../shared/clock';
import { ErrorNotice, Fact, fieldErrors, PageHeader, PageLoader, Section } from '../../shared/ui';
import { useTermNames } from '../../shared/vocabularies';
import { useMe } from '../auth/session';
import { IncidentStatusBadge, NoticeBadge } from './badges';
import { BreachFactsForm, DeadlineMoved } from './BreachFactsForm';
import { instant, localInput } from './BreachNoticeForm';
import { Countdown } from './Countdown';
import {
  EXEMPTIONS,
  RISK_LEVELS,
  useAddDocument,
  useIncident,
  useUpdateIncident,
  type Exemption,
  type Incident,
  type RiskLevel,
} from './hooks';
import { Refusal } from './Refusal';

function Facts({
  incident: i,
  mayWrite,
  received,
}: {
  incident: Incident;
  mayWrite: boolean;
  received: number;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  // The deadline before a correction moved it, said until the form is opened again.
  const [movedFrom, setMovedFrom] = useState<string>();
  const categories = useTermNames('data-categories');
  const subjects = useTermNames('data-subjects');
  // The long form closed: the facts are read again from their top (below the 60 px header), and the
  // focus goes back to the button that opened it.
  const top = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (wasEditing.current && !editing) {
      top.current?.scrollIntoView({ block: 'nearest' });
      opener.current?.focus({ preventScroll: true });
    }
    wasEditing.current = editing;
  }, [editing]);
  if (editing)
    return (
      <Section title={t('breaches.facts')}>
        <BreachFactsForm
          incident={i}
          received={received}
          onDone={(saved) => {
            setEditing(false);
            if (saved && saved.notificationDeadline !== i.notificationDeadline) {
              setMovedFrom(i.notificationDeadline);
            }
          }}
        />
      </Section>
    );
  // The organisation's own breach has no processor that detected, told or can be contacted.
  const label = (key: string) =>
    t([...(i.processorId ? [] : [`breaches.ownFacts.${key}`]), `breaches.${key}`]);
  const yesNo = (v?: boolean | null) =>
    v === null || v === undefined ? t('breaches.notKnown') : v ? t('common.yes') : t('common.no');
  return (
    <div ref={top} style={{ scrollMarginTop: 76 }}>
      <Section title={t('breaches.facts')}>
        <Stack gap="sm">
          {movedFrom && <DeadlineMoved from={movedFrom} incident={i} />}
          <Fact label={t('breaches.nature')}>{i.nature}</Fact>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Fact label={t('breaches.occurredAt')}>{i.occurredAt && formatDateTime(i.occurredAt)}</Fact>
            <Fact label={label('detectedAt')}>{i.detectedAt && formatDateTime(i.detectedAt)}</Fact>
            <Fact label={label('reportedAt')}>{formatDateTime(i.reportedAt)}</Fact>
            <Fact label={t('breaches.awareAt')}>{formatDateTime(i.awareAt)}</Fact>
            <Fact label={t('breaches.endedAt')}>{i.endedAt && formatDateTime(i.endedAt)}</Fact>
            <Fact label={label('processorReference')}>{i.processorReference}</Fact>
            <Fact label={t('breaches.subjectCount')}>{i.approxSubjectCount?.toLocaleString()}</Fact>
            <Fact label={t('breaches.recordCount')}>{i.approxRecordCount?.toLocaleString()}</Fact>
            <Fact label={t('breaches.encrypted')}>
              {yesNo(i.dataEncrypted) + (i.encryptionNote ? ` — ${i.encryptionNote}` : '')}
            </Fact>
            <Fact label={t('breaches.dataCategories')}>
              {[
                categories(i.dataCategories).join(', '),
                i.specialCategories.length
                  ? `(${t('breaches.special', { list: categories(i.specialCategories).join(', ') })})`
                  : '',
              ]
                .filter(Boolean)
                .join(' ')}
            </Fact>
            <Fact label={t('breaches.dataSubjects')}>{subjects(i.dataSubjectCategories).join(', ')}</Fact>
            <Fact label={t('breaches.crossBorder')}>
              {yesNo(i.crossBorder) + (i.leadAuthority ? ` — ${i.leadAuthority}` : '')}
            </Fact>
          </SimpleGrid>
          <Fact label={label('contact')}>
            {i.contactPoint &&
              [i.contactPoint.name, i.contactPoint.email, i.contactPoint.phone].filter(Boolean).join(' · ')}
          </Fact>
          {mayWrite && (
            <Group>
              <Button
                ref={opener}
                variant="default"
                onClick={() => {
                  setMovedFrom(undefined);
                  setEditing(true);
                }}
              >
                {t('breaches.completeFacts')}
              </Button>
            </Group>
          )}
        </Stack>
      </Section>
    </div>
  );
}

function RiskAssessment({ incident, mayWrite }: { incident: Incident; mayWrite: boolean }) {
  const { t } = useTranslation();
  const update = useUpdateIncident(incident);
  const [level, setLevel] = useState<string>(incident.riskLevel ?? '');
  const [rationale, setRationale] = useState(incident.riskRationale ?? '');
  const error = fieldErrors(update.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      riskLevel: (level || null) as RiskLevel | null,
      riskRationale: rationale.trim() || null,
    });
  };
  return (
    <Section title={t('breaches.riskTitle')}>
      <Stack>
        <Text size="sm">
          {incident.riskLevel ? t(`breaches.riskMeans.${incident.riskLevel}`) : t('breaches.riskUnassessed')}
        </Text>
        {!mayWrite && incident.riskRationale && (
          <Fact label={t('breaches.rationale')}>{incident.riskRationale}</Fact>
        )}
        {mayWrite && (
          <form onSubmit={submit} noValidate>
            <Stack>
              <Radio.Group
                label={t('breaches.riskLevelLabel')}
                value={level}
                onChange={setLevel}
                error={error('riskLevel')}
              >
                <Stack gap={6} mt={6}>
                  {RISK_LEVELS.map((r) => (
                    <Radio key={r} value={r} label={t(`breaches.riskLevel.${r}`)} />
                  ))}
                </Stack>
              </Radio.Group>
              <Textarea
                label={t('breaches.rationale')}
                description={t('breaches.rationaleHint')}
                required={level === 'unlikely'}
                autosize
                minRows={2}
                value={rationale}
                error={error('riskRationale')}
                onChange={(e) => setRationale(e.currentTarget.value)}
              />
              <Group>
                <Button type="submit" loading={update.isPending} disabled={!level}>
                  {t('breaches.saveRisk')}
                </Button>
              </Group>
              {update.isSuccess && !update.isPending && (
                <Text size="sm" c="teal.8" role="status">
                  {t('breaches.saved')}
                </Text>
              )}
              <Refusal
                error={update.error}
                title={t('breaches.notSaved')}
                shown={['riskLevel', 'riskRationale']}
              />
            </Stack>
          </form>
        )}
      </Stack>
    </Section>
  );
}

function AuthorityNotification({
  incident,
  mayWrite,
  received,
}: {
  incident: Incident;
  mayWrite: boolean;
  received: number;
}) {
  const { t } = useTranslation();
  const update = useUpdateIncident(incident);
  const notified = incident.authorityNotifiedAt;
  const recorded = () => (notified ? Date.parse(notified) : serverTime(incident.asOf, received));
  const [at, setAt] = useState(() => localInput(recorded()));
  const [name, setName] = useState(incident.authorityName ?? '');
  const [reference, setReference] = useState(incident.authorityReference ?? '');
  const [delayReason, setDelayReason] = useState(incident.delayReason ?? '');
  // A recorded notification can be corrected (the reference the authority gave later, say); audited as any change.
  const [correcting, setCorrecting] = useState(false);
  const correct = () => {
    setAt(localInput(recorded()));
    setName(incident.authorityName ?? '');
    setReference(incident.authorityReference ?? '');
    setDelayReason(incident.delayReason ?? '');
    update.reset();
    setCorrecting(true);
  };
  const error = fieldErrors(update.error);
  const chosen = at ? Date.parse(instant(at) ?? '') : NaN;
  const late = Number.isFinite(chosen) && chosen > Date.parse(incident.notificationDeadline);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(
      {
        authorityNotifiedAt: instant(at) ?? null,
        authorityName: name.trim() || null,
        authorityReference: reference.trim() || null,
        delayReason: delayReason.trim() || null,
      },
      { onSuccess: () => setCorrecting(false) },
    );
  };
  return (
    <Section title={t('breaches.authorityTitle')}>
      <Stack>
        {notified ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Fact label={t('breaches.notifiedAt')}>{formatDateTime(notified)}</Fact>
            <Fact label={t('breaches.authorityName')}>{incident.authorityName}</Fact>
            <Fact label={t('breaches.authorityReference')}>{incident.authorityReference}</Fact>
            {incident.delayReason && <Fact label={t('breaches.delayReason')}>{incident.delayReason}</Fact>}
          </SimpleGrid>
        ) : (
          <Text size="sm">
            {incident.authorityNotice === 'not_required'
              ? t('breaches.authorityNotRequired')
              : t('breaches.authorityDue', { deadline: formatDateTime(incident.notificationDeadline) })}
          </Text>
        )}
        {mayWrite && notified && !correcting && (
          <Group>
            <Button variant="default" onClick={correct}>
              {t('breaches.correctNotification')}
            </Button>
          </Group>
        )}
        {mayWrite && (correcting || (!notified && incident.authorityNotice !== 'not_required')) && (
          <form onSubmit={submit} noValidate>
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  type="datetime-local"
                  step={1}
                  label={t('breaches.notifiedAt')}
                  required
                  value={at}
                  error={error('authorityNotifiedAt')}
                  onChange={(e) => setAt(e.currentTarget.value)}
                />
                <TextInput
                  label={t('breaches.authorityName')}
                  description={t('breaches.authorityNameHint')}
                  required
                  value={name}
                  error={error('authorityName')}
                  onChange={(e) => setName(e.currentTarget.value)}
                />
                <TextInput
                  label={t('breaches.authorityReference')}
                  value={reference}
                  error={error('authorityReference')}
                  onChange={(e) => setReference(e.currentTarget.value)}
                />
              </SimpleGrid>
              {(late || error('delayReason')) && (
                <Textarea
                  label={t('breaches.delayReason')}
                  description={t('breaches.delayReasonHint')}
                  required
                  autosize
                  minRows={3}
                  value={delayReason}
                  error={error('delayReason') && t('breaches.delayReasonRequired')}
                  onChange={(e) => setDelayReason(e.currentTarget.value)}
                />
              )}
              <Group>
                <Button type="submit" loading={update.isPending}>
                  {correcting ? t('breaches.saveCorrection') : t('breaches.recordNotification')}
                </Button>
                {correcting && (
                  <Button variant="default" onClick={() => setCorrecting(false)}>
                    {t('breaches.cancel')}
                  </Button>
                )}
              </Group>
              <Refusal
                error={update.error}
                title={t('breaches.notSaved')}
                shown={['authorityNotifiedAt', 'authorityName', 'authorityReference', 'delayReason']}
              />
            </Stack>
          </form>
        )}
      </Stack>
    </Section>
  );
}

function SubjectsCommunication({
  incident,
  mayWrite,
  received,
}: {
  incident: Incident;
  mayWrite: boolean;
  received: number;
}) {
  const { t } = useTranslation();
  const update = useUpdateIncident(incident);
  const [way, setWay] = useState<'told' | 'exempt'>('told');
  const [opened, setOpened] = useState(incident.subjectNoticeRequired);
  const [at, setAt] = useState(() => localInput(serverTime(incident.asOf, received)));
  const [channel, setChannel] = useState('');
  const [count, setCount] = useState<number | string>('');
  const [content, setContent] = useState('');
  const [exemption, setExemption] = useState<string | null>(null);
  const [correcting, setCorrecting] = useState(false);
  /** The recorded communication (or exemption) in the form, to be corrected. */
  const correct = () => {
    setWay(incident.subjectsNotifiedAt ? 'told' : 'exempt');
    setAt(
      localInput(
        incident.subjectsNotifiedAt
          ? Date.parse(incident.subjectsNotifiedAt)
          : serverTime(incident.asOf, received),
      ),
    );
    setChannel(incident.subjectsNoticeChannel ?? '');
    setCount(incident.subjectsNotifiedCount ?? '');
    setContent(incident.subjectsNoticeContent ?? '');
    setExemption(incident.subjectNoticeExemption ?? null);
    update.reset();
    setCorrecting(true);
  };
  const error = fieldErrors(update.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(
      way === 'told'
        ? {
            subjectsNotifiedAt: instant(at) ?? null,
            subjectsNoticeChannel: channel.trim() || null,
            subjectsNotifiedCount: typeof count === 'number' ? count : null,
            subjectsNoticeContent: content.trim() || null,
            subjectNoticeExemption: null,
          }
        : { subjectNoticeExemption: (exemption as Exemption | null) ?? null, subjectsNotifiedAt: null },
      { onSuccess: () => setCorrecting(false) },
    );
  };
  const done = incident.subjectsNotifiedAt || incident.subjectNoticeExemption;
  return (
    <Section title={t('breaches.subjectsTitle')}>
      <Stack>
        <Text size="sm">
          {incident.subjectNoticeRequired
            ? t('breaches.subjectsRequired')
            : t('breaches.subjectsNotRequired')}
        </Text>
        {incident.subjectsNotifiedAt && (
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Fact label={t('breaches.subjectsNotifiedAt')}>
              {formatDateTime(incident.subjectsNotifiedAt)}
            </Fact>
            <Fact label={t('breaches.channel')}>{incident.subjectsNoticeChannel}</Fact>
            <Fact label={t('breaches.toldCount')}>{incident.subjectsNotifiedCount?.toLocaleString()}</Fact>
            <Fact label={t('breaches.toldContent')}>{incident.subjectsNoticeContent}</Fact>
          </SimpleGrid>
        )}
        {incident.subjectNoticeExemption && (
          <Fact label={t('breaches.exemption')}>
            {t(`breaches.exemptions.${incident.subjectNoticeExemption}`)}
          </Fact>
        )}
        {mayWrite && !done && !opened && (
          <Group>
            <Button variant="default" onClick={() => setOpened(true)}>
              {t('breaches.recordAnyway')}
            </Button>
          </Group>
        )}
        {mayWrite && done && !correcting && (
          <Group>
            <Button variant="default" onClick={correct}>
              {t('breaches.correctCommunication')}
            </Button>
          </Group>
        )}
        {mayWrite && (correcting || (!done && opened)) && (
          <form onSubmit={submit} noValidate>
            <Stack>
              <Radio.Group label={t('breaches.subjectsWay')} value={way} onChange={(v) => setWay(v)}>
                <Stack gap={6} mt={6}>
                  <Radio value="told" label={t('breaches.wayTold')} />
                  <Radio value="exempt" label={t('breaches.wayExempt')} />
                </Stack>
              </Radio.Group>
              {way === 'told' ? (
                <>
                  <SimpleGrid cols={{ base: 1, sm: 3 }}>
                    <TextInput
                      type="datetime-local"
                      step={1}
                      label={t('breaches.subjectsNotifiedAt')}
                      required
                      value={at}
                      error={error('subjectsNotifiedAt')}
                      onChange={(e) => setAt(e.currentTarget.value)}
                    />
                    <TextInput
                      label={t('breaches.channel')}
                      description={t('breaches.channelHint')}
                      required
                      value={channel}
                      error={error('subjectsNoticeChannel')}
                      onChange={(e) => setChannel(e.currentTarget.value)}
                    />
                    <NumberInput
                      label={t('breaches.toldCount')}
                      required
                      min={0}
                      allowDecimal={false}
                      value={count}
                      error={error('subjectsNotifiedCount')}
                      onChange={setCount}
                    />
                  </SimpleGrid>
                  <Textarea
                    label={t('breaches.toldContent')}
                    description={t('breaches.toldContentHint')}
                    required
                    autosize
                    minRows={3}
                    value={content}
                    error={error('subjectsNoticeContent')}
                    onChange={(e) => setContent(e.currentTarget.value)}
                  />
                </>
              ) : (
                <Select
                  label={t('breaches.exemption')}
                  required
                  data={EXEMPTIONS.map((x) => ({ value: x, label: t(`breaches.exemptions.${x}`) }))}
                  value={exemption}
                  error={error('subjectNoticeExemption')}
                  onChange={setExemption}
                />
              )}
              <Group>
                <Button type="submit" loading={update.isPending}>
                  {correcting
                    ? t('breaches.saveCorrection')
                    : way === 'told'
                      ? t('breaches.recordCommunication')
                      : t('breaches.recordExemption')}
                </Button>
                {correcting && (
                  <Button variant="default" onClick={() => setCorrecting(false)}>
                    {t('breaches.cancel')}
                  </Button>
                )}
              </Group>
              <Refusal
                error={update.error}
                title={t('breaches.notSaved')}
                shown={[
                  'subjectsNotifiedAt',
                  'subjectsNoticeChannel',
                  'subjectsNotifiedCount',
                  'subjectsNoticeContent',
                  'subjectNoticeExemption',
                ]}
              />
            </Stack>
          </form>
        )}
      </Stack>
    </Section>
  );
}

function Closure({ incident, mayWrite }: { incident: Incident; mayWrite: boolean }) {
  const { t } = useTranslation();
  const update = useUpdateIncident(incident);
  const [consequences, setConsequences] = useState(incident.likelyConsequences ?? '');
  const [measures, setMeasures] = useState(incident.measures ?? '');
  const [resolution, setResolution] = useState(incident.resolution ?? '');
  const error = fieldErrors(update.error);
  const texts = () => ({
    likelyConsequences: consequences.trim() || null,
    measures: measures.trim() || null,
  });
  const closed = incident.status === 'closed';
  return (
    <Section title={t('breaches.closureTitle')}>
      <Stack>
        <Group gap="xs">
          <Text size="sm">{t('breaches.nowState')}</Text>
          <IncidentStatusBadge value={incident.status} />
          {closed && (
            <Text size="sm" c="dimmed">
              {t('breaches.closedAt', { at: formatDateTime(incident.closedAt) })}
            </Text>
          )}
        </Group>
        {(closed || !mayWrite) && (
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Fact label={t('breaches.consequences')}>{incident.likelyConsequences}</Fact>
            <Fact label={t('breaches.measures')}>{incident.measures}</Fact>
            <Fact label={t('breaches.resolution')}>{incident.resolution}</Fact>
          </SimpleGrid>
        )}
        {mayWrite && !closed && (
          <Stack>
            <Textarea
              label={t('breaches.consequences')}
              autosize
              minRows={2}
              value={consequences}
              error={error('likelyConsequences')}
              onChange={(e) => setConsequences(e.currentTarget.value)}
            />
            <Textarea
              label={t('breaches.measures')}
              description={t('breaches.measuresHint')}
              autosize
              minRows={2}
              value={measures}
              error={error('measures')}
              onChange={(e) => setMeasures(e.currentTarget.value)}
            />
            <Textarea
              label={t('breaches.resolution')}
              description={t('breaches.resolutionHint')}
              autosize
              minRows={2}
              value={resolution}
              error={error('resolution')}
              onChange={(e) => setResolution(e.currentTarget.value)}
            />
            <Group gap="sm" wrap="wrap">
              {incident.status === 'open' && (
                <Button
                  variant="default"
                  loading={update.isPending && update.variables?.status === 'contained'}
                  onClick={() => update.mutate({ ...texts(), status: 'contained' })}
                >
                  {t('breaches.markContained')}
                </Button>
              )}
              <Button
                loading={update.isPending && update.variables?.status === 'closed'}
                onClick={() =>
                  update.mutate({ ...texts(), resolution: resolution.trim() || null, status: 'closed' })
                }
              >
                {t('breaches.close')}
              </Button>
            </Group>
            <Refusal error={update.error} title={t('breaches.notClosed')} />
          </Stack>
        )}
        {mayWrite && closed && (
          <Group>
            <Button
              variant="default"
              loading={update.isPending}
              onClick={() => update.mutate({ status: 'open' })}
            >
              {t('breaches.reopen')}
            </Button>
            <ErrorNotice error={update.error} />
          </Group>
        )}
      </Stack>
    </Section>
  );
}

function Documents({ incident, mayWrite }: { incident: Incident; mayWrite: boolean }) {
  const { t } = useTranslation();
  const add = useAddDocument(incident.id);
  const [error, setError] = useState<unknown>();
  return (
    <Section title={t('breaches.documents')}>
      <Stack>
        {incident.documents.length ? (
          <List size="sm" aria-label={t('breaches.documents')}>
            {incident.documents.map((d) => (
              <List.Item key={d.id}>
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  onClick={() =>
                    void download(`/api/v1/incidents/${incident.id}/documents/${d.id}`, d.filename).catch(
                      setError,
                    )
                  }
                >
                  {d.filename}
                </Anchor>{' '}
                <Text span size="xs" c="dimmed" ff="monospace">
                  SHA-256 {d.sha256.slice(0, 12)}…
                </Text>
              </List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm" c="dimmed">
            {t('breaches.noDocuments')}
          </Text>
        )}
        {mayWrite && (
          <Group>
            <FileButton
              onChange={(f) => f && add.mutate(f)}
              inputProps={{ 'aria-label': t('breaches.documentFile') }}
            >
              {(props) => (
                <Button variant="default" loading={add.isPending} {...props}>
                  {t('breaches.attach')}
                </Button>
              )}
            </FileButton>
          </Group>
        )}
        <ErrorNotice error={add.error ?? error} />
      </Stack>
    </Section>
  );
}

/** One breach: the time left to notify, the risk, the notifications, closure, documents and the report. */
export default function BreachPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { me } = useMe();
  const incident = useIncident(id);
  const [reportError, setReportError] = useState<unknown>();
  if (incident.isLoading) return <PageLoader />;
  if (incident.error || !incident.data) return <ErrorNotice error={incident.error} />;
  const i = incident.data;
  const mayWrite = can(me.roles, WRITE.incidents);
  // A closed breach is read as it was closed; reopening it makes it editable again. What the authority and
  // the people were told can still be completed or corrected (the authority's file number comes later).
  const mayEdit = mayWrite && i.status !== 'closed';
  const received = incident.dataUpdatedAt;
  return (
    <Stack gap="lg">
      <PageHeader
        title={i.title}
        actions={
          <Button
            variant="default"
            onClick={() =>
              void download(`/api/v1/incidents/${i.id}/report`, `breach-report-${i.id}.pdf`).catch(
                setReportError,
              )
            }
          >
            {t('breaches.downloadReport')}
          </Button>
        }
      >
        <Group gap="xs" component="span" wrap="wrap">
          <IncidentStatusBadge value={i.status} />
          <NoticeBadge value={i.authorityNotice} />
          {i.processorId ? (
            <Anchor component={Link} to={`/processors/${i.processorId}`} size="sm">
              {i.processorName}
            </Anchor>
          ) : (
            <span>{t('breaches.own')}</span>
          )}
          <Anchor component={Link} to="/breaches" size="sm">
            {t('breaches.backToRegister')}
          </Anchor>
        </Group>
      </PageHeader>
      <ErrorNotice error={reportError} />
      <Countdown incident={i} />
      <Facts incident={i} mayWrite={mayEdit} received={received} />
      <RiskAssessment incident={i} mayWrite={mayEdit} />
      <AuthorityNotification incident={i} mayWrite={mayWrite} received={received} />
      <SubjectsCommunication incident={i} mayWrite={mayWrite} received={received} />
      <Closure incident={i} mayWrite={mayWrite} />
      <Documents incident={i} mayWrite={mayWrite} />
    </Stack>
  );
}
