import { ActionIcon, Box, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from './api/client';

export type Term = Schemas['TermResponse'];
type VocabularyName = 'data-categories' | 'data-subjects' | 'data-uses';

/** A coded thing as a person reads it: its name, then its code ("Germany (DE)", "Marketing (marketing)"). */
const named = (name: string, code: string) => `${name} (${code})`;

/** The query key a vocabulary is cached under: what a change to it invalidates. */
export const vocabularyKey = (name: VocabularyName) => ['vocabulary', name] as const;

export function useVocabulary(name: VocabularyName) {
  return useQuery({
    queryKey: vocabularyKey(name),
    queryFn: () =>
      call(() => api.GET('/api/v1/vocabularies/{vocabulary}', { params: { path: { vocabulary: name } } })),
    staleTime: 10 * 60_000,
  });
}

/**
 * Vocabulary keys as a person reads them: "Employment (employment)"; a key the vocabulary does not
 * (or not yet) name stays as it is.
 */
export function useTermNames(name: VocabularyName): (keys: readonly string[]) => string[] {
  const terms = useVocabulary(name);
  const names = useMemo(
    () => new Map((terms.data?.items ?? []).map((term) => [term.key, term.name])),
    [terms.data],
  );
  return (keys) => keys.map((key) => (names.has(key) ? named(names.get(key)!, key) : key));
}

export function useCountries() {
  return useQuery({
    queryKey: ['countries'],
    queryFn: () => call(() => api.GET('/api/v1/vocabularies/countries')),
    staleTime: 60 * 60_000,
  });
}

/**
 * Whether a code is in the EEA, as the server decides it (`VocabulariesService.isEea`): a member state, or
 * a territory the GDPR applies to through one. Anything else, an international organisation included, is
 * a transfer (Chapter V). Undefined while the countries are loading.
 */
export function useIsEea(): ((code: string) => boolean) | undefined {
  const countries = useCountries();
  return useMemo(() => {
    if (!countries.data) return undefined;
    const eea = new Set(countries.data.items.filter((c) => c.eea || c.partOfEeaState).map((c) => c.code));
    return (code: string) => eea.has(code);
  }, [countries.data]);
}

/**
 * ISO 3166-1 codes (and international organisations' codes) as a person reads them: "Germany (DE)",
 * "European Patent Organisation (EPO)"; an unknown code stays as it is.
 */
export function useCountryNames(): (codes: readonly string[]) => string[] {
  const countries = useCountries();
  const organisations = useInternationalOrganisations();
  const names = useMemo(
    () =>
      new Map(
        [...(countries.data?.items ?? []), ...(organisations.data?.items ?? [])].map((c) => [c.code, c.name]),
      ),
    [countries.data, organisations.data],
  );
  return (codes) => codes.map((code) => (names.has(code) ? named(names.get(code)!, code) : code));
}

/** Countries as options of a select: "Germany (DE)". */
export function useCountryOptions() {
  const countries = useCountries();
  return useMemo(
    () => (countries.data?.items ?? []).map((c) => ({ value: c.code, label: named(c.name, c.code) })),
    [countries.data],
  );
}

export function useInternationalOrganisations() {
  return useQuery({
    queryKey: ['international-organisations'],
    queryFn: () => call(() => api.GET('/api/v1/vocabularies/international-organisations')),
    staleTime: 60 * 60_000,
  });
}

/**
 * Where data can go (Chapter V): countries, then international organisations (Art. 4(26)), as grouped
 * options of a select: "Germany (DE)", "European Patent Organisation (EPO)".
 */
export function useDestinationOptions() {
  const { t } = useTranslation();
  const countries = useCountryOptions();
  const organisations = useInternationalOrganisations();
  return useMemo(
    () => [
      { group: t('common.countries'), items: countries },
      {
        group: t('common.internationalOrganisations'),
        items: (organisations.data?.items ?? []).map((o) => ({
          value: o.code,
          label: named(o.name, o.code),
        })),
      },
    ],
    [countries, organisations.data, t],
  );
}

export function termOptions(terms: Term[] | undefined) {
  return (terms ?? []).map((term) => ({ value: term.key, label: `${term.name} — ${term.key}` }));
}

interface Node {
  term: Term;
  children: Node[];
}

function buildTree(terms: Term[]): Node[] {
  const nodes = new Map(terms.map((term) => [term.key, { term, children: [] as Node[] }]));
  const roots: Node[] = [];
  for (const node of nodes.values()) {
    const parent = node.term.parent ? nodes.get(node.term.parent) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/**
 * A vocabulary as a tree of checkboxes (data categories, data uses): ticking a key picks it, and the
 * API reads a key as covering its children, so a ticked parent shows its children as covered.
 */
export function TermTree({
  terms,
  value,
  onChange,
  label,
}: {
  terms: Term[];
  value: string[];
  onChange: (keys: string[]) => void;
  label: string;
}) {
  const { t } = useTranslation();
  const roots = useMemo(() => buildTree(terms), [terms]);
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const picked = new Set(value);
  const coveredByParent = (key: string) => value.some((v) => key !== v && key.startsWith(`${v}.`));

  const toggle = (key: string) =>
    onChange(
      picked.has(key)
        ? value.filter((v) => v !== key)
        : [...value.filter((v) => !v.startsWith(`${key}.`)), key],
    );

  const render = (node: Node, depth: number) => {
    const key = node.term.key;
    const expanded = open.has(key);
    const inherited = coveredByParent(key);
    return (
      <Box key={key} component="li" style={{ listStyle: 'none' }}>
        <Group gap={4} wrap="nowrap" pl={depth * 18}>
          {node.children.length > 0 ? (
            <ActionIcon
              variant="subtle"
              size="sm"
              aria-expanded={expanded}
              aria-label={t(expanded ? 'tree.collapse' : 'tree.expand', { name: node.term.name })}
              onClick={() =>
                setOpen((s) => {
                  const next = new Set(s);
                  if (next.has(key)) next.delete(key);
                  else next.add(key);
                  return next;
                })
              }
            >
              <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
            </ActionIcon>
          ) : (
            <Box w={22} />
          )}
          <Checkbox
            size="xs"
            checked={picked.has(key) || inherited}
            disabled={inherited}
            onChange={() => toggle(key)}
            label={
              <Text size="sm" span>
                {node.term.name}{' '}
                <Text span size="xs" c="dimmed" ff="monospace">
                  {key}
                </Text>
              </Text>
            }
          />
        </Group>
        {expanded && node.children.length > 0 && (
          <Box component="ul" p={0} m={0}>
            {node.children.map((child) => render(child, depth + 1))}
          </Box>
        )}
      </Box>
    );
  };

  return (
    <Stack gap={2} role="group" aria-label={label} mah={280} style={{ overflowY: 'auto' }} p={4}>
      <Box component="ul" p={0} m={0}>
        {roots.map((node) => render(node, 0))}
      </Box>
    </Stack>
  );
}
