import { Badge, Button, Checkbox, Group, PasswordInput, Stack, Table, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { can, WRITE } from '../../app/areas';
import { api, call, type Schemas } from '../../shared/api/client';
import { formatDateTime } from '../../shared/format';
import { Dialog, fieldErrors, FormProblem, ListState, PageHeader, Pager } from '../../shared/ui';
import { useMe } from '../auth/session';

type Role = Schemas['CreateUserDto']['roles'][number];
const ROLES: Role[] = ['admin', 'legal', 'procurement', 'dpo', 'auditor'];

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [body, setBody] = useState<Schemas['CreateUserDto']>({
    name: '',
    email: '',
    roles: [],
    password: '',
  });
  const create = useMutation({
    mutationFn: () => call(() => api.POST('/api/v1/users', { body })),
    onSuccess: (user) => {
      void client.invalidateQueries({ queryKey: ['users'] });
      notifications.show({
        color: 'green',
        message: t('admin.created', { email: user.email }),
        closeButtonProps: { 'aria-label': t('common.close') },
      });
      onDone();
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
          label={t('admin.name')}
          required
          value={body.name}
          error={field('name')}
          onChange={(e) => setBody({ ...body, name: e.currentTarget.value })}
        />
        <TextInput
          label={t('admin.email')}
          type="email"
          required
          value={body.email}
          error={field('email')}
          onChange={(e) => setBody({ ...body, email: e.currentTarget.value })}
        />
        <Checkbox.Group
          label={t('admin.roles')}
          value={body.roles}
          error={field('roles')}
          onChange={(roles) => setBody({ ...body, roles: roles })}
        >
          <Group mt="xs">
            {ROLES.map((r) => (
              <Checkbox key={r} value={r} label={t(`roles.${r}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <PasswordInput
          label={t('admin.firstPassword')}
          description={t('admin.firstPasswordHint')}
          required
          value={body.password}
          error={field('password')}
          onChange={(e) => setBody({ ...body, password: e.currentTarget.value })}
        />
        <Button type="submit" loading={create.isPending}>
          {t('admin.create')}
        </Button>
      </Stack>
    </form>
  );
}

/** Administration: the organisation's users and their roles; an admin adds people here. */
export default function AdminPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  const [page, setPage] = useState(1);
  const [opened, { open, close }] = useDisclosure();
  const users = useQuery({
    queryKey: ['users', page],
    queryFn: () => call(() => api.GET('/api/v1/users', { params: { query: { page, pageSize: 20 } } })),
  });
  return (
    <>
      <PageHeader
        title={t('areas.admin')}
        actions={can(me.roles, WRITE.users) && <Button onClick={open}>{t('admin.newUser')}</Button>}
      >
        {t('admin.intro')}
      </PageHeader>
      <ListState
        isLoading={users.isLoading}
        error={users.error}
        empty={!users.data?.items.length}
        emptyText={t('admin.empty')}
      >
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.name')}</Table.Th>
                <Table.Th>{t('admin.email')}</Table.Th>
                <Table.Th>{t('admin.roles')}</Table.Th>
                <Table.Th>{t('admin.mfa')}</Table.Th>
                <Table.Th>{t('admin.lastLogin')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data?.items.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>{u.name}</Table.Td>
                  <Table.Td>{u.email}</Table.Td>
                  <Table.Td>{u.roles.map((r) => t(`roles.${r}`)).join(', ')}</Table.Td>
                  <Table.Td>
                    <Badge variant="filled" color={u.mfaEnabled ? 'green.2' : 'gray.2'}>
                      {u.mfaEnabled ? t('common.yes') : t('common.no')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDateTime(u.lastLoginAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {users.data && (
          <Pager page={page} total={users.data.total} pageSize={users.data.pageSize} onChange={setPage} />
        )}
      </ListState>
      <Dialog opened={opened} onClose={close} title={t('admin.newUser')}>
        <CreateUserForm onDone={close} />
      </Dialog>
    </>
  );
}
