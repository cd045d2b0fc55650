import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../shared/api/client';

export type Template = Schemas['TemplateSummaryResponse'];

/** The questionnaires assessments may use: the shipped one and the organisation's own, every version. */
export function useTemplates() {
  return useQuery({
    queryKey: ['assessment-templates'],
    queryFn: () => call(() => api.GET('/api/v1/assessment-templates')),
  });
}

/** One questionnaire with its areas and questions: its key and how to fetch it, for `useQuery` and `fetchQuery`. */
export const templateQuery = (id: string) => ({
  queryKey: ['assessment-template', id],
  queryFn: () => call(() => api.GET('/api/v1/assessment-templates/{id}', { params: { path: { id } } })),
});

/** Each questionnaire once, at its newest version, with how many versions it has; the shipped one first. */
export function byKey(templates: readonly Template[]): { newest: Template; versions: number }[] {
  const keys = new Map<string, { newest: Template; versions: number }>();
  for (const t of templates) {
    const seen = keys.get(t.key);
    if (!seen) keys.set(t.key, { newest: t, versions: 1 });
    else
      keys.set(t.key, {
        newest: t.version > seen.newest.version ? t : seen.newest,
        versions: seen.versions + 1,
      });
  }
  return [...keys.values()].sort(
    (a, b) =>
      Number(b.newest.builtIn) - Number(a.newest.builtIn) || a.newest.name.localeCompare(b.newest.name),
  );
}
