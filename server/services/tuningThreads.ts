/**
 * A cross-validated tuning run spread over worker threads: every thread builds the same plan from the
 * same lists, the restarts go to whichever thread is free, one thread assembles. Restarts are
 * independent and seeded each on its own (see CrossValidationPlan), so the result does not depend on the
 * number of threads or the order they finish in.
 */
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../engine/errors.ts';
import { tasksLargestFirst, type CrossValidation, type RestartResult } from '../../engine/tuning/fit.ts';
import type { FromTuningWorker, ToTuningWorker, TuningInput } from './tuning.worker.ts';

export type { TuningInput };

export interface TuningThreadOptions {
  threads: number;
  /** [0] becomes 1 to cancel: no further restarts start, and the run rejects with a conflict. */
  cancel?: Int32Array;
  onProgress?: (progress: { phase: string; fraction: number }) => void;
  /** Each worker as it starts, for a caller that must be able to stop them the hard way. */
  onWorker?: (worker: Worker) => void;
}

export function crossValidateOnThreads(input: TuningInput, options: TuningThreadOptions): Promise<CrossValidation> {
  const order = tasksLargestFirst(input.folds, input.settings);
  const total = order.length;
  const threads = Math.max(1, Math.min(Math.floor(options.threads), total));
  const workers: Worker[] = [];
  return new Promise<CrossValidation>((resolve, reject) => {
    let settled = false;
    let next = 0;
    const results: RestartResult[] = [];
    const settle = (error: Error | null, result?: CrossValidation) => {
      if (settled) return;
      settled = true;
      for (const worker of workers) void worker.terminate();
      if (error) reject(error);
      else resolve(result!);
    };
    const cancelled = () => options.cancel !== undefined && Atomics.load(options.cancel, 0) === 1;
    const dispatch = (worker: Worker) => {
      if (cancelled()) return settle(new AppError('conflict', 'the tuning run was cancelled'));
      if (next < total) worker.postMessage({ type: 'task', index: order[next++]! } satisfies ToTuningWorker);
    };
    for (let t = 0; t < threads; t++) {
      // execArgv: [] — the parent's loader flags do not carry into workers; tuning.worker.mjs registers tsx.
      const worker = new Worker(new URL('./tuning.worker.mjs', import.meta.url), { workerData: input, execArgv: [] });
      workers.push(worker);
      options.onWorker?.(worker);
      worker.on('message', (message: FromTuningWorker) => {
        // Messages already on their way when the run ended (a failure elsewhere, a cancel) are dropped.
        if (settled) return;
        if (message.type === 'failed') return settle(new AppError(message.error.code as ErrorCode, message.error.message, { field: message.error.field }));
        if (message.type === 'done') return settle(null, message.result);
        results.push(message.result);
        options.onProgress?.({ phase: results.length < total ? 'fitting' : 'assembling', fraction: results.length / total });
        if (results.length === total) worker.postMessage({ type: 'assemble', results } satisfies ToTuningWorker);
        else dispatch(worker);
      });
      worker.on('error', (err) => settle(new Error(`tuning thread failed: ${err.message}`, { cause: err })));
      worker.on('exit', () => settle(cancelled() ? new AppError('conflict', 'the tuning run was cancelled') : new Error('a tuning thread stopped unexpectedly')));
      dispatch(worker);
    }
  });
}
