import { Alert, Button, Group, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

/** What a contact sees once a notice was received, and the way to send another. */
export function SentNotice({
  title,
  children,
  againLabel,
  onAgain,
}: {
  title: string;
  children: ReactNode;
  againLabel: string;
  onAgain: () => void;
}) {
  return (
    <Stack>
      <Alert color="green" variant="light" title={title} role="status">
        {children}
      </Alert>
      <Group>
        <Button variant="default" onClick={onAgain}>
          {againLabel}
        </Button>
      </Group>
    </Stack>
  );
}
