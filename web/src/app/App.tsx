import { Center, Container, Paper, Stack, Title } from '@mantine/core';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ChangePasswordForm } from '../features/auth/ChangePasswordForm';
import { MfaEnrolment } from '../features/auth/MfaEnrolment';
import { SessionProvider, useSession } from '../features/auth/session';
import { SignInPage } from '../features/auth/SignInPage';
import { ApiError } from '../shared/api/client';
import { PageLoader } from '../shared/ui';
import { Brand } from './Brand';
import { Shell } from './Shell';
import { cssVariables, theme } from './theme';

// Route-level code splitting: each area is its own chunk, loaded when first visited.
const Dashboard = lazy(() => import('../features/dashboard/DashboardPage'));
const Processors = lazy(() => import('../features/processors/ProcessorsPage'));
const Processor = lazy(() => import('../features/processors/ProcessorPage'));
const Assessments = lazy(() => import('../features/assessments/AssessmentsPage'));
const Assessment = lazy(() => import('../features/assessments/AssessmentPage'));
const Agreements = lazy(() => import('../features/agreements/AgreementsPage'));
const Agreement = lazy(() => import('../features/agreements/AgreementPage'));
const TransferChecks = lazy(() => import('../features/transfers/TransferChecksPage'));
const TransferDecision = lazy(() => import('../features/transfers/TransferDecisionPage'));
const Admin = lazy(() => import('../features/admin/AdminPage'));
const Audit = lazy(() => import('../features/audit/AuditPage'));
const Records = lazy(() => import('../features/records/RecordsPage'));
const Activity = lazy(() => import('../features/records/ActivityPage'));
const Monitoring = lazy(() => import('../features/monitoring/MonitoringPage'));
const Findings = lazy(() => import('../features/monitoring/FindingsPage'));
const Breaches = lazy(() => import('../features/breaches/BreachesPage'));
const Breach = lazy(() => import('../features/breaches/BreachPage'));
const Offboardings = lazy(() => import('../features/offboarding/OffboardingsPage'));
const Offboarding = lazy(() => import('../features/offboarding/OffboardingPage'));
const Verify = lazy(() => import('../features/verify/VerifyPage'));
const NotFound = lazy(() => import('./NotFoundPage'));
// The processor portal: no session, its own chunk, so the console's first load does not carry it.
const Portal = lazy(() => import('../features/portal/PortalPage'));

const queryClient: QueryClient = new QueryClient({
  // A change refused because someone else changed the record first (409 STALE_VERSION): what the page
  // shows is read again, so that the person sees that change and a second try goes with its version.
  mutationCache: new MutationCache({
    onError: (error) => {
      if (error instanceof ApiError && error.problem.code === 'STALE_VERSION')
        void queryClient.invalidateQueries();
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
    },
  },
});

function Restricted({ kind, email }: { kind: 'password' | 'mfa'; email: string }) {
  const { t } = useTranslation();
  const { reload } = useSession();
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={460}>
        <Stack>
          <Brand size="lg" />
          <Title order={1} size="h2">
            {kind === 'password' ? t('auth.mustChangeTitle') : t('mfa.mustEnrolTitle')}
          </Title>
          {kind === 'password' ? (
            <ChangePasswordForm email={email} />
          ) : (
            <MfaEnrolment onDone={() => void reload()} />
          )}
        </Stack>
      </Paper>
    </Center>
  );
}

function Gate() {
  const { state } = useSession();
  if (state.status === 'loading') return <PageLoader />;
  if (state.status === 'signedOut') return <SignInPage />;
  if (state.mustChangePassword) return <Restricted kind="password" email={state.me.email} />;
  if (state.mustEnrolMfa) return <Restricted kind="mfa" email={state.me.email} />;
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<Dashboard />} />
        <Route path="processors" element={<Processors />} />
        <Route path="processors/:id" element={<Processor />} />
        <Route path="assessments" element={<Assessments />} />
        <Route path="assessments/:id" element={<Assessment />} />
        <Route path="agreements" element={<Agreements />} />
        <Route path="agreements/:id" element={<Agreement />} />
        <Route path="transfer-checks" element={<TransferChecks />} />
        <Route path="transfer-checks/:id" element={<TransferDecision />} />
        <Route path="audit" element={<Audit />} />
        <Route path="admin" element={<Admin />} />
        <Route path="records" element={<Records />} />
        <Route path="records/activities/:id" element={<Activity />} />
        <Route path="monitoring" element={<Monitoring />} />
        <Route path="findings" element={<Findings />} />
        <Route path="breaches" element={<Breaches />} />
        <Route path="breaches/:id" element={<Breach />} />
        <Route path="offboarding" element={<Offboardings />} />
        <Route path="offboarding/:id" element={<Offboarding />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function PublicPage() {
  return (
    <Container size="sm" py="xl" component="main">
      <Suspense fallback={<PageLoader />}>
        <Verify />
      </Suspense>
    </Container>
  );
}

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables} defaultColorScheme="auto">
      <Notifications />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Routes>
            {/* Public pages: no sign-in, outside the session's gate. */}
            <Route path="/verify" element={<PublicPage />} />
            <Route
              path="/portal"
              element={
                <Suspense fallback={<PageLoader />}>
                  <Portal />
                </Suspense>
              }
            />
            <Route
              path="*"
              element={
                <SessionProvider>
                  <Gate />
                </SessionProvider>
              }
            />
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
