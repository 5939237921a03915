/**
 * One thread of a tuning run: holds the judged lists and the cross-validation plan, runs the restarts the
 * parent hands it one at a time, and (on one thread) assembles the results at the end. Cross-validated
 * coordinate ascent is CPU-bound for tens of seconds and must not stall requests; spreading its
 * independent restarts over threads is what brings 100 events × 200 participants under a minute.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../engine/errors.ts';
import type { Fusion } from '../../engine/matching/score.ts';
import { CrossValidationPlan, type AscentSettings, type CrossValidation, type RestartResult } from '../../engine/tuning/fit.ts';
import type { MetricOptions } from '../../engine/tuning/metrics.ts';
import { RankingSet, type RankingQuery, type Weights } from '../../engine/tuning/rankingSet.ts';

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

export type FromTuningWorker =
  | { type: 'result'; result: RestartResult }
  | { type: 'done'; result: CrossValidation }
  | { type: 'failed'; error: { code: string; message: string; field?: string } };

const data = workerData as TuningInput;
const port = parentPort!;

const fail = (err: unknown) => {
  const error = err instanceof AppError ? { code: err.code, message: err.message, field: err.field } : { code: 'internal', message: 'The tuning run failed unexpectedly' };
  port.postMessage({ type: 'failed', error } satisfies FromTuningWorker);
  if (!(err instanceof AppError)) throw err;
};

try {
  const plan = new CrossValidationPlan(new RankingSet(data.queries), {
    fusion: data.fusion,
    start: data.start,
    compare: data.compare.map(({ queries, ...profile }) => ({ ...profile, set: queries ? new RankingSet(queries) : undefined })),
    folds: data.folds,
    seed: data.seed,
    settings: data.settings,
    metrics: data.metrics,
  });
  port.on('message', (message: ToTuningWorker) => {
    try {
      if (message.type === 'task') port.postMessage({ type: 'result', result: plan.run(plan.tasks[message.index]!) } satisfies FromTuningWorker);
      else port.postMessage({ type: 'done', result: plan.assemble(message.results) } satisfies FromTuningWorker);
    } catch (err) {
      fail(err);
    }
  });
} catch (err) {
  fail(err);
}
