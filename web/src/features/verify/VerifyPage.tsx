import { Alert, Button, Card, Code, Group, Input, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Brand } from '../../app/Brand';
import { api, call } from '../../shared/api/client';
import { formatDate } from '../../shared/format';
import { ErrorNotice, PageHeader } from '../../shared/ui';

/** How Custos numbers certificates. */
const NUMBER = /CUS-\d{4}-\d{6}/;
/** Where a Custos certificate carries its own number: the PDF's keywords, in plain text. */
const EMBEDDED = /document-id:(CUS-\d{4}-\d{6})/;

/** The file's SHA-256, computed here: the certificate itself never leaves the machine. */
async function sha256(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The number the certificate names inside itself, or else in its file name; null when neither does. */
async function numberOf(file: File): Promise<string | null> {
  const text = new TextDecoder('latin1').decode(await file.arrayBuffer());
  return EMBEDDED.exec(text)?.[1] ?? file.name.match(NUMBER)?.[0] ?? null;
}

/**
 * The public check of a certificate of return or destruction (no sign-in): only its number and the hash
 * of the chosen file are sent; the answer says whether that file is the certificate issued under it.
 * The number comes from the file itself; only a file that names none asks for it.
 */
export default function VerifyPage() {
  const { t } = useTranslation();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  /** The number read from `file`, once read (null: the file names none). */
  const [found, setFound] = useState<{ file: File; number: string | null } | null>(null);
  const [typed, setTyped] = useState('');
  const [missing, setMissing] = useState<{ file?: boolean; number?: boolean }>({});
  const verify = useMutation({
    mutationFn: async ({ file, number }: { file: File; number: string }) => {
      const hash = await sha256(file);
      const answer = await call(() =>
        api.GET('/api/v1/certificates/{number}/verify', {
          params: { path: { number }, query: { sha256: hash } },
        }),
      );
      return { ...answer, hash, filename: file.name };
    },
  });
  const asksNumber = !!file && found?.file === file && found.number === null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setMissing({ file: true });
      return;
    }
    const inFile = found?.file === file ? found.number : await numberOf(file);
    const number = inFile ?? (NUMBER.exec(typed)?.[0] === typed.trim() ? typed.trim() : null);
    setMissing({ number: !number });
    if (number) verify.mutate({ file, number });
    else setFound({ file, number: null });
  };

  const result = verify.data;
  return (
    <Stack>
      <Brand size="lg" />
      <PageHeader title={t('verify.title')}>{t('verify.intro')}</PageHeader>
      <Card withBorder padding="lg">
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack>
            <Input.Wrapper
              id={fileId}
              label={t('verify.certificate')}
              description={t('verify.certificateHint')}
              error={missing.file ? t('verify.fileMissing') : undefined}
            >
              <Input
                id={fileId}
                type="file"
                required
                accept="application/pdf,.pdf"
                pt={6}
                error={missing.file}
                onChange={(e: ChangeEvent<HTMLInputElement>) => {
                  const chosen = e.currentTarget.files?.[0] ?? null;
                  setFile(chosen);
                  setFound(null);
                  verify.reset();
                  setMissing({});
                  if (chosen) void numberOf(chosen).then((number) => setFound({ file: chosen, number }));
                }}
              />
            </Input.Wrapper>
            {asksNumber && (
              <TextInput
                label={t('verify.number')}
                description={t('verify.numberHint')}
                required
                placeholder="CUS-2026-000042"
                value={typed}
                error={missing.number ? t('verify.numberInvalid') : undefined}
                onChange={(e) => {
                  setTyped(e.currentTarget.value);
                  verify.reset();
                }}
                maw={320}
              />
            )}
            <Group>
              <Button type="submit" loading={verify.isPending}>
                {t('verify.verify')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      <div role="status" aria-live="polite">
        {result &&
          (result.valid ? (
            <Alert color="green" variant="light" title={t('verify.valid')}>
              <Stack gap={4}>
                <Text size="sm">
                  {t('verify.validText', { number: result.number, date: formatDate(result.issuedOn) })}
                </Text>
                <Text size="xs" c="dimmed">
                  SHA-256 <Code style={{ wordBreak: 'break-all' }}>{result.hash}</Code>
                </Text>
              </Stack>
            </Alert>
          ) : (
            <Alert color="red" variant="light" title={t('verify.notValid')}>
              <Stack gap={4}>
                <Text size="sm">
                  {t('verify.notValidText', { number: result.number, file: result.filename })}
                </Text>
                <Text size="xs" c="dimmed">
                  SHA-256 <Code style={{ wordBreak: 'break-all' }}>{result.hash}</Code>
                </Text>
              </Stack>
            </Alert>
          ))}
      </div>
      <ErrorNotice error={verify.error} title={t('verify.failed')} />
      <Text size="xs" c="dimmed">
        {t('verify.privacy')}
      </Text>
    </Stack>
  );
}
