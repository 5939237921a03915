/**
 * One thread of a tuning run (a ThreadPool's, see crossValidateOnThreads in tuning.ts): holds the judged
 * lists and the cross-validation plan, runs the restarts the parent hands it one at a time, and (on one
 * thread) assembles the results at the end. Cross-validated coordinate ascent is CPU-bound for tens of
 * seconds and must not stall requests; spreading its independent restarts over threads is what brings
 * 100 events × 200 participants under a minute.
 */
import type { Fusion } from '../../engine/matching/fusion.ts';
import { CrossValidationPlan, type AscentSettings, type CrossValidation, type RestartResult } from '../../engine/tuning/fit.ts';
import type { MetricOptions } from '../../engine/tuning/metrics.ts';
import { RankingSet, type RankingQuery, type Weights } from '../../engine/tuning/rankingSet.ts';
import type { ThreadContext } from '../../runtime/threads.ts';

/** A profile compared on the held-out events, as it crosses to the thread. */
export interface ComparedProfile {
  label: string;
  weights: Weights;
  /** The run's fusion when omitted. */
  fusion?: Fusion;
  /** Its own judged lists of the same events when its size matrix differs from the run's. */
  queries?: RankingQuery[];
}

export interface TuningInput {
  queries: RankingQuery[];
  fusion: Fusion;
  start: Weights;
  compare: ComparedProfile[];
  folds: number;
  seed: number;
  settings: Partial<AscentSettings>;
  metrics: MetricOptions;
}

export type ToTuningWorker = { type: 'task'; index: number } | { type: 'assemble'; results: RestartResult[] };

/** The thread's plan, built from the run's data on its first task. */
let plan: CrossValidationPlan | undefined;

export default function tune(message: ToTuningWorker, thread: ThreadContext<TuningInput>): RestartResult | CrossValidation {
  const data = thread.data;
  plan ??= new CrossValidationPlan(new RankingSet(data.queries), {
    fusion: data.fusion,
    start: data.start,
    compare: data.compare.map(({ queries, ...profile }) => ({ ...profile, set: queries ? new RankingSet(queries) : undefined })),
    folds: data.folds,
    seed: data.seed,
    settings: data.settings,
    metrics: data.metrics,
  });
  return message.type === 'task' ? plan.run(plan.tasks[message.index]!) : plan.assemble(message.results);
}
