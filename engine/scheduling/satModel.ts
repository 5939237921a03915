/**
 * The slot problem as propositional clauses, for a CDCL SAT solver, and a search that tightens the
 * bound on total breaks one step at a time until the solver proves that no better schedule exists.
 *
 * Why: the annealing in slots.ts finds good schedules fast but stalls a few breaks above the optimum
 * when a resource is saturated (every morning table taken, one slot everybody wants): there a single
 * move cannot help and only a chain of coordinated changes can. Clause learning finds such chains
 * (the published MaxSAT results on the B2B forums take seconds), and an unsatisfiable answer at
 * bound k − 1 proves a schedule with k breaks optimal.
 *
 * The engine does no I/O, so the solver comes in through the SatSolver interface; data/ supplies
 * CaDiCaL compiled to WebAssembly.
 *
 * Encoding, per meeting m and slot t a variable x[m,t] (only where m is allowed at t):
 * - each meeting exactly one slot; fixed slots and unavailable slots never get a variable;
 * - busy[p,t] ⇔ some meeting of p is at t, and at most one meeting of p per slot;
 * - at most `tables` meetings per slot (a sequential counter);
 * - precedences through "m has taken place by t" variables;
 * - later[p,t] ⇔ p is busy at t or after; a break starts at t ⇔ busy[p,t−1] ∧ ¬busy[p,t] ∧ later[p,t+1]
 *   (a maximal idle run between two meetings, counted once, as breaksOf counts it);
 * - fairness: every participant has at most `fairness` breaks. That is the rule when some participant
 *   has none, which holds in any schedule with fewer breaks in total than there are participants; the
 *   search only ever asks for such schedules (the bound starts below P), so nothing is lost;
 * - total breaks ≤ k by a totalizer whose outputs count up to the first bound; each tighter bound is
 *   one more unit clause, so everything learned so far stays valid.
 */
import { unitOf, xorshift32, xorshiftSeed } from '../random.ts';
import { breaksOf, type CompiledProblem } from './problem.ts';
import type { SlotSchedule } from './slots.ts';

export type SatStatus = 'satisfiable' | 'unsatisfiable' | 'unknown';

/** What the search needs of an incremental SAT solver (IPASIR-like; literals are ±variable). */
export interface SatSolver {
  newVar(): number;
  addClause(lits: readonly number[]): void;
  /**
   * Solves under the assumptions (literals that hold for this call only), giving up after `conflicts`
   * conflicts when given; 'unknown' when it gave up (conflict limit, time limit, stop request).
   */
  solve(assumptions?: readonly number[], conflicts?: number): SatStatus;
  value(lit: number): boolean;
  /** After an unsatisfiable call: the assumptions the refutation used (an unsatisfiable core). */
  failedAssumptions(): number[];
  /** A hint: try this literal first when deciding its variable. */
  phase(lit: number): void;
}

export interface SatSearchOptions {
  /** A schedule to start from (its breaks are the first bound to beat); its slots are the solver's first guesses. */
  initial?: ArrayLike<number> | null;
  /** Called with each better schedule as it is found. */
  onImproved?: (slotOf: Int32Array, totalBreaks: number) => void;
  /** Share of the time for neighbourhood search before the whole problem (default 0.5). */
  lnsShare?: number;
  /** Conflicts per neighbourhood call. */
  conflicts?: number;
  /** True when the caller's stop request fired (the solver then answers 'unknown' at once). */
  stopped?: () => boolean;
  /** A lower bound proven elsewhere (e.g. by searchSlotsByCores on the same model): reaching it ends the search. */
  lowerBound?: number;
  /** Clock and deadline: without them there is no neighbourhood phase, only the whole problem. */
  now?: () => number;
  deadline?: number;
  /** Seed for drawing neighbourhoods. */
  seed?: number;
}

export interface SatSearchResult {
  /** The best schedule found (the initial one when the solver found nothing better), or null. */
  slotOf: Int32Array | null;
  totalBreaks: number;
  /** True when the solver proved that no schedule has fewer breaks. */
  optimal: boolean;
  /** True when the solver proved that no schedule within the fairness rule exists at all. */
  infeasible: boolean;
  /** Solver calls and their outcomes, for reports. */
  calls: { bound: number | null; status: SatStatus }[];
}

/** Breaks of each participant, their sum and spread, for a complete assignment. */
export function countBreaks(c: CompiledProblem, slotOf: ArrayLike<number>): { total: number; spread: number; perParticipant: Int32Array } {
  const busy = new Uint32Array(c.P);
  for (let m = 0; m < c.M; m++) {
    const bit = 1 << slotOf[m]!;
    busy[c.a[m]!]! |= bit;
    busy[c.b[m]!]! |= bit;
  }
  const perParticipant = Int32Array.from(busy, breaksOf);
  let total = 0;
  let lo = Infinity;
  let hi = 0;
  for (const k of perParticipant) {
    total += k;
    lo = Math.min(lo, k);
    hi = Math.max(hi, k);
  }
  return { total, spread: c.P ? hi - lo : 0, perParticipant };
}

/** A schedule found by the solver in the shape the annealing returns. */
export function satSchedule(c: CompiledProblem, slotOf: Int32Array, found: { lowerBound: number; msToBest: number; ms: number; iterations: number }): SlotSchedule {
  const { total, spread, perParticipant } = countBreaks(c, slotOf);
  return { slotOf, totalBreaks: total, breakSpread: spread, breaksOf: perParticipant, lowerBound: found.lowerBound, optimal: total <= found.lowerBound, iterations: found.iterations, msToBest: found.msToBest, ms: found.ms };
}

export class Encoder {
  constructor(private readonly s: SatSolver) {}

  /** At most one of lits: pairwise for a few, a ladder (n − 1 helper variables) for more. */
  atMostOne(lits: readonly number[]): void {
    const n = lits.length;
    if (n <= 1) return;
    if (n <= 5) {
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) this.s.addClause([-lits[i]!, -lits[j]!]);
      return;
    }
    let prev = lits[0]!;
    for (let i = 1; i < n; i++) {
      const x = lits[i]!;
      this.s.addClause([-prev, -x]);
      if (i === n - 1) break;
      const next = this.s.newVar();
      this.s.addClause([-prev, next]);
      this.s.addClause([-x, next]);
      prev = next;
    }
  }

  /** At most k of lits (Sinz's sequential counter; propagates as well as the constraint itself). */
  atMost(lits: readonly number[], k: number): void {
    const n = lits.length;
    if (n <= k) return;
    if (k === 0) {
      for (const x of lits) this.s.addClause([-x]);
      return;
    }
    if (k === 1) return this.atMostOne(lits);
    // s[i][j]: at least j + 1 of lits[0..i] are true.
    let prev: number[] = [];
    for (let i = 0; i < n - 1; i++) {
      const x = lits[i]!;
      const cur = Array.from({ length: k }, () => this.s.newVar());
      this.s.addClause([-x, cur[0]!]);
      if (i > 0) {
        for (let j = 0; j < k; j++) this.s.addClause([-prev[j]!, cur[j]!]);
        for (let j = 1; j < k; j++) this.s.addClause([-x, -prev[j - 1]!, cur[j]!]);
        this.s.addClause([-x, -prev[k - 1]!]);
      }
      prev = cur;
    }
    this.s.addClause([-lits[n - 1]!, -prev[k - 1]!]);
  }

  /** y ⇔ OR(lits). */
  or(lits: readonly number[]): number {
    if (lits.length === 1) return lits[0]!;
    const y = this.s.newVar();
    for (const x of lits) this.s.addClause([-x, y]);
    this.s.addClause([-y, ...lits]);
    return y;
  }

  /**
   * A totalizer over lits counting up to `cap` (default: all): out[i] is true when at least i + 1 of lits are (only
   * that direction, which is all an upper bound needs). Counts beyond cap are folded into out[cap − 1].
   */
  totalizer(lits: readonly number[], cap = lits.length): number[] {
    if (lits.length === 0) return [];
    if (lits.length === 1) return [lits[0]!];
    const mid = lits.length >> 1;
    const left = this.totalizer(lits.slice(0, mid), cap);
    const right = this.totalizer(lits.slice(mid), cap);
    const size = Math.min(cap, left.length + right.length);
    const out = Array.from({ length: size }, () => this.s.newVar());
    for (let i = 0; i <= left.length; i++) {
      for (let j = 0; j <= right.length; j++) {
        if (i + j === 0) continue;
        const clause: number[] = [];
        if (i > 0) clause.push(-left[i - 1]!);
        if (j > 0) clause.push(-right[j - 1]!);
        clause.push(out[Math.min(i + j, size) - 1]!);
        this.s.addClause(clause);
      }
    }
    return out;
  }
}

export interface SlotSatModelOptions {
  /**
   * Add the implied "at most 2 × tables busy participants per slot" (default true). Where the tables
   * are full (forum-13crafb around the lunch break) it lets the solver count participants who must be
   * there rather than meetings: there the core-guided search went from stalling at a bound of 5 to
   * proving the optimum of 6 in 25 s, and the hybrid from 7 breaks to a proven 6 in 40-45 s. It is not
   * free: the core-guided search solved forum-13crafc in 5 s and ticf-13crafb in 38 s without it and
   * neither in 40-60 s with it; hence an option, so that two threads can differ.
   */
  busyPerSlot?: boolean;
  /**
   * Each participant's fairness bound holds only under an assumption literal of its own
   * (fairnessAssumptions) rather than as a clause: a refutation under all of them then names the
   * participants who cannot all stay within the bound (explainFairness). For explaining, not searching.
   */
  fairnessByAssumption?: boolean;
}

/** The clauses of one slot problem in a solver, with the handles the searches need. */
export class SlotSatModel {
  /** x[m][t]: the variable of meeting m taking slot t, 0 where m may not take t. */
  readonly x: Int32Array[] = [];
  readonly breakStarts: number[] = [];
  /** With fairnessByAssumption: per literal to assume, the participant whose fairness bound it switches on. */
  readonly fairnessAssumptions = new Map<number, number>();
  /** atLeast[i]: at least i + 1 breaks in total; built on the first bound. */
  private atLeast: number[] | null = null;
  /** The tightest bound on total breaks added so far (Infinity: none). */
  bound = Infinity;

  constructor(
    readonly c: CompiledProblem,
    readonly solver: SatSolver,
    options: SlotSatModelOptions = {},
  ) {
    const { P, T, M } = c;
    const enc = new Encoder(solver);
    const x = this.x;
    for (let m = 0; m < M; m++) {
      const row = new Int32Array(T);
      const lits: number[] = [];
      for (let t = 0; t < T; t++) {
        if (c.allowed[m]! & (1 << t)) {
          row[t] = solver.newVar();
          lits.push(row[t]!);
        }
      }
      solver.addClause(lits);
      enc.atMostOne(lits);
      x.push(row);
    }

    for (let t = 0; t < T; t++) {
      const lits: number[] = [];
      for (let m = 0; m < M; m++) if (x[m]![t]) lits.push(x[m]![t]!);
      enc.atMost(lits, c.tables);
    }

    // Precedences: done[m][t] ⇒ m takes a slot ≤ t; a later meeting at t needs its predecessor done by t − 1.
    const done: (Int32Array | null)[] = new Array(M).fill(null);
    const doneBy = (m: number): Int32Array => {
      let row = done[m];
      if (row) return row;
      row = new Int32Array(T);
      for (let t = 0; t < T; t++) {
        row[t] = solver.newVar();
        const clause = [-row[t]!];
        for (let s = 0; s <= t; s++) if (x[m]![s]) clause.push(x[m]![s]!);
        solver.addClause(clause);
      }
      done[m] = row;
      return row;
    };
    for (let m = 0; m < M; m++) {
      for (const e of c.before[m]!) {
        const d = doneBy(e);
        for (let t = 0; t < T; t++) {
          if (!x[m]![t]) continue;
          solver.addClause(t === 0 ? [-x[m]![t]!] : [-x[m]![t]!, d[t - 1]!]);
        }
      }
    }

    const busyAt: number[][] = Array.from({ length: T }, () => []);
    for (let p = 0; p < P; p++) {
      const mine = c.meetingsOf[p]!;
      const busy = new Int32Array(T); // 0: never busy
      for (let t = 0; t < T; t++) {
        const lits: number[] = [];
        for (const m of mine) if (x[m]![t]) lits.push(x[m]![t]!);
        if (!lits.length) continue;
        enc.atMostOne(lits);
        busy[t] = enc.or(lits);
        busyAt[t]!.push(busy[t]!);
      }
      if (mine.length < 2) continue;
      // Implied: p is busy in as many slots as it has meetings. Counting this way spares the solver
      // pigeonhole reasoning (n meetings cannot fit a block shorter than n), which clause learning
      // alone does badly.
      const busyLits = Array.from(busy).filter((v) => v !== 0);
      enc.atMost(busyLits.map((v) => -v), busyLits.length - mine.length);
      enc.atMost(busyLits, mine.length);
      const later = new Int32Array(T + 1); // later[T] = 0: nothing after the day
      for (let t = T - 1; t >= 0; t--) {
        const parts = [busy[t]!, later[t + 1]!].filter((v) => v !== 0);
        later[t] = parts.length ? enc.or(parts) : 0;
      }
      const starts: number[] = [];
      for (let t = 1; t < T - 1; t++) {
        if (!busy[t - 1] || !later[t + 1]) continue;
        const b = solver.newVar();
        const clause = [-busy[t - 1]!, -later[t + 1]!, b];
        if (busy[t]) clause.splice(1, 0, busy[t]!);
        solver.addClause(clause);
        solver.addClause([-b, busy[t - 1]!]);
        solver.addClause([-b, later[t + 1]!]);
        if (busy[t]) solver.addClause([-b, -busy[t]!]);
        starts.push(b);
      }
      if (options.fairnessByAssumption) {
        const counts = enc.totalizer(starts, c.fairness + 1);
        if (counts.length > c.fairness) {
          const fair = solver.newVar();
          solver.addClause([-fair, -counts[c.fairness]!]);
          this.fairnessAssumptions.set(fair, p);
        }
      } else enc.atMost(starts, c.fairness);
      this.breakStarts.push(...starts);
    }
    if (options.busyPerSlot ?? true) for (let t = 0; t < T; t++) enc.atMost(busyAt[t]!, 2 * c.tables);
    this.encoder = enc;
  }

  readonly encoder: Encoder;

  /** From now on, at most k breaks in total (k below the first bound given; the first fixes the counter's size). */
  limitBreaks(k: number): void {
    if (k >= this.bound) return;
    if (k < 0) {
      // No schedule has fewer than 0 breaks: nothing to ask the solver, and the searches stop here.
      this.bound = k;
      return;
    }
    if (!this.atLeast) this.atLeast = this.encoder.totalizer(this.breakStarts, k + 1);
    if (k < this.atLeast.length) this.solver.addClause([-this.atLeast[k]!]);
    this.bound = k;
  }

  /** The solver's first guesses: this schedule. */
  hint(slotOf: ArrayLike<number>): void {
    const { M, T } = this.c;
    for (let m = 0; m < M; m++) for (let t = 0; t < T; t++) if (this.x[m]![t]) this.solver.phase(t === slotOf[m] ? this.x[m]![t]! : -this.x[m]![t]!);
  }

  /** Assumptions that keep every meeting outside `free` in its slot of `slotOf`. */
  keep(slotOf: ArrayLike<number>, free: Uint8Array): number[] {
    const lits: number[] = [];
    for (let m = 0; m < this.c.M; m++) if (!free[m]) lits.push(this.x[m]![slotOf[m]!]!);
    return lits;
  }

  /** The schedule of the last satisfiable call. */
  decode(): Int32Array {
    const { M, T } = this.c;
    const slotOf = new Int32Array(M).fill(-1);
    for (let m = 0; m < M; m++) for (let t = 0; t < T; t++) if (this.x[m]![t] && this.solver.value(this.x[m]![t]!)) slotOf[m] = t;
    return slotOf;
  }
}

/**
 * Which participants' fairness bounds cannot all hold at once, from a model built with
 * fairnessByAssumption: the refutation's assumptions, shrunk by refuting them again while that makes
 * them fewer (a few rounds). An empty list: no schedule exists even without the fairness bound; null: the
 * solver found a schedule within it after all, or was stopped.
 */
export function explainFairness(model: SlotSatModel, rounds = 3): number[] | null {
  let assumptions = [...model.fairnessAssumptions.keys()];
  if (model.solver.solve(assumptions) !== 'unsatisfiable') return null;
  let core = model.solver.failedAssumptions();
  for (let round = 0; round < rounds && core.length > 1; round++) {
    // The same refutation from the other end often needs fewer of them.
    assumptions = [...core].reverse();
    if (model.solver.solve(assumptions) !== 'unsatisfiable') break;
    const next = model.solver.failedAssumptions();
    if (next.length >= core.length) break;
    core = next;
  }
  return core.map((lit) => model.fairnessAssumptions.get(lit)!).sort((a, b) => a - b);
}

/**
 * Improves a schedule by the solver: large neighbourhoods first (most meetings kept in place by
 * assumptions, the rest re-solved under the bound "one break fewer"), then the whole problem, which can
 * also prove optimality. It returns when the solver proves optimality or infeasibility, or gives up
 * (it returns 'unknown' when the caller's time limit or stop request fires inside it).
 */
export function searchSlotsBySat(model: SlotSatModel, options: SatSearchOptions = {}): SatSearchResult {
  const { c, solver } = model;
  const { P, M } = c;
  const calls: SatSearchResult['calls'] = [];
  const lowerBound = Math.max(options.lowerBound ?? 0, c.minBreaks.reduce((sum, k) => sum + k, 0));

  let best: Int32Array | null = null;
  let bestBreaks = Infinity;
  /** Participants with a break in the best schedule. */
  let withBreaks: number[] = [];
  const accept = (slotOf: Int32Array) => {
    const { total, spread, perParticipant } = countBreaks(c, slotOf);
    if (spread > c.fairness || total >= bestBreaks) return;
    best = slotOf;
    bestBreaks = total;
    withBreaks = [];
    perParticipant.forEach((k, p) => k > 0 && withBreaks.push(p));
    model.hint(slotOf);
    options.onImproved?.(slotOf, total);
  };
  if (options.initial) accept(Int32Array.from(options.initial));
  if (!best) {
    const status = solver.solve();
    calls.push({ bound: null, status });
    if (status === 'unsatisfiable') return { slotOf: null, totalBreaks: Infinity, optimal: false, infeasible: true, calls };
    if (status === 'unknown') return { slotOf: null, totalBreaks: Infinity, optimal: false, infeasible: false, calls };
    accept(model.decode());
  }
  // Only schedules with fewer breaks than participants are asked for (see the fairness note above).
  model.limitBreaks(Math.min(bestBreaks, P) - 1);
  let optimal = bestBreaks <= lowerBound;

  // Large neighbourhoods: random connected groups of participants whose meetings are re-solved.
  const now = options.now;
  if (now && options.deadline && !optimal) {
    let rng = xorshiftSeed(options.seed);
    const random = () => unitOf((rng = xorshift32(rng)));
    const lnsEnd = now() + (options.deadline - now()) * (options.lnsShare ?? 0.5);
    let share = 0.3;
    const free = new Uint8Array(M);
    while (!optimal && now() < lnsEnd) {
      free.fill(0);
      const target = Math.max(1, Math.round(share * M));
      let freed = 0;
      const seen = new Uint8Array(P);
      // Grown from a participant with a break: a better schedule must take a break from somebody.
      const queue = [withBreaks.length ? withBreaks[Math.floor(random() * withBreaks.length)]! : Math.floor(random() * P)];
      seen[queue[0]!] = 1;
      while (freed < target) {
        if (!queue.length) {
          const p = Math.floor(random() * P);
          if (seen[p]) continue;
          seen[p] = 1;
          queue.push(p);
        }
        const i = Math.floor(random() * queue.length);
        const p = queue[i]!;
        queue[i] = queue[queue.length - 1]!;
        queue.pop();
        for (const m of c.meetingsOf[p]!) {
          if (!free[m]) {
            free[m] = 1;
            freed++;
          }
          const other = c.a[m] === p ? c.b[m]! : c.a[m]!;
          if (!seen[other]) {
            seen[other] = 1;
            queue.push(other);
          }
        }
      }
      const status = solver.solve(model.keep(best!, free), options.conflicts ?? 3000);
      calls.push({ bound: model.bound, status });
      if (status === 'satisfiable') {
        accept(model.decode());
        model.limitBreaks(bestBreaks - 1);
        if (bestBreaks <= lowerBound) optimal = true;
      } else if (status === 'unsatisfiable') {
        // A refutation that needs none of the kept meetings refutes the bound itself: optimal.
        if (!solver.failedAssumptions().length) optimal = true;
        share = Math.min(0.9, share * 1.1);
      } else if (options.stopped?.()) break;
      else share = Math.max(0.05, share / 1.1);
    }
  }

  while (!optimal && model.bound >= 0) {
    const status = solver.solve();
    calls.push({ bound: model.bound, status });
    if (status === 'unknown') break;
    if (status === 'unsatisfiable') {
      // A proof of optimality only when the bound was just below the best schedule found.
      optimal = model.bound === bestBreaks - 1;
      break;
    }
    accept(model.decode());
    model.limitBreaks(bestBreaks - 1);
    if (bestBreaks <= lowerBound) optimal = true;
  }
  return { slotOf: best, totalBreaks: bestBreaks, optimal, infeasible: false, calls };
}

/**
 * Core-guided search (OLL with unit weights): assume no break anywhere; each refutation names a set of
 * break starts of which at least one must happen, which raises the lower bound by one and is relaxed
 * by a counter over the set. The first satisfiable call is an optimal schedule.
 */
export function searchSlotsByCores(model: SlotSatModel, options: { onBound?: (lb: number) => void } = {}): SatSearchResult & { lowerBound: number } {
  const { c, solver } = model;
  const calls: SatSearchResult['calls'] = [];
  // lit assumed true → where it came from: a counter's outputs and the index of this literal's output.
  const sums = new Map<number, { outputs: number[]; index: number }>();
  const assumed = new Set<number>(model.breakStarts.map((b) => -b));
  let lowerBound = 0;
  for (;;) {
    const status = solver.solve([...assumed]);
    calls.push({ bound: lowerBound, status });
    if (status === 'unknown') return { slotOf: null, totalBreaks: Infinity, optimal: false, infeasible: false, calls, lowerBound };
    if (status === 'satisfiable') {
      const slotOf = model.decode();
      const { total } = countBreaks(c, slotOf);
      return { slotOf, totalBreaks: total, optimal: total === lowerBound, infeasible: false, calls, lowerBound };
    }
    const core = solver.failedAssumptions();
    if (!core.length) return { slotOf: null, totalBreaks: Infinity, optimal: false, infeasible: true, calls, lowerBound };
    lowerBound++;
    options.onBound?.(lowerBound);
    for (const lit of core) {
      assumed.delete(lit);
      const sum = sums.get(lit);
      if (sum && sum.index + 1 < sum.outputs.length) {
        const next = -sum.outputs[sum.index + 1]!;
        sums.set(next, { outputs: sum.outputs, index: sum.index + 1 });
        assumed.add(next);
      }
    }
    if (core.length >= 2) {
      const outputs = model.encoder.totalizer(core.map((lit) => -lit));
      sums.set(-outputs[1]!, { outputs, index: 1 });
      assumed.add(-outputs[1]!);
    }
  }
}
