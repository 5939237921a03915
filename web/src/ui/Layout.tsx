/** The frame of every page: skip link, header with the navigation the key may use, language, sign-in. */
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { LANG_NAMES, LANGS, useLanguage, type Lang } from '../i18n/index.tsx';
import { useSession } from '../session/session.tsx';
import type { NavEntry } from './area.ts';

export function Layout({ nav, children }: { nav: NavEntry[]; children: ReactNode }) {
  const { t, lang, setLang } = useLanguage();
  const { principal, can, signOut } = useSession();
  const [location] = useLocation();
  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <Link href="/">{t('app.title')}</Link>
          <span className="muted">{t('app.subtitle')}</span>
        </div>
        <nav aria-label={t('nav.label')}>
          <ul>
            {nav
              .filter((entry) => can(entry.access))
              .map((entry) => (
                <li key={entry.path}>
                  <Link href={entry.path} aria-current={location === entry.path || location.startsWith(`${entry.path}/`) ? 'page' : undefined}>
                    {t(entry.label)}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <div className="header-tools">
          <label className="lang-select">
            <span className="visually-hidden">{t('nav.language')}</span>
            <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} aria-label={t('nav.language')}>
              {LANGS.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LANG_NAMES[l]}
                </option>
              ))}
            </select>
          </label>
          {principal ? (
            <>
              <span className="who">{t('nav.signedInAs', { name: principal.name, role: t(`role.${principal.role}`) })}</span>
              <button type="button" onClick={signOut}>
                {t('nav.signOut')}
              </button>
            </>
          ) : (
            <Link href="/sign-in" className="button">
              {t('nav.signIn')}
            </Link>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
