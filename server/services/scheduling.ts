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
import { createJob, findJob, latestJob, updateJob, type Job } from '../../data/repositories/jobs.ts';
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

export class ScheduleService extends QueuedService<{ eventId: string; params: ScheduleParams }> {
  protected readonly jobs: JobQueue<{ eventId: string; params: ScheduleParams }>;
  private readonly log: Logger;

  constructor(private readonly deps: ServiceDeps) {
    super();
    this.log = deps.log;
    this.jobs = new JobQueue(deps, deps.log, 'scheduler', (jobId, item, running) => this.run(jobId, item.eventId, item.params, running));
  }

  /** Queues a run for the event; one run per event at a time. */
  async start(eventId: string, ownerKeyId: string, params: ScheduleParams): Promise<Job> {
    const { db } = this.deps;
    await eventRevision(db, eventId); // it exists; the run reads it when it starts, queued runs included
    const active = await latestJob(db, eventId, SCHEDULE_JOB, ['queued', 'running']);
    if (active) throw new AppError('conflict', `A schedule run for this event is already ${active.status} (${active.id})`, { field: 'job' });
    const job = await createJob(db, { kind: SCHEDULE_JOB, eventId, ownerKeyId, params: { ...params } });
    this.jobs.enqueue(job.id, { eventId, params });
    return job;
  }

  private async run(jobId: string, eventId: string, params: ScheduleParams, running: RunningJob): Promise<void> {
    const ctx = this.deps;
    const jobs = this.jobs;
    const startedAt = new Date().toISOString();
    await updateJob(ctx.db, jobId, { status: 'running', startedAt, progress: { phase: 'loading', fraction: 0 } });
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
      await ctx.db.transaction().execute((trx) =>
        saveSchedule(
          trx,
          eventId,
          jobId,
          loaded.revision,
          plan.meetings.map((m) => ({ a: m.a, b: m.b, slot: m.slot, tableId: m.table, origin: m.origin, value: m.value, status: m.status })),
          new Map(loaded.input.participants.map((p) => [p.id, p.name])),
        ),
      );
    } catch (err) {
      return jobs.fail(jobId, err);
    }
    const last = await findJob(ctx.db, jobId);
    const { certificate } = plan.report;
    await updateJob(ctx.db, jobId, {
      progress: { ...last?.progress, phase: 'done', fraction: 1, bestBreaks: plan.report.breaks.total, lowerBound: certificate.lowerBound, lowerBoundBy: certificate.lowerBoundBy, certificate },
    });
    this.log.info({ jobId, eventId, meetings: plan.report.meetings, breaks: plan.report.breaks.total, gap: plan.report.gap, seconds: plan.report.seconds.total, status: certificate.status, cancelled }, 'event scheduled');
    // A cancelled run that kept its best timetable is still cancelled; its result says the schedule is partial.
    return jobs.finish(jobId, cancelled ? 'cancelled' : 'succeeded', { revision: loaded.revision, report: plan.report, partial: cancelled });
  }
}
