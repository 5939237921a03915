/**
 * Several slot searches at once, one per worker thread; the schedule with the fewest breaks wins (the
 * earlier one among equals). By default the two threads of a two-core machine both run the core-guided
 * SAT search, which proves lower bounds and whose schedule is optimal when it finishes, on two encodings
 * (with and without the busy-per-slot constraint): each solves forums the other is slow on, and the one
 * with the constraint anneals briefly first, so that there is a schedule to show early. A third thread
 * and beyond run the hybrid (annealing, then the SAT solver improving it); one thread alone runs the
 * hybrid. As soon as a schedule meets a proven lower bound, every thread stops.
 *
 * This lives in runtime/ because the engine does no I/O and starts no threads; the CLI and the benchmark
 * use it.
 */
import { AppError } from '../../engine/errors.ts';
import { compileProblem, isNoScheduleInTime, noScheduleInTime, solveSlots, type AnnealingSettings, type SlotProblem, type SlotSchedule } from '../../engine/scheduling/index.ts';
import { runOnce } from '../threads.ts';
import { SHARED, sharedScheduleBuffer } from './sharedSchedule.ts';
import type searchSlotsOnThread from './slotSearch.worker.ts';
import type { SlotOutcome, SlotStrategy, SlotWorkerData } from './slotSearch.worker.ts';

export type { SlotStrategy };

const SLOT_SEARCH_WORKER = new URL('./slotSearch.worker.ts', import.meta.url);

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
      return runOnce<typeof searchSlotsOnThread>(SLOT_SEARCH_WORKER, data).then(
        (outcome): SlotOutcome | { error: AppError } => {
          if (outcome.schedule?.optimal) Atomics.store(flags, SHARED.stop, 1);
          return outcome;
        },
        (err: Error) => {
          // A proof that no schedule exists ends the other threads too: nothing is left to find.
          if (err instanceof AppError && err.code === 'infeasible' && !isNoScheduleInTime(err)) Atomics.store(flags, SHARED.stop, 1);
          return { error: err instanceof AppError ? err : new AppError('internal', err.message, { cause: err }) };
        },
      );
    }),
  );
  const lowerBound = Math.max(ownLowerBound, ...outcomes.map((o) => ('error' in o ? 0 : o.lowerBound)));
  let best: ParallelSlotSchedule | undefined;
  const runs = outcomes.map((o) => ('error' in o ? null : (o.schedule?.totalBreaks ?? null)));
  outcomes.forEach((o, k) => {
    if ('error' in o || !o.schedule) return;
    const s = o.schedule;
    if (!best || s.totalBreaks < best.totalBreaks || (s.totalBreaks === best.totalBreaks && s.msToBest < best.msToBest)) best = { ...s, seed: seed + k, runs, strategies };
  });
  if (best) return { ...best, lowerBound, optimal: best.totalBreaks <= lowerBound };
  // No run found a schedule: a proof first, else the first reason (the same problem, so the same kind).
  const errors = outcomes.flatMap((o) => ('error' in o ? [o.error] : []));
  throw errors.find((e) => e.code !== 'internal' && !isNoScheduleInTime(e)) ?? errors.find((e) => e.code !== 'internal') ?? errors[0] ?? noScheduleInTime(options.timeLimitMs);
}
