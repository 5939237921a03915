/**
 * Why no timetable can meet the fairness bound, when one participant alone shows it. A participant with
 * at most one meeting never has a break, so under a bound of d nobody may have more than d; a participant
 * whose own meetings (their sessions, its and its partners' unavailable slots, locks) cannot be held with
 * d breaks or fewer is then the cause, and is named. Precedences and the other participants' meetings are
 * not looked at: when the cause lies there, there is no single participant to name (null).
 */
import { hostsAll, type CompiledProblem } from './problem.ts';

/** The cause as a sentence and the participant it names, or null when no participant alone shows it. */
export function fairnessCause(c: CompiledProblem, names?: readonly string[]): { message: string; participant: number } | null {
  const nameOf = (i: number) => names?.[i] ?? `participant ${i + 1}`;
  const idle = c.meetingsOf.findIndex((mine) => mine.length <= 1);
  if (idle < 0) return null;
  for (let i = 0; i < c.P; i++) {
    if (!needsMoreBreaks(c, i, c.fairness)) continue;
    const allowed = Array.from(c.meetingsOf[i]!, (m) => c.allowed[m]!);
    // Meetings with one possible slot (a lock, or unavailability around it) are what usually spreads a day.
    const single = allowed.filter((mask) => (mask & (mask - 1)) === 0).map((mask) => 31 - Math.clz32(mask) + 1);
    const why = single.length ? ` (${single.length} of them possible in one slot only: ${single.length > 1 ? 'slots' : 'slot'} ${single.sort((x, y) => x - y).join(', ')})` : '';
    return {
      participant: i,
      message: `${nameOf(i)} cannot hold its ${allowed.length} meetings${why} with ${c.fairness} breaks or fewer, while ${nameOf(idle)} has at most one meeting and so no break: the fairness bound of ${c.fairness} cannot be met`,
    };
  }
  return null;
}

/** Must participant i, on its own meetings alone, have more than `bound` breaks (or can it not hold them at all)? */
export function needsMoreBreaks(c: CompiledProblem, i: number, bound: number): boolean {
  // minBreaks is exact up to 2: only a participant at its cap (or above the bound already) can need more.
  if (c.minBreaks[i]! < Math.min(bound + 1, 2)) return false;
  return fewestBreaksUpTo(Array.from(c.meetingsOf[i]!, (m) => c.allowed[m]!), c.T, bound + 1) > bound;
}

/**
 * The fewest breaks a participant's meetings (their allowed slots as bitmasks) can be held with, or
 * `cap` + 1 when it is more than `cap`: the busy slots are chosen run by run, left to right, at most
 * cap + 1 runs, and a choice counts when every meeting gets its own slot in it (problem.ts hostsAll).
 */
export function fewestBreaksUpTo(allowed: readonly number[], T: number, cap: number): number {
  const n = allowed.length;
  if (n <= 1) return 0;
  let union = 0;
  for (const mask of allowed) union |= mask;
  let best = cap + 1;
  // Busy slots so far (a mask), how many, and the runs they form; the next run starts at `from` or later.
  const place = (busy: number, count: number, runs: number, from: number): void => {
    if (count === n) {
      if (runs - 1 < best && hostsAll(allowed, busy >>> 0)) best = runs - 1;
      return;
    }
    // Another run is needed, so `runs` breaks at least: no better than the best so far.
    if (runs >= best) return;
    for (let start = from; start + (n - count) <= T; start++) {
      if (!(union & (1 << start))) continue;
      // A run from `start` of every length that stays within the union of allowed slots.
      let run = busy;
      for (let end = start; end < T && count + (end - start + 1) <= n && union & (1 << end); end++) {
        run |= 1 << end;
        place(run, count + (end - start + 1), runs + 1, end + 2);
      }
    }
  };
  place(0, 0, 0, 0);
  return best;
}
