/**
 * The selection half of scheduling: which candidate meetings to hold at all, before slots are assigned
 * (problem.ts, slots.ts). A maximum-weight b-matching: each participant holds at most its capacity of
 * meetings, and the chosen meetings are worth as much as possible.
 *
 * Why a flow and not a general solver: an event pairs German with Chinese companies, so the graph is
 * bipartite, and there the b-matching LP has integral optima. A min-cost flow then gives the optimum
 * together with LP duals that prove it. Successive shortest paths insert one unit of a participant's
 * capacity at a time with a Dijkstra that stops at the first way out (the Hungarian method, sparse), so
 * most searches touch a handful of nodes. Before that, every meeting whose two participants can hold all
 * their candidates is simply chosen; on event-sized instances that leaves a fraction of the graph.
 * A graph with odd cycles (e.g. German–German meetings) is solved on its bipartite double cover, whose
 * optimum is twice the fractional LP optimum: a bound, and a half-integral solution to round and improve.
 */
import { AppError } from '../errors.ts';

export interface SelectionCandidate {
  /** The two participants (indexes into the problem's participants). */
  a: number;
  b: number;
  /** What holding the meeting is worth; a meeting worth ≤ 0 is only held when must or locked. */
  value: number;
  /** Asked for by a participant: as many must meetings as possible are held, before any value counts. */
  must?: boolean;
  /** Confirmed in an earlier run: always held. */
  locked?: boolean;
}

export interface SelectionProblem {
  participants: number;
  /** Max meetings per participant (already reduced by the caller to its free slots). */
  capacity: ArrayLike<number>;
  /** Min meetings per participant: reported when unmet (soft), never a reason to fail. */
  minimum?: ArrayLike<number>;
  /** At most one candidate per pair of participants; a second one is rejected as a caller's mistake. */
  candidates: readonly SelectionCandidate[];
  /** Display names of participants for error messages (index → name); optional. */
  names?: readonly string[];
}

export interface Selection {
  /** Indexes of the chosen candidates, ascending. */
  chosen: number[];
  /** Sum of the chosen candidates' values (locked ones included, no must bonus). */
  value: number;
  /**
   * No selection that holds the locked meetings and at least as many must meetings as this one is
   * worth more (an LP bound). Equal to value when exact.
   */
  upperBound: number;
  /** upperBound − value, and the same relative to upperBound. */
  gap: number;
  relativeGap: number;
  /**
   * Proven optimal: as many must meetings as possible, and among those the most value. Off a bipartite
   * graph the gap may be 0 without this: then no selection is worth more, but one might hold more must
   * meetings.
   */
  exact: boolean;
  /** Whether the meetings that were free to choose formed a bipartite graph (then exact always). */
  bipartite: boolean;
  /** Must candidates not chosen, ascending. */
  unmetMust: number[];
  /** Participants with fewer meetings than their minimum, ascending. */
  belowMinimum: number[];
  /** Chosen meetings per participant. */
  meetingsOf: Int32Array;
}

/** Values are doubles: bounds and values agree to this relative tolerance when they are equal. */
const TOLERANCE = 1e-9;

const nameOf = (p: SelectionProblem, i: number) => p.names?.[i] ?? `participant ${i + 1}`;
const invalid = (message: string, field: string) => new AppError('validation_failed', message, { field });

/**
 * Picks the meetings to hold. Locked candidates are always held (`infeasible` when they alone exceed a
 * capacity). Then the number of must candidates held is maximised, and then the total value: each must
 * candidate weighs an extra M = 1 + Σ|value| of the free candidates while solving, more than any
 * difference in value, so that one more must meeting always wins. Candidates worth ≤ 0 that are neither
 * must nor locked are never held.
 */
export function selectMeetings(problem: SelectionProblem): Selection {
  const P = problem.participants;
  const candidates = problem.candidates;
  const N = candidates.length;
  if (!Number.isInteger(P) || P < 0) throw invalid('participants must be a non-negative integer', 'participants');
  if (problem.capacity.length !== P) throw invalid(`capacity needs one number per participant (${P})`, 'capacity');
  if (problem.minimum && problem.minimum.length !== P) throw invalid(`minimum needs one number per participant (${P})`, 'minimum');
  const room = new Int32Array(P);
  for (let i = 0; i < P; i++) {
    const c = problem.capacity[i]!;
    if (!Number.isInteger(c) || c < 0) throw invalid(`capacity of ${nameOf(problem, i)} must be a non-negative integer`, `capacity.${i}`);
    room[i] = c;
  }
  const pairs = new Map<number, number>();
  for (let k = 0; k < N; k++) {
    const { a, b, value } = candidates[k]!;
    if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a < P && b >= 0 && b < P) || a === b) {
      throw invalid(`candidate ${k + 1} needs two different participants`, `candidates.${k}`);
    }
    if (!Number.isFinite(value)) throw invalid(`candidate ${k + 1} has no finite value`, `candidates.${k}.value`);
    const key = Math.min(a, b) * P + Math.max(a, b);
    const twin = pairs.get(key);
    if (twin !== undefined) {
      throw invalid(`candidates ${twin + 1} and ${k + 1} both pair ${nameOf(problem, a)} with ${nameOf(problem, b)}`, `candidates.${k}`);
    }
    pairs.set(key, k);
  }

  const held = new Uint8Array(N);
  for (let k = 0; k < N; k++) {
    const c = candidates[k]!;
    if (!c.locked) continue;
    held[k] = 1;
    for (const i of [c.a, c.b]) {
      if (--room[i]! < 0) {
        const locked = candidates.filter((m) => m.locked && (m.a === i || m.b === i)).length;
        throw new AppError('infeasible', `${nameOf(problem, i)} has ${locked} locked meetings but room for only ${problem.capacity[i]}`, { field: `capacity.${i}` });
      }
    }
  }

  // Free candidates worth holding, between participants with room left.
  const free: number[] = [];
  const degree = new Int32Array(P);
  for (let k = 0; k < N; k++) {
    const c = candidates[k]!;
    if (c.locked || !(c.value > 0 || c.must) || room[c.a] === 0 || room[c.b] === 0) continue;
    free.push(k);
    degree[c.a]!++;
    degree[c.b]!++;
  }
  // A participant with no more candidates than room never has to refuse one; a meeting between two such
  // participants is held in every optimum, and their capacity constraints are redundant in the LP.
  const rest: number[] = [];
  for (const k of free) {
    const { a, b } = candidates[k]!;
    if (degree[a]! <= room[a]! && degree[b]! <= room[b]!) {
      held[k] = 1;
      room[a]!--;
      room[b]!--;
      degree[a]!--;
      degree[b]!--;
    } else rest.push(k);
  }
  const cap = Int32Array.from(room, (r, i) => Math.min(r, degree[i]!));

  const R = rest.length;
  const ea = new Int32Array(R);
  const eb = new Int32Array(R);
  const must = new Uint8Array(R);
  let absSum = 0;
  let anyMust = false;
  for (let r = 0; r < R; r++) {
    const c = candidates[rest[r]!]!;
    ea[r] = c.a;
    eb[r] = c.b;
    must[r] = c.must ? 1 : 0;
    anyMust ||= !!c.must;
    absSum += Math.abs(c.value);
  }
  const bonus = anyMust ? 1 + absSum : 0;
  const weight = Float64Array.from(rest, (k, r) => candidates[k]!.value + bonus * must[r]!);

  const graph = splitComponents(P, cap, ea, eb);
  const solved = solveFlow(P, graph, cap, ea, eb, weight);
  let x: Float64Array = solved.x;
  // Half meetings only arise off bipartite components; without them the LP optimum is already integral.
  if (x.some((v) => v === 0.5)) {
    x = roundHalves(P, cap, ea, eb, weight, x);
    improveLocally(P, cap, ea, eb, weight, x);
  }
  let mustHeld = 0;
  let restValue = 0;
  for (let r = 0; r < R; r++) {
    if (!x[r]) continue;
    held[rest[r]!] = 1;
    mustHeld += must[r]!;
    restValue += candidates[rest[r]!]!.value;
  }
  const mustBound = dualBound(cap, ea, eb, weight, solved.y, -bonus * mustHeld);
  let bound = mustBound;
  if (!graph.bipartite && anyMust) {
    // The must bonus makes the bound useless when the LP holds a fraction of a must meeting more than we
    // do; the bound on value alone holds for every selection, so it holds for these too.
    const plain = Float64Array.from(rest, (k) => candidates[k]!.value);
    bound = Math.min(bound, dualBound(cap, ea, eb, plain, solveFlow(P, graph, cap, ea, eb, plain).y));
  }

  const chosen: number[] = [];
  const unmetMust: number[] = [];
  const meetingsOf = new Int32Array(P);
  let value = 0;
  for (let k = 0; k < N; k++) {
    const c = candidates[k]!;
    if (held[k]) {
      chosen.push(k);
      value += c.value;
      meetingsOf[c.a]!++;
      meetingsOf[c.b]!++;
    } else if (c.must) unmetMust.push(k);
  }
  const belowMinimum: number[] = [];
  if (problem.minimum) for (let i = 0; i < P; i++) if (meetingsOf[i]! < problem.minimum[i]!) belowMinimum.push(i);

  // Only the bound with the must bonus proves that no selection holds more must meetings. A bound below
  // the value beyond rounding would be a bug; it is left to show rather than hidden.
  const fixedPart = value - restValue;
  const exact = Math.abs(fixedPart + mustBound - value) <= TOLERANCE * (1 + Math.abs(value));
  let upperBound = exact ? value : fixedPart + bound;
  if (Math.abs(upperBound - value) <= TOLERANCE * (1 + Math.abs(value))) upperBound = value;
  const gap = upperBound - value;
  return {
    chosen,
    value,
    upperBound,
    gap,
    relativeGap: gap === 0 ? 0 : gap / Math.abs(upperBound),
    exact,
    bipartite: graph.bipartite,
    unmetMust,
    belowMinimum,
    meetingsOf,
  };
}

interface Components {
  bipartite: boolean;
  /** Per participant: 0/1 its side when its component is bipartite, 2 when the component has an odd cycle. */
  side: Uint8Array;
}

/**
 * Two-colours each component by breadth-first search. Each bipartite component is turned so that the side
 * that inserts capacity into the flow is the one with less of it (fewer Dijkstra runs).
 */
function splitComponents(P: number, cap: Int32Array, ea: Int32Array, eb: Int32Array): Components {
  const { start, adj } = adjacency(P, ea, eb);
  const colour = new Int8Array(P).fill(-1);
  const side = new Uint8Array(P);
  const queue = new Int32Array(P);
  let bipartite = true;
  for (let root = 0; root < P; root++) {
    if (colour[root] !== -1 || start[root] === start[root + 1]) continue;
    colour[root] = 0;
    let head = 0;
    let tail = 0;
    queue[tail++] = root;
    let odd = false;
    let room0 = 0;
    let room1 = 0;
    while (head < tail) {
      const u = queue[head++]!;
      if (colour[u] === 0) room0 += cap[u]!;
      else room1 += cap[u]!;
      for (let j = start[u]!; j < start[u + 1]!; j++) {
        const e = adj[j]!;
        const v = ea[e] === u ? eb[e]! : ea[e]!;
        if (colour[v] === -1) {
          colour[v] = 1 - colour[u]!;
          queue[tail++] = v;
        } else if (colour[v] === colour[u]) odd = true;
      }
    }
    bipartite &&= !odd;
    const flip = room1 < room0 ? 1 : 0;
    for (let q = 0; q < tail; q++) side[queue[q]!] = odd ? 2 : colour[queue[q]!]! ^ flip;
  }
  return { bipartite, side };
}

/** Per node, the edges at it: adj[start[i]] … adj[start[i + 1] − 1]. */
function adjacency(n: number, ea: Int32Array, eb: Int32Array) {
  const start = new Int32Array(n + 1);
  for (let e = 0; e < ea.length; e++) {
    start[ea[e]! + 1]!++;
    start[eb[e]! + 1]!++;
  }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const adj = new Int32Array(2 * ea.length);
  for (let e = 0; e < ea.length; e++) {
    adj[fill[ea[e]!]!++] = e;
    adj[fill[eb[e]!]!++] = e;
  }
  return { start, adj };
}

/**
 * The LP optimum of the candidates: x (per candidate 0, ½ or 1; only 0 or 1 in bipartite components) and
 * dual prices y ≥ 0 per participant. In a bipartite component participant i is the left node i or the
 * right node P + i, by its side; in a component with an odd cycle it is both (the double cover), and each
 * candidate joins them both ways.
 */
function solveFlow(P: number, graph: Components, cap: Int32Array, ea: Int32Array, eb: Int32Array, weight: Float64Array) {
  const R = ea.length;
  const tail: number[] = [];
  const head: number[] = [];
  const w: number[] = [];
  const origin: number[] = [];
  for (let r = 0; r < R; r++) {
    const a = ea[r]!;
    const b = eb[r]!;
    const s = graph.side[a];
    if (s === 2) {
      tail.push(a, b);
      head.push(P + b, P + a);
      w.push(weight[r]!, weight[r]!);
      origin.push(r, r);
    } else {
      tail.push(s === 0 ? a : b);
      head.push(s === 0 ? P + b : P + a);
      w.push(weight[r]!);
      origin.push(r);
    }
  }
  const nodeCap = new Int32Array(2 * P);
  for (let i = 0; i < P; i++) {
    if (graph.side[i] !== 1) nodeCap[i] = cap[i]!;
    if (graph.side[i] !== 0) nodeCap[P + i] = cap[i]!;
  }
  const { matched, potential } = minCostFlow(2 * P, nodeCap, Int32Array.from(tail), Int32Array.from(head), Float64Array.from(w));
  const x = new Float64Array(R);
  for (let e = 0; e < origin.length; e++) if (matched[e]) x[origin[e]!]! += graph.side[ea[origin[e]!]!] === 2 ? 0.5 : 1;
  // In the flow, a left node's price is its potential and a right node's is minus its potential (the
  // sink's potential is 0); a participant with two copies is priced at their mean.
  const y = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    const left = Math.max(0, potential[i]!);
    const right = Math.max(0, -potential[P + i]!);
    y[i] = graph.side[i] === 2 ? (left + right) / 2 : graph.side[i] === 0 ? left : right;
  }
  return { x, y };
}

/**
 * Weak LP duality: for any prices y ≥ 0, Σ cap·y + Σ max(0, w − y_a − y_b) bounds every fractional
 * b-matching from above. Computed from the prices alone, so the bound does not trust the solver. The sum
 * starts at `offset` and is compensated (Neumaier): with a must bonus the terms are large while the
 * result, a value, is small, and plain summation would lose the digits that tell exact from not.
 */
function dualBound(cap: Int32Array, ea: Int32Array, eb: Int32Array, weight: Float64Array, y: Float64Array, offset = 0): number {
  let sum = offset;
  let carry = 0;
  const add = (term: number) => {
    const next = sum + term;
    carry += Math.abs(sum) >= Math.abs(term) ? sum - next + term : term - next + sum;
    sum = next;
  };
  for (let i = 0; i < cap.length; i++) add(cap[i]! * y[i]!);
  for (let r = 0; r < ea.length; r++) add(Math.max(0, weight[r]! - y[ea[r]!]! - y[eb[r]!]!));
  return sum + carry;
}

/**
 * Maximum-weight b-matching between left nodes [0, n/2) and right nodes [n/2, n) by successive shortest
 * paths. The network: each unit of a left node's capacity enters there, crosses an edge (cost −w) to a
 * right node with room and leaves to the sink t, or leaves from a left node unused (cost 0). Reduced
 * costs c + π(from) − π(to) stay ≥ 0 (π(t) = 0), so each unit's cheapest way out is a Dijkstra that
 * stops as soon as it reaches t; only the nodes it settled change potential. The cost of a node's
 * successive units never falls (convexity), so once a unit's best is to stay unused, so are the rest.
 */
function minCostFlow(n: number, cap: Int32Array, tail: Int32Array, head: Int32Array, w: Float64Array) {
  const E = tail.length;
  const half = n / 2;
  const { start, adj } = adjacency(n, tail, head);
  const potential = new Float64Array(n);
  for (let e = 0; e < E; e++) potential[tail[e]!] = Math.max(potential[tail[e]!]!, w[e]!);
  const used = new Int32Array(n);
  const matched = new Uint8Array(E);
  const dist = new Float64Array(n);
  const reachedAt = new Int32Array(n);
  const settledAt = new Int32Array(n);
  const via = new Int32Array(n);
  const settled = new Int32Array(n);
  const heap = new MinHeap(2 * E + 2);
  let search = 0;
  for (let v = 0; v < half; v++) {
    for (let unit = 0; unit < cap[v]!; unit++) {
      search++;
      dist[v] = 0;
      reachedAt[v] = search;
      heap.push(0, v);
      let best = Infinity;
      let exit = -1;
      let nSettled = 0;
      while (heap.size && heap.topKey() < best) {
        const d = heap.topKey();
        const u = heap.pop();
        if (settledAt[u] === search || d > dist[u]!) continue;
        settledAt[u] = search;
        settled[nSettled++] = u;
        const left = u < half;
        // Out to the sink: a left node leaves a unit unused, a right node with room takes one more meeting.
        if ((left || used[u]! < cap[u]!) && d + potential[u]! < best) {
          best = d + potential[u]!;
          exit = u;
        }
        for (let j = start[u]!; j < start[u + 1]!; j++) {
          const e = adj[j]!;
          // Residual arcs: unmatched edges forwards from the left, matched edges backwards from the right.
          if (matched[e] === (left ? 1 : 0)) continue;
          const next = left ? head[e]! : tail[e]!;
          if (settledAt[next] === search) continue;
          const nd = d + (left ? -w[e]! : w[e]!) + potential[u]! - potential[next]!;
          if (reachedAt[next] !== search || nd < dist[next]!) {
            reachedAt[next] = search;
            dist[next] = nd;
            via[next] = e;
            heap.push(nd, next);
          }
        }
      }
      heap.clear();
      for (let s = 0; s < nSettled; s++) potential[settled[s]!]! += dist[settled[s]!]! - best;
      if (exit === v) break;
      for (let u = exit; u !== v; ) {
        const e = via[u]!;
        const on = u >= half; // reached a right node over an unmatched edge: the edge joins the matching
        matched[e] = on ? 1 : 0;
        used[tail[e]!]! += on ? 1 : -1;
        used[head[e]!]! += on ? 1 : -1;
        u = on ? tail[e]! : head[e]!;
      }
    }
  }
  return { matched, potential };
}

/** A binary min-heap of (key, node) with stale entries skipped by the reader (no decrease-key). */
class MinHeap {
  private readonly keys: Float64Array;
  private readonly nodes: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.nodes = new Int32Array(capacity);
  }

  topKey(): number {
    return this.keys[0]!;
  }

  clear(): void {
    this.size = 0;
  }

  push(key: number, node: number): void {
    const { keys, nodes } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      nodes[i] = nodes[parent]!;
      i = parent;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  pop(): number {
    const { keys, nodes } = this;
    const top = nodes[0]!;
    const n = --this.size;
    const key = keys[n]!;
    const node = nodes[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && keys[child + 1]! < keys[child]!) child++;
      if (keys[child]! >= key) break;
      keys[i] = keys[child]!;
      nodes[i] = nodes[child]!;
      i = child;
    }
    keys[i] = key;
    nodes[i] = node;
    return top;
  }
}

/** An integral selection from a half-integral one: the whole candidates, then the halves by weight where room is left. */
function roundHalves(P: number, cap: Int32Array, ea: Int32Array, eb: Int32Array, weight: Float64Array, x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  const used = new Int32Array(P);
  const halves: number[] = [];
  for (let r = 0; r < x.length; r++) {
    if (x[r] === 1) {
      out[r] = 1;
      used[ea[r]!]!++;
      used[eb[r]!]!++;
    } else if (x[r]! > 0) halves.push(r);
  }
  halves.sort((r, s) => weight[s]! - weight[r]!);
  for (const r of halves) {
    if (used[ea[r]!]! < cap[ea[r]!]! && used[eb[r]!]! < cap[eb[r]!]!) {
      out[r] = 1;
      used[ea[r]!]!++;
      used[eb[r]!]!++;
    }
  }
  return out;
}

/**
 * Local search on an integral selection, two kinds of exchange until neither gains: hold a candidate
 * instead of the weakest meeting of each of its participants that has no room; or give up a meeting so
 * that each of its two participants can meet someone who has room (an augmenting path of three).
 */
function improveLocally(P: number, cap: Int32Array, ea: Int32Array, eb: Int32Array, weight: Float64Array, x: Float64Array): void {
  const { start, adj } = adjacency(P, ea, eb);
  const used = new Int32Array(P);
  const hold = (r: number, on: boolean) => {
    x[r] = on ? 1 : 0;
    used[ea[r]!]! += on ? 1 : -1;
    used[eb[r]!]! += on ? 1 : -1;
  };
  for (let r = 0; r < x.length; r++) {
    if (!x[r]) continue;
    used[ea[r]!]!++;
    used[eb[r]!]!++;
  }
  const weakest = (i: number): number => {
    let worst = -1;
    for (let j = start[i]!; j < start[i + 1]!; j++) {
      const r = adj[j]!;
      if (x[r] && (worst < 0 || weight[r]! < weight[worst]!)) worst = r;
    }
    return worst;
  };
  /** The best candidate at i, other than `not`, whose other participant has room (two when it is `busy`). */
  const bestFree = (i: number, not: number, busy: number): number => {
    let best = -1;
    for (let j = start[i]!; j < start[i + 1]!; j++) {
      const r = adj[j]!;
      const other = ea[r] === i ? eb[r]! : ea[r]!;
      if (x[r] || r === not || used[other]! + (other === busy ? 1 : 0) >= cap[other]!) continue;
      if (best < 0 || weight[r]! > weight[best]!) best = r;
    }
    return best;
  };
  const bestPair = (i: number, j: number, not: number): [number, number] => {
    const viaI = bestFree(i, not, -1);
    return [viaI, bestFree(j, not, viaI < 0 ? -1 : ea[viaI] === i ? eb[viaI]! : ea[viaI]!)];
  };
  const pairWeight = (r: number, s: number) => (r < 0 || s < 0 ? -Infinity : weight[r]! + weight[s]!);
  // Relative margin: an exchange that gains only by rounding would cycle.
  const gains = (win: number, loss: number) => win > loss * (1 + 1e-12) + 1e-12;
  const order = Array.from(weight.keys()).sort((r, s) => weight[s]! - weight[r]!);
  for (let gained = true; gained; ) {
    gained = false;
    for (const r of order) {
      const a = ea[r]!;
      const b = eb[r]!;
      if (!x[r]) {
        const fromA = used[a]! < cap[a]! ? -1 : weakest(a);
        const fromB = used[b]! < cap[b]! ? -1 : weakest(b);
        if (!gains(weight[r]!, (fromA < 0 ? 0 : weight[fromA]!) + (fromB < 0 ? 0 : weight[fromB]!))) continue;
        if (fromA >= 0) hold(fromA, false);
        if (fromB >= 0) hold(fromB, false);
        hold(r, true);
        gained = true;
        continue;
      }
      // Both ends may want the same participant with room for one: try each end first.
      const [first, second] = bestPair(a, b, r);
      const [second2, first2] = bestPair(b, a, r);
      const [viaA, viaB] = pairWeight(first, second) >= pairWeight(first2, second2) ? [first, second] : [first2, second2];
      if (viaA! < 0 || viaB! < 0 || !gains(pairWeight(viaA!, viaB!), weight[r]!)) continue;
      hold(r, false);
      hold(viaA!, true);
      hold(viaB!, true);
      gained = true;
    }
  }
}
