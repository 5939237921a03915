/**
 * An event's timetable search, which ends as soon as it is done: at a proven optimum, when it stops
 * improving, at the time limit, or when the caller stops it; the certificate says which, and how the lower
 * bound on breaks was proven.
 *
 * First the annealing (slots.ts) from the constructed timetable, until it reaches the participants' own
 * bound or stops improving. Then, for small events (EXACT_MAX_MEETINGS) and when the caller hands in a
 * SAT solver (the engine does no I/O: runtime/solver/cadical.ts supplies CaDiCaL), the exact search the
 * B2B benchmark runs (satModel.ts, as its 'cores-busy' strategy: the same model with the implied
 * busy-per-slot constraint, core-guided bounds, then the best timetable improved under a tightening
 * bound), from the annealing's best, on this one thread: the server's other core keeps serving requests.
 * Whatever the exact search throws is a fault and is thrown on: it proves infeasibility by its results.
 */
import { compileProblem, type SlotProblem } from './problem.ts';
import { satSchedule, searchSlotsByCores, searchSlotsBySat, SlotSatModel, type SatSolver } from './satModel.ts';
import { solveSlots, type AnnealingSettings, type SlotSchedule } from './slots.ts';

/** A fresh incremental SAT solver whose calls give up ('unknown') once `shouldStop` says true; dispose frees it. */
export type SatSolverFactory = (shouldStop: () => boolean) => { solver: SatSolver; dispose(): void };

/**
 * Events up to this many meetings take the exact path; beyond it, the annealing alone. Measured on the
 * fixture events of test/scheduleFixture.ts (14 slots, a table per three participants, three wishes each,
 * seeds 1-4): from the annealing's 1-4 breaks the exact search found a timetable with none, at the bound,
 * within 10,000 conflicts for 21 participants (55 meetings; all four seeds) and for two or three seeds of
 * four at 30 (82); at 40 (110) it took 17,500-20,000 conflicts, 3-4 s; at 50 (138) it found nothing in
 * 215,000 conflicts (90 s), where the annealing alone reaches 3-6 breaks in the seconds the search costs.
 * The B2B forums (up to 302 meetings, BENCHMARKS.md) are solved by the benchmark's own strategies on
 * several threads, not through here.
 */
export const EXACT_MAX_MEETINGS = 100;

/**
 * Each step of the exact search (core-guided bounds, then improving the best timetable) has stopped
 * improving when neither a better timetable nor a higher bound has come for as many solver conflicts as
 * the exact search had spent until its last news (doubling the effort has not paid), and at least this
 * many. Counted in conflicts, not milliseconds, so that a busy machine does not cut a proof short.
 * Measured on the fixture events above: the timetable at the bound came after 2,500 to 10,000
 * conflicts for 21 participants (5,000 cut two seeds of four short), 5,000 to 15,000 for 30; 10,000
 * conflicts take about two seconds, so that events of that size end within about three.
 */
export const EXACT_STALL_MIN_CONFLICTS = 10_000;

/**
 * The solver runs in slices of this many conflicts, between which the stall rule is read. Slices of
 * 1,000 slowed the 21-participant proof threefold (each call starts the solver's search afresh); 2,500 did not.
 */
const CONFLICT_SLICE = 2500;

/** How often the exact search reports progress (and reads a stop request) at most, in ms. */
const PROGRESS_MS = 50;

export type TimetableStop = 'optimal' | 'stalled' | 'timeLimit' | 'cancelled';

export interface TimetableCertificate {
  /** Why the search ended: optimal (breaks at the proven lower bound), stalled (no longer improving), timeLimit, cancelled. */
  stop: TimetableStop;
  /** No timetable of these meetings has fewer breaks. */
  lowerBound: number;
  /**
   * How the lower bound was proven: 'availability' (the sum of each participant's own fewest breaks, given
   * its meetings and free slots) or 'solver' (the SAT solver refuted every timetable with fewer breaks).
   */
  lowerBoundBy: 'availability' | 'solver';
  /** Whether the exact search ran (the event was small enough and a solver was at hand). */
  exactSearch: boolean;
}

export interface TimetableProgress {
  bestBreaks?: number;
  lowerBound: number;
  lowerBoundBy: TimetableCertificate['lowerBoundBy'];
  feasible: boolean;
}

export interface TimetableOptions {
  /** When the search must end, on the `now` clock. */
  deadline: number;
  now: () => number;
  seed?: number;
  initial: Int32Array;
  annealing?: Partial<AnnealingSettings>;
  satSolver?: SatSolverFactory;
  /** Called now and then with the best so far and the bound; return true to stop. */
  onProgress: (progress: TimetableProgress) => boolean;
}

export interface TimetableResult {
  schedule: SlotSchedule;
  certificate: TimetableCertificate;
}

/** Throws AppError 'infeasible' when no timetable within the fairness bound was found (the caller falls back to the constructed one). */
export function searchTimetable(problem: SlotProblem, options: TimetableOptions): TimetableResult {
  const { now, deadline } = options;
  const compiled = compileProblem(problem);
  let lowerBound = compiled.minBreaks.reduce((x, y) => x + y, 0);
  let lowerBoundBy: TimetableCertificate['lowerBoundBy'] = 'availability';
  let cancelled = false;
  const progress = (p: Omit<TimetableProgress, 'lowerBound' | 'lowerBoundBy'>) => {
    if (options.onProgress({ ...p, lowerBound, lowerBoundBy })) cancelled = true;
    return cancelled;
  };

  let best = solveSlots(problem, {
    timeLimitMs: Math.max(1, deadline - now()),
    seed: options.seed,
    now,
    initial: options.initial,
    annealing: options.annealing,
    stopWhenStalled: true,
    onProgress: (p) => progress({ feasible: p.feasible, ...(Number.isFinite(p.bestBreaks) ? { bestBreaks: p.bestBreaks } : {}) }),
  });
  const certificate = (stop: TimetableStop, exactSearch: boolean): TimetableResult => ({
    schedule: { ...best, lowerBound, optimal: best.totalBreaks <= lowerBound },
    certificate: { stop: best.totalBreaks <= lowerBound ? 'optimal' : stop, lowerBound, lowerBoundBy, exactSearch },
  });
  if (best.optimal) return certificate('optimal', false);
  if (cancelled) return certificate('cancelled', false);
  if (!options.satSolver || compiled.M > EXACT_MAX_MEETINGS || now() >= deadline) return certificate(best.stalled ? 'stalled' : 'timeLimit', false);

  // The exact search, from the annealing's best timetable.
  const started = now();
  let lastReport = started;
  /** Conflicts spent (counted by slices that ran out), and their count at the last news. */
  let conflicts = 0;
  let conflictsAtNews = 0;
  let stalled = false;
  const news = () => (conflictsAtNews = conflicts);
  const shouldStop = () => {
    const at = now();
    if (at - lastReport >= PROGRESS_MS) {
      lastReport = at;
      progress({ feasible: true, bestBreaks: best.totalBreaks });
    }
    return cancelled || stalled || at >= deadline;
  };
  const { P } = compiled;
  const handle = options.satSolver(shouldStop);
  const inner = handle.solver;
  // Unlimited calls run in slices, so that the stall rule can end them; CaDiCaL keeps what it learned between slices.
  const solver: SatSolver = {
    ...inner,
    solve: (assumptions, limit) => {
      for (;;) {
        const slice = limit === undefined ? CONFLICT_SLICE : limit;
        const status = inner.solve(assumptions, slice);
        if (status !== 'unknown') return status;
        conflicts += slice;
        if (conflicts - conflictsAtNews >= Math.max(EXACT_STALL_MIN_CONFLICTS, conflictsAtNews)) stalled = true;
        if (limit !== undefined || shouldStop()) return 'unknown';
      }
    },
  };
  try {
    const model = new SlotSatModel(compiled, solver, { busyPerSlot: true });
    // The annealing's best as the solver's first guesses: the core-guided search's first timetable, at
    // the bound, came sooner from there (fixture events, seeds 1-4: 21 participants after 0-5,000
    // conflicts instead of 7,500; 30 participants 0-10,000 for three seeds, 20,000 for one, instead of 15,000).
    model.hint(best.slotOf);
    // The model asks every participant for at most `fairness` breaks, the rule whenever some participant
    // has none; so its bounds hold for timetables with fewer breaks than participants (satModel.ts).
    const raise = (proven: number) => {
      const bound = Math.min(proven, P);
      if (bound <= lowerBound) return;
      lowerBound = bound;
      lowerBoundBy = 'solver';
    };
    const adopt = (slotOf: Int32Array) => {
      const found = satSchedule(compiled, slotOf, { lowerBound, msToBest: now() - started + best.ms, ms: 0, iterations: best.iterations });
      if (found.totalBreaks < best.totalBreaks && found.breakSpread <= compiled.fairness) best = found;
    };
    const cores = searchSlotsByCores(model, {
      onBound: (lb) => {
        raise(lb);
        news();
        progress({ feasible: true, bestBreaks: best.totalBreaks });
      },
    });
    if (cores.infeasible) raise(P);
    else if (cores.slotOf) {
      // The first timetable the core-guided search finds is optimal.
      adopt(cores.slotOf);
      raise(cores.totalBreaks);
    }
    // The bounds stalled after rising at least once, so a proof may be near: improve the best timetable
    // under a tightening bound, which can also prove it optimal. A search that found no bound at all
    // is one the solver finds hard, and the tightening search asks it the same kind of question.
    if (best.totalBreaks > lowerBound && !cancelled && !cores.infeasible && cores.lowerBound > 0 && now() < deadline) {
      stalled = false;
      news();
      const improved = searchSlotsBySat(model, {
        initial: best.slotOf,
        lowerBound,
        now,
        deadline,
        seed: options.seed,
        stopped: shouldStop,
        onImproved: (slotOf) => {
          adopt(slotOf);
          news();
        },
      });
      if (improved.optimal && improved.slotOf) {
        adopt(improved.slotOf);
        raise(improved.totalBreaks);
      }
    }
  } finally {
    handle.dispose();
  }
  progress({ feasible: true, bestBreaks: best.totalBreaks });
  return certificate(cancelled ? 'cancelled' : stalled ? 'stalled' : 'timeLimit', true);
}
