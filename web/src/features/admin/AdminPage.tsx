import { Badge, Button, Group, Menu, PasswordInput, Stack, Table, Tabs, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { can, WRITE } from '../../app/areas';
import { api, call, type Schemas } from '../../shared/api/client';
import { formatDateTime } from '../../shared/format';
import { Dialog, fieldErrors, FormProblem, ListState, PageHeader, Pager, problemText } from '../../shared/ui';
import { notify } from '../../shared/notify';
import { useMe } from '../auth/session';

import { AccessReview } from './AccessReview';
import { ApiKeys } from './ApiKeys';
import { RolePicker, type Role } from './RolePicker';
import { Security } from './Security';

type User = Schemas['UserResponse'];

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
      notify(t('admin.created', { email: user.email }), 'green');
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
        <RolePicker
          label={t('admin.roles')}
          value={body.roles}
          error={field('roles')}
          onChange={(roles) => setBody({ ...body, roles })}
        />
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

/** Change a user's name and roles; the server keeps at least one admin. */
function UserForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState(user.name);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const save = useMutation({
    mutationFn: () =>
      call(() =>
        api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { name, roles } }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['users'] });
      void client.invalidateQueries({ queryKey: ['access-review'] });
      notify(t('admin.saved', { name: name.trim() }), 'green');
      onDone();
    },
  });
  const field = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormProblem error={save.error} />
        <TextInput
          label={t('admin.name')}
          required
          value={name}
          error={field('name')}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <RolePicker label={t('admin.roles')} value={roles} error={field('roles')} onChange={setRoles} />
        <Button type="submit" loading={save.isPending}>
          {t('admin.saveRoles')}
        </Button>
      </Stack>
    </form>
  );
}

type UserAction = 'deactivate' | 'reactivate' | 'unlock' | 'mfa/reset';

/** What an admin may do to one user: roles, deactivate or reactivate, unlock, reset two-step sign-in. */
function UserActions({ user, self, onRoles }: { user: User; self: boolean; onRoles: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const act = useMutation({
    mutationFn: (action: UserAction) => {
      const params = { params: { path: { id: user.id } } };
      switch (action) {
        case 'deactivate':
          return call(() => api.POST('/api/v1/users/{id}/deactivate', params));
        case 'reactivate':
          return call(() => api.POST('/api/v1/users/{id}/reactivate', params));
        case 'unlock':
          return call(() => api.POST('/api/v1/users/{id}/unlock', params));
        case 'mfa/reset':
          return call(() => api.POST('/api/v1/users/{id}/mfa/reset', params));
      }
    },
    onSuccess: (_, action) => {
      void client.invalidateQueries({ queryKey: ['users'] });
      void client.invalidateQueries({ queryKey: ['access-review'] });
      notify(t(`admin.done.${action === 'mfa/reset' ? 'mfaReset' : action}`, { name: user.name }), 'green');
    },
    onError: (error) => notify(problemText(error, t), 'red'),
  });
  const confirmThen = (action: UserAction, question: string) => () => {
    if (window.confirm(question)) act.mutate(action);
  };
  const locked = user.lockedUntil !== null && new Date(user.lockedUntil) > new Date();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          size="compact-sm"
          variant="light"
          loading={act.isPending}
          aria-label={t('admin.actionsFor', { name: user.name })}
        >
          {t('admin.actions')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={onRoles}>{t('admin.changeRoles')}</Menu.Item>
        {locked && <Menu.Item onClick={() => act.mutate('unlock')}>{t('admin.unlock')}</Menu.Item>}
        {user.mfaEnabled && !self && (
          <Menu.Item onClick={confirmThen('mfa/reset', t('admin.mfaResetConfirm', { name: user.name }))}>
            {t('admin.mfaReset')}
          </Menu.Item>
        )}
        {user.active && !self && (
          <Menu.Item
            color="red"
            onClick={confirmThen('deactivate', t('admin.deactivateConfirm', { name: user.name }))}
          >
            {t('admin.deactivate')}
          </Menu.Item>
        )}
        {!user.active && (
          <Menu.Item onClick={() => act.mutate('reactivate')}>{t('admin.reactivate')}</Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

function UserState({ user }: { user: User }) {
  const { t } = useTranslation();
  if (!user.active)
    return (
      <Badge color="gray.3" variant="filled">
        {t('admin.state.deactivated')}
      </Badge>
    );
  if (user.lockedUntil && new Date(user.lockedUntil) > new Date())
    return (
      <Badge color="orange.2" variant="filled">
        {t('admin.state.locked')}
      </Badge>
    );
  return (
    <Badge color="green.2" variant="filled">
      {t('admin.state.active')}
    </Badge>
  );
}

function Users({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const [page, setPage] = useState(1);
  const [opened, { open, close }] = useDisclosure();
  const [editing, setEditing] = useState<User>();
  const users = useQuery({
    queryKey: ['users', page],
    queryFn: () => call(() => api.GET('/api/v1/users', { params: { query: { page, pageSize: 20 } } })),
  });
  return (
    <Stack>
      {canManage && (
        <Group justify="flex-end">
          <Button onClick={open}>{t('admin.newUser')}</Button>
        </Group>
      )}
      <ListState
        isLoading={users.isLoading}
        error={users.error}
        empty={!users.data?.items.length}
        emptyText={t('admin.empty')}
      >
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.name')}</Table.Th>
                <Table.Th>{t('admin.email')}</Table.Th>
                <Table.Th>{t('admin.roles')}</Table.Th>
                <Table.Th>{t('admin.mfa')}</Table.Th>
                <Table.Th>{t('admin.lastLogin')}</Table.Th>
                <Table.Th>{t('admin.stateHeader')}</Table.Th>
                {canManage && <Table.Th>{t('admin.actions')}</Table.Th>}
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
                  <Table.Td>
                    <UserState user={u} />
                  </Table.Td>
                  {canManage && (
                    <Table.Td>
                      <UserActions user={u} self={u.id === me.id} onRoles={() => setEditing(u)} />
                    </Table.Td>
                  )}
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
      <Dialog
        opened={editing !== undefined}
        onClose={() => setEditing(undefined)}
        title={editing ? t('admin.rolesOf', { name: editing.name }) : ''}
      >
        {editing && <UserForm user={editing} onDone={() => setEditing(undefined)} />}
      </Dialog>
    </Stack>
  );
}

/**
 * Administration: the organisation's users (names and roles), API keys of its integrations, the access
 * review, and its sign-in security (the roles that must use two-step sign-in).
 */
export default function AdminPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  return (
    <>
      <PageHeader title={t('areas.admin')}>{t('admin.intro')}</PageHeader>
      <Tabs defaultValue="users" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="users">{t('admin.tabs.users')}</Tabs.Tab>
          <Tabs.Tab value="apiKeys">{t('admin.tabs.apiKeys')}</Tabs.Tab>
          <Tabs.Tab value="accessReview">{t('admin.tabs.accessReview')}</Tabs.Tab>
          <Tabs.Tab value="security">{t('admin.tabs.security')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="users">
          <Users canManage={can(me.roles, WRITE.users)} />
        </Tabs.Panel>
        <Tabs.Panel value="apiKeys">
          <ApiKeys canManage={can(me.roles, WRITE.apiKeys)} />
        </Tabs.Panel>
        <Tabs.Panel value="accessReview">
          <AccessReview />
        </Tabs.Panel>
        <Tabs.Panel value="security">
          <Security canManage={can(me.roles, WRITE.organization)} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
