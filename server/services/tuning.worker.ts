/**
 * One tuning run on its own thread: cross-validated coordinate ascent is CPU-bound for tens of seconds
 * and must not stall requests. The parent cancels through a shared flag read at every restart.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../engine/errors.ts';
import type { Fusion } from '../../engine/matching/score.ts';
import { crossValidate, type AscentSettings, type CrossValidation, type ProfileRef } from '../../engine/tuning/fit.ts';
import type { MetricOptions } from '../../engine/tuning/metrics.ts';
import { RankingSet, type RankingQuery, type Weights } from '../../engine/tuning/rankingSet.ts';

export interface TuningWorkerData {
  queries: RankingQuery[];
  fusion: Fusion;
  start: Weights;
  compare: ProfileRef[];
  folds: number;
  seed: number;
  settings: Partial<AscentSettings>;
  metrics: MetricOptions;
  /** Int32Array over it: [0] becomes 1 to cancel. */
  cancel: SharedArrayBuffer;
}

export type FromTuningWorker =
  | { type: 'progress'; progress: { phase: string; fraction: number } }
  | { type: 'done'; result: CrossValidation }
  | { type: 'failed'; error: { code: string; message: string; field?: string } };

const data = workerData as TuningWorkerData;
const port = parentPort!;
const cancelFlag = new Int32Array(data.cancel);

try {
  const result = crossValidate(new RankingSet(data.queries), {
    fusion: data.fusion,
    start: data.start,
    compare: data.compare,
    folds: data.folds,
    seed: data.seed,
    settings: data.settings,
    metrics: data.metrics,
    onProgress: (done, total, stage) => {
      port.postMessage({ type: 'progress', progress: { phase: stage, fraction: done / total } } satisfies FromTuningWorker);
      return Atomics.load(cancelFlag, 0) === 1;
    },
  });
  port.postMessage({ type: 'done', result } satisfies FromTuningWorker);
} catch (err) {
  const error = err instanceof AppError ? { code: err.code, message: err.message, field: err.field } : { code: 'internal', message: 'The tuning run failed unexpectedly' };
  port.postMessage({ type: 'failed', error } satisfies FromTuningWorker);
  if (!(err instanceof AppError)) throw err;
}
