import { ActionIcon, Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** Repeated rows of a record (joint controllers, erasure limits, recipients, transfers) with add and remove. */
export function Rows<T>({
  title,
  items,
  onChange,
  blank,
  render,
  addLabel,
  removeLabel,
  error,
  cols = 3,
}: {
  title: string;
  items: T[];
  onChange: (items: T[]) => void;
  blank: T;
  render: (item: T, set: (patch: Partial<T>) => void, index: number) => ReactNode;
  addLabel: string;
  removeLabel: (index: number) => string;
  error?: string;
  /** Fields side by side on a wide screen. */
  cols?: number;
}) {
  return (
    <Stack gap="xs" role="group" aria-label={title}>
      <Text size="sm" fw={500}>
        {title}
      </Text>
      {items.map((item, i) => (
        <Group key={i} align="flex-end" wrap="nowrap" gap="xs">
          <SimpleGrid cols={{ base: 1, sm: cols }} style={{ flex: 1 }}>
            {render(item, (patch) => onChange(items.map((x, j) => (j === i ? { ...x, ...patch } : x))), i)}
          </SimpleGrid>
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={removeLabel(i)}
            onClick={() => onChange(items.filter((_, j) => j !== i))}
          >
            <span aria-hidden="true">✕</span>
          </ActionIcon>
        </Group>
      ))}
      {error && (
        <Text size="xs" c="red">
          {error}
        </Text>
      )}
      <Group>
        <Button size="xs" variant="light" onClick={() => onChange([...items, blank])}>
          {addLabel}
        </Button>
      </Group>
    </Stack>
  );
}
