import { Anchor, Box, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../shared/format';

export interface Bar {
  key: string;
  label: string;
  value: number;
  colour: string;
  /** The code behind the label, shown small beside it (reason codes). */
  hint?: string;
  /** Where the items this bar counts are listed. */
  to?: string;
}

/**
 * Horizontal bars with their label and figure written out: a list a screen reader reads as it is, and a
 * chart the eye compares at a glance.
 */
export function BarList({ title, bars }: { title: string; bars: Bar[] }) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <Stack gap={6}>
      <Title order={3} size="h5" id={id}>
        {title}
      </Title>
      <Stack gap={6} component="ul" aria-labelledby={id} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {bars.map((bar) => (
          <li key={bar.key}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                {bar.to ? (
                  <Anchor component={Link} to={bar.to} inherit>
                    {bar.label}
                  </Anchor>
                ) : (
                  bar.label
                )}
                {bar.hint && (
                  <Text span size="xs" c="dimmed" ff="monospace" ml={6}>
                    {bar.hint}
                  </Text>
                )}
              </Text>
              <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {bar.value.toLocaleString()}
              </Text>
            </Group>
            <Box
              aria-hidden
              h={8}
              mt={2}
              style={{
                borderRadius: 4,
                background: 'var(--mantine-color-default-border)',
                overflow: 'hidden',
              }}
            >
              <Box
                h="100%"
                w={`${(100 * bar.value) / max}%`}
                style={{ background: bar.colour, borderRadius: 4 }}
              />
            </Box>
          </li>
        ))}
      </Stack>
    </Stack>
  );
}

const ELIGIBLE = 'var(--mantine-color-green-7)';
const REFUSED = 'var(--mantine-color-red-7)';

/** One stacked column per day (eligible below, refused above), with a legend; each column names its figures. */
export function DecisionColumns({ days }: { days: { day: string; eligible: number; refused: number }[] }) {
  const { t } = useTranslation();
  const id = useId();
  const max = Math.max(1, ...days.map((d) => d.eligible + d.refused));
  const height = 96;
  return (
    <Stack gap={6}>
      <Group justify="space-between" gap="xs">
        <Title order={3} size="h5" id={id}>
          {t('dashboard.decisions.perDay')}
        </Title>
        <Group gap="sm" aria-hidden>
          {[
            [ELIGIBLE, t('dashboard.decisions.eligible')],
            [REFUSED, t('dashboard.decisions.refused')],
          ].map(([colour, label]) => (
            <Group key={label} gap={4}>
              <Box w={10} h={10} style={{ background: colour, borderRadius: 2 }} />
              <Text size="xs">{label}</Text>
            </Group>
          ))}
        </Group>
      </Group>
      <Group
        gap={2}
        align="flex-end"
        wrap="nowrap"
        h={height}
        role="list"
        aria-labelledby={id}
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        {days.map((d) => {
          const label = t('dashboard.decisions.dayBar', {
            day: formatDate(d.day),
            eligible: d.eligible,
            refused: d.refused,
          });
          return (
            <Tooltip key={d.day} label={label} withArrow openDelay={100}>
              <Stack
                gap={0}
                justify="flex-end"
                role="listitem"
                aria-label={label}
                tabIndex={0}
                style={{ flex: 1, height: '100%', minWidth: 3 }}
              >
                <Box h={`${(100 * d.refused) / max}%`} style={{ background: REFUSED }} />
                <Box h={`${(100 * d.eligible) / max}%`} style={{ background: ELIGIBLE }} />
              </Stack>
            </Tooltip>
          );
        })}
      </Group>
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {formatDate(days[0]?.day)}
        </Text>
        <Text size="xs" c="dimmed">
          {formatDate(days[days.length - 1]?.day)}
        </Text>
      </Group>
    </Stack>
  );
}
