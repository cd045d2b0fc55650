import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { areasFor, type AreaKey } from '../../app/areas';
import { api, call, type Schemas } from '../../shared/api/client';
import { timeLeft, useServerNow } from '../../shared/clock';
import { formatDate, formatDateTime } from '../../shared/format';
import { ListState, PageHeader } from '../../shared/ui';
import { useMe } from '../auth/session';
import { BarList, DecisionColumns } from './charts';

/** One panel's summary: one request, refreshed every minute while the page is open. */
function usePanel<T>(key: string, fetch: () => Promise<{ data?: T; error?: unknown; response: Response }>) {
  return useQuery({ queryKey: ['dashboard', key], queryFn: () => call(fetch), refetchInterval: 60_000 });
}

function Panel({
  title,
  help,
  badge,
  to,
  children,
}: {
  title: string;
  help?: string;
  badge?: ReactNode;
  to?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const id = `panel-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        {badge}
      </Group>
      {help && (
        <Text size="sm" c="dimmed" mb="sm">
          {help}
        </Text>
      )}
      {children}
      {to && (
        <Anchor component={Link} to={to} size="sm" mt="sm" display="inline-block">
          {t('dashboard.seeAll')}
          <VisuallyHidden>{`: ${title}`}</VisuallyHidden>
        </Anchor>
      )}
    </Card>
  );
}

/** A short list of items, each a link to where it is handled, and how many more there are. */
function Items<T>({
  query,
  items,
  total,
  render,
}: {
  query: { isLoading: boolean; error: unknown };
  items: T[] | undefined;
  total: number | undefined;
  render: (item: T) => { key: string; to: string; label: string; detail: ReactNode; mark?: ReactNode };
}) {
  const { t } = useTranslation();
  const list = items ?? [];
  if (!query.isLoading && !query.error && list.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('dashboard.nothingWaiting')}
      </Text>
    );
  }
  return (
    <ListState isLoading={query.isLoading} error={query.error} empty={false} emptyText="">
      <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {list.map((item) => {
          const row = render(item);
          return (
            <li key={row.key}>
              <Group justify="space-between" gap="xs" align="flex-start">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={row.to} fw={500} style={{ overflowWrap: 'anywhere' }}>
                    {row.label}
                  </Anchor>
                  <Text size="sm" c="dimmed">
                    {row.detail}
                  </Text>
                </Stack>
                {row.mark}
              </Group>
            </li>
          );
        })}
      </Stack>
      {total !== undefined && total > list.length && (
        <Text size="sm" c="dimmed" mt="xs">
          {t('dashboard.andMore', { count: total - list.length })}
        </Text>
      )}
    </ListState>
  );
}

function OverdueBadge({ children }: { children: ReactNode }) {
  return (
    <Badge color="red.8" variant="filled" radius="sm" style={{ flexShrink: 0 }}>
      {children}
    </Badge>
  );
}

/** The time left until a breach's notification deadline, counting down each second; overdue in red. */
function Clock({ item, asOf }: { item: Schemas['BreachClockItem']; asOf: string }) {
  const { t } = useTranslation();
  const left = timeLeft(item.notificationDeadline, useServerNow(asOf));
  return (
    <Stack gap={0} align="flex-end" style={{ flexShrink: 0 }}>
      {left.overdue ? (
        <OverdueBadge>{t('dashboard.breaches.late', { ...left })}</OverdueBadge>
      ) : (
        <Text size="sm" fw={600} ff="monospace" role="timer" aria-live="off">
          {t('dashboard.breaches.left', { ...left })}
        </Text>
      )}
    </Stack>
  );
}

function BreachClocks() {
  const { t } = useTranslation();
  const q = usePanel('breach-clocks', () => api.GET('/api/v1/dashboard/breach-clocks'));
  return (
    <Panel
      title={t('dashboard.breaches.title')}
      help={t('dashboard.breaches.help')}
      to="/breaches"
      badge={
        q.data?.overdue ? (
          <OverdueBadge>{t('dashboard.breaches.overdue', { count: q.data.overdue })}</OverdueBadge>
        ) : null
      }
    >
      <Items
        query={q}
        items={q.data?.items}
        total={q.data?.total}
        render={(b) => ({
          key: b.id,
          to: `/breaches/${b.id}`,
          label: b.title,
          detail: `${b.processorName ?? t('dashboard.breaches.ownBreach')} · ${t(
            'dashboard.breaches.deadline',
            {
              when: formatDateTime(b.notificationDeadline),
            },
          )}`,
          mark: <Clock item={b} asOf={q.data?.asOf ?? new Date().toISOString()} />,
        })}
      />
    </Panel>
  );
}

function OverdueMonitoring() {
  const { t } = useTranslation();
  const q = usePanel('overdue-monitoring', () => api.GET('/api/v1/dashboard/overdue-monitoring'));
  return (
    <Panel title={t('dashboard.monitoring.title')}>
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={3} size="h5">
            {t('dashboard.monitoring.checks')}
          </Title>
          <Items
            query={q}
            items={q.data?.checks.items}
            total={q.data?.checks.total}
            render={(c) => ({
              key: c.id,
              to: `/monitoring?processorId=${c.processorId}`,
              label: c.processorName,
              detail: `${t(`monitoring.types.${c.type}`, { defaultValue: c.type.replace(/_/g, ' ') })} · ${t(
                'dashboard.monitoring.dueOn',
                { date: formatDate(c.dueOn) },
              )}`,
            })}
          />
        </Stack>
        <Stack gap={4}>
          <Title order={3} size="h5">
            {t('dashboard.monitoring.findings')}
          </Title>
          <Items
            query={q}
            items={q.data?.findings.items}
            total={q.data?.findings.total}
            render={(f) => ({
              key: f.id,
              to: `/findings?processorId=${f.processorId}`,
              label: f.title,
              detail: `${f.processorName} · ${t('dashboard.monitoring.dueOn', { date: formatDate(f.dueOn) })}`,
              mark: (
                <Badge variant="light" color="gray" radius="sm" style={{ flexShrink: 0 }}>
                  {t(`status.${f.severity}`)}
                </Badge>
              ),
            })}
          />
        </Stack>
      </Stack>
    </Panel>
  );
}

function ExpiringAgreements() {
  const { t } = useTranslation();
  const q = usePanel('expiring-agreements', () => api.GET('/api/v1/dashboard/expiring-agreements'));
  return (
    <Panel title={t('dashboard.agreements.title', { days: q.data?.withinDays ?? 90 })} to="/agreements">
      <Items
        query={q}
        items={q.data?.items}
        total={q.data?.total}
        render={(a) => ({
          key: a.id,
          to: `/agreements/${a.id}`,
          label: a.title,
          detail: `${a.processorName} · ${t('dashboard.agreements.endsOn', { date: formatDate(a.expiresOn) })}`,
        })}
      />
    </Panel>
  );
}

function ExpiringAssessments() {
  const { t } = useTranslation();
  const q = usePanel('expiring-assessments', () => api.GET('/api/v1/dashboard/expiring-assessments'));
  return (
    <Panel title={t('dashboard.assessments.title')} to="/assessments">
      <Items
        query={q}
        items={q.data?.items}
        total={q.data?.total}
        render={(a) => ({
          key: a.processorId,
          to: `/processors/${a.processorId}`,
          label: a.processorName,
          detail: a.expired
            ? t('dashboard.assessments.expiredOn', { date: formatDate(a.validUntil) })
            : t('dashboard.assessments.validUntil', { date: formatDate(a.validUntil) }),
          mark: a.expired ? <OverdueBadge>{t('status.expired')}</OverdueBadge> : undefined,
        })}
      />
    </Panel>
  );
}

function ObjectionWindows() {
  const { t } = useTranslation();
  const q = usePanel('objection-windows', () => api.GET('/api/v1/dashboard/objection-windows'));
  return (
    <Panel title={t('dashboard.objections.title')}>
      <Items
        query={q}
        items={q.data?.items}
        total={q.data?.total}
        render={(p) => ({
          key: p.processorId,
          to: `/processors/${p.processorId}`,
          label: p.processorName,
          detail: [
            p.parentName ? t('dashboard.objections.announcedBy', { name: p.parentName }) : null,
            t('dashboard.objections.endsOn', { date: formatDate(p.endsOn) }),
          ]
            .filter(Boolean)
            .join(' · '),
        })}
      />
    </Panel>
  );
}

function OffboardingsDue() {
  const { t } = useTranslation();
  const q = usePanel('offboardings-due', () => api.GET('/api/v1/dashboard/offboardings-due'));
  return (
    <Panel title={t('dashboard.offboardings.title')} to="/offboarding">
      <Items
        query={q}
        items={q.data?.items}
        total={q.data?.total}
        render={(o) => ({
          key: o.id,
          to: `/offboarding/${o.id}`,
          label: o.processorName,
          detail: t('dashboard.offboardings.dueOn', { date: formatDate(o.dueOn) }),
          mark: o.overdue ? <OverdueBadge>{t('dashboard.offboardings.overdue')}</OverdueBadge> : undefined,
        })}
      />
    </Panel>
  );
}

const RISK_COLOURS: Record<string, string> = {
  low: 'var(--mantine-color-green-7)',
  medium: 'var(--mantine-color-yellow-6)',
  high: 'var(--mantine-color-orange-7)',
  critical: 'var(--mantine-color-red-8)',
  unrated: 'var(--mantine-color-gray-5)',
};

function ProcessorCharts() {
  const { t } = useTranslation();
  const q = usePanel('processors', () => api.GET('/api/v1/dashboard/processors'));
  return (
    <Panel title={t('dashboard.processors.title')} to="/processors">
      <ListState isLoading={q.isLoading} error={q.error} empty={false} emptyText="">
        {q.data && (
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {t('dashboard.processors.summary', { count: q.data.total })}
            </Text>
            <BarList
              title={t('dashboard.processors.byRisk')}
              bars={q.data.byRisk.map((r) => ({
                key: r.key,
                label: r.key === 'unrated' ? t('dashboard.processors.unrated') : t(`status.${r.key}`),
                value: r.count,
                colour: RISK_COLOURS[r.key],
                to: r.key === 'unrated' ? undefined : `/processors?riskRating=${r.key}`,
              }))}
            />
            <BarList
              title={t('dashboard.processors.byStatus')}
              bars={q.data.byStatus
                .filter((s) => s.count > 0)
                .map((s) => ({
                  key: s.key,
                  label: t(`status.${s.key}`),
                  value: s.count,
                  colour: 'var(--mantine-color-custos-6)',
                  to: `/processors?status=${s.key}`,
                }))}
            />
          </Stack>
        )}
      </ListState>
    </Panel>
  );
}

function DecisionCharts() {
  const { t } = useTranslation();
  const q = usePanel('transfer-decisions', () => api.GET('/api/v1/dashboard/transfer-decisions'));
  return (
    <Panel title={t('dashboard.decisions.title')} to="/transfer-checks">
      <ListState isLoading={q.isLoading} error={q.error} empty={false} emptyText="">
        {q.data && (
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {t('dashboard.decisions.summary', {
                eligible: q.data.eligible,
                refused: q.data.refused,
                from: formatDate(q.data.from),
                to: formatDate(q.data.to),
              })}
            </Text>
            <DecisionColumns days={q.data.days} />
            {q.data.reasons.length ? (
              <BarList
                title={t('dashboard.decisions.byReason')}
                bars={q.data.reasons.map((r) => ({
                  key: r.code,
                  label: t(`reasons.${r.code}`, { defaultValue: r.code }),
                  hint: r.code,
                  value: r.count,
                  colour: 'var(--mantine-color-red-7)',
                }))}
              />
            ) : (
              <Text size="sm">{t('dashboard.decisions.noRefusals')}</Text>
            )}
          </Stack>
        )}
      </ListState>
    </Panel>
  );
}

/** The start page: what needs someone now, for the user's roles, each item linking to where it is handled. */
export default function DashboardPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  // A panel shows to those who may read the area it belongs to (the feature's read permission).
  const readable = new Set<AreaKey>(areasFor(me.roles).map((a) => a.key));
  const sees = (area: AreaKey) => readable.has(area);
  return (
    <>
      <PageHeader title={t('dashboard.title', { name: me.name })}>{t('dashboard.intro')}</PageHeader>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {sees('breaches') && <BreachClocks />}
        {sees('monitoring') && <OverdueMonitoring />}
        {sees('offboarding') && <OffboardingsDue />}
        {sees('agreements') && <ExpiringAgreements />}
        {sees('assessments') && <ExpiringAssessments />}
        {sees('processors') && <ObjectionWindows />}
        {sees('processors') && <ProcessorCharts />}
        {sees('transferChecks') && <DecisionCharts />}
      </SimpleGrid>
    </>
  );
}
