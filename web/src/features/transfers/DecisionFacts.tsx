import { Anchor, Code, Group, List, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusBadge } from '../../shared/status';
import { useCountryNames } from '../../shared/vocabularies';

/** The facts a decision rested on, as the gate stored them (`TransferChecksService.snapshot`). */
interface Facts {
  today?: string;
  processor?: {
    id: string;
    name: string;
    status: string;
    riskRating: string | null;
    assessmentValidUntil: string | null;
    processingCountries: string[];
  };
  ancestors?: { id: string; name: string; status: string }[];
  subProcessors?: { id: string; name: string; authorizationStatus: string; processingCountries: string[] }[];
  agreements?: { id: string; title: string; status: string }[];
  transferImpactAssessments?: { id: string; destination: string; outcome: string; assessedOn: string }[];
  openCriticalFindings?: { id: string; title: string }[];
  overdueChecks?: { id: string; type: string; dueOn: string }[];
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="group" aria-label={label}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <div>{children}</div>
    </div>
  );
}

/** A record the facts name, linked to its page, with its status then (and what else is worth a word). */
function Linked({
  to,
  name,
  status,
  children,
}: {
  to: string;
  name: string;
  status: string;
  children?: ReactNode;
}) {
  return (
    <Group gap="xs">
      <Anchor component={Link} to={to} size="sm">
        {name}
      </Anchor>
      <StatusBadge value={status} />
      {children}
    </Group>
  );
}

/** A list of what the facts hold, or "none" in words: an empty list is a fact too. */
function Items<T>({ items, render }: { items: T[] | undefined; render: (item: T) => ReactNode }) {
  const { t } = useTranslation();
  if (!items?.length)
    return (
      <Text size="sm" c="dimmed">
        {t('transfers.factsView.none')}
      </Text>
    );
  return (
    <List size="sm" spacing={2}>
      {items.map((item, n) => (
        <List.Item key={n}>{render(item)}</List.Item>
      ))}
    </List>
  );
}

/**
 * What a stored decision rested on, as a person reads it: the processor and its assessment, the chain,
 * the agreements, TIAs, findings and checks as they stood that day; the stored JSON below it, unchanged.
 */
export function DecisionFacts({ facts }: { facts: object }) {
  const { t } = useTranslation();
  const countries = useCountryNames();
  const f = facts as Facts;
  const p = f.processor;
  return (
    <Stack>
      {f.today && <Text size="sm">{t('transfers.factsView.asOf', { day: f.today })}</Text>}
      {p && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Fact label={t('transfers.processor')}>
            <Linked to={`/processors/${p.id}`} name={p.name} status={p.status}>
              {p.riskRating && <StatusBadge value={p.riskRating} />}
            </Linked>
          </Fact>
          <Fact label={t('transfers.factsView.assessmentValidUntil')}>
            <Text size="sm">{p.assessmentValidUntil ?? t('transfers.factsView.noAssessment')}</Text>
          </Fact>
          <Fact label={t('transfers.factsView.processingCountries')}>
            <Text size="sm">{countries(p.processingCountries).join(', ') || '—'}</Text>
          </Fact>
          {!!f.ancestors?.length && (
            <Fact label={t('transfers.factsView.engagedBy')}>
              <Text size="sm">{f.ancestors.map((a) => a.name).join(' ← ')}</Text>
            </Fact>
          )}
        </SimpleGrid>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Fact label={t('transfers.factsView.subProcessors')}>
          <Items
            items={f.subProcessors}
            render={(s) => (
              <Linked to={`/processors/${s.id}`} name={s.name} status={s.authorizationStatus}>
                <Text span size="xs" c="dimmed">
                  {countries(s.processingCountries).join(', ')}
                </Text>
              </Linked>
            )}
          />
        </Fact>
        <Fact label={t('transfers.factsView.agreements')}>
          <Items
            items={f.agreements}
            render={(a) => <Linked to={`/agreements/${a.id}`} name={a.title} status={a.status} />}
          />
        </Fact>
        <Fact label={t('transfers.factsView.tias')}>
          <Items
            items={f.transferImpactAssessments}
            render={(tia) =>
              t('transfers.factsView.tia', {
                destination: countries([tia.destination])[0],
                outcome: t(`tias.outcomes.${tia.outcome}`, { defaultValue: tia.outcome }),
                day: tia.assessedOn,
              })
            }
          />
        </Fact>
        <Fact label={t('transfers.factsView.findings')}>
          <Items items={f.openCriticalFindings} render={(x) => x.title} />
        </Fact>
        <Fact label={t('transfers.factsView.overdueChecks')}>
          <Items
            items={f.overdueChecks}
            render={(c) =>
              t('transfers.factsView.overdueCheck', {
                type: t(`monitoring.checkType.${c.type}`),
                day: c.dueOn,
              })
            }
          />
        </Fact>
      </SimpleGrid>
      <details>
        <summary>
          <Text span size="sm">
            {t('transfers.factsView.stored')}
          </Text>
        </summary>
        <Code block mt="xs">
          {JSON.stringify(facts, null, 2)}
        </Code>
      </details>
    </Stack>
  );
}
