/**
 * One stored report: its figures and lists section by section, the by-month series as charts (with the
 * numbers as tables under each), and its CSV and printable page to download in any of the languages.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ChartConfiguration } from 'chart.js';
import { Link, useParams } from 'wouter';
import { api, download, unwrap, type Schemas } from '../../../api/client.ts';
import { useLanguage, useT, type Lang } from '../../../i18n/index.tsx';
import { Chart } from '../../../ui/Chart.tsx';
import { Loading, Page, ProblemMessage, useLabel } from '../../../ui/components.tsx';
import { LangSelect, ReportTabs, useDay, useLocalName } from '../shared.tsx';

type Report = Schemas['Report'];
type Content = Report['content'];
type MonthCount = Content['meetings']['byMonth'][number];

export default function ReportView() {
  const t = useT();
  const { id = '' } = useParams<{ id: string }>();
  const { lang } = useLanguage();
  const report = useQuery({
    queryKey: ['report', id, lang],
    queryFn: ({ signal }) => unwrap(api.GET('/reports/{id}', { params: { path: { id }, query: { lang } }, signal })),
  });
  return (
    <Page title={report.data?.title ?? t('reports.title')} actions={<Link href="/reports">{t('reports.view.back')}</Link>}>
      <ReportTabs />
      {report.isPending ? <Loading /> : <ProblemMessage error={report.error} />}
      {report.data ? <ReportBody report={report.data} /> : null}
    </Page>
  );
}

function Figures({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="report-figures">
      {items.map(([label, value]) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="report-section" aria-labelledby={`report-${id}`}>
      <h2 id={`report-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

/** A table with column heads; `numeric` columns right-aligned. */
function ItemTable({ caption, heads, rows }: { caption: string; heads: string[]; rows: (string | number)[][] }) {
  const { formatNumber } = useLanguage();
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {heads.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j} className={typeof cell === 'number' ? 'num' : undefined}>
                  {typeof cell === 'number' ? formatNumber(cell) : cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function More({ total, listed }: { total: number; listed: number }) {
  const t = useT();
  return total > listed ? <p className="muted">{t('reports.more', { n: total - listed })}</p> : null;
}

function Empty() {
  const t = useT();
  return <p className="muted">{t('reports.empty')}</p>;
}

function useMonth(): (month: string) => string {
  const { lang } = useLanguage();
  const format = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : lang === 'de' ? 'de-DE' : 'en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return (month) => format.format(new Date(`${month}-01T00:00:00Z`));
}

/** A by-month series as a bar chart, the numbers as a table under it; nothing when every month is zero. */
function MonthChart({ what, series }: { what: string; series: readonly MonthCount[] }) {
  const t = useT();
  const month = useMonth();
  const label = t('reports.chart.perMonth', { what });
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: { labels: series.map((m) => month(m.month)), datasets: [{ label: what, data: series.map((m) => m.count), backgroundColor: '#0b5cad' }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    }),
    // The month's name follows the language, which `label` carries.
    [series, what, label],
  );
  if (!series.some((m) => m.count > 0)) return null;
  return <Chart config={config} label={label} height={220} table={{ columns: [t('reports.col.month'), t('reports.col.count')], rows: series.map((m) => [month(m.month), m.count]) }} />;
}

function ReportBody({ report }: { report: Report }) {
  const t = useT();
  const day = useDay();
  const localName = useLocalName();
  const { formatNumber } = useLanguage();
  const c = report.content;
  const cityNames = new Map(c.scope.cities.map((x) => [x.id, localName(x.name)]));
  const stages = Object.entries(c.outcomes.byFollowUp);
  const labelOf = useLabel();
  const stageName = (stage: string) => labelOf('reports.stage', stage);
  const followUpConfig = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: { labels: stages.map(([s]) => stageName(s)), datasets: [{ label: t('reports.fig.accounts'), data: stages.map(([, n]) => n), backgroundColor: '#2e7d32' }] },
      options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    }),
    // The stages' names follow the language, which `t` carries.
    [report, t],
  );
  return (
    <>
      <p className="lead">
        {t(`reports.kind.${c.scope.kind}`)}: {localName(c.scope.name)} · {t('reports.view.period', { from: day(c.period.from), to: day(c.period.to) })}
      </p>
      <p className="muted">
        {t(report.scheduleId ? 'reports.view.scheduled' : 'reports.view.byHand', { date: day(report.createdAt) })} · {t('reports.view.cities', { names: [...cityNames.values()].join(', ') })}
      </p>
      <Files report={report} />

      <Section id="summary" title={t('reports.section.summary')}>
        <Figures
          items={[
            [t('reports.fig.newCities'), formatNumber(c.profiles.cities.total)],
            [t('reports.fig.newCompanies'), formatNumber(c.profiles.companies.total)],
            [t('reports.fig.matchLists'), formatNumber(c.matchLists.total)],
            [t('reports.fig.meetings'), formatNumber(c.meetings.total)],
            [t('reports.fig.agreements'), formatNumber(c.outcomes.meetingsWithAgreement)],
            [t('reports.fig.projectsStarted'), formatNumber(c.projects.started)],
            [t('reports.fig.projectsCompleted'), formatNumber(c.projects.completed)],
            [t('reports.fig.membership'), formatNumber(c.membership.total)],
          ]}
        />
      </Section>

      <Section id="profiles" title={t('reports.section.profiles')}>
        <h3>{t('reports.fig.newCities')}</h3>
        {c.profiles.cities.items.length ? (
          <ItemTable caption={t('reports.fig.newCities')} heads={[t('reports.col.name'), t('reports.col.date')]} rows={c.profiles.cities.items.map((x) => [localName(x.name), day(x.createdAt)])} />
        ) : (
          <Empty />
        )}
        <h3>{t('reports.fig.newCompanies')}</h3>
        <Figures
          items={[
            [t('reports.fig.newCompanies'), formatNumber(c.profiles.companies.total)],
            [t('reports.fig.demo'), formatNumber(c.profiles.companies.demo)],
          ]}
        />
        <MonthChart what={t('reports.fig.newCompanies')} series={c.profiles.companies.byMonth} />
        {c.profiles.companies.items.length ? (
          <ItemTable
            caption={t('reports.fig.newCompanies')}
            heads={[t('reports.col.name'), t('reports.col.city'), t('reports.col.date')]}
            rows={c.profiles.companies.items.map((x) => [x.name, x.cityId ? (cityNames.get(x.cityId) ?? x.cityId) : '', day(x.createdAt)])}
          />
        ) : (
          <Empty />
        )}
        <More total={c.profiles.companies.total} listed={c.profiles.companies.items.length} />
      </Section>

      <Section id="match-lists" title={t('reports.section.matchLists')}>
        <Figures
          items={[
            [t('reports.fig.matchLists'), formatNumber(c.matchLists.total)],
            [t('reports.fig.byCompanies'), formatNumber(c.matchLists.byKind.company)],
            [t('reports.fig.byCities'), formatNumber(c.matchLists.byKind.city)],
          ]}
        />
        <MonthChart what={t('reports.fig.matchLists')} series={c.matchLists.byMonth} />
        {c.matchLists.bySubject.length ? (
          <ItemTable caption={t('reports.section.matchLists')} heads={[t('reports.col.subject'), t('reports.col.count')]} rows={c.matchLists.bySubject.map((s) => [s.name, s.count])} />
        ) : (
          <Empty />
        )}
      </Section>

      <Section id="meetings" title={t('reports.section.meetings')}>
        <Figures items={[[t('reports.fig.meetings'), formatNumber(c.meetings.total)]]} />
        <MonthChart what={t('reports.fig.meetings')} series={c.meetings.byMonth} />
        {c.meetings.events.length ? (
          <>
            <h3>{t('reports.fig.events')}</h3>
            <ItemTable
              caption={t('reports.fig.events')}
              heads={[t('reports.col.event'), t('reports.col.date'), t('reports.col.count')]}
              rows={c.meetings.events.map((e) => [e.name, e.from === e.to ? day(e.from) : `${day(e.from)} – ${day(e.to)}`, e.meetings])}
            />
          </>
        ) : (
          <Empty />
        )}
      </Section>

      <Section id="outcomes" title={t('reports.section.outcomes')}>
        <Figures
          items={[
            [t('reports.fig.accounts'), formatNumber(c.outcomes.accounts)],
            [t('reports.fig.attended'), formatNumber(c.outcomes.attended)],
            [t('reports.fig.meanRating'), c.outcomes.meanRating === null ? '—' : formatNumber(c.outcomes.meanRating, { maximumFractionDigits: 2 })],
          ]}
        />
        {c.outcomes.accounts ? (
          <Chart config={followUpConfig} label={t('reports.chart.followUp')} height={180} table={{ columns: [t('reports.col.stage'), t('reports.col.count')], rows: stages.map(([s, n]) => [stageName(s), n]) }} />
        ) : null}
        <h3>{t('reports.fig.agreements')}</h3>
        {c.outcomes.agreements.length ? (
          <ItemTable
            caption={t('reports.fig.agreements')}
            heads={[t('reports.col.date'), t('reports.col.party'), t('reports.col.partner'), t('reports.col.agreementType'), t('reports.col.followUpDate')]}
            rows={c.outcomes.agreements.map((a) => [day(a.date), a.party, a.partner, a.agreementType ?? '', a.followUpDate ? day(a.followUpDate) : ''])}
          />
        ) : (
          <Empty />
        )}
        <More total={c.outcomes.meetingsWithAgreement} listed={c.outcomes.agreements.length} />
      </Section>

      <Section id="projects" title={t('reports.section.projects')}>
        <Figures
          items={[
            [t('reports.fig.projectsStarted'), formatNumber(c.projects.started)],
            [t('reports.fig.projectsAdvanced'), formatNumber(c.projects.advanced)],
            [t('reports.fig.projectsCompleted'), formatNumber(c.projects.completed)],
            [t('reports.fig.projectsAbandoned'), formatNumber(c.projects.abandoned)],
          ]}
        />
        {c.projects.items.length ? (
          <ItemTable
            caption={t('reports.section.projects')}
            heads={[t('reports.col.date'), t('reports.col.project'), t('reports.col.change'), t('reports.col.status'), t('reports.col.parties'), t('reports.col.source')]}
            rows={c.projects.items.map((p) => [p.date, localName(p.title), labelOf('reports.projectChange', p.change), labelOf('reports.projectStatus', p.status), p.parties.join(', '), p.provenance])}
          />
        ) : (
          <Empty />
        )}
        <More total={c.projects.entries} listed={c.projects.items.length} />
      </Section>

      <Section id="membership" title={t('reports.section.membership')}>
        {c.membership.items.length ? (
          <ItemTable
            caption={t('reports.section.membership')}
            heads={[t('reports.col.date'), t('reports.col.city'), t('reports.col.change'), t('reports.col.source'), t('reports.col.note')]}
            rows={c.membership.items.map((m) => [m.dateAsWritten ? `${m.date} (${m.dateAsWritten})` : m.date, localName(m.cityName), labelOf('reports.change', m.kind), m.provenance, m.note ?? ''])}
          />
        ) : (
          <Empty />
        )}
        <More total={c.membership.total} listed={c.membership.items.length} />
      </Section>
    </>
  );
}

/** The report's CSV and printable page, fetched with the key, in a language chosen here. */
function Files({ report }: { report: Report }) {
  const t = useT();
  const { lang: interfaceLang } = useLanguage();
  const [lang, setLang] = useState<Lang>(interfaceLang);
  const [error, setError] = useState<unknown>();
  const base = `/reports/${encodeURIComponent(report.id)}`;
  const stem = `report-${report.scope.id}-${report.period.from}-${report.period.to}-${lang}`;
  const save = (path: string, name: string) => {
    setError(undefined);
    download(path, name).catch(setError);
  };
  return (
    <section aria-labelledby="report-files" className="card">
      <h2 id="report-files">{t('reports.view.files')}</h2>
      <div className="report-files">
        <LangSelect label={t('reports.view.fileLang')} value={lang} onChange={setLang} />
        <button type="button" onClick={() => save(`${base}.csv?lang=${lang}`, `${stem}.csv`)}>
          {t('reports.view.csv')}
        </button>
        <button type="button" onClick={() => save(`${base}.html?lang=${lang}`, `${stem}.html`)}>
          {t('reports.view.html')}
        </button>
      </div>
      <ProblemMessage error={error} />
    </section>
  );
}
