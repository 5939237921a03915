/**
 * Slot assignment that minimises breaks under fairness: simulated annealing over complete assignments.
 *
 * Why a local search and not a model for a general solver: the objective lives in each participant's
 * day, which fits one 32-bit word (busy slots as bits; breaks = runs of ones − 1), so a move is
 * re-scored in a few machine operations and the search tries millions of moves a second. Hard rules
 * that a move could break (a participant in two meetings at once, more meetings than tables in a slot,
 * precedences) are penalties while searching and must all be zero in any schedule returned; rules a
 * move cannot break (sessions, unavailable slots, locks) are never violated, because a meeting only
 * ever takes one of its allowed slots. The search stops at the lower bound (the sum of each
 * participant's own fewest breaks), at the time limit, or when asked to.
 */
import { AppError } from '../errors.ts';
import { unitOf, xorshift32, xorshiftSeed } from '../random.ts';
import { breaksOf, compileProblem, noScheduleInTime, popcount, type CompiledProblem, type SlotProblem } from './problem.ts';

export interface SlotOptions {
  /** Wall-clock budget; the search returns its best schedule when it runs out. */
  timeLimitMs: number;
  seed?: number;
  /** A starting assignment (e.g. the last schedule): meetings keep these slots where allowed. */
  initial?: ArrayLike<number>;
  /** Called now and then with the best so far; return true to stop early. */
  onProgress?: (progress: SlotProgress) => boolean | void;
  /** The clock (injected so that tests need not wait). */
  now?: () => number;
  annealing?: Partial<AnnealingSettings>;
  /**
   * Independent searches one after another, each with an equal share of the time and its own seed; the
   * fewest breaks win (default 1). On the long-day B2B forums a 20 s walk ends about as well as a 60 s
   * one, so three walks give three draws; measured at 60 s on two threads they were no better on average
   * than one walk each (2 seeds × 8 forums), and large events need the whole budget for one walk.
   */
  restarts?: number;
  /**
   * Also stop once the search has stopped improving (see STALL_TRIES_PER_SLOT): the event planner's
   * rule; the benchmark's strategies search to the limit or a proof.
   */
  stopWhenStalled?: boolean;
  /**
   * For tests: after every move, recount every running total from the slots and compare (and a chain's
   * cost before its swap with the cost after it); throws on a difference. Slow.
   */
  audit?: boolean;
}

export interface SlotProgress {
  elapsedMs: number;
  bestBreaks: number;
  /** No schedule has fewer breaks (the search stops when it gets there). */
  lowerBound: number;
  feasible: boolean;
  iterations: number;
}

export interface SlotSchedule {
  /** 0-based slot of each meeting. */
  slotOf: Int32Array;
  totalBreaks: number;
  /** Largest minus smallest number of breaks over all participants. */
  breakSpread: number;
  breaksOf: Int32Array;
  /** The sum of the participants' own fewest breaks: no schedule has fewer. */
  lowerBound: number;
  /** True when totalBreaks equals the lower bound. */
  optimal: boolean;
  iterations: number;
  /** When the returned schedule was found, from the start of the search. */
  msToBest: number;
  ms: number;
  /** The search ended because it had stopped improving (stopWhenStalled), not at the bound, the limit or a stop request. */
  stalled?: boolean;
}

/**
 * How the annealing runs. Tuned on the published B2B instances (several seeds): cooling from 1 to 0.1
 * once over the whole time budget beat rounds that restart from the best schedule (at 60 s it reached
 * 0 breaks on ticf-14crafa where rounds stalled at 4), and a clash costing about one break beat dearer
 * clashes, which left more breaks.
 */
export interface AnnealingSettings {
  startTemperature: number;
  endTemperature: number;
  /** Moves per round, each round starting again from the best schedule; 0: one round, cooling with the clock. */
  roundLength: number;
  /** What one clash (double booking, a table too many, a broken precedence) costs, in breaks. */
  conflictWeight: number;
}

export const ANNEALING: AnnealingSettings = { startTemperature: 1, endTemperature: 0.1, roundLength: 0, conflictWeight: 1 };

/** How often the search reports progress (and may be stopped) at most, in ms. */
const PROGRESS_MS = 50;

/** Per 4,096 moves without any clash-free schedule yet, the price of a clash grows by this factor, up to a cap. */
const CLASH_GROWTH = 1.02;
const MAX_CLASH_WEIGHT = 50;

/**
 * A search with stopWhenStalled anneals in rounds, each starting again from the best schedule and cooling
 * from the start to the end temperature over this many moves per meeting and allowed slot (so that each
 * meeting would be offered each of its slots about this often per round if every move picked a meeting and
 * a slot at random; most now start at a participant with breaks to spare, see TARGETED_IN_4), or with the
 * clock over the time limit where that is further along. It has stopped improving
 * when a whole round, a complete cooling from the best schedule, found no better one. Counted in moves,
 * not milliseconds, so that the rule does not depend on the machine's speed or load. Measured on the
 * 50-participant fixture event of test/scheduleFixture.ts (138 meetings, seeds 1-4): 100 tries stopped
 * at 6-8 breaks, 300 at 3-6 in 1.1-1.7 million moves (1.3-2.7 s of CPU), 1,000 at 3-4 in 3.7-5.5 million,
 * 3,000 at 2-4; one cooling over 30 s reached 2-4 (all before the targeted moves).
 */
export const STALL_TRIES_PER_SLOT = 300;

/**
 * Of every 4 moves (once no clash is being repaired), how many start at a participant with breaks to
 * spare (targetedMove); the rest move a random meeting, which also moves the meetings of participants
 * already at their fewest breaks that stand in the way. On the 12,000-participant synthetic event
 * (bench:schedule, seed 1, 15 s of CPU each): 3 in 4 left 1,830 breaks, 4 in 4 1,840, 2 in 4 2,068;
 * without targeted moves the walk left about 2,800 in 55 s.
 */
const TARGETED_IN_4 = 3;

/** What each break beyond the fairness window costs while searching, in clashes (see fairnessExcess). */
const FAIRNESS_WEIGHT = 2;

export function solveSlots(problem: SlotProblem, options: SlotOptions): SlotSchedule {
  const compiled = compileProblem(problem);
  const runs = Math.max(1, Math.floor(options.restarts ?? 1));
  if (runs === 1) return new SlotSearch(compiled, options).run();
  // Independent walks, each with its share of the budget and its own seed; the fewest breaks win.
  const now = options.now ?? (() => performance.now());
  const started = now();
  let best: SlotSchedule | undefined;
  let failure: unknown;
  let iterations = 0;
  for (let k = 0; k < runs; k++) {
    const offset = now() - started;
    const left = options.timeLimitMs - offset;
    if (left <= 0 || (best && k > 0 && left < options.timeLimitMs / runs / 2)) break;
    let stop = false;
    try {
      const s = new SlotSearch(compiled, {
        ...options,
        now,
        timeLimitMs: left / (runs - k),
        seed: ((options.seed ?? 1) + k * 7919) >>> 0,
        onProgress: options.onProgress && ((p) => (stop = !!options.onProgress!({ ...p, elapsedMs: p.elapsedMs + offset, iterations: p.iterations + iterations }))),
      }).run();
      iterations += s.iterations;
      if (!best || s.totalBreaks < best.totalBreaks) best = { ...s, msToBest: s.msToBest + offset };
      if (s.optimal) break;
    } catch (err) {
      failure ??= err;
    }
    if (stop) break;
  }
  if (!best) throw failure;
  return { ...best, iterations, ms: now() - started };
}

class SlotSearch {
  private readonly c: CompiledProblem;
  private readonly slotOf: Int32Array;
  /** Meetings of participant p in slot t: cnt[p * T + t]. */
  private readonly cnt: Uint8Array;
  /** A meeting of participant p in slot t wherever cnt is not 0 (the meeting where cnt is 1): occupant[p * T + t]. */
  private readonly occupant: Int32Array;
  /** Busy slots of each participant as bits. */
  private readonly busy: Uint32Array;
  private readonly brk: Int32Array;
  private readonly load: Int32Array;
  /** Participants per number of breaks. */
  private readonly hist: Int32Array;
  private breaks = 0;
  private conflicts = 0;
  private overload = 0;
  private precedence = 0;
  private rng: number;
  private readonly now: () => number;
  private readonly kempe: Int32Array;
  private readonly kempeTo: Int32Array;
  /** Meetings with precedences, as flags: read on every move, where each list's length is a pointer away. */
  private readonly ordered: Uint8Array;
  /** Participants of a chain being costed (chainCost): a mark, the list and their breaks after the swap. */
  private readonly touched: Uint8Array;
  private readonly touchedList: Int32Array;
  private readonly touchedBreaks: Int32Array;
  /** Double-booked cells (participant · T + slot) as a set with O(1) insert, delete and random pick. */
  private readonly clashCells: Int32Array;
  private readonly clashAt: Int32Array;
  private clashCount = 0;
  private readonly inChain: Uint8Array;
  /**
   * Participants with more breaks than their own fewest (minBreaks) as a set with O(1) insert, delete
   * and random pick: where targeted moves start.
   */
  private readonly excess: Int32Array;
  private readonly excessAt: Int32Array;
  private excessCount = 0;
  /** The slot targetedMove chose besides the meeting. */
  private target = -1;
  /** Grows while no schedule without clashes has been found (see run). */
  private conflictWeight: number;

  constructor(
    compiled: CompiledProblem,
    private readonly options: SlotOptions,
  ) {
    this.c = compiled;
    const { P, T, M } = compiled;
    this.slotOf = new Int32Array(M).fill(-1);
    this.cnt = new Uint8Array(P * T);
    this.occupant = new Int32Array(P * T);
    this.busy = new Uint32Array(P);
    this.brk = new Int32Array(P);
    this.load = new Int32Array(T);
    this.hist = new Int32Array(T + 2);
    this.hist[0] = P;
    this.rng = xorshiftSeed(options.seed);
    this.now = options.now ?? (() => performance.now());
    this.kempe = new Int32Array(M);
    this.kempeTo = new Int32Array(M);
    this.ordered = Uint8Array.from(compiled.before, (list, m) => (list.length + compiled.later[m]!.length > 0 ? 1 : 0));
    this.touched = new Uint8Array(P);
    this.touchedList = new Int32Array(P);
    this.touchedBreaks = new Int32Array(P);
    this.clashCells = new Int32Array(P * T);
    this.clashAt = new Int32Array(P * T);
    this.inChain = new Uint8Array(M);
    this.excess = new Int32Array(P);
    this.excessAt = new Int32Array(P).fill(-1);
    this.conflictWeight = options.annealing?.conflictWeight ?? ANNEALING.conflictWeight;
  }

  private random(): number {
    this.rng = xorshift32(this.rng);
    return this.rng;
  }

  private below(n: number): number {
    return this.random() % n;
  }

  /** A uniformly chosen set bit of a non-zero mask. */
  private randomBit(mask: number): number {
    let k = this.below(popcount(mask));
    for (;;) {
      const t = 31 - Math.clz32(mask);
      if (k-- === 0) return t;
      mask = (mask & ~(1 << t)) >>> 0;
    }
  }

  private spreadExcess(): number {
    const h = this.hist;
    let lo = 0;
    while (h[lo] === 0) lo++;
    let hi = h.length - 1;
    while (h[hi] === 0) hi--;
    return Math.max(0, hi - lo - this.c.fairness);
  }

  /**
   * Breaks beyond the fairness window, summed over participants: the window starts at the fewest breaks
   * anyone has. Zero exactly when the spread is within the bound; unlike the spread itself it falls with
   * each participant brought back into the window, which a search over thousands of participants needs
   * (the spread moves only when the last one is).
   */
  private fairnessExcess(): number {
    const h = this.hist;
    let lo = 0;
    while (h[lo] === 0) lo++;
    let sum = 0;
    for (let k = lo + this.c.fairness + 1; k < h.length; k++) sum += h[k]! * (k - lo - this.c.fairness);
    return sum;
  }

  private cost(): number {
    return this.breaks + FAIRNESS_WEIGHT * this.conflictWeight * this.fairnessExcess() + this.conflictWeight * (this.conflicts + this.overload + this.precedence);
  }

  private get feasible(): boolean {
    return this.conflicts === 0 && this.overload === 0 && this.precedence === 0 && this.spreadExcess() === 0;
  }

  private setBreaks(p: number): void {
    const next = breaksOf(this.busy[p]!);
    const prev = this.brk[p]!;
    if (next === prev) return;
    this.hist[prev]!--;
    this.hist[next]!++;
    this.brk[p] = next;
    this.breaks += next - prev;
    const least = this.c.minBreaks[p]!;
    if (prev <= least && next > least) {
      this.excessAt[p] = this.excessCount;
      this.excess[this.excessCount++] = p;
    } else if (prev > least && next <= least) {
      const at = this.excessAt[p]!;
      const last = this.excess[--this.excessCount]!;
      this.excess[at] = last;
      this.excessAt[last] = at;
      this.excessAt[p] = -1;
    }
  }

  /**
   * A move aimed at a participant with breaks to spare: one of its meetings at the edge of a run of busy
   * slots (moving one from inside a run only splits it) and a free slot next to its other meetings, where
   * it may close a gap or shorten the day. Sets target; returns the meeting, or -1 when
   * the participant has no such pair. A random meeting serves participants that have no breaks to lose
   * about as often as those that have; at 12,000 participants most of a walk's moves went there.
   */
  private targetedMove(): number {
    const p = this.excess[this.below(this.excessCount)]!;
    const busy = this.busy[p]!;
    // Busy slots with a free neighbour (or the day's edge), and free slots beside busy ones.
    const edges = (busy & ~((busy << 1) & (busy >>> 1))) >>> 0;
    const near = ((busy << 1) | (busy >>> 1)) & ~busy;
    const from = this.randomBit(edges);
    // With a clash in that cell, either of its meetings would do.
    const m = this.occupant[p * this.c.T + from]!;
    const to = (near & this.c.allowed[m]!) >>> 0;
    if (!to) return -1;
    this.target = this.randomBit(to);
    return m;
  }

  private leave(p: number, t: number): void {
    const i = p * this.c.T + t;
    const n = --this.cnt[i]!;
    if (n >= 1) {
      this.conflicts--;
      if (n === 1) this.unmarkClash(i);
    } else this.busy[p] = (this.busy[p]! & ~(1 << t)) >>> 0;
  }

  private enter(p: number, t: number, m: number): void {
    const i = p * this.c.T + t;
    const n = this.cnt[i]!++;
    if (n === 0) this.occupant[i] = m;
    if (n >= 1) {
      this.conflicts++;
      if (n === 1) this.markClash(i);
    } else this.busy[p] = (this.busy[p]! | (1 << t)) >>> 0;
  }

  private markClash(cell: number): void {
    this.clashAt[cell] = this.clashCount;
    this.clashCells[this.clashCount++] = cell;
  }

  private unmarkClash(cell: number): void {
    const at = this.clashAt[cell]!;
    const last = this.clashCells[--this.clashCount]!;
    this.clashCells[at] = last;
    this.clashAt[last] = at;
  }

  private findOccupant(p: number, t: number): void {
    const list = this.c.meetingsOf[p]!;
    for (let j = 0; j < list.length; j++) if (this.slotOf[list[j]!] === t) this.occupant[p * this.c.T + t] = list[j]!;
  }

  /** A meeting in a random double-booked cell (participant, slot). */
  private clashingMeeting(): number {
    const cell = this.clashCells[this.below(this.clashCount)]!;
    const p = (cell / this.c.T) | 0;
    const t = cell - p * this.c.T;
    const list = this.c.meetingsOf[p]!;
    let k = this.below(this.cnt[cell]!);
    for (let j = 0; j < list.length; j++) if (this.slotOf[list[j]!] === t && k-- === 0) return list[j]!;
    return list[0]!;
  }

  private precedenceViolations(m: number, t: number): number {
    let v = 0;
    const before = this.c.before[m]!;
    for (let i = 0; i < before.length; i++) {
      const s = this.slotOf[before[i]!]!;
      if (s >= 0 && s >= t) v++;
    }
    const later = this.c.later[m]!;
    for (let i = 0; i < later.length; i++) {
      const s = this.slotOf[later[i]!]!;
      if (s >= 0 && s <= t) v++;
    }
    return v;
  }

  /** Moves meeting m to slot t (or unplaces it with t = -1), keeping every total up to date. */
  private place(m: number, t: number): void {
    const s = this.slotOf[m]!;
    if (s === t) return;
    const a = this.c.a[m]!;
    const b = this.c.b[m]!;
    const hasOrder = this.ordered[m] === 1;
    if (s >= 0) {
      if (hasOrder) this.precedence -= this.precedenceViolations(m, s);
      this.leave(a, s);
      this.leave(b, s);
      if (this.load[s]!-- > this.c.tables) this.overload--;
    }
    this.slotOf[m] = t;
    if (s >= 0) {
      // m was a cell's occupant and shared it (a clash): find who is left (rare).
      if (this.cnt[a * this.c.T + s]! >= 1 && this.occupant[a * this.c.T + s] === m) this.findOccupant(a, s);
      if (this.cnt[b * this.c.T + s]! >= 1 && this.occupant[b * this.c.T + s] === m) this.findOccupant(b, s);
    }
    if (t >= 0) {
      this.enter(a, t, m);
      this.enter(b, t, m);
      if (++this.load[t]! > this.c.tables) this.overload++;
      if (hasOrder) this.precedence += this.precedenceViolations(m, t);
    }
    this.setBreaks(a);
    this.setBreaks(b);
  }

  /** A first assignment: the given one where allowed, else greedily the allowed slot that costs least. */
  private start(): void {
    const { M } = this.c;
    // Clashes first: a greedy start that trades a clash for a break leaves thousands of clashes on
    // large events, which the walk then needs most of its time to remove.
    const weight = this.conflictWeight;
    this.conflictWeight = Math.max(weight, MAX_CLASH_WEIGHT);
    const order = Array.from({ length: M }, (_, m) => m).sort((x, y) => this.c.allowedSlots[x]!.length - this.c.allowedSlots[y]!.length || x - y);
    for (const m of order) {
      const given = this.options.initial?.[m];
      if (given !== undefined && given >= 0 && this.c.allowed[m]! & (1 << given)) {
        this.place(m, given);
        continue;
      }
      let best = -1;
      let bestCost = Infinity;
      for (const t of this.c.allowedSlots[m]!) {
        this.place(m, t);
        const cost = this.cost();
        if (cost < bestCost) {
          bestCost = cost;
          best = t;
        }
      }
      this.place(m, best);
    }
    this.conflictWeight = weight;
  }

  /**
   * The chain of meetings reachable from m through shared participants among the meetings in m's slot
   * and t (a Kempe chain), in kempe[0, n): swapping their slots gives nobody a clash who had none.
   * Returns the chain's length, or 0 when some meeting of the chain may not take the other slot.
   */
  private kempeChain(m: number, t: number): number {
    const s = this.slotOf[m]!;
    const { a, b, meetingsOf, allowed, T } = this.c;
    let n = 0;
    this.kempe[n++] = m;
    this.inChain[m] = 1;
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      const x = this.kempe[i]!;
      const other = this.slotOf[x] === s ? t : s;
      if (!(allowed[x]! & (1 << other))) ok = false;
      for (let side = 0; side < 2; side++) {
        const p = side === 0 ? a[x]! : b[x]!;
        const cs = this.cnt[p * T + s]!;
        const ct = this.cnt[p * T + t]!;
        if (cs <= 1 && ct <= 1) {
          // No clash in either cell: its meetings there are the occupants (most moves, and O(1)).
          if (cs === 1) n = this.addToChain(this.occupant[p * T + s]!, n);
          if (ct === 1) n = this.addToChain(this.occupant[p * T + t]!, n);
          continue;
        }
        const list = meetingsOf[p]!;
        for (let j = 0; j < list.length; j++) {
          const y = list[j]!;
          const slot = this.slotOf[y]!;
          if (slot === s || slot === t) n = this.addToChain(y, n);
        }
      }
    }
    if (!ok) {
      for (let i = 0; i < n; i++) this.inChain[this.kempe[i]!] = 0;
      return 0;
    }
    for (let i = 0; i < n; i++) this.inChain[this.kempe[i]!] = 0;
    return n;
  }

  /**
   * The cost after swapping the chain's meetings between s and t, without swapping them. Every meeting
   * in s or t of anyone in the chain is in the chain, so each one's day has its slots s and t swapped
   * and no clash appears or goes. NaN when a meeting of the chain has precedences (then the chain is
   * swapped and costed as it is).
   */
  private chainCost(n: number, s: number, t: number): number {
    const { a, b, tables } = this.c;
    const bs = 1 << s;
    const bt = 1 << t;
    let toT = 0;
    let breaks = this.breaks;
    let touched = 0;
    let ordered = false;
    for (let i = 0; i < n; i++) {
      const x = this.kempe[i]!;
      if (this.ordered[x]) ordered = true;
      if (this.slotOf[x] === s) toT++;
      for (let side = 0; side < 2; side++) {
        const p = side === 0 ? a[x]! : b[x]!;
        if (this.touched[p]) continue;
        this.touched[p] = 1;
        this.touchedList[touched++] = p;
      }
    }
    for (let k = 0; k < touched; k++) {
      const p = this.touchedList[k]!;
      this.touched[p] = 0;
      const busy = this.busy[p]!;
      const swapped = busy & (bs | bt) && (busy & (bs | bt)) !== (bs | bt) ? (busy ^ bs ^ bt) >>> 0 : busy;
      const next = breaksOf(swapped);
      this.touchedBreaks[k] = next;
      breaks += next - this.brk[p]!;
    }
    if (ordered) return NaN;
    // The fairness excess with the new breaks in the histogram, which is then put back.
    for (let k = 0; k < touched; k++) {
      const p = this.touchedList[k]!;
      this.hist[this.brk[p]!]!--;
      this.hist[this.touchedBreaks[k]!]!++;
    }
    const excess = this.fairnessExcess();
    for (let k = 0; k < touched; k++) {
      const p = this.touchedList[k]!;
      this.hist[this.touchedBreaks[k]!]!--;
      this.hist[this.brk[p]!]!++;
    }
    const ls = this.load[s]!;
    const lt = this.load[t]!;
    const moved = toT - (n - toT);
    const overload = this.overload - Math.max(0, ls - tables) - Math.max(0, lt - tables) + Math.max(0, ls - moved - tables) + Math.max(0, lt + moved - tables);
    return breaks + FAIRNESS_WEIGHT * this.conflictWeight * excess + this.conflictWeight * (this.conflicts + overload + this.precedence);
  }

  /**
   * Moves the first n meetings of the chain from s to t and from t to s: all out, then all in, so that no
   * cell is double-booked on the way (findOccupant would then search it).
   */
  private swapChain(n: number, s: number, t: number): void {
    for (let i = 0; i < n; i++) {
      const x = this.kempe[i]!;
      this.kempeTo[i] = this.slotOf[x] === s ? t : s;
      this.place(x, -1);
    }
    for (let i = 0; i < n; i++) this.place(this.kempe[i]!, this.kempeTo[i]!);
  }

  /** Undoes a move of run's: 0 m from s to t, 1 that and `other` from t to s, 2 the chain of n. */
  private undoMove(undo: number, m: number, s: number, t: number, other: number, n: number): void {
    if (undo === 0) this.place(m, s);
    else if (undo === 1) {
      this.place(other, t);
      this.place(m, s);
    } else this.swapChain(n, s, t);
  }

  private redoMove(undo: number, m: number, s: number, t: number, other: number, n: number): void {
    if (undo === 0) this.place(m, t);
    else if (undo === 1) {
      this.place(m, t);
      this.place(other, s);
    } else this.swapChain(n, s, t);
  }

  private addToChain(y: number, n: number): number {
    if (this.inChain[y]) return n;
    this.inChain[y] = 1;
    this.kempe[n] = y;
    return n + 1;
  }

  run(): SlotSchedule {
    const started = this.now();
    const { M, meetingsOf } = this.c;
    const lowerBound = this.c.minBreaks.reduce((x, y) => x + y, 0);
    this.start();
    const best = Int32Array.from(this.slotOf);
    let bestFeasible = this.feasible;
    let bestCost = this.cost();
    let bestBreaks = bestFeasible ? this.breaks : Infinity;
    let msToBest = 0;
    let iterations = 0;
    let movesAtBest = 0;
    let stalled = false;
    let allowedSlots = 0;
    for (let m = 0; m < M; m++) allowedSlots += this.c.allowedSlots[m]!.length;
    let current = bestCost;
    /**
     * The current schedule is the best and not yet copied to `best`: copied only when the walk leaves it
     * or the round ends, not at each of the many improvements in a row of a large event's early walk.
     */
    let unsaved = false;
    const done = () => bestFeasible && bestBreaks <= lowerBound;
    // Annealing in rounds: each cools from T0 to T1, then starts again from the best schedule found.
    const { startTemperature: T0, endTemperature: T1, roundLength: fixedRound } = { ...ANNEALING, ...this.options.annealing };
    const stallRound = this.options.stopWhenStalled && !fixedRound ? STALL_TRIES_PER_SLOT * allowedSlots : 0;
    const roundLength = fixedRound || stallRound;
    let round = 0;
    let elapsed = 0;
    let reported = 0;
    let stopped = false;
    while (!done() && !stopped && M > 0) {
      elapsed = this.now() - started;
      if (elapsed >= this.options.timeLimitMs) break;
      if (this.options.onProgress?.({ elapsedMs: elapsed, bestBreaks, lowerBound, feasible: bestFeasible, iterations })) break;
      if (round > 0) {
        for (let m = 0; m < M; m++) this.place(m, best[m]!);
        current = this.cost();
      }
      round++;
      const roundStart = iterations;
      let temperature = T0;
      let i = 0;
      for (; roundLength === 0 || i < roundLength; i++) {
        if ((i & 4095) === 0) {
          const at = this.now() - started;
          if (at >= this.options.timeLimitMs) break;
          // Reports (and the chance to stop) within a round too: one round may last the whole budget.
          if (!bestFeasible && this.conflicts + this.overload + this.precedence > 0) {
            // No clash-free schedule yet: make clashes dearer. With thousands of participants a clash at
            // the price of one break is often cheaper than the breaks its repair costs, and the walk
            // would settle with clashes; once a schedule is found the price stays where it got to.
            this.conflictWeight = Math.min(this.conflictWeight * CLASH_GROWTH, MAX_CLASH_WEIGHT);
            current = this.cost();
            bestCost = Infinity; // costs under the old price do not compare
          }
          if (at - reported >= PROGRESS_MS) {
            reported = at;
            if (this.options.onProgress?.({ elapsedMs: at, bestBreaks, lowerBound, feasible: bestFeasible, iterations })) {
              stopped = true;
              break;
            }
          }
          // A round of 0 moves means one round for the whole budget, cooling with the clock.
          const byClock = at / this.options.timeLimitMs;
          temperature = T0 * Math.pow(T1 / T0, stallRound ? Math.max(i / stallRound, byClock) : fixedRound ? i / fixedRound : byClock);
        }
        iterations++;
        // Until the first clash-free schedule, every other move repairs a clash: on large events a random
        // meeting is rarely one of the few that clash. Otherwise most moves start at a participant with
        // more breaks than its own fewest (see targetedMove).
        let m: number;
        let t = -1;
        let targeted = false;
        if (!bestFeasible && this.clashCount > 0 && this.below(2) === 0) m = this.clashingMeeting();
        else if (this.excessCount > 0 && this.below(4) < TARGETED_IN_4) {
          m = this.targetedMove();
          if (m < 0) continue;
          t = this.target;
          targeted = true;
        } else m = this.below(M);
        const s = this.slotOf[m]!;
        if (t < 0) {
          const slots = this.c.allowedSlots[m]!;
          if (slots.length < 2) continue;
          t = slots[this.below(slots.length)]!;
          if (this.below(2) === 0) {
            // Aim next to one of the parties' other meetings: that is how a break closes.
            const p = this.below(2) === 0 ? this.c.a[m]! : this.c.b[m]!;
            const near = ((this.busy[p]! << 1) | (this.busy[p]! >>> 1)) & ~this.busy[p]! & this.c.allowed[m]!;
            if (near) t = this.randomBit(near >>> 0);
          }
        }
        if (t === s) continue;
        // A targeted move is a Kempe chain: moved alone, a meeting into a participant's gap where the other
        // party is busy trades a break for a clash, a move the walk takes at no cost while a clash costs
        // about one break (the B2B forums), and it drifted into clashes it kept.
        const kind = targeted ? 9 : this.below(10);
        // How to undo the move if it is refused: 0 m back, 1 m and `other` back, 2 the Kempe chain of n.
        let undo = 0;
        let other = -1;
        let n = 0;
        if (kind < 5) {
          this.place(m, t);
        } else if (kind < 8) {
          // Swap with a meeting of one of m's participants that sits in slot t, if any.
          const p = this.below(2) === 0 ? this.c.a[m]! : this.c.b[m]!;
          const list = meetingsOf[p]!;
          for (let j = 0; j < list.length; j++) if (this.slotOf[list[j]!] === t) other = list[j]!;
          if (other < 0 || !(this.c.allowed[other]! & (1 << s))) {
            this.place(m, t);
          } else {
            this.place(m, t);
            this.place(other, s);
            undo = 1;
          }
        } else {
          n = this.kempeChain(m, t);
          if (!n) continue;
          undo = 2;
        }
        // A chain is costed before it is swapped (most are refused); one with precedences is swapped first.
        let next = undo === 2 ? this.chainCost(n, s, t) : this.cost();
        if (this.options.audit && undo === 2 && !Number.isNaN(next)) {
          this.swapChain(n, s, t);
          if (this.cost() !== next) throw new Error(`a chain costed ${next} costs ${this.cost()} once swapped`);
          this.swapChain(n, s, t);
        }
        const applied = undo !== 2 || Number.isNaN(next);
        if (Number.isNaN(next)) {
          this.swapChain(n, s, t);
          next = this.cost();
        }
        const delta = next - current;
        if (delta <= 0 || unitOf(this.random()) < Math.exp(-delta / temperature)) {
          if (unsaved) {
            // The schedule being left is the best: keep it before moving on.
            if (applied) this.undoMove(undo, m, s, t, other, n);
            best.set(this.slotOf);
            unsaved = false;
            this.redoMove(undo, m, s, t, other, n);
          } else if (!applied) this.swapChain(n, s, t);
          current = next;
          if (next < bestCost || (this.feasible && this.breaks < bestBreaks)) {
            const feasible = this.feasible;
            if (feasible || !bestFeasible) {
              unsaved = true;
              bestCost = next;
              bestFeasible = feasible;
              if (feasible) bestBreaks = this.breaks;
              msToBest = this.now() - started;
              movesAtBest = iterations;
              if (done()) break;
            }
          }
        } else if (applied) this.undoMove(undo, m, s, t, other, n);
        if (this.options.audit) this.audit();
      }
      if (unsaved) {
        best.set(this.slotOf);
        unsaved = false;
      }
      // A whole cooling from the best schedule found nothing better: the search has stopped improving.
      if (stallRound && i >= roundLength && bestFeasible && movesAtBest <= roundStart) {
        stalled = true;
        stopped = true;
      }
    }
    for (let m = 0; m < M; m++) this.place(m, best[m]!);
    const ms = this.now() - started;
    if (!this.feasible) {
      throw noScheduleInTime(this.options.timeLimitMs, this.describeViolations());
    }
    let lo = Infinity;
    let hi = 0;
    for (const x of this.brk) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    return {
      slotOf: Int32Array.from(this.slotOf),
      totalBreaks: this.breaks,
      breakSpread: this.c.P ? hi - lo : 0,
      breaksOf: Int32Array.from(this.brk),
      lowerBound,
      optimal: this.breaks <= lowerBound,
      iterations,
      msToBest,
      ms,
      ...(stalled ? { stalled } : {}),
    };
  }

  /** The running totals against a recount from slotOf (SlotOptions.audit). */
  private audit(): void {
    const { P, T, M, a, b, tables, minBreaks } = this.c;
    const cnt = new Uint8Array(P * T);
    const load = new Int32Array(T);
    let precedence = 0;
    for (let m = 0; m < M; m++) {
      const t = this.slotOf[m]!;
      if (t < 0) continue;
      cnt[a[m]! * T + t]!++;
      cnt[b[m]! * T + t]!++;
      load[t]!++;
      for (const e of this.c.before[m]!) if (this.slotOf[e]! >= t) precedence++;
    }
    let conflicts = 0;
    let breaks = 0;
    let excess = 0;
    const hist = new Int32Array(this.hist.length);
    for (let p = 0; p < P; p++) {
      let busy = 0;
      for (let t = 0; t < T; t++) {
        const k = cnt[p * T + t]!;
        if (k > 1) conflicts += k - 1;
        if (k) busy |= 1 << t;
        if (k >= 1 && this.slotOf[this.occupant[p * T + t]!] !== t) throw new Error(`the occupant of participant ${p} in slot ${t} is not there`);
      }
      const brk = breaksOf(busy >>> 0);
      if (this.busy[p] !== busy >>> 0 || this.brk[p] !== brk) throw new Error(`participant ${p}: busy or breaks differ from a recount`);
      if ((brk > minBreaks[p]!) !== (this.excessAt[p]! >= 0) || (this.excessAt[p]! >= 0 && this.excess[this.excessAt[p]!] !== p)) throw new Error(`participant ${p}: the set of participants with breaks to spare is wrong`);
      if (brk > minBreaks[p]!) excess++;
      breaks += brk;
      hist[brk]!++;
    }
    let overload = 0;
    for (let t = 0; t < T; t++) overload += Math.max(0, load[t]! - tables);
    if (breaks !== this.breaks || conflicts !== this.conflicts || overload !== this.overload || precedence !== this.precedence || excess !== this.excessCount || conflicts > 0 !== this.clashCount > 0) {
      throw new Error('a running total differs from a recount');
    }
    for (let k = 0; k < hist.length; k++) if (hist[k] !== this.hist[k]) throw new Error('the histogram of breaks differs from a recount');
  }

  private describeViolations(): string {
    const parts: string[] = [];
    if (this.conflicts) parts.push(`${this.conflicts} double bookings remain`);
    if (this.overload) parts.push(`${this.overload} meetings over the table count`);
    if (this.precedence) parts.push(`${this.precedence} precedences broken`);
    const excess = this.spreadExcess();
    if (excess) parts.push(`the break spread exceeds ${this.c.fairness} by ${excess}`);
    return parts.join('; ');
  }
}
