import { Alert, Button, Code, Group, Image, List, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { api, call, type Schemas } from '../../shared/api/client';
import { ErrorNotice } from '../../shared/ui';

/** MFA enrolment: a QR code for the authenticator app, a first code, and the recovery codes shown once. */
export function MfaEnrolment({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [enrolment, setEnrolment] = useState<Schemas['MfaEnrollmentResponse'] & { qr: string }>();
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function start() {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await call(() => api.POST('/api/v1/auth/mfa/enroll'));
      const qr = await QRCode.toDataURL(answer.otpauthUri, { margin: 1, width: 200 });
      setEnrolment({ ...answer, qr });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await call(() =>
        api.POST('/api/v1/auth/mfa/enroll/confirm', { body: { code: code.trim() } }),
      );
      setRecoveryCodes(answer.recoveryCodes);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (recoveryCodes)
    return (
      <Stack>
        <Alert color="green" title={t('mfa.enabled')}>
          {t('mfa.recoveryOnce')}
        </Alert>
        <List aria-label={t('mfa.recoveryCodes')} spacing={2} listStyleType="none">
          {recoveryCodes.map((c) => (
            <List.Item key={c}>
              <Code>{c}</Code>
            </List.Item>
          ))}
        </List>
        <Button onClick={onDone}>{t('mfa.savedCodes')}</Button>
      </Stack>
    );

  return (
    <Stack>
      <ErrorNotice error={error} />
      {!enrolment ? (
        <>
          <Text size="sm">{t('mfa.intro')}</Text>
          <Group>
            <Button onClick={() => void start()} loading={busy}>
              {t('mfa.start')}
            </Button>
          </Group>
        </>
      ) : (
        <form onSubmit={(e) => void confirm(e)} noValidate>
          <Stack>
            <Text size="sm">{t('mfa.scan')}</Text>
            <Image src={enrolment.qr} alt={t('mfa.qrAlt')} w={200} h={200} />
            <Text size="sm">
              {t('mfa.secret')} <Code data-testid="mfa-secret">{enrolment.secret}</Code>
            </Text>
            <TextInput
              label={t('auth.code')}
              autoComplete="one-time-code"
              inputMode="numeric"
              required
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy}>
              {t('mfa.confirm')}
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
