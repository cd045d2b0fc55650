import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api/client';
import { ErrorNotice } from '../../shared/ui';

/**
 * A refusal as a person reads it: every field the server named with its sentence (a closure may lack
 * things recorded elsewhere on the page), or the server's one sentence.
 */
export function Refusal({ error, title, shown = [] }: { error: unknown; title: string; shown?: string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  const named = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  // What a field of this form already says beside it is not said twice (`contactPoint.email` and
  // `dataCategories[2]` are said at theirs, as ApiError.fieldError finds them).
  const beside = (field: string) =>
    shown.some((s) => field === s || field.startsWith(`${s}.`) || field.startsWith(`${s}[`));
  const fields = named.filter((f) => !beside(f.field));
  if (named.length && !fields.length) return null;
  if (!fields.length) return <ErrorNotice error={error} title={title} />;
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <List size="sm">
        {fields.map((f) => (
          <List.Item key={`${f.field}:${f.message}`}>
            {t(`breaches.field.${f.field}`, { defaultValue: f.field })} {f.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
