/**
 * Evaluations of weight profiles against past outcomes, side by side: start one (profiles, k), the
 * stored ones newest first, and one evaluation as a table and charts: metrics per profile, what each
 * component adds (ablation), and NDCG@k against each weight.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChartConfiguration } from 'chart.js';
import { Link, useLocation, useParams } from 'wouter';
import { api, unwrap, type Schemas } from '../../../api/client.ts';
import { useLanguage, useT } from '../../../i18n/index.tsx';
import { Chart } from '../../../ui/Chart.tsx';
import { Field, fieldError, Loading, Page, Pager, ProblemMessage } from '../../../ui/components.tsx';
import { activeDefault, AnalystTabs, ColumnHeads, fixed, MetricBars, METRICS, profileRef, SERIES_COLOURS, useComponentName, useMetric, useMetricName, useProfiles } from '../shared.tsx';

type Evaluation = Schemas['Evaluation'];

export default function Evaluations() {
  const t = useT();
  const params = useParams<{ id?: string }>();
  return (
    <Page title={t('analyst.evaluations.title')}>
      <AnalystTabs />
      <p className="lead">{t('analyst.evaluations.lead')}</p>
      {params.id ? <EvaluationView id={params.id} /> : null}
      <NewEvaluation />
      <EvaluationList current={params.id} />
    </Page>
  );
}

function NewEvaluation() {
  const t = useT();
  const profiles = useProfiles();
  const queries = useQueryClient();
  const [, navigate] = useLocation();
  const [chosen, setChosen] = useState<string[] | undefined>();
  const [k, setK] = useState('10');
  const picked = chosen ?? (activeDefault(profiles.data) ? [profileRef(activeDefault(profiles.data)!)] : []);
  const start = useMutation({
    mutationFn: () => unwrap(api.POST('/evaluations', { body: { profiles: picked, k: Number(k) } })),
    onSuccess: async (evaluation) => {
      queries.setQueryData(['evaluation', evaluation.id], evaluation);
      await queries.invalidateQueries({ queryKey: ['evaluations'] });
      navigate(`/analysis/evaluations/${evaluation.id}`);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    start.mutate();
  }
  const toggle = (ref: string, on: boolean) => setChosen(on ? [...picked, ref] : picked.filter((r) => r !== ref));
  return (
    <section aria-labelledby="new-evaluation">
      <h2 id="new-evaluation">{t('analyst.evaluations.new')}</h2>
      <form className="form" onSubmit={submit}>
        <fieldset className="profile-choice">
          <legend>{t('analyst.evaluations.profiles')}</legend>
          {profiles.isPending ? <Loading /> : null}
          {profiles.data?.map((p) => (
            <label key={profileRef(p)} className="check">
              <input type="checkbox" checked={picked.includes(profileRef(p))} disabled={!picked.includes(profileRef(p)) && picked.length >= 5} onChange={(e) => toggle(profileRef(p), e.target.checked)} /> {profileRef(p)}
              {p.active ? <span className="muted"> ({t('analyst.profiles.active')})</span> : null}
            </label>
          ))}
          {fieldError(start.error, 'profiles') ? (
            <p className="field-error" role="alert">
              {fieldError(start.error, 'profiles')}
            </p>
          ) : null}
        </fieldset>
        <div className="form-row">
          <Field label={t('analyst.evaluations.k')} error={fieldError(start.error, 'k')} hint={t('analyst.evaluations.kHint')}>
            {(props) => <input {...props} type="number" min={1} max={100} value={k} onChange={(e) => setK(e.target.value)} className="narrow-number" required />}
          </Field>
          <button type="submit" className="primary" disabled={start.isPending || picked.length === 0}>
            {start.isPending ? t('analyst.evaluations.running') : t('analyst.evaluations.start')}
          </button>
        </div>
        {fieldError(start.error, 'profiles', 'k') ? null : <ProblemMessage error={start.error} />}
      </form>
    </section>
  );
}

function EvaluationList({ current }: { current: string | undefined }) {
  const t = useT();
  const { lang } = useLanguage();
  const [offset, setOffset] = useState(0);
  const list = useQuery({
    queryKey: ['evaluations', offset],
    queryFn: ({ signal }) => unwrap(api.GET('/evaluations', { params: { query: { limit: 10, offset } }, signal })),
  });
  return (
    <section aria-labelledby="stored-evaluations">
      <h2 id="stored-evaluations">{t('analyst.evaluations.stored')}</h2>
      {list.isPending ? <Loading /> : <ProblemMessage error={list.error} />}
      {list.data && list.data.items.length === 0 ? <p className="muted">{t('state.empty')}</p> : null}
      {list.data?.items.length ? (
        <table>
          <ColumnHeads labels={[t('analyst.evaluations.when'), t('analyst.evaluations.profilesColumn'), 'k']} />
          <tbody>
            {list.data.items.map((e) => (
              <tr key={e.id}>
                <th scope="row">
                  <Link href={`/analysis/evaluations/${e.id}`} aria-current={e.id === current ? 'page' : undefined}>
                    {new Date(e.createdAt).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'medium' })}
                  </Link>
                </th>
                <td>{e.params.profiles.join(', ')}</td>
                <td>{e.params.k}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {list.data ? <Pager offset={offset} limit={10} total={list.data.total} onChange={setOffset} /> : null}
    </section>
  );
}

function EvaluationView({ id }: { id: string }) {
  const t = useT();
  const evaluation = useQuery({
    queryKey: ['evaluation', id],
    queryFn: ({ signal }) => unwrap(api.GET('/evaluations/{id}', { params: { path: { id } }, signal })),
    staleTime: Infinity,
  });
  if (evaluation.isPending) return <Loading />;
  if (evaluation.error) return <ProblemMessage error={evaluation.error} />;
  return (
    <section aria-labelledby="evaluation-title" className="evaluation">
      <h2 id="evaluation-title">{t('analyst.evaluations.result', { profiles: evaluation.data.profiles.map((p) => p.profile).join(' · ') })}</h2>
      <p className="muted">
        {t('analyst.evaluations.basis', { events: evaluation.data.events.length, lists: evaluation.data.lists, judgements: evaluation.data.judgements, k: evaluation.data.options.k })}
      </p>
      <SideBySide evaluation={evaluation.data} />
      <div className="chart-grid">
        <MetricBars
          rows={evaluation.data.profiles.map((p) => ({ label: p.profile, metrics: p.overall }))}
          k={evaluation.data.options.k}
          label={t('analyst.evaluations.metricsChart')}
        />
        <AblationChart evaluation={evaluation.data} />
        <CurvesChart evaluation={evaluation.data} />
      </div>
    </section>
  );
}

/** Mean ± spread of every metric, one column per profile, the best of each row marked. */
function SideBySide({ evaluation }: { evaluation: Evaluation }) {
  const t = useT();
  const metric = useMetric();
  const metricName = useMetricName(evaluation.options.k);
  return (
    <div className="table-scroll">
      <table className="side-by-side">
        <caption>{t('analyst.evaluations.sideBySide')}</caption>
        <ColumnHeads labels={[t('analyst.evaluations.metric'), ...evaluation.profiles.map((p) => p.profile)]} />
        <tbody>
          {METRICS.map((m) => {
            const best = Math.max(...evaluation.profiles.map((p) => p.overall[m].mean ?? -Infinity));
            return (
              <tr key={m}>
                <th scope="row">{metricName(m)}</th>
                {evaluation.profiles.map((p) => {
                  const s = p.overall[m];
                  const isBest = evaluation.profiles.length > 1 && s.mean === best;
                  return (
                    <td key={p.profile} className={isBest ? 'best' : undefined}>
                      {metric(s.mean)}
                      {s.sd != null ? <span className="muted"> ± {metric(s.sd)}</span> : null}
                      {isBest ? <span className="visually-hidden"> ({t('analyst.evaluations.best')})</span> : null}
                      {isBest ? <span aria-hidden="true"> ★</span> : null}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function AblationChart({ evaluation }: { evaluation: Evaluation }) {
  const t = useT();
  const componentName = useComponentName();
  const components = evaluation.profiles[0]?.ablation.map((a) => a.component) ?? [];
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: components.map(componentName),
        datasets: evaluation.profiles.map((p, i) => ({ label: p.profile, data: p.ablation.map((a) => a.change.ndcg), backgroundColor: SERIES_COLOURS[i % SERIES_COLOURS.length] })),
      },
    }),
    [evaluation, t],
  );
  return (
    <Chart
      config={config}
      label={t('analyst.evaluations.ablationChart', { k: evaluation.options.k })}
      table={{
        columns: [t('analyst.evaluations.profile'), t('analyst.evaluations.component'), t('analyst.evaluations.without'), t('analyst.evaluations.changeColumn'), t('analyst.evaluations.alone')],
        rows: evaluation.profiles.flatMap((p) => p.ablation.map((a) => [p.profile, componentName(a.component), fixed(a.without.ndcg), fixed(a.change.ndcg), fixed(a.alone.ndcg)])),
      }}
    />
  );
}

function CurvesChart({ evaluation }: { evaluation: Evaluation }) {
  const t = useT();
  const componentName = useComponentName();
  const { curves } = evaluation;
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'line',
      data: {
        datasets: curves.components.map((c, i) => ({
          label: componentName(c.component),
          data: c.curve.map((p) => ({ x: p.weight, y: p.value })),
          borderColor: SERIES_COLOURS[i % SERIES_COLOURS.length],
          backgroundColor: SERIES_COLOURS[i % SERIES_COLOURS.length],
          pointRadius: c.curve.map((p) => (Math.abs(p.weight - c.current) < 0.025 ? 5 : 1)),
        })),
      },
      options: { scales: { x: { type: 'linear', min: 0, max: 1, title: { display: true, text: t('analyst.evaluations.weightAxis') } }, y: { title: { display: true, text: curves.metric } } } },
    }),
    [evaluation, t],
  );
  return (
    <Chart
      config={config}
      label={t('analyst.evaluations.curvesChart', { metric: curves.metric, profile: curves.profile })}
      table={{
        columns: [t('analyst.evaluations.weightAxis'), ...curves.components.map((c) => componentName(c.component))],
        rows: (curves.components[0]?.curve ?? []).map((p, i) => [fixed(p.weight, 2), ...curves.components.map((c) => fixed(c.curve[i]?.value ?? null))]),
      }}
    />
  );
}
