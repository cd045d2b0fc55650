import { Alert, Badge, Button, Code, CopyButton, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../../shared/api/client';
import { formatDate, formatDateTime } from '../../shared/format';
import { Dialog, fieldErrors, FormProblem, ListState, Pager } from '../../shared/ui';
import { RolePicker, type Role } from './RolePicker';

type Created = Schemas['CreatedApiKeyResponse'];

/** A new key: name, roles, expiry; then the key itself, shown this once, to copy into the integration. */
function NewKeyForm({ onCreated }: { onCreated: (key: Created) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [expiresOn, setExpiresOn] = useState('');
  const create = useMutation({
    mutationFn: () =>
      call(() =>
        api.POST('/api/v1/api-keys', {
          body: { name, roles, ...(expiresOn ? { expiresAt: `${expiresOn}T23:59:59.000Z` } : {}) },
        }),
      ),
    onSuccess: (key) => {
      void client.invalidateQueries({ queryKey: ['api-keys'] });
      onCreated(key);
    },
  });
  const field = fieldErrors(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormProblem error={create.error} />
        <TextInput
          label={t('apiKeys.name')}
          description={t('apiKeys.nameHint')}
          required
          value={name}
          error={field('name')}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <RolePicker label={t('apiKeys.roles')} value={roles} error={field('roles')} onChange={setRoles} />
        <TextInput
          label={t('apiKeys.expiresOn')}
          description={t('apiKeys.expiresHint')}
          type="date"
          value={expiresOn}
          error={field('expiresAt')}
          onChange={(e) => setExpiresOn(e.currentTarget.value)}
        />
        <Button type="submit" loading={create.isPending}>
          {t('apiKeys.create')}
        </Button>
      </Stack>
    </form>
  );
}

function ShownOnce({ created, onDone }: { created: Created; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Alert color="orange" title={t('apiKeys.onceTitle')}>
        {t('apiKeys.onceText')}
      </Alert>
      <Text size="sm" fw={600} id="new-api-key-label">
        {t('apiKeys.theKey', { name: created.name })}
      </Text>
      <Code
        block
        aria-labelledby="new-api-key-label"
        data-testid="new-api-key"
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
      >
        {created.key}
      </Code>
      <Group>
        <CopyButton value={created.key}>
          {({ copied, copy }) => (
            <Button variant="light" onClick={copy}>
              {copied ? t('apiKeys.copied') : t('apiKeys.copy')}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone}>{t('apiKeys.stored')}</Button>
      </Group>
    </Stack>
  );
}

/** API keys of the organisation's integrations: created and shown once, revoked, when last used. */
export function ApiKeys({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  const [opened, { open, close }] = useDisclosure();
  const [created, setCreated] = useState<Created>();
  const keys = useQuery({
    queryKey: ['api-keys', page],
    queryFn: () => call(() => api.GET('/api/v1/api-keys', { params: { query: { page, pageSize: 20 } } })),
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      call(() => api.POST('/api/v1/api-keys/{id}/revoke', { params: { path: { id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  const closeDialog = () => {
    setCreated(undefined);
    close();
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('apiKeys.intro')}
        </Text>
        {canManage && <Button onClick={open}>{t('apiKeys.new')}</Button>}
      </Group>
      <FormProblem error={revoke.error} />
      <ListState
        isLoading={keys.isLoading}
        error={keys.error}
        empty={!keys.data?.items.length}
        emptyText={t('apiKeys.empty')}
      >
        <Table.ScrollContainer minWidth={720}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('apiKeys.name')}</Table.Th>
                <Table.Th>{t('apiKeys.prefix')}</Table.Th>
                <Table.Th>{t('apiKeys.roles')}</Table.Th>
                <Table.Th>{t('apiKeys.expires')}</Table.Th>
                <Table.Th>{t('apiKeys.lastUsed')}</Table.Th>
                <Table.Th>{t('apiKeys.state')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data?.items.map((k) => (
                <Table.Tr key={k.id}>
                  <Table.Td>{k.name}</Table.Td>
                  <Table.Td>
                    <Code>{k.prefix}</Code>
                  </Table.Td>
                  <Table.Td>{k.roles.map((r) => t(`roles.${r}`)).join(', ')}</Table.Td>
                  <Table.Td>{formatDate(k.expiresAt)}</Table.Td>
                  <Table.Td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('apiKeys.neverUsed')}</Table.Td>
                  <Table.Td>
                    {k.revokedAt ? (
                      <Badge color="gray.3" variant="filled">
                        {t('apiKeys.revoked')}
                      </Badge>
                    ) : canManage ? (
                      <Button
                        size="compact-sm"
                        color="red"
                        variant="light"
                        loading={revoke.isPending && revoke.variables === k.id}
                        onClick={() => {
                          if (window.confirm(t('apiKeys.revokeConfirm', { name: k.name })))
                            revoke.mutate(k.id);
                        }}
                        aria-label={t('apiKeys.revokeNamed', { name: k.name })}
                      >
                        {t('apiKeys.revoke')}
                      </Button>
                    ) : (
                      <Badge color="green.2" variant="filled">
                        {t('apiKeys.active')}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {keys.data && (
          <Pager page={page} total={keys.data.total} pageSize={keys.data.pageSize} onChange={setPage} />
        )}
      </ListState>
      <Dialog opened={opened} onClose={closeDialog} title={t('apiKeys.new')}>
        {created ? (
          <ShownOnce created={created} onDone={closeDialog} />
        ) : (
          <NewKeyForm onCreated={setCreated} />
        )}
      </Dialog>
    </Stack>
  );
}
