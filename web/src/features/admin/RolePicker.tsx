import { Checkbox, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../shared/api/client';

export type Role = Schemas['CreateUserDto']['roles'][number];
export const ROLES: Role[] = ['admin', 'legal', 'procurement', 'dpo', 'auditor'];

/** The roles of a user or an API key, one checkbox each. */
export function RolePicker({
  label,
  value,
  error,
  onChange,
  disabled = false,
}: {
  label: string;
  value: Role[];
  error?: string;
  onChange: (roles: Role[]) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group label={label} value={value} error={error} onChange={(roles) => onChange(roles)}>
      <Group mt="xs">
        {ROLES.map((r) => (
          <Checkbox key={r} value={r} label={t(`roles.${r}`)} disabled={disabled} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}
