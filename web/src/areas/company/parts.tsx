/** What the company area's pages share: whose pages they are, their tab bar, and the subject's API paths. */
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'wouter';
import { api, unwrap } from '../../api/client.ts';
import { useLanguage, useT } from '../../i18n/index.tsx';
import { useSession } from '../../session/session.tsx';
import { Page, ProblemMessage } from '../../ui/components.tsx';
import './company.css';

export type SubjectKind = 'company' | 'city';

export interface Subject {
  kind: SubjectKind;
  id: string;
  /** The hash path of the subject's pages: /my/company/<id>. */
  base: string;
}

/** The company or city the page acts for, from its address. */
export function useSubject(): Subject {
  const params = useParams<{ kind: string; id: string }>();
  const kind: SubjectKind = params.kind === 'city' ? 'city' : 'company';
  const id = params.id ?? '';
  return { kind, id, base: `/my/${kind}/${encodeURIComponent(id)}` };
}

/** Where a key lands on "My company": its company or its city; admins pick one. */
export function ownSubjectPath(principal: { role: string; companyId: string | null; cityId: string | null } | undefined): string | undefined {
  if (principal?.role === 'company' && principal.companyId) return `/my/company/${encodeURIComponent(principal.companyId)}`;
  if (principal?.role === 'city' && principal.cityId) return `/my/city/${encodeURIComponent(principal.cityId)}`;
  return undefined;
}

/** The company record (shared by the pages that show or edit it). */
export const companyQueryKey = (id: string) => ['company-area', 'company', id] as const;

export function useCompany(id: string, enabled = true) {
  return useQuery({ queryKey: companyQueryKey(id), queryFn: () => unwrap(api.GET('/companies/{id}', { params: { path: { id } } })), enabled });
}

export function useCity(id: string, enabled = true) {
  return useQuery({ queryKey: ['company-area', 'city', id], queryFn: () => unwrap(api.GET('/cities/{id}', { params: { path: { id } } })), enabled });
}

/** The subject's name in the chosen language (a city's name has three; a company's one). */
export function useSubjectName(subject: Subject): { name: string | undefined; error: unknown } {
  const { lang } = useLanguage();
  const company = useCompany(subject.id, subject.kind === 'company');
  const city = useCity(subject.id, subject.kind === 'city');
  if (subject.kind === 'city') return { name: city.data ? city.data.name[lang] || city.data.name.en : undefined, error: city.error };
  return { name: company.data?.name, error: company.error };
}

/** The events the subject takes part in, with the participant that stands for it. */
export function useParticipations(subject: Subject) {
  return useQuery({
    queryKey: ['company-area', 'events', subject.kind, subject.id],
    queryFn: () =>
      subject.kind === 'company'
        ? unwrap(api.GET('/companies/{id}/events', { params: { path: { id: subject.id } } }))
        : unwrap(api.GET('/cities/{id}/events', { params: { path: { id: subject.id } } })),
  });
}

const TABS = [
  { suffix: '', label: 'company.tab.profile' },
  { suffix: '/matches', label: 'company.tab.matches' },
  { suffix: '/events', label: 'company.tab.events' },
] as const;

/** A page of the subject: its name in the title, the tab bar, and a way back to the picker for admins. */
export function SubjectPage({ subject, title, children }: { subject: Subject; title: string; children: ReactNode }) {
  const t = useT();
  const [location] = useLocation();
  const { principal } = useSession();
  const { name, error } = useSubjectName(subject);
  const heading = name ? `${title}: ${name}` : title;
  return (
    <Page
      title={heading}
      actions={
        principal?.role === 'admin' ? (
          <Link href="/my" className="button">
            {t('company.pickOther')}
          </Link>
        ) : undefined
      }
    >
      <nav className="tabs" aria-label={t('company.tabs')}>
        {TABS.map(({ suffix, label }) => {
          const href = `${subject.base}${suffix}`;
          const current = suffix === '' ? location === href : location === href || location.startsWith(`${href}/`);
          return (
            <Link key={suffix} href={href} aria-current={current ? 'page' : undefined}>
              {t(label)}
            </Link>
          );
        })}
      </nav>
      <ProblemMessage error={error} />
      {children}
    </Page>
  );
}
