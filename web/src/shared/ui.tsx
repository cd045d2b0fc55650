import {
  Alert,
  Card,
  Center,
  Group,
  Loader,
  Modal,
  Pagination,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
  type ModalProps,
} from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api/client';

/** The message a person reads for a refused or failed call: the API's own sentence, never a stack. */
export function problemText(
  error: unknown,
  t: (key: string, options?: Record<string, unknown>) => string,
): string {
  if (error instanceof ApiError) {
    if (error.status === 423) {
      return t('auth.locked', { minutes: Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60)) });
    }
    if (error.status === 403) return t('errors.forbidden', { detail: error.problem.detail ?? '' });
    // "Processor is at version 4, the request was made against version 3" is for programs; a person
    // needs to know that nothing was saved and what to do (the app reloads what is shown: App.tsx).
    if (error.problem.code === 'STALE_VERSION') return t('errors.staleVersion');
    return error.problem.detail ?? error.problem.title ?? t('errors.unknown');
  }
  return t('errors.network');
}

export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={title ?? t('errors.title')} role="alert">
      {problemText(error, t)}
    </Alert>
  );
}

export function PageHeader({
  title,
  actions,
  children,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Stack gap={4} mb="lg">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Title order={1}>{title}</Title>
        {actions}
      </Group>
      {children && (
        <Text c="dimmed" size="sm">
          {children}
        </Text>
      )}
    </Stack>
  );
}

/** Loading, error and empty states that every list shows the same way. */
export function ListState({
  isLoading,
  error,
  empty,
  emptyText,
  children,
}: {
  isLoading: boolean;
  error: unknown;
  empty: boolean;
  emptyText: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (isLoading)
    return (
      <Center py="xl" role="status" aria-live="polite">
        <Spinner label={t('common.loading')} />
      </Center>
    );
  if (error) return <ErrorNotice error={error} />;
  if (empty)
    return (
      <Text c="dimmed" py="lg" ta="center">
        {emptyText}
      </Text>
    );
  return <>{children}</>;
}

export function Pager({
  page,
  total,
  pageSize,
  onChange,
}: {
  page: number;
  total: number;
  pageSize: number;
  onChange: (page: number) => void;
}) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Group justify="space-between" mt="md" wrap="wrap">
      <Text size="sm" c="dimmed">
        {t('common.total', { count: total })}
      </Text>
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={onChange}
          size="sm"
          getControlProps={(control) => ({
            'aria-label':
              control === 'next'
                ? t('common.nextPage')
                : control === 'previous'
                  ? t('common.previousPage')
                  : undefined,
          })}
          getItemProps={(p) => ({ 'aria-label': t('common.pageN', { page: p }) })}
        />
      )}
    </Group>
  );
}

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status">
      <Spinner label={t('common.loading')} />
    </Center>
  );
}

/**
 * A loader that says what it means to screen readers: the spinner itself is decoration (a label on it
 * is not allowed, it has no role), the words are hidden from sight only.
 */
function Spinner({ label }: { label: string }) {
  return (
    <>
      <Loader size="sm" aria-hidden />
      <VisuallyHidden>{label}</VisuallyHidden>
    </>
  );
}

/** A modal dialog whose close button says what it does. */
export function Dialog(props: ModalProps) {
  const { t } = useTranslation();
  return <Modal closeButtonProps={{ 'aria-label': t('common.close') }} {...props} />;
}

/** The message for a field the API named in its problem, for the form field's `error`. */
export function fieldErrors(error: unknown): (field: string) => string | undefined {
  return (field) => (error instanceof ApiError ? error.fieldError(field) : undefined);
}

/** A refusal that names no field (a conflict, a 403, a network failure); field problems sit by their fields. */
export function FormProblem({ error, title }: { error: unknown; title?: string }) {
  if (!error || (error instanceof ApiError && error.problem.errors?.length)) return null;
  return <ErrorNotice error={error} title={title} />;
}

/** A plain table of rows under a header row, scrolling sideways on a narrow screen. */
export function SimpleTable({
  head,
  rows,
  minWidth = 480,
}: {
  head: string[];
  rows: ReactNode[][];
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth?: number;
}) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            {head.map((h) => (
              <Table.Th key={h}>{h}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => (
            <Table.Tr key={i}>
              {row.map((cell, j) => (
                <Table.Td key={j}>{cell}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A labelled value on a record's page: the label small above, the value as written (line breaks kept). */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {children || '—'}
      </Text>
    </div>
  );
}

/** A titled part of a page, a region named by its heading. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Title order={2} size="h3" mb="sm" id={id}>
        {title}
      </Title>
      {children}
    </Card>
  );
}
