/**
 * Analysts' services: judged lists from past events' outcomes, evaluations of weight profiles on them,
 * and tuning runs (cross-validated coordinate ascent on worker threads, as a job) whose result is a new,
 * inactive version of the profile with its metrics beside the base profile's.
 */
import { availableParallelism } from 'node:os';
import { setImmediate } from 'node:timers/promises';
import type { Logger } from 'pino';
import { AppError } from '../../engine/errors.ts';
import type { MatchFeatures } from '../../engine/matching/features.ts';
import type { ScoringProfile } from '../../engine/matching/score.ts';
import { evaluateOnLists, type ProfileOnLists } from '../../engine/tuning/evaluate.ts';
import { tasksLargestFirst, TuningProgress, type AscentSettings, type CrossValidation, type RestartResult, type TuningCounts } from '../../engine/tuning/fit.ts';
import { judgedLists, type JudgedLists, type PastEvent } from '../../engine/tuning/history.ts';
import type { MetricOptions } from '../../engine/tuning/metrics.ts';
import type { RankingQuery } from '../../engine/tuning/rankingSet.ts';
import { getEvent, listParticipants } from '../../data/repositories/events.ts';
import { holdsJob, updateJob, type Job } from '../../data/repositories/jobs.ts';
import { eventsWithOutcomes, listOutcomes } from '../../data/repositories/outcomes.ts';
import { findWeightProfile, saveWeightProfile, type StoredProfile } from '../../data/repositories/weightProfiles.ts';
import { runOnce, ThreadPool, type Cancel } from '../../runtime/threads.ts';
import type { ServiceDeps } from './deps.ts';
import { JobQueue, QueuedService, type RunningJob } from './jobQueue.ts';
import type evaluate from './evaluation.worker.ts';
import type { EvaluationInput } from './evaluation.worker.ts';
import type tune from './tuning.worker.ts';
import type { ComparedProfile, TuningInput } from './tuning.worker.ts';

export type { TuningInput };

const EVALUATION_WORKER = new URL('./evaluation.worker.ts', import.meta.url);
const TUNING_WORKER = new URL('./tuning.worker.ts', import.meta.url);

export const TUNING_JOB = 'tuning';

export const profileLabel = (p: StoredProfile) => `${p.name}@v${p.version}`;

/**
 * The judged lists of the given events (all events with outcomes when none are given), scored as
 * `profile` scores. One event at a time, letting other requests in between: a large history takes
 * seconds to read and score.
 */
export async function loadJudgedLists(ctx: Pick<ServiceDeps, 'db' | 'matching'>, eventIds: readonly string[] | null, profile: ScoringProfile): Promise<JudgedLists & { events: string[] }> {
  const requested = eventIds ?? (await eventsWithOutcomes(ctx.db));
  // An event named twice counts once.
  const ids = [...new Set(requested)];
  const all: JudgedLists = { queries: [], skipped: { noFeatures: 0, noJudgement: 0 }, grades: [0, 0, 0, 0, 0] };
  for (const id of ids) {
    await existingEvent(ctx, id, `events.${requested.indexOf(id)}`);
    const participants = await listParticipants(ctx.db, id);
    const features = new Map<string, MatchFeatures | undefined>();
    for (const p of participants) {
      features.set(p.id, p.companyId ? ctx.matching.featuresOf(`company:${p.companyId}`) : p.cityId ? ctx.matching.featuresOf(`city:${p.cityId}`) : undefined);
    }
    const past: PastEvent = { eventId: id, features, outcomes: await listOutcomes(ctx.db, [id]) };
    const lists = judgedLists([past], ctx.matching.space, profile);
    all.queries.push(...lists.queries);
    all.skipped.noFeatures += lists.skipped.noFeatures;
    all.skipped.noJudgement += lists.skipped.noJudgement;
    lists.grades.forEach((n, g) => (all.grades[g]! += n));
    await setImmediate();
  }
  return { ...all, events: [...ids] };
}

/** A named event must exist: a 422 naming the field otherwise (it is part of the request's body). */
async function existingEvent(ctx: Pick<ServiceDeps, 'db'>, id: string, field: string): Promise<void> {
  await getEvent(ctx.db, id).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'not_found' ? new AppError('validation_failed', `event '${id}' does not exist`, { field }) : err;
  });
}

function tooFewEvents(params: TuningParams, events: number, what: string): void {
  if (events >= params.folds) return;
  throw new AppError('validation_failed', `${params.folds}-fold cross-validation needs at least ${params.folds} events with ${what}; these have ${events}`, { field: params.events ? 'events' : 'folds' });
}

export interface EvaluationRequest {
  profiles: StoredProfile[];
  events: string[] | null;
  options: MetricOptions;
}

/** Below this many judgements an evaluation runs in place: a thread would cost more than it saves. */
const INLINE_JUDGEMENTS = 5_000;

/** Every profile on the same judged lists, side by side (engine/tuning/evaluate.ts), on a thread of its own when large. */
export async function evaluateProfiles(ctx: Pick<ServiceDeps, 'db' | 'matching'>, request: EvaluationRequest) {
  // Lists depend on the size matrix (a component's values); profiles that share one share their lists.
  const listSets: Awaited<ReturnType<typeof loadJudgedLists>>[] = [];
  const setOf = new Map<string, number>();
  const profiles: ProfileOnLists[] = [];
  for (const profile of request.profiles) {
    const key = JSON.stringify(profile.sizeMatrix);
    let index = setOf.get(key);
    if (index === undefined) {
      const lists = await loadJudgedLists(ctx, request.events, profile);
      if (!lists.queries.length) throw new AppError('validation_failed', 'the events have no judged outcomes to evaluate against', { field: 'events' });
      index = listSets.push(lists) - 1;
      setOf.set(key, index);
    }
    profiles.push({ label: profileLabel(profile), weights: profile.weights, fusion: profile.fusion, lists: index });
  }
  const input: EvaluationInput = { listSets: listSets.map((l) => l.queries), profiles, options: request.options };
  const judgements = listSets.reduce((s, l) => s + l.grades.reduce((x, y) => x + y, 0), 0);
  const computed = judgements < INLINE_JUDGEMENTS ? evaluateOnLists(input.listSets, input.profiles, input.options) : await runOnce<typeof evaluate>(EVALUATION_WORKER, input);
  const base = listSets[0]!;
  return { events: base.events, grades: base.grades, skipped: base.skipped, options: request.options, ...computed };
}

export type EvaluationResult = Awaited<ReturnType<typeof evaluateProfiles>>;

/** A tuning run's progress as its job shows it: the phase, the fraction of restarts done, and the counts. */
export type TuningRunProgress = { phase: string; fraction: number } & TuningCounts;

/**
 * A cross-validated tuning run spread over threads (tuning.worker.ts): every thread builds the same plan
 * from the same lists, the restarts go to whichever thread is free, largest first, and one thread
 * assembles. Restarts are independent and seeded each on its own (see CrossValidationPlan), so the result
 * does not depend on the number of threads or the order they finish in. A cancel rejects with a conflict.
 */
export async function crossValidateOnThreads(
  input: TuningInput,
  options: { threads: number; cancel?: Cancel; onProgress?: (progress: TuningRunProgress) => void },
): Promise<CrossValidation> {
  const order = tasksLargestFirst(input.folds, input.settings);
  const pool = new ThreadPool<typeof tune>(TUNING_WORKER, { threads: Math.min(options.threads, order.length), data: input, cancel: options.cancel });
  const progress = new TuningProgress(input.folds, input.settings);
  const restart = async (index: number) => {
    const result = (await pool.run({ type: 'task', index })) as RestartResult;
    const counts = progress.record(index);
    const { done, total } = counts.restarts;
    options.onProgress?.({ phase: done < total ? 'fitting' : 'assembling', fraction: done / total, ...counts });
    return result;
  };
  try {
    const results = await Promise.all(order.map(restart));
    return (await pool.run({ type: 'assemble', results })) as CrossValidation;
  } finally {
    void pool.close();
  }
}

export interface TuningParams {
  /** The profile the run starts from and is compared against; the new version goes under `name`. */
  base: string;
  name: string;
  events: string[] | null;
  folds: number;
  seed: number;
  settings: Partial<AscentSettings>;
  options: MetricOptions;
}

interface TuningItem {
  params: TuningParams;
  base: StoredProfile;
  compare: StoredProfile[];
  /** Checked to exist when the run was asked for. */
  eventIds: string[];
  createdBy: string;
}

export class TuningService extends QueuedService<TuningItem> {
  protected readonly jobs: JobQueue<TuningItem>;

  /**
   * @param threads Threads per run. A run's restarts are independent, so on two cores two threads halve
   *   its time; requests still get their share of the cores, as they are short.
   */
  private readonly log: Logger;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly threads = availableParallelism(),
  ) {
    super();
    this.log = deps.log;
    this.jobs = new JobQueue(deps, deps.log, 'tuning run', TUNING_JOB, (job, item, running) => this.run(job.id, item, running));
  }

  /**
   * Checks what is cheap to check now (the events exist; enough of them have outcomes for the folds), so
   * that a bad request fails at once naming the field, then queues the run; reading and scoring the
   * outcomes is the job's first step.
   */
  async start(owner: { keyId: string; name: string }, params: TuningParams, base: StoredProfile, compare: StoredProfile[]): Promise<Job> {
    const ctx = this.deps;
    const requested = params.events ?? (await eventsWithOutcomes(ctx.db));
    const eventIds = [...new Set(requested)];
    for (const id of eventIds) await existingEvent(ctx, id, `events.${requested.indexOf(id)}`);
    const withOutcomes = params.events ? (await eventsWithOutcomes(ctx.db, params.events)).length : eventIds.length;
    tooFewEvents(params, withOutcomes, 'outcomes');
    return this.jobs.submit({ eventId: null, ownerKeyId: owner.keyId, params: { ...params } }, { params, base, compare, eventIds, createdBy: owner.name });
  }

  private async run(jobId: string, item: TuningItem, running: RunningJob): Promise<void> {
    const ctx = this.deps;
    const { params, base } = item;
    // The counts start at none of all; the latest counts are kept for the run's last word ('done').
    let latest: TuningRunProgress = { phase: 'reading outcomes', fraction: 0, ...new TuningProgress(params.folds, params.settings).counts() };
    const record = this.jobs.progressRecorder(jobId);
    const onProgress = (progress: TuningRunProgress) => record((latest = progress));
    await updateJob(ctx.db, jobId, { startedAt: new Date().toISOString(), progress: latest }, this.jobs.holder);
    let lists: Awaited<ReturnType<typeof loadJudgedLists>>;
    const compare: ComparedProfile[] = [];
    try {
      lists = await loadJudgedLists(ctx, item.eventIds, base);
      // Outcomes may all be of participants without features, or of no-shows: judged lists decide.
      tooFewEvents(params, new Set(lists.queries.map((q) => q.eventId)).size, 'judged outcomes');
      // Each compared profile is judged as it scores: its fusion, and lists of its own where its size matrix differs.
      for (const p of [base, ...item.compare.filter((p) => profileLabel(p) !== profileLabel(base))]) {
        const sameLists = JSON.stringify(p.sizeMatrix) === JSON.stringify(base.sizeMatrix);
        compare.push({ label: profileLabel(p), weights: p.weights, fusion: p.fusion, queries: sameLists ? undefined : (await loadJudgedLists(ctx, item.eventIds, p)).queries });
      }
    } catch (err) {
      return this.jobs.fail(jobId, err);
    }
    const cv = await this.jobs.onThreads(running, () =>
      crossValidateOnThreads(
        {
          queries: lists.queries as RankingQuery[],
          fusion: base.fusion,
          start: base.weights,
          compare,
          folds: params.folds,
          seed: params.seed,
          settings: params.settings,
          metrics: params.options,
        },
        { threads: this.threads, cancel: running.cancel, onProgress },
      ),
    );
    if (!cv) return;
    const summary = {
      tuningRun: jobId,
      base: profileLabel(base),
      events: lists.events.length,
      lists: lists.queries.length,
      folds: params.folds,
      metric: `ndcg@${params.options.k}`,
      crossValidated: cv.summary,
      trainNdcg: cv.final.ndcg,
    };
    let saved: StoredProfile;
    try {
      saved = await ctx.db.transaction().execute(async (trx) => {
        if (!(await holdsJob(trx, ctx.dialect, jobId, this.jobs.holder))) throw new AppError('conflict', 'This run lost its job (its lease expired); its profile is not saved', { field: 'job' });
        return saveWeightProfile(trx, {
          name: params.name,
          weights: cv.final.weights,
          fusion: base.fusion,
          sizeMatrix: base.sizeMatrix,
          activate: false,
          note: `fitted by tuning run ${jobId} on ${lists.events.length} events from ${profileLabel(base)}`,
          createdBy: item.createdBy,
          metrics: summary,
        });
      });
    } catch (err) {
      return this.jobs.fail(jobId, err);
    }
    ctx.profileCache.clear();
    await updateJob(ctx.db, jobId, { progress: { ...latest, phase: 'done', fraction: 1 } }, this.jobs.holder);
    const fitted = cv.summary[0]!.metrics.ndcg.mean;
    const baseline = cv.summary[1]?.metrics.ndcg.mean ?? null;
    this.log.info({ jobId, profile: profileLabel(saved), fitted, base: baseline }, 'weights fitted');
    return this.jobs.finish(jobId, 'succeeded', {
      profile: { name: saved.name, version: saved.version, weights: saved.weights, active: saved.active },
      ...summary,
      skipped: lists.skipped,
      grades: lists.grades,
      foldResults: cv.folds,
      final: cv.final,
      settings: cv.settings,
      seed: cv.seed,
    });
  }
}
