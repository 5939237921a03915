/**
 * The timetabling half of scheduling: which slot each chosen meeting takes. Everything is 0-based here;
 * readers of outside formats (the published B2B instances are 1-based) convert at the edge.
 */
import { AppError } from '../errors.ts';

/** Slots per day the bitmask evaluator handles: a participant's day is one 32-bit word. */
export const MAX_SLOTS = 32;

export type Session = 'morning' | 'afternoon' | 'either';

export interface SlotMeeting {
  /** The two participants (indexes into the problem's participants). */
  a: number;
  b: number;
  session: Session;
  /** A slot the meeting must take (an organiser's lock), or null. */
  fixed?: number | null;
  /** Meetings that must take an earlier slot than this one. */
  after?: readonly number[];
}

export interface SlotProblem {
  participants: number;
  /** Slots in time order, one sequence across the day. */
  slots: number;
  /** Slots [0, morningSlots) are the morning session, the rest the afternoon. */
  morningSlots: number;
  /** At most this many meetings run in one slot. */
  tables: number;
  meetings: readonly SlotMeeting[];
  /** Per participant, the slots in which it cannot meet. */
  forbidden: readonly (readonly number[])[];
  /** Largest allowed difference between the most and the fewest breaks of any two participants. */
  fairness: number;
  /** Display names of participants for error messages (index → name); optional. */
  names?: readonly string[];
}

/** A problem checked and compiled to the flat arrays the solver reads. */
export interface CompiledProblem {
  P: number;
  T: number;
  M: number;
  tables: number;
  fairness: number;
  a: Int32Array;
  b: Int32Array;
  /** Per meeting, the slots it may take (session, both parties available, lock) as a bitmask. */
  allowed: Uint32Array;
  /** The same as lists, for drawing a random allowed slot. */
  allowedSlots: Int8Array[];
  /** Per participant, its meetings. */
  meetingsOf: Int32Array[];
  /** Per meeting, the meetings that must come earlier, and those that must come later. */
  before: Int32Array[];
  later: Int32Array[];
  /** Per participant, the fewest breaks it can have given only its own restrictions (a lower bound). */
  minBreaks: Int32Array;
}

const nameOf = (p: SlotProblem, i: number) => p.names?.[i] ?? `participant ${i + 1}`;
const infeasible = (message: string, field: string) => new AppError('infeasible', message, { field });

/**
 * No schedule was found before the time ran out: an 'infeasible' answer too (the request cannot be met
 * as asked), but no proof, which benchmarks and the choice between threads' answers must tell apart.
 */
export function noScheduleInTime(timeLimitMs: number, detail?: string): AppError {
  return new AppError('infeasible', `${NOT_IN_TIME} ${Math.round(timeLimitMs / 1000)} s${detail ? `: ${detail}` : ''}`, { field: 'meetings' });
}

const NOT_IN_TIME = 'no schedule found within';

/** Is this the answer of a search that ran out of time (noScheduleInTime), rather than a proof? */
export function isNoScheduleInTime(err: unknown): boolean {
  return err instanceof AppError && err.code === 'infeasible' && err.message.startsWith(NOT_IN_TIME);
}

export const popcount = (x: number): number => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

/** Breaks of a participant whose busy slots are `occupied`: runs of busy slots minus one. */
export const breaksOf = (occupied: number): number => (occupied === 0 ? 0 : popcount((occupied & ~(occupied << 1)) >>> 0) - 1);

/**
 * Checks what can be checked before searching and compiles the problem. Throws `infeasible`, naming the
 * participant or meeting and why, when no schedule can exist (more meetings than free slots, a meeting
 * with no common free slot, contradicting locks, a cycle of precedences, too few tables overall).
 */
export function compileProblem(p: SlotProblem): CompiledProblem {
  const { participants: P, slots: T, tables } = p;
  const M = p.meetings.length;
  if (!Number.isInteger(T) || T < 1 || T > MAX_SLOTS) throw new AppError('bad_request', `slots must be between 1 and ${MAX_SLOTS} per day`, { field: 'slots' });
  if (!Number.isInteger(p.morningSlots) || p.morningSlots < 0 || p.morningSlots > T) throw new AppError('bad_request', 'morningSlots must lie between 0 and slots', { field: 'morningSlots' });
  if (!Number.isInteger(tables) || tables < 1) throw new AppError('bad_request', 'tables must be a positive integer', { field: 'tables' });
  if (p.forbidden.length !== P) throw new AppError('bad_request', `forbidden needs one list per participant (${P})`, { field: 'forbidden' });
  const full = T === 32 ? 0xffffffff : (1 << T) - 1;
  const morning = p.morningSlots === 32 ? 0xffffffff : (1 << p.morningSlots) - 1;
  const free = new Uint32Array(P);
  for (let i = 0; i < P; i++) {
    let mask = full;
    for (const t of p.forbidden[i]!) {
      if (!Number.isInteger(t) || t < 0 || t >= T) throw new AppError('bad_request', `forbidden slot ${t} of ${nameOf(p, i)} is not a slot`, { field: `forbidden.${i}` });
      mask &= ~(1 << t);
    }
    free[i] = mask >>> 0;
  }
  const a = new Int32Array(M);
  const b = new Int32Array(M);
  const allowed = new Uint32Array(M);
  const meetingsOf: number[][] = Array.from({ length: P }, () => []);
  for (let m = 0; m < M; m++) {
    const meeting = p.meetings[m]!;
    if (!(meeting.a >= 0 && meeting.a < P && meeting.b >= 0 && meeting.b < P) || meeting.a === meeting.b) {
      throw new AppError('bad_request', `meeting ${m + 1} needs two different participants`, { field: `meetings.${m}` });
    }
    a[m] = meeting.a;
    b[m] = meeting.b;
    meetingsOf[meeting.a]!.push(m);
    meetingsOf[meeting.b]!.push(m);
    let mask = free[meeting.a]! & free[meeting.b]!;
    if (meeting.session === 'morning') mask &= morning;
    else if (meeting.session === 'afternoon') mask &= ~morning;
    const who = `${nameOf(p, meeting.a)} and ${nameOf(p, meeting.b)}`;
    if (meeting.fixed !== undefined && meeting.fixed !== null) {
      const t = meeting.fixed;
      if (!Number.isInteger(t) || t < 0 || t >= T) throw new AppError('bad_request', `meeting ${m + 1} is locked to slot ${t}, which does not exist`, { field: `meetings.${m}.fixed` });
      if (!(mask & (1 << t))) throw infeasible(`meeting ${m + 1} of ${who} is locked to slot ${t + 1}, where one of them is unavailable or outside its session`, `meetings.${m}.fixed`);
      mask = 1 << t;
    }
    allowed[m] = mask >>> 0;
    if (!allowed[m]) throw infeasible(`meeting ${m + 1} of ${who}: no slot in its session where both are available`, `meetings.${m}`);
  }
  if (M > tables * T) throw infeasible(`${M} meetings do not fit ${tables} tables × ${T} slots`, 'tables');
  for (let i = 0; i < P; i++) {
    const mine = meetingsOf[i]!;
    // The specific reason (two locks in one slot) before the general one (too few slots).
    const locked = new Map<number, number>();
    for (const m of mine) {
      const t = p.meetings[m]!.fixed;
      if (t === undefined || t === null) continue;
      if (locked.has(t)) throw infeasible(`${nameOf(p, i)} has two meetings locked to slot ${t + 1} (meetings ${locked.get(t)! + 1} and ${m + 1})`, `meetings.${m}.fixed`);
      locked.set(t, m);
    }
    let union = 0;
    for (const m of mine) union |= allowed[m]!;
    if (mine.length > popcount(union >>> 0)) {
      throw infeasible(`${nameOf(p, i)} has ${mine.length} meetings but only ${popcount(union >>> 0)} slots where they can take place`, `participants.${i}`);
    }
  }
  const before: number[][] = Array.from({ length: M }, () => []);
  const later: number[][] = Array.from({ length: M }, () => []);
  for (let m = 0; m < M; m++) {
    for (const e of p.meetings[m]!.after ?? []) {
      if (!Number.isInteger(e) || e < 0 || e >= M || e === m) throw new AppError('bad_request', `meeting ${m + 1} names meeting ${e + 1} as earlier, which is not another meeting`, { field: `meetings.${m}.after` });
      before[m]!.push(e);
      later[e]!.push(m);
    }
  }
  assertNoPrecedenceCycle(before);
  assertPrecedencesFit(p, before, allowed);
  return {
    P,
    T,
    M,
    tables,
    fairness: p.fairness,
    a,
    b,
    allowed,
    allowedSlots: Array.from(allowed, (mask) => Int8Array.from(slotsIn(mask))),
    meetingsOf: meetingsOf.map((list) => Int32Array.from(list)),
    before: before.map((list) => Int32Array.from(list)),
    later: later.map((list) => Int32Array.from(list)),
    minBreaks: Int32Array.from(meetingsOf, (mine) => fewestBreaks(mine.map((m) => allowed[m]!), T)),
  };
}

function slotsIn(mask: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < 32; t++) if (mask & (1 << t)) out.push(t);
  return out;
}

function assertNoPrecedenceCycle(before: number[][]): void {
  const state = new Uint8Array(before.length); // 0 new, 1 on the stack, 2 done
  for (let start = 0; start < before.length; start++) {
    if (state[start]) continue;
    const stack: [number, number][] = [[start, 0]];
    state[start] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [m, i] = top;
      if (i < before[m]!.length) {
        top[1]++;
        const e = before[m]![i]!;
        if (state[e] === 1) throw infeasible(`the precedences form a cycle through meeting ${e + 1}`, `meetings.${e}.after`);
        if (!state[e]) {
          state[e] = 1;
          stack.push([e, 0]);
        }
      } else {
        state[m] = 2;
        stack.pop();
      }
    }
  }
}

/**
 * Every meeting must find a slot after all its predecessors': the earliest slot each can take, in
 * precedence order, must leave one of its allowed slots (a morning-only meeting cannot follow an
 * afternoon-only one). Names the first meeting left without a slot and the predecessor that pushed it.
 */
function assertPrecedencesFit(p: SlotProblem, before: number[][], allowed: Uint32Array): void {
  const M = before.length;
  // Kahn's order (the precedences have no cycle by now): a meeting after all of its predecessors.
  const waiting = Int32Array.from(before, (list) => list.length);
  const later: number[][] = Array.from({ length: M }, () => []);
  for (let m = 0; m < M; m++) for (const e of before[m]!) later[e]!.push(m);
  const ready: number[] = [];
  for (let m = 0; m < M; m++) if (!waiting[m]) ready.push(m);
  const earliest = new Int32Array(M);
  while (ready.length) {
    const m = ready.pop()!;
    let from = 0;
    let pusher = -1;
    for (const e of before[m]!) {
      if (earliest[e]! + 1 > from) {
        from = earliest[e]! + 1;
        pusher = e;
      }
    }
    // Its allowed slots from `from` on; the lowest is its earliest.
    const open = from >= 32 ? 0 : (allowed[m]! >>> from) << from;
    if (!open) {
      const { a, b } = p.meetings[m]!;
      throw infeasible(`meeting ${m + 1} of ${nameOf(p, a)} and ${nameOf(p, b)} must come after meeting ${pusher + 1}, whose earliest possible slot is ${earliest[pusher]! + 1}, but has no possible slot after that`, `meetings.${m}.after`);
    }
    earliest[m] = 31 - Math.clz32(open & -open);
    for (const n of later[m]!) if (--waiting[n]! === 0) ready.push(n);
  }
}

/**
 * A lower bound on one participant's breaks, looking only at its own meetings' allowed slots: 0, 1 or 2
 * (is there one run of busy slots that hosts every meeting? two?). Exact up to 2 for the participant
 * alone (a bipartite matching decides whether a set of slots serves the meetings), so the sum over
 * participants bounds the total from below. Counting further runs would cost more than it tells.
 */
export function fewestBreaks(allowed: readonly number[], T: number): number {
  const n = allowed.length;
  if (n <= 1) return 0;
  const run = (start: number, len: number) => (len === 32 ? 0xffffffff : ((1 << len) - 1) << start) >>> 0;
  for (let start = 0; start + n <= T; start++) if (hostsAll(allowed, run(start, n))) return 0;
  for (let len = 1; len < n; len++) {
    for (let s1 = 0; s1 + len <= T; s1++) {
      for (let s2 = s1 + len + 1; s2 + (n - len) <= T; s2++) {
        if (hostsAll(allowed, (run(s1, len) | run(s2, n - len)) >>> 0)) return 1;
      }
    }
  }
  return 2;
}

/** Can every meeting take its own slot among `mask`? Kuhn's augmenting paths (tiny graphs). */
export function hostsAll(allowed: readonly number[], mask: number): boolean {
  const slotOwner = new Int32Array(32).fill(-1);
  const tryMeeting = (m: number, seen: Uint8Array): boolean => {
    let options = (allowed[m]! & mask) >>> 0;
    while (options) {
      const t = 31 - Math.clz32(options);
      options = (options & ~(1 << t)) >>> 0;
      if (seen[t]) continue;
      seen[t] = 1;
      if (slotOwner[t] === -1 || tryMeeting(slotOwner[t]!, seen)) {
        slotOwner[t] = m;
        return true;
      }
    }
    return false;
  };
  for (let m = 0; m < allowed.length; m++) if (!tryMeeting(m, new Uint8Array(32))) return false;
  return true;
}
