import { Alert, Anchor, Code, List, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can } from '../../app/areas';
import { useMe } from '../auth/session';
import type { Reason } from './hooks';

/** Where a reason is fixed, for the people allowed to fix it (legal); others are told whom to ask. */
function fixFor(code: string, processorId: string): { to: string; key: string } | undefined {
  const processor = `/processors/${processorId}`;
  switch (code) {
    case 'PROCESSOR_NOT_APPROVED':
    case 'ASSESSMENT_MISSING':
    case 'ASSESSMENT_EXPIRED':
    case 'RISK_TOO_HIGH':
      return { to: processor, key: 'transfers.fix.assessment' };
    case 'NO_ACTIVE_DPA':
    case 'DPA_CLAUSES_INCOMPLETE':
    case 'DATA_CATEGORY_NOT_COVERED':
    case 'PURPOSE_NOT_COVERED':
    case 'THIRD_COUNTRY_NO_SAFEGUARD':
    case 'TIA_MISSING':
    case 'TIA_NEGATIVE':
    case 'DEROGATION_NOT_FOR_REGULAR_TRANSFERS':
      return { to: `/agreements?draftFor=${processorId}`, key: 'transfers.fix.agreement' };
    case 'SUBPROCESSOR_NOT_AUTHORIZED':
      return { to: processor, key: 'transfers.fix.chain' };
    case 'OPEN_CRITICAL_FINDING':
    case 'MONITORING_OVERDUE':
      return { to: '/findings', key: 'transfers.fix.findings' };
    case 'OPEN_BREACH':
      return { to: '/breaches', key: 'transfers.fix.breaches' };
    default:
      return undefined;
  }
}

/** A detail a person can read: a word, a number, or a list of them (not a record's JSON). */
const readable = (v: unknown): v is string | number | boolean | (string | number)[] =>
  (typeof v === 'string' && v !== '') ||
  typeof v === 'number' ||
  typeof v === 'boolean' ||
  (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' || typeof x === 'number'));

/**
 * A reason's details in one line, the readable ones only: an empty one ("agreements:" with nothing
 * after it) or a record's JSON says nothing the message does not; the stored decision keeps them all.
 */
function details(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => readable(v));
  if (entries.length === 0) return undefined;
  return entries.map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`).join('; ');
}

/** The answer in plain words, in a status region: Eligible, or Not eligible with every reason. */
export function Answer({
  eligible,
  reasons,
  processorId,
}: {
  eligible: boolean;
  reasons: Reason[];
  processorId: string;
}) {
  const { t } = useTranslation();
  const { me } = useMe();
  const mayFix = can(me.roles, ['legal']);
  return (
    <div role="status" aria-live="polite">
      <Alert color={eligible ? 'green' : 'red'} variant="light" p="lg" styles={{ body: { minWidth: 0 } }}>
        {/* Details carry ids and keys without spaces: they wrap anywhere rather than widen the page. */}
        <Stack gap="xs" style={{ overflowWrap: 'anywhere' }}>
          <Title order={2} size="h3">
            {eligible ? t('transfers.eligible') : t('transfers.notEligible')}
          </Title>
          <Text size="sm">
            {eligible
              ? t('transfers.eligibleText')
              : t('transfers.notEligibleText', { count: reasons.length })}
          </Text>
          {reasons.length > 0 && (
            <List spacing="sm" aria-label={t('transfers.reasons')}>
              {reasons.map((reason, i) => {
                const fix = fixFor(reason.code, processorId);
                const more = details(reason.details);
                return (
                  <List.Item key={`${reason.code}-${i}`}>
                    <Code fw={600}>{reason.code}</Code>{' '}
                    <Text span size="sm">
                      {reason.message}
                    </Text>
                    {more && (
                      <Text size="xs" c="dimmed">
                        {more}
                      </Text>
                    )}
                    {fix && mayFix && (
                      <Anchor component={Link} to={fix.to} size="sm" display="block">
                        {t(fix.key)}
                      </Anchor>
                    )}
                  </List.Item>
                );
              })}
            </List>
          )}
          {!eligible && !mayFix && (
            <Text size="xs" c="dimmed">
              {t('transfers.askLegal')}
            </Text>
          )}
        </Stack>
      </Alert>
    </div>
  );
}
