import { Button, Card, Group, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../shared/notify';
import { formatDateTime } from '../../shared/format';
import { ErrorNotice, Fact, fieldErrors, FormProblem, PageLoader } from '../../shared/ui';
import { useProfile, useSaveProfile, type Profile, type ProfileInput } from './hooks';

interface Draft {
  controllerName: string;
  address: string;
  contactEmail: string;
  contactPhone: string;
  repName: string;
  repEmail: string;
  repPhone: string;
  repAddress: string;
  dpoName: string;
  dpoEmail: string;
  dpoPhone: string;
}

const draftOf = (p: Profile): Draft => ({
  controllerName: p.controllerName ?? '',
  address: p.address ?? '',
  contactEmail: p.contactEmail ?? '',
  contactPhone: p.contactPhone ?? '',
  repName: p.representative?.name ?? '',
  repEmail: p.representative?.email ?? '',
  repPhone: p.representative?.phone ?? '',
  repAddress: p.representative?.address ?? '',
  dpoName: p.dpo?.name ?? '',
  dpoEmail: p.dpo?.email ?? '',
  dpoPhone: p.dpo?.phone ?? '',
});

const orNull = (v: string) => (v.trim() ? v.trim() : null);

function bodyOf(d: Draft): ProfileInput {
  return {
    controllerName: d.controllerName.trim(),
    address: d.address.trim(),
    contactEmail: d.contactEmail.trim(),
    contactPhone: orNull(d.contactPhone),
    ...(d.repName.trim()
      ? {
          representative: {
            name: d.repName.trim(),
            email: orNull(d.repEmail),
            phone: orNull(d.repPhone),
            address: orNull(d.repAddress),
          },
        }
      : {}),
    ...(d.dpoName.trim()
      ? { dpo: { name: d.dpoName.trim(), email: orNull(d.dpoEmail), phone: orNull(d.dpoPhone) } }
      : {}),
  };
}

/** The profile as it reads: for a past day, or for a reader who may not change it. */
function ProfileView({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const rep = profile.representative;
  const dpo = profile.dpo;
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('records.profile.controller')}
        </Title>
        <Fact label={t('records.profile.controllerName')}>{profile.controllerName}</Fact>
        <Fact label={t('records.profile.address')}>{profile.address}</Fact>
        <Fact label={t('records.profile.contactEmail')}>{profile.contactEmail}</Fact>
        <Fact label={t('records.profile.contactPhone')}>{profile.contactPhone}</Fact>
      </Stack>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('records.profile.representative')}
        </Title>
        {rep ? (
          <>
            <Fact label={t('records.profile.repName')}>{rep.name}</Fact>
            <Fact label={t('records.profile.repEmail')}>{rep.email}</Fact>
            <Fact label={t('records.profile.repPhone')}>{rep.phone}</Fact>
            <Fact label={t('records.profile.repAddress')}>{rep.address}</Fact>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('records.profile.noRepresentative')}
          </Text>
        )}
      </Stack>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('records.profile.dpo')}
        </Title>
        {dpo ? (
          <>
            <Fact label={t('records.profile.dpoName')}>{dpo.name}</Fact>
            <Fact label={t('records.profile.dpoEmail')}>{dpo.email}</Fact>
            <Fact label={t('records.profile.dpoPhone')}>{dpo.phone}</Fact>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('records.profile.noDpo')}
          </Text>
        )}
      </Stack>
    </SimpleGrid>
  );
}

function ProfileForm({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const save = useSaveProfile();
  const [draft, setDraft] = useState<Draft>(() => draftOf(profile));
  useEffect(() => setDraft(draftOf(profile)), [profile]);
  const set = (key: keyof Draft) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const field = fieldErrors(save.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(bodyOf(draft), {
      onSuccess: () => notify(t('records.profile.saved'), 'green'),
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormProblem error={save.error} title={t('records.profile.notSaved')} />
        <Title order={3} size="h5">
          {t('records.profile.controller')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('records.profile.controllerName')}
            required
            value={draft.controllerName}
            onChange={set('controllerName')}
            error={field('controllerName')}
          />
          <TextInput
            label={t('records.profile.contactEmail')}
            type="email"
            required
            value={draft.contactEmail}
            onChange={set('contactEmail')}
            error={field('contactEmail')}
          />
          <Textarea
            label={t('records.profile.address')}
            required
            autosize
            minRows={2}
            value={draft.address}
            onChange={set('address')}
            error={field('address')}
          />
          <TextInput
            label={t('records.profile.contactPhone')}
            value={draft.contactPhone}
            onChange={set('contactPhone')}
            error={field('contactPhone')}
          />
        </SimpleGrid>
        <Title order={3} size="h5">
          {t('records.profile.representative')}
        </Title>
        <Text size="xs" c="dimmed">
          {t('records.profile.representativeHint')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('records.profile.repName')}
            value={draft.repName}
            onChange={set('repName')}
            error={field('representative.name')}
          />
          <TextInput
            label={t('records.profile.repEmail')}
            type="email"
            value={draft.repEmail}
            onChange={set('repEmail')}
            error={field('representative.email')}
          />
          <TextInput
            label={t('records.profile.repPhone')}
            value={draft.repPhone}
            onChange={set('repPhone')}
            error={field('representative.phone')}
          />
          <TextInput
            label={t('records.profile.repAddress')}
            value={draft.repAddress}
            onChange={set('repAddress')}
            error={field('representative.address')}
          />
        </SimpleGrid>
        <Title order={3} size="h5">
          {t('records.profile.dpo')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('records.profile.dpoName')}
            value={draft.dpoName}
            onChange={set('dpoName')}
            error={field('dpo.name')}
          />
          <TextInput
            label={t('records.profile.dpoEmail')}
            type="email"
            value={draft.dpoEmail}
            onChange={set('dpoEmail')}
            error={field('dpo.email')}
          />
          <TextInput
            label={t('records.profile.dpoPhone')}
            value={draft.dpoPhone}
            onChange={set('dpoPhone')}
            error={field('dpo.phone')}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('records.profile.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The organisation profile (Art. 30(1)(a)): editable today by those who write the record. */
export function ProfileSection({ asOf, canWrite }: { asOf?: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const profile = useProfile(asOf);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="profile-heading">
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h3" id="profile-heading">
            {t('records.profile.title')}
          </Title>
          {profile.data?.updatedAt && (
            <Text size="xs" c="dimmed">
              {t('records.profile.updated', {
                version: profile.data.version,
                date: formatDateTime(profile.data.updatedAt),
              })}
            </Text>
          )}
        </Group>
        {profile.isLoading ? (
          <PageLoader />
        ) : !profile.data ? (
          <ErrorNotice error={profile.error} />
        ) : canWrite && !asOf ? (
          <ProfileForm profile={profile.data} />
        ) : (
          <ProfileView profile={profile.data} />
        )}
      </Stack>
    </Card>
  );
}
