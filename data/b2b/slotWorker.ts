/**
 * One slot search on its own thread, for solveSlotsParallel: runs solveSlots on the problem it is given
 * and posts the schedule, or the error. It stops early when the shared flag says another run has
 * already found a schedule at the lower bound.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../engine/errors.ts';
import { solveSlots, type AnnealingSettings, type SlotProblem, type SlotSchedule } from '../../engine/scheduling/index.ts';

export interface SlotWorkerData {
  problem: SlotProblem;
  timeLimitMs: number;
  seed: number;
  annealing?: Partial<AnnealingSettings>;
  restarts?: number;
  /** Int32Array over it: [0] becomes 1 when the runs should stop. */
  stop: SharedArrayBuffer;
}

export type FromSlotWorker = { type: 'done'; schedule: SlotSchedule } | { type: 'failed'; error: { code: string; message: string; field?: string } };

const data = workerData as SlotWorkerData;
const stop = new Int32Array(data.stop);
try {
  const schedule = solveSlots(data.problem, {
    timeLimitMs: data.timeLimitMs,
    seed: data.seed,
    annealing: data.annealing,
    restarts: data.restarts,
    onProgress: () => Atomics.load(stop, 0) === 1,
  });
  parentPort!.postMessage({ type: 'done', schedule } satisfies FromSlotWorker);
} catch (err) {
  const error = err instanceof AppError ? { code: err.code, message: err.message, field: err.field } : { code: 'internal', message: (err as Error).message };
  parentPort!.postMessage({ type: 'failed', error } satisfies FromSlotWorker);
}
