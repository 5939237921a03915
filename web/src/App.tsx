/**
 * The workbench: one page application under `/`, routed by the address's hash (#/cities/…) so that
 * its addresses never collide with the API's paths. Each area (everyone, company, organiser,
 * schedule, analyst, alliance, projects, reports) brings its pages and navigation; what a key may not use is not offered.
 */
import { Suspense, lazy, useEffect } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { useApiLanguage } from './api/client.ts';
import { allianceArea } from './areas/alliance/routes.ts';
import { analystArea } from './areas/analyst/routes.ts';
import { companyArea } from './areas/company/routes.ts';
import { everyoneArea } from './areas/everyone/routes.ts';
import { organiserArea } from './areas/organiser/routes.ts';
import { reportsArea } from './areas/reports/routes.ts';
import { scheduleArea } from './areas/schedule/routes.ts';
import { projectsArea } from './areas/projects/routes.ts';
import { LanguageProvider, useLanguage, useT } from './i18n/index.tsx';
import { SessionProvider } from './session/session.tsx';
import { Guard } from './ui/Guard.tsx';
import { Layout } from './ui/Layout.tsx';
import { Loading, Page } from './ui/components.tsx';

const AREAS = [everyoneArea, companyArea, organiserArea, scheduleArea, analystArea, allianceArea, projectsArea, reportsArea];
const ROUTES = AREAS.flatMap((area) => area.routes);
const NAV = AREAS.flatMap((area) => area.nav);
const SignIn = lazy(() => import('./ui/SignIn.tsx'));

const queries = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, retry: (count, error) => count < 1 && !(error as { status?: number }).status, refetchOnWindowFocus: false } },
});

function NotFound() {
  const t = useT();
  return (
    <Page title={t('state.notFound')}>
      <p>{t('page.notFound')}</p>
    </Page>
  );
}

/** Keeps the API's language (names, reasons, messages) the interface's. */
function ApiLanguage() {
  const { lang } = useLanguage();
  useApiLanguage(lang);
  useEffect(() => {
    void queries.invalidateQueries();
  }, [lang]);
  return null;
}

export function App() {
  return (
    <QueryClientProvider client={queries}>
      <LanguageProvider>
        <ApiLanguage />
        <SessionProvider>
          <Router hook={useHashLocation}>
            <Layout nav={NAV}>
              <Suspense fallback={<Loading />}>
                <Switch>
                  <Route path="/sign-in" component={SignIn} />
                  {ROUTES.map(({ path, access, page: PageComponent }) => (
                    <Route key={path} path={path}>
                      <Guard access={access}>
                        <PageComponent />
                      </Guard>
                    </Route>
                  ))}
                  <Route component={NotFound} />
                </Switch>
              </Suspense>
            </Layout>
          </Router>
        </SessionProvider>
      </LanguageProvider>
    </QueryClientProvider>
  );
}
