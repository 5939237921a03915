import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useT, type MessageKey } from '../../../i18n/index.tsx';
import { useSession } from '../../../session/session.tsx';
import { Field, Page } from '../../../ui/components.tsx';

interface Entry {
  href: string;
  title: MessageKey;
  text: MessageKey;
}

/** The start page: what this is, a search box, and where each role starts. */
export default function Home() {
  const t = useT();
  const { principal } = useSession();
  const [, navigate] = useLocation();
  const [q, setQ] = useState('');

  function search(event: FormEvent) {
    event.preventDefault();
    if (q.trim()) navigate(`/search?q=${encodeURIComponent(q.trim())}`);
  }

  const everyone: Entry[] = [
    { href: '/directory', title: 'everyone.home.directory', text: 'everyone.home.directoryText' },
    { href: '/map', title: 'everyone.home.map', text: 'everyone.home.mapText' },
  ];
  const byRole: Entry[] = !principal
    ? [{ href: '/sign-in', title: 'everyone.home.signIn', text: 'everyone.home.signInText' }]
    : principal.role === 'company' && principal.companyId
      ? [
          { href: `/my/company/${principal.companyId}/matches`, title: 'everyone.home.matches', text: 'everyone.home.matchesText' },
          { href: `/my/company/${principal.companyId}`, title: 'everyone.home.profile', text: 'everyone.home.profileText' },
        ]
      : principal.role === 'city' && principal.cityId
        ? [
            { href: `/my/city/${principal.cityId}/matches`, title: 'everyone.home.matches', text: 'everyone.home.matchesText' },
            { href: `/my/city/${principal.cityId}`, title: 'everyone.home.profile', text: 'everyone.home.profileText' },
          ]
        : principal.role === 'organiser'
          ? [{ href: '/events', title: 'everyone.home.events', text: 'everyone.home.eventsText' }]
          : principal.role === 'analyst'
            ? [{ href: '/analysis', title: 'everyone.home.analysis', text: 'everyone.home.analysisText' }]
            : [
                { href: '/keys', title: 'everyone.home.keys', text: 'everyone.home.keysText' },
                { href: '/events', title: 'everyone.home.events', text: 'everyone.home.eventsText' },
                { href: '/analysis', title: 'everyone.home.analysis', text: 'everyone.home.analysisText' },
              ];
  const companies: Entry[] = principal ? [{ href: '/directory?tab=companies', title: 'everyone.home.companies', text: 'everyone.home.companiesText' }] : [];

  return (
    <Page title={t('everyone.home.title')}>
      <p className="lead">{t('everyone.home.intro')}</p>
      <form role="search" onSubmit={search} className="form-row home-search">
        <Field label={t('everyone.home.searchLabel')} hint={t('everyone.home.searchHint')}>
          {(props) => <input {...props} type="search" value={q} onChange={(e) => setQ(e.target.value)} size={40} />}
        </Field>
        <button type="submit" className="primary">
          {t('action.search')}
        </button>
      </form>
      <h2>{t('everyone.home.start')}</h2>
      <ul className="cards entry-cards">
        {[...byRole, ...companies, ...everyone].map((entry) => (
          <li key={entry.href} className="card">
            <h3>
              <Link href={entry.href}>{t(entry.title)}</Link>
            </h3>
            <p className="muted">{t(entry.text)}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
