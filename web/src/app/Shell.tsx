import {
  ActionIcon,
  AppShell,
  Burger,
  Group,
  Menu,
  NavLink,
  Text,
  UnstyledButton,
  useMantineColorScheme,
  useComputedColorScheme,
} from '@mantine/core';
import { useDisclosure, useReducedMotion } from '@mantine/hooks';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { ChangePasswordForm } from '../features/auth/ChangePasswordForm';
import { MfaEnrolment } from '../features/auth/MfaEnrolment';
import { useMe, useSession } from '../features/auth/session';
import { Dialog, PageLoader } from '../shared/ui';
import { areasFor } from './areas';
import { Brand } from './Brand';

function ThemeToggle() {
  const { t } = useTranslation();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <ActionIcon
      variant="default"
      size="lg"
      onClick={() => setColorScheme(next)}
      aria-label={t(`shell.theme.${next}`)}
    >
      <span aria-hidden="true">{scheme === 'dark' ? '☀' : '☾'}</span>
    </ActionIcon>
  );
}

export function Shell() {
  const { t } = useTranslation();
  const { me, organizationName } = useMe();
  const { signOut, reload } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const reducedMotion = useReducedMotion();
  const [dialog, setDialog] = useState<'mfa' | 'password'>();
  const location = useLocation();

  return (
    <AppShell
      // No sliding navigation for people who asked their system for less motion.
      transitionDuration={reducedMotion ? 0 : 200}
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('shell.toggleNavigation')}
            />
            <Brand />
            <Text c="dimmed" size="sm" visibleFrom="sm" truncate>
              {organizationName}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ThemeToggle />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={t('shell.userMenu', { name: me.name })} px="xs">
                  <Text size="sm" fw={500} truncate maw={160}>
                    {me.name}
                  </Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me.email}</Menu.Label>
                {!me.mfaEnabled && (
                  <Menu.Item onClick={() => setDialog('mfa')}>{t('shell.enrolMfa')}</Menu.Item>
                )}
                <Menu.Item onClick={() => setDialog('password')}>{t('auth.changePassword')}</Menu.Item>
                <Menu.Divider />
                <Menu.Item onClick={() => void signOut()}>{t('shell.signOut')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('shell.navigation')}>
        {areasFor(me.roles).map((area) => (
          <NavLink
            key={area.key}
            component={RouterLink}
            to={area.path}
            end={area.path === '/'}
            label={t(`areas.${area.key}`)}
            active={area.path === '/' ? location.pathname === '/' : location.pathname.startsWith(area.path)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      <Dialog opened={dialog === 'mfa'} onClose={() => setDialog(undefined)} title={t('shell.enrolMfa')}>
        <MfaEnrolment
          onDone={() => {
            setDialog(undefined);
            void reload();
          }}
        />
      </Dialog>
      <Dialog
        opened={dialog === 'password'}
        onClose={() => setDialog(undefined)}
        title={t('auth.changePassword')}
      >
        <ChangePasswordForm email={me.email} onDone={() => setDialog(undefined)} />
      </Dialog>
    </AppShell>
  );
}
