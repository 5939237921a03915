import { useState, type FormEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'wouter';
import { api, ApiProblem, unwrap } from '../../../api/client.ts';
import { useLanguage, useT } from '../../../i18n/index.tsx';
import { useSession } from '../../../session/session.tsx';
import { Field, Loading, Page, Pager, ProblemMessage, useLabel } from '../../../ui/components.tsx';
import '../everyone.css';

const PAGE = 20;

/** Full-text search over cities (everyone) and companies (signed in), in German, English or Chinese; city names in the chosen language. */
export default function Search() {
  const t = useT();
  const label = useLabel();
  const { lang } = useLanguage();
  const { principal } = useSession();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const offset = Number(params.get('from') || 0);
  const [text, setText] = useState(q);

  const results = useQuery({
    queryKey: ['search', q, offset, lang],
    queryFn: () => unwrap(api.GET('/search', { params: { query: { q, lang, limit: PAGE, offset } } })),
    enabled: q !== '',
    placeholderData: keepPreviousData,
    // The index may still be building after a start (503): try again a few times.
    retry: (count, error) => count < 5 && error instanceof ApiProblem && error.status === 503,
    retryDelay: 1500,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setParams(text.trim() ? { q: text.trim() } : {});
  }

  return (
    <Page title={t('everyone.search.title')}>
      <form role="search" className="form-row" onSubmit={submit}>
        <Field label={t('everyone.search.label')} hint={t('everyone.search.hint')}>
          {(props) => <input {...props} type="search" value={text} onChange={(e) => setText(e.target.value)} size={40} />}
        </Field>
        <button type="submit" className="primary">
          {t('action.search')}
        </button>
      </form>
      {!principal ? <p className="muted">{t('everyone.search.companiesNeedKey')}</p> : null}
      {results.isFetching && !results.data ? <Loading /> : null}
      {results.error ? (
        results.error instanceof ApiProblem && results.error.status === 503 ? (
          <p className="notice" role="status">
            {t('everyone.search.busy')}
          </p>
        ) : (
          <ProblemMessage error={results.error} />
        )
      ) : null}
      {results.data && q ? (
        <>
          <p role="status" aria-live="polite">
            {results.data.total ? t('everyone.search.results', { total: results.data.total, q }) : t('everyone.search.none', { q })}
          </p>
          <ol className="hits" start={offset + 1}>
            {results.data.items.map((hit) => (
              <li key={`${hit.kind}:${hit.id}`}>
                <span className="tag">{t(hit.kind === 'city' ? 'everyone.search.kind.city' : 'everyone.search.kind.company')}</span>{' '}
                <Link href={hit.kind === 'city' ? `/cities/${hit.id}` : `/companies/${hit.id}`}>{hit.name}</Link> <span className="muted">· {label('country', hit.country)}</span>
              </li>
            ))}
          </ol>
          <Pager offset={offset} limit={PAGE} total={results.data.total} onChange={(next) => setParams({ q, ...(next ? { from: String(next) } : {}) })} />
        </>
      ) : null}
    </Page>
  );
}
