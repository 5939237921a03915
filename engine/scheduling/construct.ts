/**
 * A first timetable for large events, built without search: each meeting takes a slot where both sides
 * are free and a table is left, and when there is none, an alternating chain of meetings is re-slotted to
 * free one (the classic proof that a bipartite graph's edges colour with as many colours as its largest
 * degree, here with each meeting's own allowed slots). On a trade fair's 10,000 participants the local
 * search alone spends its whole budget removing double bookings; started from this it only has to
 * remove breaks. Meetings that cannot be placed this way are reported, not forced.
 */
import { popcount, type CompiledProblem } from './problem.ts';

export interface Construction {
  /** Slot per meeting, −1 when unplaced. */
  slotOf: Int32Array;
  unplaced: number[];
}

const lowestBit = (mask: number) => 31 - Math.clz32(mask & -mask);

export function constructSlots(c: CompiledProblem): Construction {
  const { P, T, M, tables, a, b, allowed } = c;
  const slotOf = new Int32Array(M).fill(-1);
  const busy = new Uint32Array(P);
  const at = new Int32Array(P * T).fill(-1);
  const load = new Int32Array(T);
  const full = T === 32 ? 0xffffffff : (1 << T) - 1;
  let room = full;

  const put = (m: number, t: number) => {
    slotOf[m] = t;
    busy[a[m]!]! |= 1 << t;
    busy[b[m]!]! |= 1 << t;
    at[a[m]! * T + t] = m;
    at[b[m]! * T + t] = m;
    if (++load[t]! >= tables) room &= ~(1 << t);
  };
  const take = (m: number) => {
    const t = slotOf[m]!;
    slotOf[m] = -1;
    busy[a[m]!]! &= ~(1 << t);
    busy[b[m]!]! &= ~(1 << t);
    at[a[m]! * T + t] = -1;
    at[b[m]! * T + t] = -1;
    load[t]!--;
    room |= 1 << t;
  };
  const near = (mask: number) => ((mask << 1) | (mask >>> 1)) >>> 0;

  const chain: number[] = [];
  /**
   * The alternating chain from participant `from` that starts with its meeting in slot `x`, then the next
   * participant's meeting in `y`, and so on. Returns false when a meeting of the chain may not take the
   * other slot, or the chain reaches `avoid` (only possible with meetings inside one side).
   */
  const collect = (from: number, x: number, y: number, avoid: number): boolean => {
    chain.length = 0;
    let p = from;
    let colour = x;
    for (;;) {
      const m = at[p * T + colour]!;
      if (m < 0) return true;
      if (!(allowed[m]! & (1 << x)) || !(allowed[m]! & (1 << y))) return false;
      chain.push(m);
      p = a[m] === p ? b[m]! : a[m]!;
      if (p === avoid) return false;
      colour = colour === x ? y : x;
      if (chain.length > 2 * P) return false;
    }
  };
  const chainSlot = new Map<number, number>();

  const tryChains = (m: number): boolean => {
    const pa = a[m]!;
    const pb = b[m]!;
    const options = allowed[m]!;
    // x: free for pa but not pb; y: free for pb but not pa. Re-slot pb's chain x↔y, then m takes x.
    for (const [p, q] of [
      [pa, pb],
      [pb, pa],
    ] as const) {
      let xs = options & ~busy[p]! & busy[q]!;
      while (xs) {
        const x = lowestBit(xs);
        xs &= ~(1 << x);
        let ys = options & ~busy[q]! & busy[p]!;
        while (ys) {
          const y = lowestBit(ys);
          ys &= ~(1 << y);
          if (!collect(q, x, y, p)) continue;
          // Tables: an odd chain moves one meeting from x to y; m then fills x.
          const odd = chain.length % 2 === 1;
          if (odd ? load[y]! >= tables : load[x]! >= tables) continue;
          chainSlot.clear();
          for (const k of chain) chainSlot.set(k, slotOf[k]!);
          for (const k of chain) take(k);
          for (const k of chain) put(k, chainSlot.get(k) === x ? y : x);
          put(m, x);
          return true;
        }
      }
    }
    return false;
  };

  // Locked meetings first, then the most constrained: fewest allowed slots, busiest participants.
  const degree = new Int32Array(P);
  for (let m = 0; m < M; m++) {
    degree[a[m]!]!++;
    degree[b[m]!]!++;
  }
  const order = Array.from({ length: M }, (_, m) => m);
  const slack = (m: number) => popcount(allowed[m]!) - Math.max(degree[a[m]!]!, degree[b[m]!]!);
  order.sort((x, y) => slack(x) - slack(y) || x - y);

  const unplaced: number[] = [];
  for (const m of order) {
    const free = allowed[m]! & ~busy[a[m]!]! & ~busy[b[m]!]! & room;
    if (free) {
      // Next to what both (or either) already have, so that days start without gaps.
      const both = free & near(busy[a[m]!]!) & near(busy[b[m]!]!);
      const either = free & (near(busy[a[m]!]!) | near(busy[b[m]!]!));
      put(m, lowestBit(both || either || free));
      continue;
    }
    if (!tryChains(m)) unplaced.push(m);
  }
  return { slotOf, unplaced };
}
