/**
 * Several slot searches at once, one per worker thread; the schedule with the fewest breaks wins (the
 * earlier one among equals). By default the two threads of a two-core machine both run the core-guided
 * SAT search, which proves lower bounds and whose schedule is optimal when it finishes, on two encodings
 * (with and without the busy-per-slot constraint): each solves forums the other is slow on, and the one
 * with the constraint anneals briefly first, so that there is a schedule to show early. A third thread
 * and beyond run the hybrid (annealing, then the SAT solver improving it); one thread alone runs the
 * hybrid. As soon as a schedule meets a proven lower bound, every thread stops.
 *
 * This lives in data/ because the engine does no I/O and starts no threads; the CLI and the benchmark
 * use it.
 */
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../engine/errors.ts';
import { compileProblem, solveSlots, type AnnealingSettings, type SlotProblem, type SlotSchedule } from '../../engine/scheduling/index.ts';
import { SHARED, sharedScheduleBuffer, type FromSlotWorker, type SlotStrategy, type SlotWorkerData } from './slotThreads.ts';

export type { SlotStrategy };

export interface ParallelSlotOptions {
  timeLimitMs: number;
  /** Seed of the first run; run k uses seed + k. */
  seed?: number;
  /** Runs at once (default 2). */
  workers?: number;
  /**
   * The method of each run in turn (default: 'hybrid' alone for one run, else 'cores', 'cores-busy',
   * then 'hybrid' for the rest). 'annealing' with one run searches on the calling thread.
   */
  strategies?: readonly SlotStrategy[];
  annealing?: Partial<AnnealingSettings>;
  /** Independent searches one after another within each run (see SlotOptions.restarts). */
  restarts?: number;
}

export interface ParallelSlotSchedule extends SlotSchedule {
  /** The seed of the run whose schedule this is. */
  seed: number;
  /** Breaks each run ended with (null: it found no schedule), in seed order. */
  runs: (number | null)[];
  strategies: SlotStrategy[];
}

export function defaultStrategies(workers: number): SlotStrategy[] {
  if (workers === 1) return ['hybrid'];
  return ['cores', 'cores-busy', ...Array.from({ length: workers - 2 }, () => 'hybrid' as const)];
}

export async function solveSlotsParallel(problem: SlotProblem, options: ParallelSlotOptions): Promise<ParallelSlotSchedule> {
  const seed = options.seed ?? 1;
  const workers = Math.max(1, Math.floor(options.workers ?? 2));
  const strategies = Array.from({ length: workers }, (_, k) => options.strategies?.[k] ?? defaultStrategies(workers)[k]!);
  if (workers === 1 && strategies[0] === 'annealing') {
    const schedule = solveSlots(problem, { timeLimitMs: options.timeLimitMs, seed, annealing: options.annealing, restarts: options.restarts });
    return { ...schedule, seed, runs: [schedule.totalBreaks], strategies };
  }
  // Checked here once, so that a problem with no schedule fails with one clear reason, not one per thread.
  const compiled = compileProblem(problem);
  const ownLowerBound = compiled.minBreaks.reduce((x, y) => x + y, 0);
  const bestSoFar = sharedScheduleBuffer(compiled.M);
  const shared = new SharedArrayBuffer(4 * SHARED.length);
  const flags = new Int32Array(shared);
  flags[SHARED.bestBreaks] = 0x7fffffff;
  flags[SHARED.lowerBound] = ownLowerBound;
  const outcomes = await Promise.all(
    strategies.map((strategy, k) => {
      const data: SlotWorkerData = { problem, timeLimitMs: options.timeLimitMs, seed: seed + k, strategy, annealing: options.annealing, restarts: options.restarts, shared, best: bestSoFar };
      return new Promise<FromSlotWorker>((resolve) => {
        // execArgv: [] — the parent's loader flags do not carry into workers; slotWorker.mjs registers tsx.
        const worker = new Worker(new URL('./slotWorker.mjs', import.meta.url), { workerData: data, execArgv: [] });
        let settled = false;
        const settle = (outcome: FromSlotWorker) => {
          if (settled) return;
          settled = true;
          if (outcome.type === 'done' && outcome.schedule?.optimal) Atomics.store(flags, SHARED.stop, 1);
          resolve(outcome);
          void worker.terminate();
        };
        worker.on('message', settle);
        worker.on('error', (err) => settle({ type: 'failed', error: { code: 'internal', message: `slot search thread failed: ${err.message}` } }));
        worker.on('exit', () => settle({ type: 'failed', error: { code: 'internal', message: 'slot search thread stopped unexpectedly' } }));
      });
    }),
  );
  const lowerBound = Math.max(ownLowerBound, ...outcomes.map((o) => (o.type === 'done' ? o.lowerBound : 0)));
  let best: ParallelSlotSchedule | undefined;
  const runs = outcomes.map((o) => (o.type === 'done' ? (o.schedule?.totalBreaks ?? null) : null));
  outcomes.forEach((o, k) => {
    if (o.type !== 'done' || !o.schedule) return;
    const s = o.schedule;
    if (!best || s.totalBreaks < best.totalBreaks || (s.totalBreaks === best.totalBreaks && s.msToBest < best.msToBest)) best = { ...s, seed: seed + k, runs, strategies };
  });
  if (best) return { ...best, lowerBound, optimal: best.totalBreaks <= lowerBound };
  // No run found a schedule: the reason of the first (the same problem, so the same kind of reason).
  const failed = outcomes.find((o) => o.type === 'failed' && o.error.code !== 'internal') ?? outcomes.find((o) => o.type === 'failed');
  if (!failed || failed.type !== 'failed') throw new AppError('infeasible', `no schedule found within ${Math.round(options.timeLimitMs / 1000)} s`, { field: 'meetings' });
  throw new AppError(failed.error.code as ErrorCode, failed.error.message, { field: failed.error.field });
}
