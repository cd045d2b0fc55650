import { Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../shared/api/client';
import { ErrorNotice, fieldErrors } from '../../shared/ui';
import { tokensOf, useSession } from './session';

/**
 * Changing the password ends every session (the API says so); the console signs in again at once with
 * the new password, so that the person carries on where they were.
 */
export function ChangePasswordForm({ email, onDone }: { email: string; onDone?: () => void }) {
  const { t } = useTranslation();
  const { begin, signOut } = useSession();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await call(() => api.POST('/api/v1/auth/password', { body: { currentPassword, newPassword } }));
      const answer = await call(() =>
        api.POST('/api/v1/auth/login', { body: { email, password: newPassword } }),
      );
      const tokens = tokensOf(answer);
      if (tokens) {
        await begin(tokens);
      } else {
        await signOut(); // MFA is on: the sign-in page asks for the code
      }
      onDone?.();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const field = fieldErrors(error);
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        {error !== undefined && !field('newPassword') && !field('currentPassword') && (
          <ErrorNotice error={error} />
        )}
        <PasswordInput
          label={t('auth.currentPassword')}
          autoComplete="current-password"
          required
          value={currentPassword}
          error={field('currentPassword')}
          onChange={(e) => setCurrent(e.currentTarget.value)}
        />
        <PasswordInput
          label={t('auth.newPassword')}
          autoComplete="new-password"
          required
          value={newPassword}
          error={field('newPassword')}
          description={t('auth.passwordRules')}
          onChange={(e) => setNew(e.currentTarget.value)}
        />
        <Text size="xs" c="dimmed">
          {t('auth.changeEndsSessions')}
        </Text>
        <Button type="submit" loading={busy}>
          {t('auth.changePassword')}
        </Button>
      </Stack>
    </form>
  );
}
