import { Badge, Button, Checkbox, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../../app/areas';
import { useMe, type Role } from '../auth/session';
import { formatDate, formatDateTime, today } from '../../shared/format';
import { notify } from '../../shared/notify';
import {
  Dialog,
  ErrorNotice,
  fieldErrors,
  FormProblem,
  ListState,
  Pager,
  SimpleTable,
} from '../../shared/ui';
import { useProcessorAssessments, type Processor } from './hooks';
import {
  PORTAL_LINKS_PAGE,
  PORTAL_PURPOSES,
  useOpenOffboardings,
  usePortalLinks,
  useRevokePortalLink,
  useSendPortalLink,
  type PortalLink,
  type PortalPurpose,
} from './portal-link-hooks';

/** Who reads a processor's portal links and who sends and revokes them (the server's portalLinks.*). */
export const PORTAL_LINK_READERS: Role[] = ['legal', 'dpo', 'auditor'];
export const PORTAL_LINK_WRITERS: Role[] = ['legal'];

/** The assessment states in which the contact can still answer (the API refuses answers in any other). */
const ANSWERABLE = ['draft', 'changes_requested'];

const STATUS_COLORS: Record<PortalLink['status'], string> = {
  active: 'green.2',
  expired: 'orange.2',
  revoked: 'gray.3',
};

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function addMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  const date = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(date, last));
  return d.toISOString().slice(0, 10);
}

/**
 * The latest expiry the API accepts for these purposes, the earliest of their limits: 60 days for an
 * assessment, 30 days past the due date for an offboarding, a year for the standing notices. Only to
 * bound the date field and its default; the API still decides and names the limit if it refuses.
 */
function latestExpiry(purposes: PortalPurpose[], from: string, offboardingDueOn?: string): string {
  const limits = purposes.map((p) =>
    p === 'assessment'
      ? addDays(from, 60)
      : p === 'offboarding'
        ? addDays(offboardingDueOn ?? from, 30)
        : addMonths(from, 12),
  );
  return limits.reduce((a, b) => (a < b ? a : b), addMonths(from, 12));
}

/** A month ahead, or the purposes' limit when that comes first. */
function defaultExpiry(purposes: PortalPurpose[], from: string, offboardingDueOn?: string): string {
  const month = addDays(from, 30);
  const latest = latestExpiry(purposes, from, offboardingDueOn);
  return latest < month ? latest : month;
}

/** Legal's form: to whom, for what (with the assessment or offboarding it is about), until when. */
function SendLinkForm({ processor, onDone }: { processor: Processor; onDone: () => void }) {
  const { t } = useTranslation();
  const send = useSendPortalLink(processor.id);
  const assessments = useProcessorAssessments(processor.id);
  const offboardings = useOpenOffboardings(processor.id, true);
  const answerable = (assessments.data?.items ?? []).filter((a) => ANSWERABLE.includes(a.status));
  const open = offboardings.data ?? [];
  const [contactName, setContactName] = useState(
    processor.contactPerson?.name ?? processor.privacyContact?.name ?? '',
  );
  const [contactEmail, setContactEmail] = useState(
    processor.contactPerson?.email ?? processor.privacyContact?.email ?? processor.contactEmail,
  );
  const [purposes, setPurposes] = useState<PortalPurpose[]>([]);
  const [chosenAssessment, setAssessmentId] = useState<string | null>(null);
  const [chosenOffboarding, setOffboardingId] = useState<string | null>(null);
  // The only candidate is the one meant: preselected, one step less.
  const assessmentId = chosenAssessment ?? (answerable.length === 1 ? answerable[0].id : null);
  const offboardingId = chosenOffboarding ?? (open.length === 1 ? open[0].id : null);
  // Untouched, the expiry follows the purposes' default; once typed, it is the person's.
  const [chosenExpiry, setChosenExpiry] = useState<string>();
  const field = fieldErrors(send.error);
  const from = today();
  const dueOn = open.find((o) => o.id === offboardingId)?.dueOn;
  const expiresOn = chosenExpiry ?? defaultExpiry(purposes, from, dueOn);
  const latest = latestExpiry(purposes, from, dueOn);

  function submit(event: FormEvent) {
    event.preventDefault();
    const email = contactEmail.trim();
    send.mutate(
      {
        contactName: contactName.trim(),
        contactEmail: email,
        purposes,
        ...(purposes.includes('assessment') && assessmentId ? { assessmentId } : {}),
        ...(purposes.includes('offboarding') && offboardingId ? { offboardingId } : {}),
        expiresOn,
      },
      {
        onSuccess: () => {
          notify(t('portalLinks.sent', { email }));
          onDone();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormProblem error={send.error} />
        <TextInput
          label={t('portalLinks.contactName')}
          required
          value={contactName}
          error={field('contactName')}
          onChange={(e) => setContactName(e.currentTarget.value)}
        />
        <TextInput
          label={t('portalLinks.contactEmail')}
          description={t('portalLinks.contactEmailHint')}
          type="email"
          required
          value={contactEmail}
          error={field('contactEmail')}
          onChange={(e) => setContactEmail(e.currentTarget.value)}
        />
        <Checkbox.Group
          label={t('portalLinks.purposes')}
          required
          value={purposes}
          error={field('purposes')}
          onChange={(values) => setPurposes(PORTAL_PURPOSES.filter((p) => values.includes(p)))}
        >
          <Stack gap="xs" mt="xs">
            {PORTAL_PURPOSES.map((p) => (
              <Checkbox key={p} value={p} label={t(`portalLinks.purpose.${p}`)} />
            ))}
          </Stack>
        </Checkbox.Group>
        {purposes.includes('assessment') && (
          <Select
            label={t('portalLinks.assessment')}
            description={answerable.length ? undefined : t('portalLinks.noAssessment')}
            required
            data={answerable.map((a) => ({
              value: a.id,
              label: t('portalLinks.assessmentOption', {
                date: formatDate(a.createdAt),
                status: t(`status.${a.status}`),
              }),
            }))}
            value={assessmentId}
            error={field('assessmentId')}
            onChange={setAssessmentId}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        {purposes.includes('offboarding') && (
          <Select
            label={t('portalLinks.offboarding')}
            description={open.length ? undefined : t('portalLinks.noOffboarding')}
            required
            data={open.map((o) => ({
              value: o.id,
              label: t('portalLinks.offboardingOption', { date: formatDate(o.dueOn) }),
            }))}
            value={offboardingId}
            error={field('offboardingId')}
            onChange={setOffboardingId}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        <TextInput
          label={t('portalLinks.expiresOn')}
          description={
            purposes.length
              ? t('portalLinks.expiresHint', { date: formatDate(latest) })
              : t('portalLinks.expiresHintPlain')
          }
          type="date"
          required
          min={from}
          max={purposes.length ? latest : undefined}
          value={expiresOn}
          error={field('expiresOn')}
          onChange={(e) => setChosenExpiry(e.currentTarget.value)}
        />
        <ErrorNotice error={assessments.error ?? offboardings.error} />
        <Button type="submit" loading={send.isPending}>
          {t('portalLinks.submit')}
        </Button>
      </Stack>
    </form>
  );
}

/**
 * The processor's portal links: to whom, for what, until when, last used, and their state. Legal sends a
 * new one (the API e-mails it to the contact; the console never sees the link) and revokes active ones.
 */
export function PortalLinks({ processor }: { processor: Processor }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const [page, setPage] = useState(1);
  const [opened, dialog] = useDisclosure();
  const reads = can(me.roles, PORTAL_LINK_READERS);
  const writes = can(me.roles, PORTAL_LINK_WRITERS);
  const links = usePortalLinks(processor.id, page, reads);
  const revoke = useRevokePortalLink(processor.id);
  if (!reads) return null;

  const revokeLink = (link: PortalLink) => {
    if (!window.confirm(t('portalLinks.revokeConfirm', { email: link.contactEmail }))) return;
    revoke.mutate(link.id, {
      onSuccess: () => notify(t('portalLinks.revoked', { email: link.contactEmail })),
    });
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Text size="sm" c="dimmed" maw={640}>
          {t('portalLinks.intro')}
        </Text>
        {writes && !processor.archivedAt && <Button onClick={dialog.open}>{t('portalLinks.send')}</Button>}
      </Group>
      <ErrorNotice error={revoke.error} />
      <ListState
        isLoading={links.isLoading}
        error={links.error}
        empty={!links.data?.items.length}
        emptyText={t('portalLinks.empty')}
      >
        <SimpleTable
          minWidth={720}
          head={[
            t('portalLinks.contact'),
            t('portalLinks.purposesColumn'),
            t('portalLinks.expires'),
            t('portalLinks.lastUsed'),
            t('portalLinks.state'),
          ]}
          rows={(links.data?.items ?? []).map((link) => [
            <Stack gap={0} key="c">
              <Text size="sm">{link.contactName}</Text>
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {link.contactEmail}
              </Text>
            </Stack>,
            link.purposes.map((p) => t(`portalLinks.purpose.${p}`)).join('; '),
            formatDate(link.expiresOn),
            link.lastUsedAt ? formatDateTime(link.lastUsedAt) : t('portalLinks.neverUsed'),
            <Group gap="xs" key="s" wrap="nowrap">
              <Badge variant="filled" color={STATUS_COLORS[link.status]} radius="sm">
                {t(`portalLinks.status.${link.status}`)}
              </Badge>
              {writes && link.status === 'active' && (
                <Button
                  size="compact-sm"
                  color="red"
                  variant="light"
                  loading={revoke.isPending && revoke.variables === link.id}
                  aria-label={t('portalLinks.revokeNamed', { email: link.contactEmail })}
                  onClick={() => revokeLink(link)}
                >
                  {t('portalLinks.revoke')}
                </Button>
              )}
            </Group>,
          ])}
        />
        {links.data && (
          <Pager page={page} total={links.data.total} pageSize={PORTAL_LINKS_PAGE} onChange={setPage} />
        )}
      </ListState>
      <Dialog opened={opened} onClose={dialog.close} title={t('portalLinks.send')} size="lg">
        <SendLinkForm processor={processor} onDone={dialog.close} />
      </Dialog>
    </Stack>
  );
}
