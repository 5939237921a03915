/**
 * Scheduling runs as jobs (jobQueue.ts): one at a time on a thread of its own (schedule.worker.ts), with
 * progress (phase, fraction, the selection's quality, best breaks so far and their lower bound with how it
 * was proven; when done, the report's certificate) and cancel, which keeps the best schedule found once
 * the worker has begun planning (the job ends cancelled, its result marked partial). A run ends as soon
 * as it is done (engine/scheduling/timetable.ts): at a proven optimum or when it stops improving.
 * The result is stored only if the event did not change while the run was searching.
 */
import type { Logger } from 'pino';
import { AppError } from '../../engine/errors.ts';
import type { EventParticipant, MatchmakingEvent } from '../../engine/events.ts';
import { DEFAULT_PROFILE, pairScore, type ScoringProfile } from '../../engine/matching/score.ts';
import { symmetricFusion } from '../../engine/matching/fusion.ts';
import type { MatchFeatures } from '../../engine/matching/features.ts';
import { buildPlanData, type PairScoring, type PlanData } from '../../engine/scheduling/input.ts';
import { eventRevision, getEvent, listMeetings, listParticipants, listRequests, listWishes, saveSchedule } from '../../data/repositories/events.ts';
import { findJob, holdsJob, latestJob, updateJob, type Job } from '../../data/repositories/jobs.ts';
import { lockRow } from '../../data/db.ts';
import { runOnce } from '../../runtime/threads.ts';
import type { ServiceDeps } from './deps.ts';
import { JobQueue, QueuedService, type RunningJob } from './jobQueue.ts';
import type schedule from './schedule.worker.ts';
import type { ScheduleWorkerData } from './schedule.worker.ts';

const SCHEDULE_WORKER = new URL('./schedule.worker.ts', import.meta.url);

export const SCHEDULE_JOB = 'schedule';

export interface ScheduleParams {
  timeLimitSeconds: number;
  seed: number;
}

/** Scores pairs of an event's participants with the matching engine's default profile, its fusion without a searcher: a meeting's value is the same seen from either side. */
export class PairScorer implements PairScoring<MatchFeatures> {
  private readonly profile: ScoringProfile;

  constructor(
    private readonly matching: ServiceDeps['matching'],
    profile: ScoringProfile,
  ) {
    this.profile = { ...profile, fusion: symmetricFusion(profile.fusion) };
  }

  static async create(deps: Pick<ServiceDeps, 'db' | 'matching' | 'profileCache'>): Promise<PairScorer> {
    const stored = await deps.profileCache.find(deps.db, undefined);
    return new PairScorer(deps.matching, stored ?? DEFAULT_PROFILE);
  }

  featuresOf(p: EventParticipant): MatchFeatures | undefined {
    if (p.companyId) return this.matching.featuresOf(`company:${p.companyId}`);
    if (p.cityId) return this.matching.featuresOf(`city:${p.cityId}`);
    return undefined;
  }

  score(a: MatchFeatures | undefined, b: MatchFeatures | undefined): number | undefined {
    if (!a || !b) return undefined;
    return Math.round(pairScore(this.matching.space, this.profile, a, b).score * 1e6) / 1e6;
  }

  /** A "not interested" mark either way: match lists leave the partner out, so suggestions do too. */
  unwanted(a: MatchFeatures, b: MatchFeatures): boolean {
    return !!(this.matching.dismissedBy(a.key)?.has(b.key) || this.matching.dismissedBy(b.key)?.has(a.key));
  }
}

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Everything a run needs besides the event, which the run read once and hands in: its revision is the one the run plans for. */
export async function loadPlanInput(ctx: Pick<ServiceDeps, 'db' | 'matching' | 'profileCache'>, event: MatchmakingEvent): Promise<{ input: PlanData; revision: number }> {
  const [participants, wishes, requests, meetings] = await Promise.all([
    listParticipants(ctx.db, event.id),
    listWishes(ctx.db, event.id),
    listRequests(ctx.db, event.id),
    listMeetings(ctx.db, event.id),
  ]);
  const input = await buildPlanData({ event, participants, wishes, requests, meetings }, await PairScorer.create(ctx), yieldToRequests);
  return { revision: event.revision, input };
}

export class ScheduleService extends QueuedService<ScheduleParams> {
  protected readonly jobs: JobQueue<ScheduleParams>;
  private readonly log: Logger;

  constructor(private readonly deps: ServiceDeps) {
    super();
    this.log = deps.log;
    this.jobs = new JobQueue(deps, deps.log, 'schedule run', SCHEDULE_JOB, (job, params, running) => this.run(job.id, job.eventId!, params, running));
  }

  /** Queues a run for the event; one run per event at a time. */
  async start(eventId: string, ownerKeyId: string, params: ScheduleParams): Promise<Job> {
    const { db, dialect } = this.deps;
    // The check and the new job in one transaction, the event's row locked: two requests through two
    // instances cannot both find no run and both queue one.
    const job = await db.transaction().execute(async (trx) => {
      await lockRow(trx, dialect, 'events', eventId);
      await eventRevision(trx, eventId); // it exists; the run reads it when it starts, queued runs included
      const active = await latestJob(trx, eventId, SCHEDULE_JOB, ['queued', 'running']);
      if (active) throw new AppError('conflict', `A schedule run for this event is already ${active.status} (${active.id})`, { field: 'job' });
      return this.jobs.submit({ eventId, ownerKeyId, params: { ...params } }, params, trx);
    });
    // Taken before the answer when this instance has room: a cancel right after reaches the run.
    await this.jobs.wake();
    return job;
  }

  private async run(jobId: string, eventId: string, params: ScheduleParams, running: RunningJob): Promise<void> {
    const ctx = this.deps;
    const jobs = this.jobs;
    const startedAt = new Date().toISOString();
    await updateJob(ctx.db, jobId, { startedAt, progress: { phase: 'loading', fraction: 0 } }, jobs.holder);
    let loaded: Awaited<ReturnType<typeof loadPlanInput>>;
    try {
      loaded = await loadPlanInput(ctx, await getEvent(ctx.db, eventId));
    } catch (err) {
      return jobs.fail(jobId, err);
    }
    const data: ScheduleWorkerData = { input: loaded.input, timeLimitMs: params.timeLimitSeconds * 1000, seed: params.seed };
    // A cancel during the timetable search ends the search, not the run: the best timetable found so far is kept.
    const plan = await jobs.onThreads(running, () => runOnce<typeof schedule>(SCHEDULE_WORKER, data, { cancel: running.cancel, onProgress: jobs.progressRecorder(jobId) }), { keepOnCancel: true });
    if (!plan) return;
    const cancelled = running.cancel.requested;
    try {
      await ctx.db.transaction().execute(async (trx) => {
        // Only the run that still holds the job writes: one whose lease expired (and whose event may have
        // been scheduled again since) must not replace a newer run's meetings.
        if (!(await holdsJob(trx, ctx.dialect, jobId, jobs.holder))) throw new AppError('conflict', 'This run lost its job (its lease expired); its schedule is not kept', { field: 'job' });
        await saveSchedule(
          trx,
          eventId,
          jobId,
          loaded.revision,
          plan.meetings.map((m) => ({ a: m.a, b: m.b, slot: m.slot, tableId: m.table, origin: m.origin, value: m.value, status: m.status })),
          new Map(loaded.input.participants.map((p) => [p.id, p.name])),
        );
      });
    } catch (err) {
      return jobs.fail(jobId, err);
    }
    const last = await findJob(ctx.db, jobId);
    const { certificate } = plan.report;
    await updateJob(
      ctx.db,
      jobId,
      { progress: { ...last?.progress, phase: 'done', fraction: 1, bestBreaks: plan.report.breaks.total, lowerBound: certificate.lowerBound, lowerBoundBy: certificate.lowerBoundBy, certificate } },
      jobs.holder,
    );
    this.log.info({ jobId, eventId, meetings: plan.report.meetings, breaks: plan.report.breaks.total, gap: plan.report.gap, seconds: plan.report.seconds.total, status: certificate.status, cancelled }, 'event scheduled');
    // A cancelled run that kept its best timetable is still cancelled; its result says the schedule is partial.
    return jobs.finish(jobId, cancelled ? 'cancelled' : 'succeeded', { revision: loaded.revision, report: plan.report, partial: cancelled });
  }
}
