/**
 * "Generate schedule": starts a run (a job), follows its progress (phase, share of the time budget,
 * the selection's quality, best breaks so far against the lower bound and how that is proven) and
 * cancels it; a cancel keeps the best schedule found, and the panel says which happened and, when the
 * run ended by itself, whether it proved its schedule optimal or stopped improving.
 */
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client.ts';
import { useLanguage, useT } from '../../../i18n/index.tsx';
import { ProblemMessage, ProgressBar } from '../../../ui/components.tsx';
import { scheduleKey, type Job, type RunProgress, type Schedule } from '../data.ts';

const isActive = (job: Pick<Job, 'status'>) => job.status === 'queued' || job.status === 'running';

/** How often a running job is asked for its progress. */
const POLL_MS = 400;

export function RunPanel({ eventId, schedule }: { eventId: string; schedule: Schedule }) {
  const t = useT();
  const { formatNumber } = useLanguage();
  const queries = useQueryClient();
  const [jobId, setJobId] = useState<string | undefined>(schedule.currentJob && isActive(schedule.currentJob) ? schedule.currentJob.id : undefined);
  const job = useQuery({
    queryKey: ['job', jobId],
    enabled: jobId !== undefined,
    staleTime: 0,
    queryFn: () => unwrap(api.GET('/jobs/{jobId}', { params: { path: { jobId: jobId! } } })),
    refetchInterval: (query) => (query.state.data && !isActive(query.state.data) ? false : POLL_MS),
  });
  const start = useMutation({
    mutationFn: () => unwrap(api.POST('/events/{id}/schedule', { params: { path: { id: eventId } }, body: {} })),
    onSuccess: (started) => setJobId(started.id),
  });
  const cancel = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/jobs/{jobId}/cancel', { params: { path: { jobId: id } } })),
    onSuccess: () => void job.refetch(),
  });

  const current = job.data && job.data.id === jobId ? job.data : undefined;
  const finished = current && !isActive(current) ? current.status : undefined;
  useEffect(() => {
    if (finished) void queries.invalidateQueries({ queryKey: scheduleKey(eventId) });
  }, [finished, eventId, queries]);

  const running = current ? isActive(current) : start.isPending;
  const progress = (current?.progress ?? {}) as RunProgress;
  const phase = progress.phase ?? 'queued';
  const percent = formatNumber(progress.fraction ?? 0, { style: 'percent', maximumFractionDigits: 0 });
  const kept = (current?.result as { partial?: boolean } | null | undefined)?.partial;

  return (
    <section className="run-panel" aria-labelledby="run-heading">
      <h2 id="run-heading">{t('schedule.run.heading')}</h2>
      <div className="form-row">
        <button type="button" className="primary" disabled={running} onClick={() => start.mutate()}>
          {t('schedule.run.generate')}
        </button>
        {running && jobId ? (
          <button type="button" className="danger" disabled={cancel.isPending} onClick={() => cancel.mutate(jobId)}>
            {t('schedule.run.cancel')}
          </button>
        ) : null}
      </div>
      <ProblemMessage error={start.error ?? cancel.error ?? job.error} />
      {current && isActive(current) ? (
        <div className="run-progress">
          <ProgressBar value={progress.fraction ?? 0} label={t('schedule.run.progress')} detail={`${t(`schedule.phase.${phase}`)} · ${percent}`} />
          <p aria-live="polite" className="run-phase">
            {t(`schedule.phase.${phase}`)}
          </p>
          <RunFacts progress={progress} />
        </div>
      ) : null}
      {finished ? (
        <div role="status" className="run-outcome">
          {finished === 'succeeded' ? <p className="ok">{t('schedule.run.succeeded')}</p> : null}
          {finished === 'succeeded' && progress.certificate ? <RunEnding certificate={progress.certificate} /> : null}
          {finished === 'cancelled' ? <p className="warn">{kept ? t('schedule.run.cancelledKept') : t('schedule.run.cancelledNothing')}</p> : null}
          {finished === 'failed' ? <p className="problem">{t('schedule.run.failed', { detail: current?.error?.message ?? '' })}</p> : null}
          <RunFacts progress={progress} />
        </div>
      ) : null}
    </section>
  );
}

/** What the run knows so far: the selection's quality, then the best breaks against the lower bound. */
function RunFacts({ progress }: { progress: RunProgress }) {
  const t = useT();
  const { formatNumber } = useLanguage();
  const { selection } = progress;
  return (
    <ul className="run-facts">
      {selection ? (
        <li>
          {selection.exact || selection.relativeGap === 0
            ? t('schedule.run.selectionExact', { meetings: formatNumber(selection.meetings) })
            : t('schedule.run.selection', { meetings: formatNumber(selection.meetings), gap: formatNumber(selection.relativeGap, { style: 'percent', maximumFractionDigits: 1 }) })}
        </li>
      ) : null}
      {progress.lowerBound !== undefined ? (
        <li className="run-best">
          {progress.bestBreaks !== undefined
            ? t('schedule.run.best', { breaks: formatNumber(progress.bestBreaks), bound: formatNumber(progress.lowerBound) })
            : t('schedule.run.bestNone')}
        </li>
      ) : null}
      {progress.lowerBoundBy ? <li className="run-bound-by">{t(`schedule.run.boundBy.${progress.lowerBoundBy}`)}</li> : null}
    </ul>
  );
}

/** How a run that ended by itself ended: at a proven optimum, or when it stopped improving. */
function RunEnding({ certificate }: { certificate: NonNullable<RunProgress['certificate']> }) {
  const t = useT();
  const { formatNumber } = useLanguage();
  const figures = { seconds: formatNumber(certificate.stoppedAtSeconds, { maximumFractionDigits: 1 }), limit: formatNumber(certificate.timeLimitSeconds) };
  if (certificate.status === 'optimal' || certificate.status === 'breaksOptimal') return <p className="ok run-ending">{t(`schedule.run.${certificate.status}`, figures)}</p>;
  if (certificate.status === 'stalled') return <p className="run-ending">{t('schedule.run.stalled', figures)}</p>;
  return null;
}
