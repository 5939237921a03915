/**
 * One slot search on its own thread (runOnce), for solveSlotsParallel (parallel.ts), by one of four strategies:
 * - 'annealing': solveSlots alone;
 * - 'hybrid': solveSlots for a short while, then the SAT solver improves its schedule (large
 *   neighbourhoods, then the whole problem under a tightening bound, which can prove optimality);
 * - 'cores': the core-guided SAT search, which raises a proven lower bound step by step and whose first
 *   schedule is optimal; when no new bound has come for a while and another thread has a schedule,
 *   it goes on improving that schedule as the hybrid does (on its own seed), keeping what it learned;
 * - 'cores-busy': the same with the busy-per-slot constraint, after a short annealing whose schedule
 *   the threads share from the start.
 * The threads share [stop, best breaks found, best lower bound proven] so that each stops as soon as a
 * schedule is known to be optimal.
 */
import { AppError } from '../../engine/errors.ts';
import { compileProblem, noScheduleInTime, solveSlots, type AnnealingSettings, type CompiledProblem, type SlotProblem, type SlotProgress, type SlotSchedule } from '../../engine/scheduling/index.ts';
import { explainFairness, satSchedule, searchSlotsByCores, searchSlotsBySat, SlotSatModel } from '../../engine/scheduling/satModel.ts';
import { fairnessCause } from '../../engine/scheduling/fairnessCause.ts';
import { createCadicalSolver } from './cadical.ts';
import { SHARED, hasSchedule, lowerShared, publishSchedule, raiseShared, readSchedule } from './sharedSchedule.ts';

/**
 * 'cores' and 'cores-busy' differ in one implied constraint of the SAT model (busy participants per
 * slot, see SlotSatModelOptions), which makes some forums easy and others hard; 'cores-busy' also
 * anneals briefly first, so that some thread has a schedule early.
 */
export type SlotStrategy = 'annealing' | 'hybrid' | 'cores' | 'cores-busy';

export interface SlotWorkerData {
  problem: SlotProblem;
  timeLimitMs: number;
  seed: number;
  strategy: SlotStrategy;
  annealing?: Partial<AnnealingSettings>;
  restarts?: number;
  /** Int32Array over it, see SHARED. */
  shared: SharedArrayBuffer;
  /** The best schedule so far (sharedScheduleBuffer). */
  best: SharedArrayBuffer;
}

/** The run's schedule (null: it found none) and the lower bound it knows. */
export interface SlotOutcome {
  schedule: SlotSchedule | null;
  lowerBound: number;
}

/** Of the hybrid's time, the annealing's share: long enough for a good start, short enough to leave the solver most. */
const HYBRID_ANNEALING_SHARE = 0.1;
/**
 * The 'cores-busy' annealing: a schedule to show within a second, no longer, and less once it stops
 * improving. Where it does not find the optimum within that second it rarely did later (before the
 * targeted moves: forum-13 2 to 4 breaks against 0, ticf-14crafa 9 against 0, after 1 to 3 s), so each
 * further second only delays the solver that finds it.
 */
const CORES_ANNEALING_MS = 1000;
/**
 * The core-guided search gives up proving bounds after this share of the time without a new one. Its
 * last call is often the hard one and should have most of the time: ticf-13crafb took 35 s after its
 * last bound, forum-14 25 s.
 */
const CORES_STALL_SHARE = 0.75;

/** Names listed in a reason before "and N more". */
const NAMES_SHOWN = 8;

/**
 * The solver's proof that no schedule keeps everybody within the fairness bound, with its cause: the
 * participants who cannot all stay within it (satModel.ts explainFairness, one more refutation on a
 * solver of its own, within the time left), or that no schedule exists even without the bound.
 */
async function noScheduleWithin(compiled: CompiledProblem, problem: SlotProblem, deadline: number): Promise<AppError> {
  const general = `no schedule exists in which every participant has at most ${problem.fairness} breaks`;
  const cadical = await createCadicalSolver(() => performance.now() > deadline);
  try {
    const participants = explainFairness(new SlotSatModel(compiled, cadical.solver, { fairnessByAssumption: true }));
    if (participants === null) return new AppError('infeasible', general, { field: 'fairness' });
    if (!participants.length) return new AppError('infeasible', 'no schedule exists, whatever the breaks: the meetings do not fit the slots, tables, unavailability and precedences', { field: 'meetings' });
    const nameOf = (i: number) => problem.names?.[i] ?? `participant ${i + 1}`;
    const named = participants.slice(0, NAMES_SHOWN).map(nameOf).join(', ') + (participants.length > NAMES_SHOWN ? ` and ${participants.length - NAMES_SHOWN} more` : '');
    return new AppError('infeasible', `${general}: ${participants.length === 1 ? `${named} cannot stay` : `${named} cannot all stay`} within it`, { field: participants.length === 1 ? `participants.${participants[0]}` : 'fairness' });
  } finally {
    cadical.dispose();
  }
}

export default async function searchSlotsOnThread(data: SlotWorkerData): Promise<SlotOutcome> {
  const shared = new Int32Array(data.shared);
  const started = performance.now();
  const deadline = started + data.timeLimitMs;

  const lower = (index: number, value: number) => lowerShared(shared, index, value);
  const raise = (index: number, value: number) => raiseShared(shared, index, value);
  const settled = () => Atomics.load(shared, SHARED.stop) === 1 || Atomics.load(shared, SHARED.bestBreaks) <= Atomics.load(shared, SHARED.lowerBound);
  /** The annealing's progress: tell the others its best, and stop once a schedule is known optimal. */
  const shareProgress = (p: SlotProgress) => {
    if (p.feasible) lower(SHARED.bestBreaks, p.bestBreaks);
    return settled();
  };
  const shouldStop = () => settled() || performance.now() > deadline;

  /** The annealing for a while; null when it found no schedule (the solver then starts from nothing). */
  const annealBriefly = (ms: number, stopWhenStalled = false): SlotSchedule | null => {
    try {
      const schedule = solveSlots(data.problem, { timeLimitMs: ms, seed: data.seed, annealing: data.annealing, stopWhenStalled, onProgress: shareProgress });
      lower(SHARED.bestBreaks, schedule.totalBreaks);
      return schedule;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'infeasible')) throw err;
      return null;
    }
  };

  const { problem, strategy } = data;
  const compiled = compileProblem(problem);
  // A participant whose own meetings cannot meet the fairness bound: say so at once, and name it.
  const cause = fairnessCause(compiled, problem.names);
  if (cause) throw new AppError('infeasible', cause.message, { field: `participants.${cause.participant}` });
  const ownLowerBound = compiled.minBreaks.reduce((x, y) => x + y, 0);
  if (strategy === 'annealing') {
    const schedule = solveSlots(problem, {
      timeLimitMs: data.timeLimitMs,
      seed: data.seed,
      annealing: data.annealing,
      restarts: data.restarts,
      onProgress: shareProgress,
    });
    lower(SHARED.bestBreaks, schedule.totalBreaks);
    return { schedule, lowerBound: ownLowerBound };
  }
  let phaseEnd = Infinity;
  // The core-guided phase also ends after a stall, but only once some thread has a schedule to improve.
  // (Ending it also when another thread has proven a higher bound was measured worse: the threads'
  // bounds race early on, and the thread behind is often the one whose search finishes; forum-13crafb
  // took 59.8 s against 31.7, ticf-13crafb was unproven at 60 s against 48.2.)
  const coresDone = () => performance.now() > phaseEnd && hasSchedule(data.best);
  const cadical = await createCadicalSolver(() => shouldStop() || coresDone(), { falseFirst: strategy === 'hybrid' });
  try {
    // The SAT strategies differ in one implied constraint (see SlotSatModelOptions), so that an
    // instance that one encoding makes hard is likely easy for the other thread: measured, the core-
    // guided search does better without it on most forums, and needs it for forum-13crafb.
    const model = new SlotSatModel(compiled, cadical.solver, { busyPerSlot: strategy !== 'cores' });
    const improve = async (initial: Int32Array | null, lowerBound: number, msToBest: number, iterations: number): Promise<SlotOutcome> => {
      const result = searchSlotsBySat(model, {
        initial,
        lowerBound,
        now: () => performance.now(),
        deadline,
        seed: data.seed,
        stopped: shouldStop,
        onImproved: (slotOf, breaks) => {
          msToBest = performance.now() - started;
          lower(SHARED.bestBreaks, breaks);
          publishSchedule(data.best, slotOf, breaks);
        },
      });
      const ms = performance.now() - started;
      if (result.infeasible) throw await noScheduleWithin(compiled, problem, deadline);
      if (!result.slotOf) throw noScheduleInTime(data.timeLimitMs);
      const proven = result.optimal ? Math.max(lowerBound, result.totalBreaks) : lowerBound;
      if (result.optimal) raise(SHARED.lowerBound, proven);
      return { schedule: satSchedule(compiled, result.slotOf, { lowerBound: proven, msToBest, ms, iterations }), lowerBound: proven };
    };
    /** The solver's first schedule within the fairness bound, any breaks; null when out of time. */
    const anySchedule = async (): Promise<SlotSchedule | null> => {
      const status = cadical.solver.solve([]);
      if (status === 'unsatisfiable') throw await noScheduleWithin(compiled, problem, deadline);
      if (status !== 'satisfiable') return null;
      const ms = performance.now() - started;
      return satSchedule(compiled, model.decode(), { lowerBound: ownLowerBound, msToBest: ms, ms, iterations: 0 });
    };
    if (strategy === 'cores' || strategy === 'cores-busy') {
      let start: SlotSchedule | null = null;
      if (strategy === 'cores-busy') {
        start = annealBriefly(Math.min(CORES_ANNEALING_MS, data.timeLimitMs / 20), true);
        // Where the annealing found none (precedences and fixed meetings make that likely), the solver's
        // first schedule, whatever its breaks: without one neither thread has anything to show or to
        // improve when the bounds stall. forum-14.prec15-s1: one call, 1.6-2.4 s; before it, no
        // schedule within 20 s.
        if (!start) start = await anySchedule();
        if (start) publishSchedule(data.best, start.slotOf, start.totalBreaks);
        if (settled()) return { schedule: start, lowerBound: ownLowerBound };
      }
      let lastBound = performance.now();
      const stallMs = data.timeLimitMs * CORES_STALL_SHARE;
      phaseEnd = lastBound + stallMs;
      const result = searchSlotsByCores(model, {
        onBound: (lb) => {
          raise(SHARED.lowerBound, lb);
          lastBound = performance.now();
          phaseEnd = lastBound + stallMs;
        },
      });
      // The model asks every participant for at most `fairness` breaks, the rule whenever some
      // participant has none; so its bound holds for schedules with fewer breaks than participants.
      const lowerBound = Math.max(ownLowerBound, Math.min(result.lowerBound, compiled.P));
      if (result.infeasible) throw await noScheduleWithin(compiled, problem, deadline);
      if (result.slotOf) {
        const ms = performance.now() - started;
        lower(SHARED.bestBreaks, result.totalBreaks);
        return { schedule: satSchedule(compiled, result.slotOf, { lowerBound, msToBest: ms, ms, iterations: 0 }), lowerBound };
      }
      phaseEnd = Infinity;
      const incumbent = readSchedule(data.best);
      if (!incumbent) return { schedule: null, lowerBound };
      // Stopped because the best schedule is known optimal, or out of time: hand the shared schedule
      // back, since this thread may be the only one holding it (its own annealing's).
      if (shouldStop()) {
        const ms = performance.now() - started;
        const known = Math.max(lowerBound, Atomics.load(shared, SHARED.lowerBound));
        const found = start && start.totalBreaks === incumbent.breaks ? { msToBest: start.msToBest, iterations: start.iterations } : { msToBest: ms, iterations: 0 };
        return { schedule: satSchedule(compiled, incumbent.slotOf, { lowerBound: known, ms, ...found }), lowerBound };
      }
      return await improve(incumbent.slotOf, lowerBound, 0, 0);
    }
    const initial = annealBriefly(data.timeLimitMs * HYBRID_ANNEALING_SHARE);
    if (initial) publishSchedule(data.best, initial.slotOf, initial.totalBreaks);
    try {
      return await improve(initial?.slotOf ?? null, ownLowerBound, initial?.msToBest ?? 0, initial?.iterations ?? 0);
    } catch (err) {
      if (initial && err instanceof AppError && err.code === 'infeasible') return { schedule: initial, lowerBound: ownLowerBound };
      throw err;
    }
  } finally {
    cadical.dispose();
  }
}
