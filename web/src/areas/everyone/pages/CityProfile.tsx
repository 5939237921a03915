import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'wouter';
import { api, unwrap, type Schemas } from '../../../api/client.ts';
import { LANGS, LANG_NAMES, useLanguage, useT } from '../../../i18n/index.tsx';
import { useSession } from '../../../session/session.tsx';
import { Loading, Page, ProblemMessage, useLabel } from '../../../ui/components.tsx';
import { useAllCities } from '../lookups.ts';
import { styleOf } from '../status.ts';
import { nameIn, TaxonomyLabel, useSourceText } from '../text.tsx';
import { WishList } from '../wishes.tsx';
import '../everyone.css';

type KeyFigure = Schemas['KeyFigure'];

/** A city's profile: names, status, key data, clusters, wishes, cooperations, and where each fact comes from. */
export default function CityProfile() {
  const t = useT();
  const { id } = useParams<{ id: string }>();
  const { lang } = useLanguage();
  const city = useQuery({ queryKey: ['city', id], queryFn: () => unwrap(api.GET('/cities/{id}', { params: { path: { id } } })) });
  if (city.isPending) return <Loading />;
  if (city.error) return <Page title={t('state.notFound')}><ProblemMessage error={city.error} /></Page>;
  return <CityView city={city.data} title={nameIn(city.data.name, lang)} />;
}

function CityView({ city, title }: { city: Schemas['City']; title: string }) {
  const t = useT();
  const label = useLabel();
  const source = useSourceText();
  const { lang, formatNumber } = useLanguage();
  const { principal } = useSession();
  const all = useAllCities();
  const nameOf = (id: string | null) => {
    const other = id ? all.data?.items.find((c) => c.id === id) : undefined;
    return other ? nameIn(other.name, lang) : undefined;
  };
  const parent = city.parentId ?? city.networkId;
  const mayMatch = principal?.role === 'admin' || (principal?.role === 'city' && principal.cityId === city.id);

  const figure = (f: KeyFigure | null, format: (v: number) => string) =>
    f ? (
      <>
        {f.approx ? `${t('everyone.city.approx')} ` : ''}
        {format(f.value)}
        {f.currency ? ` ${f.currency}` : ''}
        {f.year ? ` ${t('everyone.city.year', { year: f.year })}` : ''}
        <div className="source">{t('everyone.source', { source: source(f.provenance) })}</div>
      </>
    ) : (
      '—'
    );

  return (
    <Page title={title}>
      <p className="lead">
        {LANGS.filter((l) => city.name[l]).map((l, i) => (
          <span key={l} lang={l === 'zh' ? 'zh-Hans' : l}>
            {i ? ' · ' : ''}
            {city.name[l]} <span className="visually-hidden">({LANG_NAMES[l]})</span>
          </span>
        ))}
      </p>
      <div className="page-actions">
        {principal ? (
          <Link className="button" href={`/directory?tab=companies&city=${city.id}`}>
            {t('everyone.city.companies')}
          </Link>
        ) : null}
        {mayMatch ? (
          <Link className="button primary" href={`/my/city/${city.id}/matches`}>
            {t('everyone.city.matches')}
          </Link>
        ) : null}
      </div>
      <h2>{t('everyone.city.keyData')}</h2>
      <dl className="facts">
        <dt>{t('everyone.city.country')}</dt>
        <dd>{label('country', city.country)}</dd>
        {city.region ? (
          <>
            <dt>{t('everyone.city.region')}</dt>
            <dd>{city.region}</dd>
          </>
        ) : null}
        <dt>{t('everyone.city.kind')}</dt>
        <dd>
          {label('everyone.kind', city.kind)}
          {parent && nameOf(parent) ? (
            <>
              {' — '}
              {t('everyone.city.partOf', { name: '' })}
              <Link href={`/cities/${parent}`}>{nameOf(parent)}</Link>
            </>
          ) : null}
        </dd>
        <dt>{t('everyone.city.status')}</dt>
        <dd>
          <span aria-hidden="true" style={{ color: styleOf(city.status.current).color }}>
            {styleOf(city.status.current).symbol}
          </span>{' '}
          {label('everyone.status', city.status.current)}
          {city.status.since ? ` ${t('everyone.city.since', { date: city.status.since })}` : ''}
          {city.status.note ? <div className="source">{city.status.note}</div> : null}
          {city.status.disputes.length ? (
            <div className="disputes">
              <strong>{t('everyone.city.disputes')}:</strong>
              <ul>
                {city.status.disputes.map((d) => (
                  <li key={d.field}>
                    {t(`everyone.city.dispute.${d.field}`, {
                      claims: d.claims.map((c) => t('everyone.city.claim', { value: c.value, source: source(c.provenance) })).join(' ↔ '),
                    })}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </dd>
        <dt>{t('everyone.city.population')}</dt>
        <dd>{figure(city.keyData.population, (v) => formatNumber(v))}</dd>
        <dt>{t('everyone.city.area')}</dt>
        <dd>{figure(city.keyData.areaKm2, (v) => t('everyone.city.areaValue', { value: formatNumber(v) }))}</dd>
        <dt>{t('everyone.city.gdp')}</dt>
        <dd>{figure(city.keyData.gdp, (v) => formatNumber(v, { notation: 'compact', maximumFractionDigits: 1 }))}</dd>
        {city.location ? (
          <>
            <dt>{t('everyone.city.location')}</dt>
            <dd>
              <Link href="/map">
                {formatNumber(city.location.lat, { maximumFractionDigits: 2 })}° N, {formatNumber(city.location.lon, { maximumFractionDigits: 2 })}° E
              </Link>
              <div className="source">{t('everyone.source', { source: source(city.location.provenance) })}</div>
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{t('everyone.city.clusters')}</h2>
      {city.clusters.length ? (
        <ul className="plain-list">
          {city.clusters.map((c) => (
            <li key={c.id}>
              <strong>
                <TaxonomyLabel labels={c.label} lang={lang} />
              </strong>
              {c.note ? <p>{c.note}</p> : null}
              <div className="source">{t('everyone.source', { source: source(c.provenance) })}</div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('state.empty')}</p>
      )}
      <h2>{t('everyone.city.wishes')}</h2>
      <WishList wishes={city.wishes} />
      <h2>{t('everyone.city.cooperations')}</h2>
      {city.cooperations.length ? (
        <ul className="plain-list">
          {city.cooperations.map((c, i) => (
            <li key={i}>
              <strong>{c.partner}</strong>
              {c.partnerCountry ? ` (${label('country', c.partnerCountry)})` : ''}
              {c.since ? ` ${t('everyone.city.since', { date: c.since })}` : ''}
              {c.description ? <p>{c.description}</p> : null}
              <div className="source">{t('everyone.source', { source: source(c.provenance) })}</div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('state.empty')}</p>
      )}
      {city.profile.highlights.length ? (
        <>
          <h2>{t('everyone.city.highlights')}</h2>
          <ul className="plain-list">
            {city.profile.highlights.map((h, i) => (
              <li key={i}>
                {h.text}
                <div className="source">{t('everyone.source', { source: source(h.provenance) })}</div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}
