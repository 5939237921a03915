/**
 * Several slot searches at once, one per worker thread, each with its own seed; the schedule with the
 * fewest breaks wins (the earlier one among equals). The annealing is a single random walk, so runs with
 * different seeds end in different places and the best of two is better than one run of the same
 * length on a machine with two cores. As soon as one run reaches the lower bound, the others stop.
 *
 * This lives in data/ because the engine does no I/O and starts no threads; the CLI and the benchmark
 * use it.
 */
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../engine/errors.ts';
import { solveSlots, type AnnealingSettings, type SlotProblem, type SlotSchedule } from '../../engine/scheduling/index.ts';
import type { FromSlotWorker, SlotWorkerData } from './slotWorker.ts';

export interface ParallelSlotOptions {
  timeLimitMs: number;
  /** Seed of the first run; run k uses seed + k. */
  seed?: number;
  /** Runs at once; 1 searches on the calling thread. */
  workers?: number;
  annealing?: Partial<AnnealingSettings>;
  /** Independent searches one after another within each run (see SlotOptions.restarts). */
  restarts?: number;
}

export interface ParallelSlotSchedule extends SlotSchedule {
  /** The seed of the run whose schedule this is. */
  seed: number;
  /** Breaks each run ended with (null: it found no schedule), in seed order. */
  runs: (number | null)[];
}

export async function solveSlotsParallel(problem: SlotProblem, options: ParallelSlotOptions): Promise<ParallelSlotSchedule> {
  const seed = options.seed ?? 1;
  const workers = Math.max(1, Math.floor(options.workers ?? 2));
  if (workers === 1) {
    const schedule = solveSlots(problem, { timeLimitMs: options.timeLimitMs, seed, annealing: options.annealing, restarts: options.restarts });
    return { ...schedule, seed, runs: [schedule.totalBreaks] };
  }
  const stop = new SharedArrayBuffer(4);
  const flag = new Int32Array(stop);
  const outcomes = await Promise.all(
    Array.from({ length: workers }, (_, k) => {
      const data: SlotWorkerData = { problem, timeLimitMs: options.timeLimitMs, seed: seed + k, annealing: options.annealing, restarts: options.restarts, stop };
      return new Promise<FromSlotWorker>((resolve) => {
        // execArgv: [] — the parent's loader flags do not carry into workers; slotWorker.mjs registers tsx.
        const worker = new Worker(new URL('./slotWorker.mjs', import.meta.url), { workerData: data, execArgv: [] });
        let settled = false;
        const settle = (outcome: FromSlotWorker) => {
          if (settled) return;
          settled = true;
          if (outcome.type === 'done' && outcome.schedule.optimal) Atomics.store(flag, 0, 1);
          resolve(outcome);
          void worker.terminate();
        };
        worker.on('message', settle);
        worker.on('error', (err) => settle({ type: 'failed', error: { code: 'internal', message: `slot search thread failed: ${err.message}` } }));
        worker.on('exit', () => settle({ type: 'failed', error: { code: 'internal', message: 'slot search thread stopped unexpectedly' } }));
      });
    }),
  );
  let best: ParallelSlotSchedule | undefined;
  const runs = outcomes.map((o) => (o.type === 'done' ? o.schedule.totalBreaks : null));
  outcomes.forEach((o, k) => {
    if (o.type !== 'done') return;
    const s = o.schedule;
    if (!best || s.totalBreaks < best.totalBreaks || (s.totalBreaks === best.totalBreaks && s.msToBest < best.msToBest)) best = { ...s, seed: seed + k, runs };
  });
  if (best) return best;
  // No run found a schedule: the reason of the first (the same problem, so the same kind of reason).
  const failed = outcomes.find((o) => o.type === 'failed' && o.error.code !== 'internal') ?? outcomes[0]!;
  if (failed.type !== 'failed') throw new AppError('internal', 'no slot search finished');
  throw new AppError(failed.error.code as ErrorCode, failed.error.message, { field: failed.error.field });
}
