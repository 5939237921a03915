/**
 * Tuning runs: start one (base profile, profiles to compare, folds, restarts), follow it with a progress
 * bar in counts (restarts and folds done of all), then compare the fitted weights and their held-out
 * metrics with the base and the active profile, activate the fitted version, and roll back.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client.ts';
import { useLanguage, useT } from '../../../i18n/index.tsx';
import { Field, fieldError, Loading, Page, ProblemMessage, ProgressBar, useLabel } from '../../../ui/components.tsx';
import {
  activeDefault,
  AnalystTabs,
  ColumnHeads,
  componentsOf,
  MetricBars,
  METRICS,
  PROFILES_KEY,
  profileRef,
  ProfileSelect,
  useActivate,
  useComponentName,
  useMetric,
  useMetricName,
  usePercent,
  useProfiles,
  type WeightProfile,
} from '../shared.tsx';

type TuningRun = Schemas['TuningRun'];
type TuningResult = NonNullable<TuningRun['result']>;
const RUNS_KEY = ['tuning-runs'] as const;
const FOLLOW_MS = 300;
const isOpen = (run: TuningRun) => run.status === 'queued' || run.status === 'running';

export default function Tuning() {
  const t = useT();
  const [selected, setSelected] = useState<string>();
  const runs = useQuery({
    queryKey: RUNS_KEY,
    queryFn: ({ signal }) => unwrap(api.GET('/tuning-runs', { params: { query: { limit: 10 } }, signal })),
    // Followed while a run is queued or running: its progress moves.
    refetchInterval: (query) => (query.state.data?.items.some(isOpen) ? FOLLOW_MS : false),
  });
  const shown = runs.data?.items.find((r) => r.id === selected) ?? runs.data?.items[0];

  return (
    <Page title={t('analyst.tuning.title')}>
      <AnalystTabs />
      <p className="lead">{t('analyst.tuning.lead')}</p>
      <StartRun onStarted={setSelected} />
      <section aria-labelledby="runs-title">
        <h2 id="runs-title">{t('analyst.tuning.runs')}</h2>
        {runs.isPending ? <Loading /> : <ProblemMessage error={runs.error} />}
        {runs.data && runs.data.items.length === 0 ? <p className="muted">{t('state.empty')}</p> : null}
        {runs.data?.items.length ? <RunList runs={runs.data.items} shown={shown?.id} onShow={setSelected} /> : null}
      </section>
      {shown ? <RunDetail key={shown.id} run={shown} /> : null}
    </Page>
  );
}

function StartRun({ onStarted }: { onStarted(id: string): void }) {
  const t = useT();
  const queries = useQueryClient();
  const profiles = useProfiles();
  const [baseRef, setBaseRef] = useState<string>();
  const [compare, setCompare] = useState<string[]>([]);
  const [folds, setFolds] = useState('3');
  const [restarts, setRestarts] = useState('3');
  const [iterations, setIterations] = useState('10');
  const base = profiles.data?.find((p) => profileRef(p) === baseRef) ?? activeDefault(profiles.data);
  const start = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/tuning-runs', {
          body: { ...(base ? { profile: profileRef(base) } : {}), compare: compare.filter((c) => c !== (base && profileRef(base))), folds: Number(folds), restarts: Number(restarts), iterations: Number(iterations) },
        }),
      ),
    onSuccess: async (run) => {
      onStarted(run.id);
      await queries.invalidateQueries({ queryKey: RUNS_KEY });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    start.mutate();
  }
  const others = profiles.data?.filter((p) => !base || profileRef(p) !== profileRef(base)) ?? [];
  return (
    <section aria-labelledby="start-run">
      <h2 id="start-run">{t('analyst.tuning.start')}</h2>
      <form className="form" onSubmit={submit}>
        <div className="form-row">
          {profiles.data ? (
            <ProfileSelect
              label={t('analyst.tuning.base')}
              profiles={profiles.data}
              value={base ? profileRef(base) : ''}
              onChange={setBaseRef}
              hint={t('analyst.tuning.baseHint')}
              error={fieldError(start.error, 'profile')}
            />
          ) : null}
          <Field label={t('analyst.tuning.folds')} error={fieldError(start.error, 'folds')}>
            {(props) => <input {...props} type="number" min={2} max={10} value={folds} onChange={(e) => setFolds(e.target.value)} className="narrow-number" required />}
          </Field>
          <Field label={t('analyst.tuning.restarts')} error={fieldError(start.error, 'restarts')}>
            {(props) => <input {...props} type="number" min={1} max={20} value={restarts} onChange={(e) => setRestarts(e.target.value)} className="narrow-number" required />}
          </Field>
          <Field label={t('analyst.tuning.iterations')} error={fieldError(start.error, 'iterations')}>
            {(props) => <input {...props} type="number" min={1} max={50} value={iterations} onChange={(e) => setIterations(e.target.value)} className="narrow-number" required />}
          </Field>
        </div>
        {others.length ? (
          <fieldset className="profile-choice">
            <legend>{t('analyst.tuning.compare')}</legend>
            {others.map((p) => (
              <label key={profileRef(p)} className="check">
                <input
                  type="checkbox"
                  checked={compare.includes(profileRef(p))}
                  disabled={!compare.includes(profileRef(p)) && compare.length >= 4}
                  onChange={(e) => setCompare(e.target.checked ? [...compare, profileRef(p)] : compare.filter((c) => c !== profileRef(p)))}
                />{' '}
                {profileRef(p)}
              </label>
            ))}
          </fieldset>
        ) : null}
        <div>
          <button type="submit" className="primary" disabled={start.isPending || !base}>
            {t('analyst.tuning.startButton')}
          </button>
        </div>
        {fieldError(start.error, 'profile', 'folds', 'restarts', 'iterations') ? null : <ProblemMessage error={start.error} />}
      </form>
    </section>
  );
}

/** "7 of 18 restarts · 1 of 5 folds · final fit done". */
function useProgressText(): (run: TuningRun) => string {
  const t = useT();
  const label = useLabel();
  return (run) => {
    const { restarts, folds, finalFit, phase } = run.progress;
    if (!restarts || !folds) return t(`analyst.tuning.status.${run.status}`);
    return [
      t('analyst.tuning.restartsDone', { done: restarts.done, total: restarts.total }),
      t('analyst.tuning.foldsDone', { done: folds.done, total: folds.total }),
      finalFit ? t('analyst.tuning.finalFitDone') : t('analyst.tuning.finalFitPending'),
      isOpen(run) ? label('analyst.tuning.phase', phase) : '',
    ]
      .filter(Boolean)
      .join(' · ');
  };
}

function RunList({ runs, shown, onShow }: { runs: TuningRun[]; shown: string | undefined; onShow(id: string): void }) {
  const t = useT();
  const { lang } = useLanguage();
  const progressText = useProgressText();
  return (
    <div className="table-scroll">
      <table>
        <ColumnHeads labels={[t('analyst.tuning.started'), t('analyst.tuning.base'), t('analyst.tuning.status'), t('analyst.tuning.progress'), t('analyst.tuning.fitted')]} />
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} className={run.id === shown ? 'row-active' : undefined}>
              <th scope="row">
                <button type="button" className="link" aria-pressed={run.id === shown} onClick={() => onShow(run.id)}>
                  {new Date(run.createdAt).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'medium' })}
                </button>
              </th>
              <td>{run.params.base}</td>
              <td>{t(`analyst.tuning.status.${run.status}`)}</td>
              <td>{progressText(run)}</td>
              <td>{run.result ? `${run.result.profile.name}@v${run.result.profile.version}` : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunDetail({ run }: { run: TuningRun }) {
  const t = useT();
  const queries = useQueryClient();
  const progressText = useProgressText();
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST('/tuning-runs/{id}/cancel', { params: { path: { id: run.id } } })),
    onSettled: () => queries.invalidateQueries({ queryKey: RUNS_KEY }),
  });
  const restarts = run.progress.restarts;
  return (
    <section aria-labelledby="run-title" className="run-detail">
      <h2 id="run-title">{t('analyst.tuning.run', { base: run.params.base, status: t(`analyst.tuning.status.${run.status}`) })}</h2>
      <div aria-live="polite">
        <ProgressBar
          label={t('analyst.tuning.progress')}
          value={restarts ? restarts.done : run.progress.fraction}
          max={restarts ? restarts.total : 1}
          detail={progressText(run)}
        />
      </div>
      {isOpen(run) ? (
        <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
          {t('analyst.tuning.cancel')}
        </button>
      ) : null}
      <ProblemMessage error={cancel.error} />
      {run.error ? <ProblemMessage error={new Error(run.error.message)} /> : null}
      {run.result ? <Comparison result={run.result} /> : null}
    </section>
  );
}

/** The fitted weights beside the base's and the active version's, their held-out metrics, and activate / roll back. */
function Comparison({ result }: { result: TuningResult }) {
  const t = useT();
  const profiles = useProfiles();
  const activate = useActivate();
  const componentName = useComponentName();
  const percent = usePercent();
  const metric = useMetric();
  const k = Number(/@(\d+)/.exec(result.metric)?.[1] ?? 10);
  const metricName = useMetricName(k);
  const [rollBackTo, setRollBackTo] = useState<string>();
  const fittedRef = `${result.profile.name}@v${result.profile.version}`;
  const queries = useQueryClient();
  // The run stored a new version: the list of profiles read before it finished does not have it yet.
  useEffect(() => {
    void queries.invalidateQueries({ queryKey: PROFILES_KEY });
  }, [queries, fittedRef]);
  const fitted = profiles.data?.find((p) => profileRef(p) === fittedRef);
  const active = profiles.data?.find((p) => p.name === result.profile.name && p.active);
  const base = profiles.data?.find((p) => profileRef(p) === result.base);
  const columns: { label: string; profile: Pick<WeightProfile, 'weights'> | undefined }[] = [
    { label: t('analyst.tuning.fittedColumn', { profile: fittedRef }), profile: { weights: result.profile.weights } },
    { label: t('analyst.tuning.baseColumn', { profile: result.base }), profile: base },
    ...(active && profileRef(active) !== result.base && profileRef(active) !== fittedRef ? [{ label: t('analyst.tuning.activeColumn', { profile: profileRef(active) }), profile: active }] : []),
  ];
  const fittedNdcg = result.crossValidated[0]?.metrics.ndcg.mean ?? null;
  const baseNdcg = result.crossValidated[1]?.metrics.ndcg.mean ?? null;

  function activateFitted() {
    if (active) setRollBackTo(profileRef(active));
    activate.mutate(fittedRef);
  }

  return (
    <div className="comparison">
      <h3>{t('analyst.tuning.weightsTitle')}</h3>
      <table className="side-by-side">
        <ColumnHeads labels={[t('analyst.evaluations.component'), ...columns.map((c) => c.label)]} />
        <tbody>
          {componentsOf(result.profile.weights).map((c) => (
            <tr key={c}>
              <th scope="row">{componentName(c)}</th>
              {columns.map((col) => (
                <td key={col.label}>{percent(col.profile?.weights[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{t('analyst.tuning.heldOut', { folds: result.folds, events: result.events })}</h3>
      <table className="side-by-side">
        <ColumnHeads labels={[t('analyst.evaluations.profile'), ...METRICS.map(metricName)]} />
        <tbody>
          {result.crossValidated.map((row, i) => (
            <tr key={row.label}>
              <th scope="row">{i === 0 ? t('analyst.tuning.fittedColumn', { profile: fittedRef }) : row.label}</th>
              {METRICS.map((m) => (
                <td key={m}>
                  {metric(row.metrics[m].mean)}
                  {row.metrics[m].sd != null ? <span className="muted"> ± {metric(row.metrics[m].sd)}</span> : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {fittedNdcg != null && baseNdcg != null ? (
        <p className={fittedNdcg > baseNdcg ? 'ok' : 'warn'}>
          {fittedNdcg > baseNdcg
            ? t('analyst.tuning.better', { profile: result.base, by: metric(fittedNdcg - baseNdcg), metric: metricName('ndcg') })
            : t('analyst.tuning.notBetter', { profile: result.base, metric: metricName('ndcg') })}
        </p>
      ) : null}
      <MetricBars rows={result.crossValidated.map((row, i) => ({ label: i === 0 ? fittedRef : row.label, metrics: row.metrics }))} k={k} label={t('analyst.tuning.heldOutChart')} />

      <div className="page-actions">
        {fitted?.active ? (
          <p role="status" className="ok">
            {t('analyst.tuning.isActive', { profile: fittedRef })}
          </p>
        ) : (
          <button type="button" className="primary" disabled={activate.isPending || !fitted} onClick={activateFitted}>
            {t('analyst.tuning.activate', { profile: fittedRef })}
          </button>
        )}
        {rollBackTo && fitted?.active ? (
          <button type="button" disabled={activate.isPending} onClick={() => activate.mutate(rollBackTo)}>
            {t('analyst.tuning.rollBack', { profile: rollBackTo })}
          </button>
        ) : null}
      </div>
      {activate.isSuccess ? (
        <p role="status" className="ok">
          {t('analyst.profiles.activated', { profile: profileRef(activate.data) })}
        </p>
      ) : null}
      <ProblemMessage error={activate.error} />
    </div>
  );
}
