import { Group, Text } from '@mantine/core';

/** The Custos mark: a shield with a tick, and the name. */
export function Mark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <path
        d="M16 2 4 7v8c0 7.5 5.1 13.4 12 15 6.9-1.6 12-7.5 12-15V7z"
        fill="var(--mantine-color-custos-9)"
      />
      <path
        d="m10 16 4 4 8-8"
        fill="none"
        stroke="#fff"
        strokeWidth="3"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export function Brand({ size = 'md' }: { size?: 'md' | 'lg' }) {
  return (
    <Group gap={8} wrap="nowrap">
      <Mark size={size === 'lg' ? 36 : 28} />
      <Text fw={700} fz={size === 'lg' ? 24 : 20} lts={0.5}>
        Custos
      </Text>
    </Group>
  );
}
