/** "My company": a company or city key goes straight to its own pages; an admin first picks a company to act for. */
import { useDeferredValue, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, Redirect } from 'wouter';
import { api, unwrap } from '../../../api/client.ts';
import { useT } from '../../../i18n/index.tsx';
import { useSession } from '../../../session/session.tsx';
import { Field, Loading, Page, ProblemMessage } from '../../../ui/components.tsx';
import { ownSubjectPath } from '../parts.tsx';

export default function MyStart() {
  const { principal } = useSession();
  const own = ownSubjectPath(principal);
  if (own) return <Redirect to={own} replace />;
  return <CompanyPicker />;
}

function CompanyPicker() {
  const t = useT();
  const [text, setText] = useState('');
  const q = useDeferredValue(text.trim());
  const companies = useQuery({
    queryKey: ['company-area', 'pick', q],
    queryFn: () => unwrap(api.GET('/companies', { params: { query: { limit: 15, offset: 0, ...(q ? { q } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <Page title={t('company.pick.title')}>
      <p className="lead">{t('company.pick.explain')}</p>
      <form className="form narrow" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label={t('company.pick.search')}>{(props) => <input {...props} type="search" value={text} onChange={(e) => setText(e.target.value)} />}</Field>
      </form>
      <ProblemMessage error={companies.error} />
      {companies.isPending ? <Loading /> : null}
      {companies.data ? (
        <>
          <p className="muted" role="status" aria-live="polite">
            {t('company.pick.count', { count: companies.data.total })}
          </p>
          <ul className="pick-list">
            {companies.data.items.map((c) => (
              <li key={c.id}>
                <Link href={`/my/company/${encodeURIComponent(c.id)}`}>{c.name}</Link> <span className="muted">{[c.cityName, c.country].filter(Boolean).join(', ')}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}
