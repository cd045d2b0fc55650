import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../shared/api/client';
import { notify } from '../../shared/notify';
import { ErrorNotice, fieldErrors, FormProblem, PageLoader } from '../../shared/ui';
import { RolePicker, type Role } from './RolePicker';

/** The roles Custos recommends to hold to two-step sign-in: who can change users and who answers to the authority. */
const RECOMMENDED: Role[] = ['admin', 'dpo'];

/**
 * The organisation's sign-in rules an admin sets: which roles must use two-step sign-in (TOTP). A user
 * in such a role without it is led through setting it up at the next sign-in, before anything else.
 */
export function Security({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const organization = useQuery({
    queryKey: ['organization'],
    queryFn: () => call(() => api.GET('/api/v1/organization')),
  });
  const [roles, setRoles] = useState<Role[]>([]);
  useEffect(() => {
    if (organization.data) setRoles(organization.data.mfaRequiredRoles);
  }, [organization.data]);
  const save = useMutation({
    mutationFn: () =>
      call(() => api.PATCH('/api/v1/organization/security', { body: { mfaRequiredRoles: roles } })),
    onSuccess: (saved) => {
      client.setQueryData(['organization'], saved);
      notify(t('security.saved'), 'green');
    },
  });
  if (organization.isLoading) return <PageLoader />;
  if (organization.error || !organization.data) return <ErrorNotice error={organization.error} />;
  const missing = RECOMMENDED.filter((r) => !roles.includes(r));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={720}>
        <Text>{t('security.intro')}</Text>
        <FormProblem error={save.error} />
        <RolePicker
          label={t('security.mfaRoles')}
          value={roles}
          error={fieldErrors(save.error)('mfaRequiredRoles')}
          onChange={setRoles}
          disabled={!canManage}
        />
        {missing.length > 0 && (
          <Alert color="orange" variant="light" title={t('security.recommendTitle')}>
            {t('security.recommend', { roles: missing.map((r) => t(`roles.${r}`)).join(', ') })}
          </Alert>
        )}
        {canManage && (
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('security.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
