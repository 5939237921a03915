/**
 * The last run's report (organiser): how good the selection is against its LP bound, breaks against
 * their lower bound and how evenly they fall, meetings and breaks per participant and meetings per
 * slot as charts, the must-meets not held with the reason, and who is below their minimum, by name.
 */
import { useMemo } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { useParams } from 'wouter';
import { useLanguage, useT } from '../../../i18n/index.tsx';
import { Chart } from '../../../ui/Chart.tsx';
import { EventTabs } from '../../../ui/EventTabs.tsx';
import { Loading, Page, ProblemMessage } from '../../../ui/components.tsx';
import { nameOf, useEventData, type Participant, type Ready, type Report } from '../data.ts';
import { unmetReason } from '../text.ts';
import '../schedule.css';

export default function ReportPage() {
  const t = useT();
  const { id } = useParams<{ id: string }>();
  const { ready, error, refetch } = useEventData(id);
  return (
    <Page title={ready ? t('schedule.report.title', { event: ready.event.name }) : t('eventTab.report')}>
      <EventTabs eventId={id} />
      {error ? <ProblemMessage error={error} onRetry={() => void refetch()} /> : null}
      {ready ? ready.schedule.report ? <ReportView ready={ready} report={ready.schedule.report} /> : <p className="muted">{t('schedule.report.none')}</p> : error ? null : <Loading />}
    </Page>
  );
}

/** A histogram's bars from 0 to its largest value, gaps filled with 0. */
function bars(histogram: Record<string, number>): { labels: string[]; counts: number[] } {
  const max = Math.max(0, ...Object.keys(histogram).map(Number));
  const labels = Array.from({ length: max + 1 }, (_, i) => String(i));
  return { labels, counts: labels.map((l) => histogram[l] ?? 0) };
}

function barChart(labels: string[], data: number[], label: string, xTitle: string, yTitle: string): ChartConfiguration {
  return {
    type: 'bar',
    data: { labels, datasets: [{ label, data, backgroundColor: '#0b5cad' }] },
    options: { plugins: { legend: { display: false } }, scales: { x: { title: { display: true, text: xTitle } }, y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: yTitle } } } },
  };
}

function ReportView({ ready, report }: { ready: Ready; report: Report }) {
  const t = useT();
  const { formatNumber } = useLanguage();
  const { schedule, participants, slots } = ready;
  const percent = (x: number) => formatNumber(x, { style: 'percent', maximumFractionDigits: 1 });
  const number = (x: number) => formatNumber(x, { maximumFractionDigits: 2 });

  const charts = useMemo(() => {
    const meetings = bars(report.meetingsPerParticipant.histogram);
    const breaks = bars(report.breaks.perParticipant.histogram);
    const perSlot = report.tables.meetingsPerSlot;
    const slotLabels = perSlot.map((_n, i) => String(slots[i]?.number ?? i + 1));
    const people = t('schedule.chart.participants');
    return [
      {
        key: 'meetings',
        label: t('schedule.chart.meetings'),
        config: barChart(meetings.labels, meetings.counts, people, t('schedule.chart.meetingsAxis'), people),
        table: { columns: [t('schedule.chart.meetingsAxis'), people], rows: meetings.labels.map((l, i) => [l, meetings.counts[i]!]) },
      },
      {
        key: 'breaks',
        label: t('schedule.chart.breaks'),
        config: barChart(breaks.labels, breaks.counts, people, t('schedule.chart.breaksAxis'), people),
        table: { columns: [t('schedule.chart.breaksAxis'), people], rows: breaks.labels.map((l, i) => [l, breaks.counts[i]!]) },
      },
      {
        key: 'slots',
        label: t('schedule.chart.perSlot'),
        config: barChart(slotLabels, perSlot, t('schedule.report.meetings'), t('schedule.grid.slot'), t('schedule.report.meetings')),
        table: { columns: [t('schedule.grid.slot'), t('schedule.report.meetings')], rows: slotLabels.map((l, i) => [l, perSlot[i]!]) },
      },
    ];
  }, [report, slots, t]);

  return (
    <>
      {report.stoppedEarly || schedule.lastRun?.partial ? <p className="notice warn">{t('schedule.report.stoppedEarly')}</p> : null}
      {schedule.stale ? <p className="notice">{t('schedule.run.stale')}</p> : null}
      <h2>{t('schedule.report.quality')}</h2>
      <dl className="report-figures">
        <dt>{t('schedule.report.meetings')}</dt>
        <dd>{formatNumber(report.meetings)}</dd>
        <dt>{t('schedule.report.value')}</dt>
        <dd>{number(report.totalValue)}</dd>
        <dt>{t('schedule.report.bound')}</dt>
        <dd>{number(report.upperBound)}</dd>
        <dt>{t('schedule.report.gap')}</dt>
        <dd className="report-gap">
          {number(report.gap)} ({percent(report.relativeGap)})
        </dd>
        <dt>{t('schedule.report.selection')}</dt>
        <dd>{report.exact ? t('schedule.report.exactYes') : t('schedule.report.exactNo')}</dd>
        <dt>{t('schedule.report.utilisation')}</dt>
        <dd>{percent(report.tables.utilisation)}</dd>
        <dt>{t('schedule.report.seconds')}</dt>
        <dd>{t('schedule.report.secondsValue', { seconds: formatNumber(report.seconds.total, { maximumFractionDigits: 1 }) })}</dd>
      </dl>

      {report.unplaced.count ? <p className="warn">{t('schedule.report.unplaced', { count: formatNumber(report.unplaced.count) })}</p> : null}

      <h2>{t('schedule.report.breaksHeading')}</h2>
      <dl className="report-figures">
        <dt>{t('schedule.report.breaks')}</dt>
        <dd className="report-breaks">{t('schedule.report.breaksValue', { total: formatNumber(report.breaks.total), bound: formatNumber(report.breaks.lowerBound) })}</dd>
        <dt>{t('schedule.report.timetable')}</dt>
        <dd>{report.breaks.optimal ? t('schedule.report.optimalYes') : t('schedule.report.optimalNo')}</dd>
        {report.certificate ? (
          <>
            <dt>{t('schedule.report.boundBy')}</dt>
            <dd className="report-bound-by">{t(`schedule.report.boundBy.${report.certificate.lowerBoundBy}`)}</dd>
            <dt>{t('schedule.report.ending')}</dt>
            <dd className="report-ending">
              {t(`schedule.report.ending.${report.certificate.status}`, {
                seconds: formatNumber(report.certificate.stoppedAtSeconds, { maximumFractionDigits: 1 }),
                limit: formatNumber(report.certificate.timeLimitSeconds),
              })}
            </dd>
          </>
        ) : null}
        <dt>{t('schedule.report.spread')}</dt>
        <dd>{t('schedule.report.spreadValue', { spread: formatNumber(report.breaks.spread), fairness: formatNumber(report.breaks.fairness) })}</dd>
      </dl>
      {report.breaks.fairnessMet ? null : <p className="warn">{t('schedule.report.fairnessMissed')}</p>}
      <div className="report-charts">
        {charts.map((c) => (
          <Chart key={c.key} config={c.config} label={c.label} table={c.table} />
        ))}
      </div>

      <h2>{t('schedule.report.unmet')}</h2>
      {report.unmetMust.length ? <UnmetTable report={report} participants={participants} /> : <p className="ok">{t('schedule.report.unmetNone')}</p>}

      <h2>{t('schedule.report.below')}</h2>
      {report.belowMinimum.length ? (
        <div className="table-scroll">
          <table className="below-minimum">
            <TableHead columns={[t('schedule.report.participant'), t('schedule.report.meetings'), t('schedule.report.minimum')]} />
            <tbody>
              {report.belowMinimum.map((b) => (
                <tr key={b.participant}>
                  <th scope="row">{b.name ?? nameOf(participants, b.participant)}</th>
                  <td>{formatNumber(b.meetings)}</td>
                  <td>{formatNumber(b.minimum)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="ok">{t('schedule.report.belowNone')}</p>
      )}
    </>
  );
}

function UnmetTable({ report, participants }: { report: Report; participants: ReadonlyMap<string, Participant> }) {
  const t = useT();
  return (
    <div className="table-scroll">
      <table className="unmet-must">
        <TableHead columns={[t('schedule.report.pair'), t('schedule.report.reason')]} />
        <tbody>
          {report.unmetMust.map((u) => (
            <tr key={`${u.a}|${u.b}`}>
              <th scope="row">
                {u.aName ?? nameOf(participants, u.a)} · {u.bName ?? nameOf(participants, u.b)}
              </th>
              <td>{unmetReason(t, u, participants)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TableHead({ columns }: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th scope="col" key={c}>
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}
