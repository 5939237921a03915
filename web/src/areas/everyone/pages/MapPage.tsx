import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { Schemas } from '../../../api/client.ts';
import { useLanguage, useT } from '../../../i18n/index.tsx';
import { Loading, Page, ProblemMessage, useLabel } from '../../../ui/components.tsx';
import { useAllCities } from '../lookups.ts';
import { STATUS_STYLE, styleOf } from '../status.ts';
import { nameIn } from '../text.tsx';
import '../everyone.css';

type City = Schemas['City'];
const COUNTRIES = ['DE', 'CN'] as const;

/** The alliance's cities on maps of Germany and China, each with the same cities as a list to use by keyboard. */
export default function MapPage() {
  const t = useT();
  const label = useLabel();
  const { lang } = useLanguage();
  const cities = useAllCities();
  // The map's code and geography load while the cities are asked for, not after.
  useEffect(() => {
    import('../cityMap.ts').then(({ loadAtlas }) => loadAtlas()).catch(() => undefined);
  }, []);
  const unmapped = (cities.data?.items ?? []).filter((c) => !c.location);

  return (
    <Page title={t('everyone.map.title')}>
      <p className="lead">{t('everyone.map.intro')}</p>
      <Legend />
      {cities.isPending ? <Loading /> : null}
      <ProblemMessage error={cities.error} onRetry={() => void cities.refetch()} />
      {cities.data ? (
        <div className="country-maps">
          {COUNTRIES.map((country) => (
            <CountryMap key={country} country={country} cities={cities.data.items.filter((c) => c.country === country && c.location)} />
          ))}
        </div>
      ) : null}
      {unmapped.length ? (
        <p className="muted">
          {t('everyone.map.notOnMap', { names: '' })}
          {unmapped.map((c, i) => (
            <span key={c.id}>
              {i ? ', ' : ''}
              <Link href={`/cities/${c.id}`}>{nameIn(c.name, lang)}</Link> ({label('everyone.status', c.status.current)})
            </span>
          ))}
        </p>
      ) : null}
      <p className="muted small">{t('everyone.map.source')}</p>
    </Page>
  );
}

function Legend() {
  const t = useT();
  const label = useLabel();
  return (
    <div className="map-legend" role="group" aria-label={t('everyone.map.legend')}>
      <strong>{t('everyone.map.legend')}:</strong>
      {(['member', 'network', 'observer', 'guest', 'applicant', 'former', 'none'] as const).map((status) => (
        <span key={status} className="legend-item">
          <span aria-hidden="true" style={{ color: STATUS_STYLE[status]!.color }}>
            {STATUS_STYLE[status]!.symbol}
          </span>{' '}
          {label('everyone.status', status)}
        </span>
      ))}
    </div>
  );
}

function CountryMap({ country, cities }: { country: (typeof COUNTRIES)[number]; cities: City[] }) {
  const t = useT();
  const label = useLabel();
  const { lang } = useLanguage();
  const [, navigate] = useLocation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'loading' | 'drawn' | Error>('loading');
  const countryName = label('country', country);
  const sorted = [...cities].sort((a, b) => nameIn(a.name, lang).localeCompare(nameIn(b.name, lang), lang));

  useEffect(() => {
    let cancelled = false;
    let chart: { destroy(): void } | undefined;
    import('../cityMap.ts')
      .then(async ({ countryOutline, drawCityMap }) => {
        const outline = await countryOutline(country);
        if (cancelled || !canvas.current) return;
        const points = cities.map((c) => {
          const style = styleOf(c.status.current);
          const name = nameIn(c.name, lang);
          return { id: c.id, name, longitude: c.location!.lon, latitude: c.location!.lat, ...style, label: `${name} (${label('everyone.status', c.status.current)})` };
        });
        chart = drawCityMap(canvas.current, outline, points, (id) => navigate(`/cities/${id}`));
        setState('drawn');
      })
      .catch((err: Error) => !cancelled && setState(err));
    return () => {
      cancelled = true;
      chart?.destroy();
    };
    // label is rebuilt each render; the language and the cities decide what is drawn.
  }, [country, cities, lang, navigate]);

  return (
    <section className="country-map" aria-labelledby={`map-${country}`}>
      <h2 id={`map-${country}`}>{countryName}</h2>
      <div className="map-and-list">
        <div className="map-canvas" data-state={state instanceof Error ? 'failed' : state}>
          <canvas ref={canvas} role="img" aria-label={t('everyone.map.label', { country: countryName, count: cities.length })} />
          {state === 'loading' ? <p className="muted map-loading">{t('everyone.map.loading')}</p> : null}
          {state instanceof Error ? <p className="problem">{t('state.error', { detail: state.message })}</p> : null}
        </div>
        <nav className="map-list" aria-label={t('everyone.map.listOf', { country: countryName })}>
          <h3>{t('everyone.map.listOf', { country: countryName })}</h3>
          <ul>
            {sorted.map((c) => (
              <li key={c.id}>
                <span aria-hidden="true" style={{ color: styleOf(c.status.current).color }}>
                  {styleOf(c.status.current).symbol}
                </span>{' '}
                <Link href={`/cities/${c.id}`}>{nameIn(c.name, lang)}</Link> <span className="muted">({label('everyone.status', c.status.current)})</span>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </section>
  );
}
