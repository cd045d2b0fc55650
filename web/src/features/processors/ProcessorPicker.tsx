import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useProcessor, useProcessors } from './hooks';

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
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const list = useProcessors({ q: q || undefined, page: 1, pageSize: 20 });
  const chosen = useProcessor(value ?? undefined);
  const data = useMemo(() => {
    const options = (list.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.country})` }));
    if (chosen.data && !options.some((o) => o.value === chosen.data.id)) {
      options.unshift({ value: chosen.data.id, label: `${chosen.data.name} (${chosen.data.country})` });
    }
    return options;
  }, [list.data, chosen.data]);
  return (
    <Select
      label={label}
      required={required}
      clearable={clearable}
      searchable
      filter={({ options }) => options}
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      value={value}
      onChange={onChange}
      error={error}
      nothingFoundMessage={list.isFetching ? t('common.loading') : t('processors.noneFound')}
    />
  );
}
