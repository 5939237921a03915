/**
 * Who belonged to the alliance on a day: counts by country against the 2:1 limit, the counts the
 * papers state with their sources, every disagreement with both sources, the member list by country,
 * the composition over time as a chart, and the rules of joining. Public; the secretariat's entries
 * lead to its actions.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ChartConfiguration } from 'chart.js';
import { Link, useLocation, useParams } from 'wouter';
import { dayOf } from '../../../../../engine/alliance/membership.ts';
import { api, unwrap, type Schemas } from '../../../api/client.ts';
import { useLanguage } from '../../../i18n/index.tsx';
import { useSession } from '../../../session/session.tsx';
import { Chart } from '../../../ui/Chart.tsx';
import { Field, Loading, Page, ProblemMessage, useLabel } from '../../../ui/components.tsx';
import { SECRETARIAT } from '../roles.ts';
import { SourceRef, localName, today, useCityName, useFormatDay, type Composition as CompositionData } from '../shared.tsx';

/** The days the papers speak of, and today. */
const PAPER_DAYS = ['2016-04-30', '2017-04-23', '2017-09-27', '2021-03-01', '2021-06-30'];
const COUNTRIES = ['DE', 'CN'];
const COUNT_COLUMNS = ['members', 'observers', 'guests', 'contested', 'unnamed'] as const;

export default function Composition() {
  const { t } = useLanguage();
  const params = useParams<{ date?: string }>();
  const date = params.date ?? today();
  const [, navigate] = useLocation();
  const [typed, setTyped] = useState(date);
  const [shownFor, setShownFor] = useState(date);
  if (shownFor !== date) {
    setShownFor(date);
    setTyped(date);
  }
  const formatDay = useFormatDay();
  const composition = useQuery({
    queryKey: ['alliance', 'composition', date],
    queryFn: () => unwrap(api.GET('/alliance/composition', { params: { query: { date } } })),
  });

  const show = (e: FormEvent) => {
    e.preventDefault();
    if (/^\d{4}-\d{2}-\d{2}$/.test(typed)) navigate(`/alliance/composition/${typed}`);
  };

  return (
    <Page title={t('alliance.composition.title')}>
      <p className="lead">{t('alliance.composition.lead')}</p>
      <form className="form-row" onSubmit={show}>
        <Field label={t('alliance.composition.date')}>{(props) => <input {...props} type="date" value={typed} max={today()} onChange={(e) => setTyped(e.target.value)} />}</Field>
        <button type="submit" className="primary">
          {t('alliance.composition.show')}
        </button>
      </form>
      <nav aria-label={t('alliance.composition.paperDays')} className="quick-days">
        <span className="muted">{t('alliance.composition.paperDays')}:</span>
        <ul>
          {[...PAPER_DAYS, today()].map((day, i) => (
            <li key={`${day}-${i}`}>
              <Link href={`/alliance/composition/${day}`} aria-current={day === date ? 'page' : undefined}>
                {i === PAPER_DAYS.length ? t('alliance.composition.today') : formatDay(day)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {composition.isPending ? <Loading /> : null}
      <ProblemMessage error={composition.error} onRetry={() => void composition.refetch()} />
      {composition.data ? <CompositionOn data={composition.data} /> : null}
      <History />
      <Rules />
    </Page>
  );
}

function CompositionOn({ data }: { data: CompositionData }) {
  const { t, lang, formatNumber, countryName } = useLanguage();
  const formatDay = useFormatDay();
  const ratioOk = data.ratio === null || data.ratio <= 2;
  return (
    <>
      <h2>{t('alliance.composition.on', { date: formatDay(data.date) })}</h2>
      {data.rolls.length ? (
        <p>
          {t('alliance.composition.rolls')}{' '}
          {data.rolls.map((roll) => (
            <span key={roll.id} className="roll">
              {localName(roll.title, lang)} ({formatDay(roll.date)}) <SourceRef source={roll} />
            </span>
          ))}
        </p>
      ) : (
        <p>{t('alliance.composition.noRoll')}</p>
      )}
      <div className="table-scroll">
        <table>
          <caption>{t('alliance.counts.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('alliance.counts.country')}</th>
              {COUNT_COLUMNS.map((c) => (
                <th scope="col" key={c}>
                  {t(`alliance.counts.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Object.entries(data.counts).map(([country, counts]) => (
              <tr key={country}>
                <th scope="row">{countryName(country)}</th>
                {COUNT_COLUMNS.map((c) => (
                  <td key={c} data-count={`${country}-${c}`}>
                    {formatNumber(counts[c])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className={ratioOk ? '' : 'warn'}>
        {data.ratio === null
          ? t('alliance.ratio.none')
          : t(ratioOk ? 'alliance.ratio.within' : 'alliance.ratio.beyond', { ratio: formatNumber(data.ratio, { maximumFractionDigits: 2 }) })}
      </p>
      <h3>{t('alliance.stated.title')}</h3>
      {data.stated.length ? (
        <ul className="plain-list">
          {data.stated.map((s, i) => (
            <li key={i}>
              {t('alliance.stated.item', { country: countryName(s.country), count: formatNumber(s.count), date: formatDay(s.date) })} <SourceRef source={s.source} />
              {s.dateAsWritten ? <span className="muted"> ({t('alliance.stated.asWritten', { text: s.dateAsWritten })})</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('alliance.stated.none')}</p>
      )}
      <p className={data.agrees ? 'agrees ok' : 'agrees warn'} role="note">
        {data.agrees ? t('alliance.agrees.yes') : t('alliance.agrees.no')}
      </p>
      {data.disagreements.length ? (
        <>
          <h3>{t('alliance.disagreements.title')}</h3>
          <ul className="disagreements">
            {data.disagreements.map((d, i) => (
              <li key={i}>
                <Disagreement d={d} data={data} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {data.awaitingAnnouncement.length ? <Awaiting statements={data.awaitingAnnouncement} /> : null}
      <Members data={data} />
    </>
  );
}

function Disagreement({ d, data }: { d: CompositionData['disagreements'][number]; data: CompositionData }) {
  const { t, countryName, formatNumber } = useLanguage();
  const cityName = useCityName();
  const label = useLabel();
  let text: string;
  if (d.code === 'count') {
    const country = d.country ? countryName(d.country) : '';
    text = d.figures
      ? t('alliance.disagreement.count', { country, stated: formatNumber(d.figures.stated), named: formatNumber(d.figures.named) })
      : t('alliance.disagreement.countPlain', { country, named: formatNumber(data.counts[d.country ?? '']?.members ?? 0) });
  } else {
    const city = d.cityId ? cityName(d.cityId) : '';
    const entry = data.entries.find((e) => e.cityId === d.cityId);
    text = t(`alliance.disagreement.${d.code}`, { city, status: entry ? label('alliance.status', entry.status) : '' });
  }
  return (
    <>
      <p>{text}</p>
      <ul className="sources">
        {d.sources.map((s, i) => (
          <li key={i}>
            <SourceRef source={s} />
          </li>
        ))}
      </ul>
    </>
  );
}

function Awaiting({ statements }: { statements: CompositionData['awaitingAnnouncement'] }) {
  const { t } = useLanguage();
  const cityName = useCityName();
  const formatDay = useFormatDay();
  const label = useLabel();
  const { can } = useSession();
  return (
    <>
      <h3>{t('alliance.awaiting.title')}</h3>
      <ul className="plain-list">
        {statements.map((s) => (
          <li key={s.id}>
            {t('alliance.awaiting.item', { city: cityName(s.cityId), kind: label('alliance.kind', s.kind), date: formatDay(s.date) })}
          </li>
        ))}
      </ul>
      {can(SECRETARIAT) ? <Link href="/alliance/actions">{t('alliance.awaiting.announce')}</Link> : null}
    </>
  );
}

function Members({ data }: { data: CompositionData }) {
  const { t, lang, countryName } = useLanguage();
  const cityName = useCityName();
  const label = useLabel();
  const { can } = useSession();
  const secretariat = can(SECRETARIAT);
  const countries = [...new Set([...COUNTRIES, ...data.entries.map((e) => e.country)])].filter((c) => data.entries.some((e) => e.country === c));
  return (
    <>
      <h2>{t('alliance.members.title')}</h2>
      {countries.map((country) => {
        const entries = data.entries.filter((e) => e.country === country).sort((a, b) => localName(a.name, lang).localeCompare(localName(b.name, lang), lang));
        return (
          <section key={country} aria-labelledby={`members-${country}`}>
            <h3 id={`members-${country}`}>{t('alliance.members.country', { country: countryName(country), n: entries.length })}</h3>
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('alliance.members.name')}</th>
                    <th scope="col">{t('alliance.members.status')}</th>
                    <th scope="col">{t('alliance.members.sources')}</th>
                    {secretariat ? <th scope="col">{t('alliance.members.actions')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.cityId} className={e.contested ? 'contested' : undefined}>
                      <th scope="row">
                        <Link href={`/cities/${e.cityId}`}>{localName(e.name, lang) || cityName(e.cityId)}</Link>
                        {e.towns.length ? <div className="muted">{t('alliance.members.towns', { towns: e.towns.map(cityName).join(', ') })}</div> : null}
                      </th>
                      <td>
                        {label('alliance.status', e.status)}
                        {e.contested ? <strong className="tag warn-tag"> {t('alliance.members.contested')}</strong> : null}
                      </td>
                      <td>
                        <ul className="sources">
                          {e.support.map((s) => (
                            <li key={s.id}>
                              {label('alliance.kind', s.kind)}: <SourceRef source={s} />
                            </li>
                          ))}
                          {e.against.map((a, i) => (
                            <li key={`against-${i}`}>
                              {t('alliance.members.against')}: <SourceRef source={a} />
                            </li>
                          ))}
                        </ul>
                      </td>
                      {secretariat ? (
                        <td>
                          <Link href={`/alliance/actions/${e.cityId}`} aria-label={t('alliance.members.actionsFor', { city: localName(e.name, lang) })}>
                            {t('alliance.members.actions')}
                          </Link>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </>
  );
}

/** The members of both countries on every day the composition changed, and the counts the papers state as points. */
function History() {
  const { t, lang, countryName } = useLanguage();
  const formatDay = useFormatDay();
  const history = useQuery({
    queryKey: ['alliance', 'history'],
    queryFn: () => unwrap(api.GET('/alliance/composition/history', { params: { query: { from: '2016-01-01' } } })),
  });
  const view = useMemo(() => (history.data ? historyView(history.data) : undefined), [history.data]);
  const config = useMemo<ChartConfiguration | undefined>(() => {
    if (!view) return undefined;
    const labels = view.map((p) => formatDay(p.date));
    const line = (country: string, color: string) => ({
      type: 'line' as const,
      label: t('alliance.history.members', { country: countryName(country) }),
      data: view.map((p) => p.members[country] ?? 0),
      borderColor: color,
      backgroundColor: color,
      stepped: true as const,
      pointRadius: 2,
    });
    const points = (country: string, color: string, pointStyle: 'triangle' | 'rectRot') => ({
      type: 'line' as const,
      label: t('alliance.history.stated', { country: countryName(country) }),
      data: view.map((p) => p.stated[country] ?? null),
      borderColor: color,
      backgroundColor: color,
      showLine: false,
      pointStyle,
      pointRadius: 7,
    });
    return {
      type: 'line',
      data: { labels, datasets: [line('DE', '#0b5cad'), line('CN', '#c0392b'), points('DE', '#0b5cad', 'triangle'), points('CN', '#c0392b', 'rectRot')] },
      options: { plugins: { legend: { labels: { usePointStyle: true } } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    };
    // formatDay and t change with the language.
  }, [view, lang, formatDay, t, countryName]);

  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('alliance.history.title')}</h2>
      {history.isPending ? <Loading /> : null}
      <ProblemMessage error={history.error} onRetry={() => void history.refetch()} />
      {view && config ? (
        <Chart
          config={config}
          label={t('alliance.history.label')}
          table={{
            columns: [
              t('alliance.history.date'),
              t('alliance.history.members', { country: countryName('DE') }),
              t('alliance.history.members', { country: countryName('CN') }),
              t('alliance.history.stated', { country: countryName('DE') }),
              t('alliance.history.stated', { country: countryName('CN') }),
            ],
            rows: view.map((p) => [formatDay(p.date), p.members.DE ?? 0, p.members.CN ?? 0, p.stated.DE ?? '–', p.stated.CN ?? '–']),
          }}
        />
      ) : null}
    </section>
  );
}

/** Per day: members by country, and a count a paper states for that very day (a partial date counts from its first day). */
function historyView(history: Schemas['CompositionHistory']) {
  return history.map((p) => {
    const members: Record<string, number> = {};
    for (const [country, counts] of Object.entries(p.counts)) members[country] = counts.members;
    const stated: Record<string, number> = {};
    for (const s of p.stated) if (dayOf(s.date) === p.date && stated[s.country] === undefined) stated[s.country] = s.count;
    return { date: p.date, members, stated };
  });
}

function Rules() {
  const { t } = useLanguage();
  const label = useLabel();
  const rules = useQuery({ queryKey: ['alliance', 'rules'], queryFn: () => unwrap(api.GET('/alliance/rules')), staleTime: Infinity });
  return (
    <section aria-labelledby="rules-title">
      <h2 id="rules-title">{t('alliance.rules.title')}</h2>
      <ProblemMessage error={rules.error} />
      {rules.data ? (
        <>
          <p>{t('alliance.rules.inForce', { rule: label('alliance.rule', rules.data.consentRule) })}</p>
          <ul className="plain-list">
            {rules.data.readings.map((r) => (
              <li key={r.rule}>
                <strong>{label('alliance.rule', r.rule)}</strong>
                {r.rule === rules.data.consentRule ? <span className="tag">{t('alliance.rules.current')}</span> : null}: {label('alliance.ruleText', r.rule)} <SourceRef source={r.source} />
              </li>
            ))}
            <li>
              <strong>{t('alliance.rules.ratio')}</strong>: {t('alliance.rules.ratioText', { limit: rules.data.ratio.limit })} <SourceRef source={rules.data.ratio.source} />
            </li>
          </ul>
        </>
      ) : null}
    </section>
  );
}
