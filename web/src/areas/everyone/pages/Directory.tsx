import { useState, type FormEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'wouter';
import { api, unwrap } from '../../../api/client.ts';
import { useLanguage, useT } from '../../../i18n/index.tsx';
import { useSession } from '../../../session/session.tsx';
import { Field, Loading, Page, Pager, ProblemMessage, useLabel } from '../../../ui/components.tsx';
import { useAllCities, useClusters } from '../lookups.ts';
import { styleOf } from '../status.ts';
import { nameIn } from '../text.tsx';
import '../everyone.css';

const PAGE = 20;
const STATUSES = ['member', 'observer', 'guest', 'applicant', 'former'] as const;
const KINDS = ['city', 'county', 'district', 'region', 'city-network'] as const;
const SIZES = ['micro', 'small', 'medium', 'large'] as const;

/** The filters live in the address (?tab=&name=&country=…), so a filtered list can be linked and kept on reload. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const get = (name: string) => params.get(name) ?? '';
  const set = (changes: Record<string, string>) =>
    setParams((old) => {
      const next = new URLSearchParams(old);
      for (const [name, value] of Object.entries(changes)) {
        if (value) next.set(name, value);
        else next.delete(name);
      }
      // Any change of filter starts at the first page.
      if (!('page' in changes)) next.delete('page');
      return next;
    });
  return { get, set };
}

/** The directory: the alliance's cities for everyone, its companies for signed-in users, searchable and filtered. */
export default function Directory() {
  const t = useT();
  const { principal } = useSession();
  const { get, set } = useFilters();
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
      <div role="tabpanel">{tab === 'cities' ? <CityList get={get} set={set} /> : <CompanyList get={get} set={set} />}</div>
    </Page>
  );
}

type Filters = ReturnType<typeof useFilters>;

/** The name field, applied with its button (or Enter); the selects apply at once. */
function NameFilter({ get, set }: Filters) {
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

function SelectFilter({ label, value, options, onChange }: { label: string; value: string; options: { value: string; label: string }[]; onChange(value: string): void }) {
  const t = useT();
  return (
    <Field label={label}>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('everyone.directory.any')}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function useClusterOptions() {
  const { lang } = useLanguage();
  const clusters = useClusters();
  return (clusters.data ?? []).map((c) => ({ value: c.id, label: c.label[lang] })).sort((a, b) => a.label.localeCompare(b.label, lang));
}

function CityList({ get, set }: Filters) {
  const t = useT();
  const label = useLabel();
  const { lang } = useLanguage();
  const clusterOptions = useClusterOptions();
  const offset = Number(get('page') || 0) * PAGE;
  const query = {
    limit: PAGE,
    offset,
    ...(get('name') ? { q: get('name') } : {}),
    ...(get('country') ? { country: get('country') } : {}),
    ...(get('status') ? { status: get('status') as (typeof STATUSES)[number] } : {}),
    ...(get('kind') ? { kind: get('kind') } : {}),
    ...(get('cluster') ? { cluster: get('cluster') } : {}),
  };
  const cities = useQuery({ queryKey: ['cities', query], queryFn: () => unwrap(api.GET('/cities', { params: { query } })), placeholderData: keepPreviousData });
  return (
    <>
      <div className="filters" aria-label={t('everyone.directory.filters')} role="group">
        <NameFilter key={get('name')} get={get} set={set} />
        <SelectFilter label={t('everyone.directory.country')} value={get('country')} options={['DE', 'CN'].map((c) => ({ value: c, label: label('country', c) }))} onChange={(country) => set({ country })} />
        <SelectFilter label={t('everyone.directory.status')} value={get('status')} options={STATUSES.map((s) => ({ value: s, label: label('everyone.status', s) }))} onChange={(status) => set({ status })} />
        <SelectFilter label={t('everyone.directory.kind')} value={get('kind')} options={KINDS.map((k) => ({ value: k, label: label('everyone.kind', k) }))} onChange={(kind) => set({ kind })} />
        <SelectFilter label={t('everyone.directory.cluster')} value={get('cluster')} options={clusterOptions} onChange={(cluster) => set({ cluster })} />
      </div>
      <ProblemMessage error={cities.error} />
      {cities.isPending ? <Loading /> : null}
      {cities.data ? (
        <>
          <p role="status" aria-live="polite">
            {t('everyone.directory.found', { total: cities.data.total })}
          </p>
          {cities.data.items.length ? (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('everyone.directory.name')}</th>
                    <th scope="col">{t('everyone.directory.country')}</th>
                    <th scope="col">{t('everyone.directory.status')}</th>
                    <th scope="col">{t('everyone.directory.kind')}</th>
                    <th scope="col">{t('everyone.directory.clusters')}</th>
                  </tr>
                </thead>
                <tbody>
                  {cities.data.items.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">
                        <Link href={`/cities/${c.id}`}>{nameIn(c.name, lang)}</Link>
                      </th>
                      <td>{label('country', c.country)}</td>
                      <td>
                        <span aria-hidden="true" style={{ color: styleOf(c.status.current).color }}>
                          {styleOf(c.status.current).symbol}
                        </span>{' '}
                        {label('everyone.status', c.status.current)}
                      </td>
                      <td>{label('everyone.kind', c.kind)}</td>
                      <td>
                        {c.clusters.map((k) => (
                          <span key={k.id} className="tag">
                            {k.label ? (k.label[lang] ?? k.label.en) : k.id}
                          </span>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="notice">{t('everyone.directory.none')}</p>
          )}
          <Pager offset={offset} limit={PAGE} total={cities.data.total} onChange={(next) => set({ page: next ? String(next / PAGE) : '' })} />
        </>
      ) : null}
    </>
  );
}

function CompanyList({ get, set }: Filters) {
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
  const query = {
    limit: PAGE,
    offset,
    ...(get('name') ? { q: get('name') } : {}),
    ...(get('country') ? { country: get('country') } : {}),
    ...(get('cluster') ? { cluster: get('cluster') } : {}),
    ...(get('size') ? { size: get('size') as (typeof SIZES)[number] } : {}),
    ...(get('city') ? { city: get('city') } : {}),
  };
  const companies = useQuery({ queryKey: ['companies', query], queryFn: () => unwrap(api.GET('/companies', { params: { query } })), placeholderData: keepPreviousData });
  return (
    <>
      <div className="filters" aria-label={t('everyone.directory.filters')} role="group">
        <NameFilter key={get('name')} get={get} set={set} />
        <SelectFilter label={t('everyone.directory.country')} value={get('country')} options={['DE', 'CN'].map((c) => ({ value: c, label: label('country', c) }))} onChange={(country) => set({ country, city: '' })} />
        <SelectFilter label={t('everyone.directory.city')} value={get('city')} options={cityOptions} onChange={(city) => set({ city })} />
        <SelectFilter label={t('everyone.directory.cluster')} value={get('cluster')} options={clusterOptions} onChange={(cluster) => set({ cluster })} />
        <SelectFilter label={t('everyone.directory.size')} value={get('size')} options={SIZES.map((s) => ({ value: s, label: label('everyone.size', s) }))} onChange={(size) => set({ size })} />
      </div>
      <ProblemMessage error={companies.error} />
      {companies.isPending ? <Loading /> : null}
      {companies.data ? (
        <>
          <p role="status" aria-live="polite">
            {t('everyone.directory.found', { total: companies.data.total })}
          </p>
          {companies.data.items.length ? (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('everyone.directory.name')}</th>
                    <th scope="col">{t('everyone.directory.city')}</th>
                    <th scope="col">{t('everyone.directory.country')}</th>
                    <th scope="col">{t('everyone.directory.size')}</th>
                    <th scope="col">{t('everyone.directory.clusters')}</th>
                  </tr>
                </thead>
                <tbody>
                  {companies.data.items.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">
                        <Link href={`/companies/${c.id}`}>{c.name}</Link>
                      </th>
                      <td>{c.cityNames ? nameIn(c.cityNames, lang) : (c.cityName ?? '')}</td>
                      <td>{label('country', c.country)}</td>
                      <td>{c.size.sizeClass ? label('everyone.size', c.size.sizeClass) : ''}</td>
                      <td>
                        {c.clusters.slice(0, 3).map((k) => (
                          <span key={k.id} className="tag">
                            {k.label ? (k.label[lang] ?? k.label.en) : k.id}
                          </span>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="notice">{t('everyone.directory.none')}</p>
          )}
          <Pager offset={offset} limit={PAGE} total={companies.data.total} onChange={(next) => set({ page: next ? String(next / PAGE) : '' })} />
        </>
      ) : null}
    </>
  );
}
