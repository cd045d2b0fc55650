import { Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, ApiError } from '../../shared/api/client';
import { ErrorNotice } from '../../shared/ui';
import { Brand } from '../../app/Brand';
import { tokensOf, useSession } from './session';

/** Sign-in: e-mail and password, then the authenticator (or recovery) code when MFA is on. */
export function SignInPage() {
  const { t } = useTranslation();
  const { begin } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [mfaToken, setMfaToken] = useState<string>();
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (mfaToken) {
        const tokens = await call(() =>
          api.POST('/api/v1/auth/mfa', { body: { mfaToken, code: code.trim() } }),
        );
        await begin(tokens);
        return;
      }
      const answer = await call(() => api.POST('/api/v1/auth/login', { body: { email, password } }));
      if (answer.mfaRequired && answer.mfaToken) {
        setMfaToken(answer.mfaToken);
      } else {
        const tokens = tokensOf(answer);
        if (tokens) await begin(tokens);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const invalidCredentials = error instanceof ApiError && error.status === 401;
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack>
            <Brand size="lg" />
            <Title order={1} size="h2">
              {mfaToken ? t('auth.mfaTitle') : t('auth.signInTitle')}
            </Title>
            {error !== undefined && (
              <ErrorNotice error={error} title={invalidCredentials ? t('auth.notSignedIn') : undefined} />
            )}
            {!mfaToken ? (
              <>
                <TextInput
                  label={t('auth.email')}
                  type="email"
                  autoComplete="username"
                  required
                  value={email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                />
                <PasswordInput
                  label={t('auth.password')}
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                />
                <Button type="submit" loading={busy} fullWidth>
                  {t('auth.signIn')}
                </Button>
              </>
            ) : (
              <>
                <Text size="sm">{recovery ? t('auth.recoveryHint') : t('auth.mfaHint')}</Text>
                <TextInput
                  label={t('auth.code')}
                  autoComplete="one-time-code"
                  inputMode={recovery ? 'text' : 'numeric'}
                  required
                  autoFocus
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value)}
                />
                <Button type="submit" loading={busy} fullWidth>
                  {t('auth.verify')}
                </Button>
                <Anchor component="button" type="button" size="sm" onClick={() => setRecovery((r) => !r)}>
                  {recovery ? t('auth.useAuthenticator') : t('auth.useRecoveryCode')}
                </Anchor>
              </>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
