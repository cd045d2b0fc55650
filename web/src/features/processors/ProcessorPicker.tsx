import { MultiSelect, Select, type OptionsFilter } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useProcessor, useProcessors } from './hooks';

/** A processor as an option of a picker: its name and country. */
export interface ProcessorOption {
  value: string;
  label: string;
}

export const processorOption = (p: {
  id: string;
  name: string;
  country: string | null;
}): ProcessorOption => ({
  value: p.id,
  label: p.country ? `${p.name} (${p.country})` : p.name,
});

/** What the user types, and the processors the server finds for it (by name, legal name or service). */
function useProcessorSearch() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const list = useProcessors({ q: q || undefined, page: 1, pageSize: 20 });
  const found = useMemo(() => (list.data?.items ?? []).map(processorOption), [list.data]);
  return {
    found,
    props: {
      searchable: true,
      // The server filtered already: every option it found is shown, and a chosen one only if it matches.
      filter: (({ options, search: typed }) => {
        const words = typed.trim().toLowerCase();
        return options.filter(
          (o) =>
            !('value' in o) ||
            found.some((f) => f.value === o.value) ||
            o.label.toLowerCase().includes(words),
        );
      }) as OptionsFilter,
      searchValue: search,
      onSearchChange: setSearch,
      nothingFoundMessage: list.isFetching ? t('common.loading') : t('processors.noneFound'),
    },
  };
}

/** A processor by typeahead: the server searches by name as the user types. */
export function ProcessorPicker({
  label,
  value,
  onChange,
  error,
  required,
  clearable,
}: {
  label: string;
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string;
  required?: boolean;
  clearable?: boolean;
}) {
  const { found, props } = useProcessorSearch();
  const chosen = useProcessor(value ?? undefined);
  const data = useMemo(() => {
    const options = [...found];
    if (chosen.data && !options.some((o) => o.value === chosen.data.id))
      options.unshift(processorOption(chosen.data));
    return options;
  }, [found, chosen.data]);
  return (
    <Select
      {...props}
      label={label}
      required={required}
      clearable={clearable}
      data={data}
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}

/**
 * Any number of processors by typeahead, among all of the organisation's (the server searches as the
 * user types). `known` names the processors chosen before (e.g. a record's linked processors).
 */
export function ProcessorsPicker({
  label,
  description,
  value,
  onChange,
  error,
  known,
}: {
  label: string;
  description?: string;
  value: string[];
  onChange: (ids: string[]) => void;
  error?: string;
  known: ProcessorOption[];
}) {
  const { found, props } = useProcessorSearch();
  // Every processor the picker has named, so that a chosen one keeps its name when the search moves on.
  const named = useRef(new Map<string, ProcessorOption>());
  const data = useMemo(() => {
    for (const o of [...known, ...found]) named.current.set(o.value, o);
    const chosen = value.map((id) => named.current.get(id) ?? { value: id, label: id });
    return [...chosen, ...found.filter((o) => !value.includes(o.value))];
  }, [known, found, value]);
  return (
    <MultiSelect
      {...props}
      label={label}
      description={description}
      data={data}
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}
