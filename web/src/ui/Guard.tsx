import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useT } from '../i18n/index.tsx';
import { useSession } from '../session/session.tsx';
import type { Access } from './area.ts';
import { Loading } from './components.tsx';

/** Shows a page only to a key that may use it; otherwise says why (and offers sign-in). */
export function Guard({ access, children }: { access: Access; children: ReactNode }) {
  const t = useT();
  const { principal, checking, can } = useSession();
  const [location] = useLocation();
  if (access === 'anyone') return <>{children}</>;
  if (checking) return <Loading />;
  if (!principal)
    return (
      <div className="notice" role="status">
        <p>{t('signIn.needed')}</p>
        <Link href={`/sign-in?next=${encodeURIComponent(location)}`} className="button primary">
          {t('nav.signIn')}
        </Link>
      </div>
    );
  if (!can(access))
    return (
      <p className="notice" role="status">
        {t('signIn.notAllowed', { role: t(`role.${principal.role}`) })}
      </p>
    );
  return <>{children}</>;
}
