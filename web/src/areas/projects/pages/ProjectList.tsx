import { useState, type FormEvent } from 'react';
import { SelectFilter as SharedSelectFilter } from '../../../ui/SelectFilter.tsx';
import { useAddressFilters } from '../../../ui/useAddressFilters.ts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, download, unwrap } from '../../../api/client.ts';
import type { paths } from '../../../api/schema.gen.ts';
import { useLanguage, useT } from '../../../i18n/index.tsx';
import { useSession } from '../../../session/session.tsx';
import { Field, Loading, Page, Pager, ProblemMessage, useLabel } from '../../../ui/components.tsx';
import { PROJECT_KEEPERS } from '../access.ts';
import { STATUSES, StatusBadge, TYPES } from '../parts.tsx';

const PAGE = 20;
type ProjectQuery = NonNullable<paths['/projects']['get']['parameters']['query']>;
/** The filters as the address holds them (?city=&status=…) and the API's names for them. */
const FILTERS = ['q', 'city', 'country', 'sector', 'status', 'type', 'from', 'to'] as const;

function useCities() {
  return useQuery({ queryKey: ['cities', 'all'], queryFn: () => unwrap(api.GET('/cities', { params: { query: { limit: 200 } } })) });
}

/** The registry's projects, filtered by city, country, sector, status, type, period and words; the filters live in the address. */
export default function ProjectList() {
  const t = useT();
  const label = useLabel();
  const { lang } = useLanguage();
  const { can } = useSession();
  const { get, set } = useAddressFilters();
  const offset = Number(get('page') || 0) * PAGE;
  const query = { limit: PAGE, offset, lang, ...Object.fromEntries(FILTERS.flatMap((f) => (get(f) ? [[f, get(f)]] : []))) } as ProjectQuery;
  const projects = useQuery({ queryKey: ['projects', query], queryFn: () => unwrap(api.GET('/projects', { params: { query } })), placeholderData: keepPreviousData });
  const cities = useCities();
  const [csvError, setCsvError] = useState<unknown>(undefined);
  const cityOptions = (cities.data?.items ?? []).map((c) => ({ value: c.id, label: c.name[lang] ?? c.name.de })).sort((a, b) => a.label.localeCompare(b.label, lang));

  return (
    <Page
      title={t('projects.list.title')}
      actions={
        <>
          <button type="button" onClick={() => void download(`/projects.csv?${new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (k === 'limit' || k === 'offset' ? [] : [[k, String(v)]]))).toString()}`, 'projects.csv').catch(setCsvError)}>
            {t('projects.list.csv')}
          </button>
          {can(PROJECT_KEEPERS) ? (
            <Link href="/projects/new" className="button primary">
              {t('projects.list.new')}
            </Link>
          ) : null}
        </>
      }
    >
      <div className="project-filters" role="group" aria-label={t('projects.list.filters')}>
        <WordsFilter key={get('q')} value={get('q')} onApply={(q) => set({ q })} />
        <Select label={t('projects.filter.city')} value={get('city')} options={cityOptions} onChange={(city) => set({ city })} />
        <Select label={t('projects.filter.country')} value={get('country')} options={['DE', 'CN'].map((c) => ({ value: c, label: label('country', c) }))} onChange={(country) => set({ country })} />
        <SectorFilter key={`sector-${get('sector')}`} value={get('sector')} onApply={(sector) => set({ sector })} />
        <Select label={t('projects.filter.status')} value={get('status')} options={STATUSES.map((s) => ({ value: s, label: label('projects.status', s) }))} onChange={(status) => set({ status })} />
        <Select label={t('projects.filter.type')} value={get('type')} options={TYPES.map((x) => ({ value: x, label: label('projects.type', x) }))} onChange={(type) => set({ type })} />
        <Field label={t('projects.filter.from')}>{(props) => <input {...props} type="date" value={get('from')} onChange={(e) => set({ from: e.target.value })} />}</Field>
        <Field label={t('projects.filter.to')}>{(props) => <input {...props} type="date" value={get('to')} onChange={(e) => set({ to: e.target.value })} />}</Field>
      </div>
      <ProblemMessage error={csvError} />
      {projects.error ? (
        <ProblemMessage error={projects.error} />
      ) : !projects.data ? (
        <Loading />
      ) : (
        <>
          <p role="status" aria-live="polite">
            {t('projects.list.found', { total: projects.data.total })}
          </p>
          {projects.data.items.length ? (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('projects.col.title')}</th>
                    <th scope="col">{t('projects.col.parties')}</th>
                    <th scope="col">{t('projects.col.type')}</th>
                    <th scope="col">{t('projects.col.status')}</th>
                    <th scope="col">{t('projects.col.date')}</th>
                  </tr>
                </thead>
                <tbody>
                  {projects.data.items.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">
                        <Link href={`/projects/${p.id}`}>{p.title}</Link>
                      </th>
                      <td>{p.parties.map((x) => x.name).join(' · ')}</td>
                      <td>{label('projects.type', p.type)}</td>
                      <td>
                        <StatusBadge status={p.status} />
                      </td>
                      <td>{p.statusDate}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>{t('projects.list.none')}</p>
          )}
          <Pager offset={offset} limit={PAGE} total={projects.data.total} onChange={(next) => set({ page: String(next / PAGE) })} />
        </>
      )}
    </Page>
  );
}

/** The shared select filter with this list's "any". */
function Select(props: { label: string; value: string; options: { value: string; label: string }[]; onChange(value: string): void }) {
  const t = useT();
  return <SharedSelectFilter {...props} anyLabel={t('projects.filter.any')} />;
}

/** A text filter applied with its button or Enter. */
function TextFilter({ label, hint, value, onApply, type }: { label: string; hint?: string; value: string; onApply(value: string): void; type: 'search' | 'text' }) {
  const t = useT();
  const [text, setText] = useState(value);
  function apply(event: FormEvent) {
    event.preventDefault();
    onApply(text.trim());
  }
  return (
    <form className="form-row" role={type === 'search' ? 'search' : undefined} onSubmit={apply}>
      <Field label={label} {...(hint ? { hint } : {})}>
        {(props) => <input {...props} type={type} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <button type="submit">{t('projects.filter.apply')}</button>
    </form>
  );
}

function WordsFilter({ value, onApply }: { value: string; onApply(value: string): void }) {
  const t = useT();
  return <TextFilter type="search" label={t('projects.filter.q')} value={value} onApply={onApply} />;
}

function SectorFilter({ value, onApply }: { value: string; onApply(value: string): void }) {
  const t = useT();
  return <TextFilter type="text" label={t('projects.filter.sector')} hint={t('projects.filter.sectorHint')} value={value} onApply={onApply} />;
}
