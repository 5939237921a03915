import { useState, type FormEvent, type ReactNode } from 'react';
import { SelectFilter as SharedSelectFilter } from '../../../ui/SelectFilter.tsx';
import { useAddressFilters } from '../../../ui/useAddressFilters.ts';
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, unwrap } from '../../../api/client.ts';
import type { paths } from '../../../api/schema.gen.ts';
import { useLanguage, useT, type MessageKey } from '../../../i18n/index.tsx';
import { useSession } from '../../../session/session.tsx';
import { Field, Loading, Page, Pager, ProblemMessage, useLabel } from '../../../ui/components.tsx';
import { useAllCities, useClusters } from '../lookups.ts';
import { styleOf } from '../status.ts';
import { ClusterTags, nameIn } from '../text.tsx';
import '../everyone.css';

const PAGE = 20;
const STATUSES = ['member', 'network', 'observer', 'guest', 'applicant', 'former', 'none'] as const;
const KINDS = ['city', 'county', 'district', 'region', 'city-network'] as const;
const SIZES = ['micro', 'small', 'medium', 'large'] as const;


type CityQuery = NonNullable<paths['/cities']['get']['parameters']['query']>;
type CompanyQuery = NonNullable<paths['/companies']['get']['parameters']['query']>;

/** The directory: the alliance's cities for everyone, its companies for signed-in users, searchable and filtered. */
export default function Directory() {
  const t = useT();
  const { principal } = useSession();
  const filters = useAddressFilters();
  const { get, set } = filters;
  const tab = principal && get('tab') === 'companies' ? 'companies' : 'cities';
  return (
    <Page title={t('everyone.directory.title')}>
      <div className="tabs" role="tablist" aria-label={t('everyone.directory.tabs')}>
        {(['cities', 'companies'] as const).map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} disabled={name === 'companies' && !principal} onClick={() => set({ tab: name === 'cities' ? '' : name, name: '', country: '', cluster: '', status: '', kind: '', size: '', city: '' })}>
            {t(`everyone.directory.${name}`)}
          </button>
        ))}
      </div>
      {!principal ? <p className="muted">{t('everyone.directory.companiesNeedKey')}</p> : null}
      <div role="tabpanel">{tab === 'cities' ? <CityList {...filters} /> : <CompanyList {...filters} />}</div>
    </Page>
  );
}

type Filters = ReturnType<typeof useAddressFilters>;

/** The name field, applied with its button (or Enter); the selects apply at once. */
function NameFilter({ get, set }: Pick<Filters, 'get' | 'set'>) {
  const t = useT();
  const [name, setName] = useState(get('name'));
  function apply(event: FormEvent) {
    event.preventDefault();
    set({ name: name.trim() });
  }
  return (
    <form role="search" className="form-row" onSubmit={apply}>
      <Field label={t('everyone.directory.q')}>{(props) => <input {...props} type="search" value={name} onChange={(e) => setName(e.target.value)} />}</Field>
      <button type="submit" className="primary">
        {t('everyone.directory.apply')}
      </button>
    </form>
  );
}

/** The shared select filter with this list's "any". */
function SelectFilter(props: { label: string; value: string; options: { value: string; label: string }[]; onChange(value: string): void }) {
  const t = useT();
  return <SharedSelectFilter {...props} anyLabel={t('everyone.directory.any')} />;
}

function CountryFilter({ value, onChange }: { value: string; onChange(country: string): void }) {
  const t = useT();
  const label = useLabel();
  return <SelectFilter label={t('everyone.directory.country')} value={value} options={['DE', 'CN'].map((c) => ({ value: c, label: label('country', c) }))} onChange={onChange} />;
}

function useClusterOptions() {
  const { lang } = useLanguage();
  const clusters = useClusters();
  return (clusters.data ?? []).map((c) => ({ value: c.id, label: c.label[lang] })).sort((a, b) => a.label.localeCompare(b.label, lang));
}

function CityList({ get, set, apiQuery }: Filters) {
  const t = useT();
  const label = useLabel();
  const { lang } = useLanguage();
  const clusterOptions = useClusterOptions();
  const offset = Number(get('page') || 0) * PAGE;
  const query: CityQuery = { limit: PAGE, offset, ...apiQuery({ name: 'q', country: 'country', status: 'status', kind: 'kind', cluster: 'cluster' }) };
  const cities = useQuery({ queryKey: ['cities', query], queryFn: () => unwrap(api.GET('/cities', { params: { query } })), placeholderData: keepPreviousData });
  return (
    <>
      <div className="filters" aria-label={t('everyone.directory.filters')} role="group">
        <NameFilter key={get('name')} get={get} set={set} />
        <CountryFilter value={get('country')} onChange={(country) => set({ country })} />
        <SelectFilter label={t('everyone.directory.status')} value={get('status')} options={STATUSES.map((s) => ({ value: s, label: label('everyone.status', s) }))} onChange={(status) => set({ status })} />
        <SelectFilter label={t('everyone.directory.kind')} value={get('kind')} options={KINDS.map((k) => ({ value: k, label: label('everyone.kind', k) }))} onChange={(kind) => set({ kind })} />
        <SelectFilter label={t('everyone.directory.cluster')} value={get('cluster')} options={clusterOptions} onChange={(cluster) => set({ cluster })} />
      </div>
      <ResultTable
        query={cities}
        offset={offset}
        onPage={(page) => set({ page })}
        columns={['everyone.directory.name', 'everyone.directory.country', 'everyone.directory.status', 'everyone.directory.kind', 'everyone.directory.clusters']}
        row={(c) => [
          <Link href={`/cities/${c.id}`}>{nameIn(c.name, lang)}</Link>,
          label('country', c.country),
          <>
            <span aria-hidden="true" style={{ color: styleOf(c.status.current).color }}>
              {styleOf(c.status.current).symbol}
            </span>{' '}
            {label('everyone.status', c.status.current)}
          </>,
          label('everyone.kind', c.kind),
          <ClusterTags clusters={c.clusters} />,
        ]}
      />
    </>
  );
}

function CompanyList({ get, set, apiQuery }: Filters) {
  const t = useT();
  const label = useLabel();
  const { lang } = useLanguage();
  const clusterOptions = useClusterOptions();
  const allCities = useAllCities();
  const cityOptions = (allCities.data?.items ?? [])
    .filter((c) => !get('country') || c.country === get('country'))
    .map((c) => ({ value: c.id, label: nameIn(c.name, lang) }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  const offset = Number(get('page') || 0) * PAGE;
  const query: CompanyQuery = { limit: PAGE, offset, ...apiQuery({ name: 'q', country: 'country', cluster: 'cluster', size: 'size', city: 'city' }) };
  const companies = useQuery({ queryKey: ['companies', query], queryFn: () => unwrap(api.GET('/companies', { params: { query } })), placeholderData: keepPreviousData });
  return (
    <>
      <div className="filters" aria-label={t('everyone.directory.filters')} role="group">
        <NameFilter key={get('name')} get={get} set={set} />
        <CountryFilter value={get('country')} onChange={(country) => set({ country, city: '' })} />
        <SelectFilter label={t('everyone.directory.city')} value={get('city')} options={cityOptions} onChange={(city) => set({ city })} />
        <SelectFilter label={t('everyone.directory.cluster')} value={get('cluster')} options={clusterOptions} onChange={(cluster) => set({ cluster })} />
        <SelectFilter label={t('everyone.directory.size')} value={get('size')} options={SIZES.map((s) => ({ value: s, label: label('everyone.size', s) }))} onChange={(size) => set({ size })} />
      </div>
      <ResultTable
        query={companies}
        offset={offset}
        onPage={(page) => set({ page })}
        columns={['everyone.directory.name', 'everyone.directory.city', 'everyone.directory.country', 'everyone.directory.size', 'everyone.directory.clusters']}
        row={(c) => [
          <Link href={`/companies/${c.id}`}>{c.name}</Link>,
          c.cityNames ? nameIn(c.cityNames, lang) : (c.cityName ?? ''),
          label('country', c.country),
          c.size.sizeClass ? label('everyone.size', c.size.sizeClass) : '',
          <ClusterTags clusters={c.clusters.slice(0, 3)} />,
        ]}
      />
    </>
  );
}

/** A page of results: how many, the table (the first column heads each row), and the pager. */
function ResultTable<T extends { id: string }>({ query, offset, onPage, columns, row }: { query: UseQueryResult<{ items: T[]; total: number }>; offset: number; onPage(page: string): void; columns: MessageKey[]; row(item: T): ReactNode[] }) {
  const t = useT();
  if (query.error) return <ProblemMessage error={query.error} />;
  if (!query.data) return <Loading />;
  const { items, total } = query.data;
  return (
    <>
      <p role="status" aria-live="polite">
        {t('everyone.directory.found', { total })}
      </p>
      {items.length ? (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {t(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const [head, ...cells] = row(item);
                return (
                  <tr key={item.id}>
                    <th scope="row">{head}</th>
                    {cells.map((cell, i) => (
                      <td key={i}>{cell}</td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="notice">{t('everyone.directory.none')}</p>
      )}
      <Pager offset={offset} limit={PAGE} total={total} onChange={(next) => onPage(next ? String(next / PAGE) : '')} />
    </>
  );
}
