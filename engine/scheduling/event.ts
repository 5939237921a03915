/**
 * From registrations to a timetable: which meetings an event holds (wishes, requests, suggestions,
 * caps), when (slots, minimising breaks under fairness) and where (tables). Pure: the caller loads the
 * event and the pair scores and stores the result.
 *
 * Values: a pair's value is the matching engine's pair score (0..1) plus what the two sides asked for
 * (must meet 2, would like 1, an accepted or pending request counts as the requester's "would like" and,
 * once accepted, the other side's too). Suggestions carry their score alone. So any stated wish outranks
 * every suggestion, and among equal wishes the better-matched pair wins.
 */
import { AppError } from '../errors.ts';
import { breaksOf, compileProblem, type CompiledProblem, type SlotProblem } from './problem.ts';
import { constructSlots } from './construct.ts';
import { selectMeetings, type SelectionCandidate } from './selection.ts';
import { solveSlots, type SlotProgress, type SlotSchedule } from './slots.ts';

export type Side = 'DE' | 'CN';
export type WishKind = 'must' | 'like' | 'no';
export type RequestStatus = 'pending' | 'accepted' | 'declined';
export type MeetingOrigin = 'kept' | 'must' | 'wish' | 'request' | 'suggestion';

export interface PlanParticipant {
  id: string;
  name: string;
  side: Side;
  /** Slots (0-based) in which the participant cannot meet. */
  blocked: readonly number[];
  minMeetings: number;
  maxMeetings: number;
  /** A table the participant hosts at (its booth), if any. */
  table?: string | null;
}

export interface PlanTable {
  id: string;
  /** A table reserved for one side hosts only meetings with a participant of that side. */
  reservedFor?: Side | null;
}

export interface PlanWish {
  from: string;
  to: string;
  kind: WishKind;
}

export interface PlanRequest {
  from: string;
  to: string;
  status: RequestStatus;
}

/** A meeting from an earlier run that must stay as it is (locked by the organiser or confirmed). */
export interface KeptMeeting {
  a: string;
  b: string;
  slot: number;
  table: string | null;
  status: 'locked' | 'confirmed';
}

export interface SuggestedPair {
  a: string;
  b: string;
  score: number;
}

export interface PlanInput {
  slots: number;
  /** Leading slots that are the morning session (only matters for session-restricted meetings). */
  morningSlots?: number;
  tables: readonly PlanTable[];
  participants: readonly PlanParticipant[];
  wishes: readonly PlanWish[];
  requests: readonly PlanRequest[];
  kept: readonly KeptMeeting[];
  /** The matching engine's score of a pair (0..1), for wished pairs; undefined when unknown. */
  score: (a: string, b: string) => number | undefined;
  /** Pairs the matching engine proposes for participants who stated few wishes. */
  suggestions: readonly SuggestedPair[];
  /** Participants with fewer positive wishes than this get suggestions. */
  suggestBelow: number;
  /** Only pairs both sides asked for (a wish or an accepted request each) are held, besides suggestions. */
  requireMutual: boolean;
  fairness: number;
}

export interface PlanProgress {
  phase: 'selection' | 'slots' | 'tables';
  /** 0..1 of the whole plan, by elapsed share of the time budget. */
  fraction: number;
  bestBreaks?: number;
  feasible?: boolean;
}

export interface PlanOptions {
  timeLimitMs: number;
  seed?: number;
  /** Return true to cancel: the plan then throws `cancelled`. */
  onProgress?: (progress: PlanProgress) => boolean | void;
  now?: () => number;
}

export interface PlannedMeeting {
  a: string;
  b: string;
  slot: number;
  table: string;
  value: number;
  origin: MeetingOrigin;
  status: 'locked' | 'confirmed' | 'scheduled';
}

export interface Distribution {
  min: number;
  median: number;
  max: number;
  mean: number;
  /** value → number of participants with it. */
  histogram: Record<string, number>;
}

export interface PlanReport {
  meetings: number;
  candidates: Record<MeetingOrigin | 'total', number>;
  totalValue: number;
  upperBound: number;
  gap: number;
  /** gap relative to the upper bound (0 when exact). */
  relativeGap: number;
  exact: boolean;
  unmetMust: { a: string; b: string; reason: string }[];
  /** Selected meetings the timetable could not place (no slot left where both are free), with their value. */
  unplaced: { count: number; value: number };
  meetingsPerParticipant: Distribution;
  belowMinimum: { participant: string; meetings: number; minimum: number }[];
  /** fairnessMet false: no timetable within the fairness bound was found in time; the one given breaks no hard rule. */
  breaks: { total: number; lowerBound: number; optimal: boolean; spread: number; fairness: number; fairnessMet: boolean; perParticipant: Distribution };
  tables: { count: number; meetingsPerSlot: number[]; utilisation: number; hostsKeepingTable: number; hostsMoving: number };
  /** construction: building the first clash-free timetable (part of slots), the rest by phase. */
  seconds: { selection: number; construction: number; slots: number; tables: number; total: number };
}

export interface EventPlan {
  meetings: PlannedMeeting[];
  report: PlanReport;
}

const EVENT_ANNEALING = { startTemperature: 0.5, conflictWeight: 4 };

const WISH_VALUE: Record<Exclude<WishKind, 'no'>, number> = { must: 2, like: 1 };

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

interface Candidate {
  a: number;
  b: number;
  value: number;
  must: boolean;
  origin: MeetingOrigin;
}

export const cancelled = () => new AppError('conflict', 'The scheduling run was cancelled', { field: 'job' });

export function planEvent(input: PlanInput, options: PlanOptions): EventPlan {
  const now = options.now ?? Date.now;
  const started = now();
  const deadline = started + options.timeLimitMs;
  const report = (phase: PlanProgress['phase'], extra: Partial<PlanProgress> = {}) => {
    const fraction = Math.min(1, (now() - started) / Math.max(1, options.timeLimitMs));
    if (options.onProgress?.({ phase, fraction, ...extra })) throw cancelled();
  };

  const { participants, slots: T } = input;
  const indexOf = new Map<string, number>();
  participants.forEach((p, i) => {
    if (indexOf.has(p.id)) throw new AppError('validation_failed', `participant '${p.id}' appears twice`, { field: `participants.${i}.id` });
    indexOf.set(p.id, i);
  });
  const index = (id: string, field: string) => {
    const i = indexOf.get(id);
    if (i === undefined) throw new AppError('validation_failed', `participant '${id}' is not registered for the event`, { field });
    return i;
  };
  const freeSlots = participants.map((p) => T - new Set(p.blocked.filter((t) => t >= 0 && t < T)).size);
  const freeMask = participants.map((p) => {
    let mask = T === 32 ? 0xffffffff : (1 << T) - 1;
    for (const t of p.blocked) if (t >= 0 && t < T) mask &= ~(1 << t);
    return mask >>> 0;
  });

  // What each side said about each pair.
  const said = new Map<string, { wish: Map<number, WishKind>; requested: Set<number>; accepted: boolean; declined: boolean }>();
  const entry = (x: number, y: number) => {
    const key = pairKey(participants[x]!.id, participants[y]!.id);
    let e = said.get(key);
    if (!e) said.set(key, (e = { wish: new Map(), requested: new Set(), accepted: false, declined: false }));
    return e;
  };
  const positiveWishes = new Int32Array(participants.length);
  input.wishes.forEach((w, i) => {
    const from = index(w.from, `wishes.${i}.from`);
    const to = index(w.to, `wishes.${i}.to`);
    if (from === to) throw new AppError('validation_failed', 'a participant cannot wish to meet itself', { field: `wishes.${i}.to` });
    entry(from, to).wish.set(from, w.kind);
    if (w.kind !== 'no') positiveWishes[from]!++;
  });
  input.requests.forEach((r, i) => {
    const from = index(r.from, `requests.${i}.from`);
    const to = index(r.to, `requests.${i}.to`);
    const e = entry(from, to);
    if (r.status === 'declined') e.declined = true;
    else {
      e.requested.add(from);
      positiveWishes[from]!++;
      if (r.status === 'accepted') e.accepted = true;
    }
  });

  // Kept meetings: fixed in place, checked against each other.
  const keptPairs = new Set<string>();
  const kept = input.kept.map((k, i) => {
    const a = index(k.a, `kept.${i}.a`);
    const b = index(k.b, `kept.${i}.b`);
    if (!Number.isInteger(k.slot) || k.slot < 0 || k.slot >= T) throw new AppError('validation_failed', `the kept meeting of ${k.a} and ${k.b} is in slot ${k.slot + 1}, which the event no longer has`, { field: `kept.${i}.slot` });
    keptPairs.add(pairKey(k.a, k.b));
    return { a, b, slot: k.slot, table: k.table, status: k.status };
  });

  // Candidates: every pair somebody asked for and nobody refused, then suggestions.
  const candidates: Candidate[] = [];
  const unmetMust: PlanReport['unmetMust'] = [];
  for (const [key, e] of said) {
    if (keptPairs.has(key)) continue;
    const [idA, idB] = key.split('\u0000') as [string, string];
    const a = indexOf.get(idA)!;
    const b = indexOf.get(idB)!;
    const wishA = e.wish.get(a);
    const wishB = e.wish.get(b);
    const positiveA = (wishA !== undefined && wishA !== 'no') || e.requested.has(a) || (e.accepted && e.requested.has(b));
    const positiveB = (wishB !== undefined && wishB !== 'no') || e.requested.has(b) || (e.accepted && e.requested.has(a));
    const must = wishA === 'must' || wishB === 'must';
    const refusal = wishA === 'no' ? idA : wishB === 'no' ? idB : e.declined ? 'a declined request' : null;
    if (!positiveA && !positiveB) continue;
    if (refusal) {
      if (must) unmetMust.push({ a: idA, b: idB, reason: refusal.startsWith('a declined') ? 'the request was declined' : `${refusal} said no thanks` });
      continue;
    }
    if (input.requireMutual && !(positiveA && positiveB)) {
      if (must) unmetMust.push({ a: idA, b: idB, reason: 'only one side asked for it and the event requires mutual consent' });
      continue;
    }
    if (!(freeMask[a]! & freeMask[b]!)) {
      if (must) unmetMust.push({ a: idA, b: idB, reason: 'the two have no free slot in common' });
      continue;
    }
    const stated = (w: WishKind | undefined, requested: boolean) => (w && w !== 'no' ? WISH_VALUE[w] : requested ? WISH_VALUE.like : 0);
    const value =
      stated(wishA, e.requested.has(a) || (e.accepted && e.requested.has(b))) +
      stated(wishB, e.requested.has(b) || (e.accepted && e.requested.has(a))) +
      (input.score(idA, idB) ?? 0);
    const origin: MeetingOrigin = must ? 'must' : e.requested.size ? 'request' : 'wish';
    candidates.push({ a, b, value, must, origin });
  }
  const seen = new Set(said.keys());
  for (const key of keptPairs) seen.add(key);
  for (const s of input.suggestions) {
    const a = indexOf.get(s.a);
    const b = indexOf.get(s.b);
    if (a === undefined || b === undefined || a === b) continue;
    const key = pairKey(s.a, s.b);
    if (seen.has(key)) continue;
    if (positiveWishes[a]! >= input.suggestBelow && positiveWishes[b]! >= input.suggestBelow) continue;
    if (!(freeMask[a]! & freeMask[b]!) || !(s.score > 0)) continue;
    seen.add(key);
    candidates.push({ a, b, value: s.score, must: false, origin: 'suggestion' });
  }

  // Which meetings to hold: kept ones are locked in, caps are the smaller of the maximum and free slots.
  report('selection');
  const selectionStarted = now();
  const selectionCandidates: SelectionCandidate[] = [
    ...kept.map((k) => ({ a: k.a, b: k.b, value: 0, locked: true })),
    ...candidates.map((c) => ({ a: c.a, b: c.b, value: c.value, must: c.must })),
  ];
  const capacity = participants.map((p, i) => Math.max(0, Math.min(p.maxMeetings, freeSlots[i]!)));
  const selection = selectMeetings(
    { participants: participants.length, capacity, minimum: participants.map((p) => p.minMeetings), candidates: selectionCandidates, names: participants.map((p) => p.name) },
  );
  let chosen = selection.chosen.filter((i) => i >= kept.length).map((i) => i - kept.length);
  for (const i of selection.unmetMust) {
    if (i < kept.length) continue;
    const c = candidates[i - kept.length]!;
    unmetMust.push({ a: participants[c.a]!.id, b: participants[c.b]!.id, reason: 'a cap on meetings (maximum or free slots) left no room' });
  }
  // Tables bound the whole event too: drop the least valuable meetings beyond tables × slots.
  const room = input.tables.length * T - kept.length;
  if (chosen.length > room) {
    chosen.sort((x, y) => Number(candidates[y]!.must) - Number(candidates[x]!.must) || candidates[y]!.value - candidates[x]!.value);
    for (const i of chosen.slice(Math.max(0, room))) {
      const c = candidates[i]!;
      if (c.must) unmetMust.push({ a: participants[c.a]!.id, b: participants[c.b]!.id, reason: 'the event has too few tables × slots' });
    }
    chosen = chosen.slice(0, Math.max(0, room));
  }
  chosen.sort((x, y) => x - y);
  const selectionMs = now() - selectionStarted;

  // When: kept meetings are fixed to their slots.
  report('slots');
  const slotsStarted = now();
  const keptMeetings = kept.map((k) => ({ a: k.a, b: k.b, session: 'either' as const, fixed: k.slot }));
  const common = {
    participants: participants.length,
    slots: T,
    morningSlots: input.morningSlots ?? T,
    tables: input.tables.length,
    forbidden: participants.map((p) => p.blocked.filter((t) => t >= 0 && t < T)),
    fairness: input.fairness,
    names: participants.map((p) => p.name),
  };
  // A first timetable without search; meetings it cannot place are dropped and reported.
  const construction = constructSlots(
    compileProblem({ ...common, meetings: [...keptMeetings, ...chosen.map((i) => ({ a: candidates[i]!.a, b: candidates[i]!.b, session: 'either' as const }))] }),
  );
  const constructionMs = now() - slotsStarted;
  const unplaced = new Set(construction.unplaced);
  const keptUnplaced = construction.unplaced.filter((m) => m < kept.length);
  if (keptUnplaced.length) {
    const k = kept[keptUnplaced[0]!]!;
    throw new AppError('infeasible', `the kept meeting of ${participants[k.a]!.name} and ${participants[k.b]!.name} in slot ${k.slot + 1} clashes with another kept meeting or the tables`, { field: 'kept' });
  }
  const dropped: { a: string; b: string; must: boolean; value: number }[] = [];
  const placedChosen = chosen.filter((i, j) => {
    if (!unplaced.has(kept.length + j)) return true;
    const c = candidates[i]!;
    dropped.push({ a: participants[c.a]!.id, b: participants[c.b]!.id, must: c.must, value: c.value });
    if (c.must) unmetMust.push({ a: participants[c.a]!.id, b: participants[c.b]!.id, reason: 'no slot was left where both are free' });
    return false;
  });
  const initial = Int32Array.from(
    construction.slotOf.filter((_t, m) => !unplaced.has(m)),
  );
  chosen = placedChosen;
  const problem: SlotProblem = {
    ...common,
    meetings: [...keptMeetings, ...chosen.map((i) => ({ a: candidates[i]!.a, b: candidates[i]!.b, session: 'either' as const }))],
  };
  // Leave time for the tables after the search (a few microseconds a meeting).
  const tablesReserve = Math.min(options.timeLimitMs * 0.05, 1 + problem.meetings.length * 0.005);
  const remaining = Math.max(1, deadline - tablesReserve - now());
  let fairnessMet = true;
  let schedule: Pick<SlotSchedule, 'slotOf' | 'totalBreaks' | 'breakSpread' | 'breaksOf' | 'lowerBound' | 'optimal'>;
  try {
    schedule = solveSlots(problem, {
      timeLimitMs: remaining,
      seed: options.seed,
      now: options.now,
      initial,
      // Starting from a clash-free timetable: cooler than from scratch, and clashes dearer, so that the
      // search spends its time on breaks instead of undoing the construction (measured on synthetic
      // events of 1,000 and 12,000 participants; the published B2B defaults start hot on purpose).
      annealing: EVENT_ANNEALING,
      onProgress: (p: SlotProgress) => {
        report('slots', { bestBreaks: p.bestBreaks, feasible: p.feasible });
        return false;
      },
    });
  } catch (err) {
    // The search found no timetable that also meets the fairness bound in time. The constructed one
    // breaks no hard rule, so it is returned, and the report says that fairness is not met.
    if (!(err instanceof AppError) || err.code !== 'infeasible') throw err;
    fairnessMet = false;
    schedule = timetableOf(compileProblem(problem), initial);
  }
  const slotsMs = now() - slotsStarted;

  // Where: tables, with hosts staying put.
  report('tables');
  const tablesStarted = now();
  const seating = assignTables(input.tables, participants, problem.meetings, schedule.slotOf, kept.map((k) => k.table));
  const tablesMs = now() - tablesStarted;

  const meetings: PlannedMeeting[] = problem.meetings.map((m, i) => {
    const k = i < kept.length ? kept[i]! : undefined;
    const c = k ? undefined : candidates[chosen[i - kept.length]!]!;
    return {
      a: participants[m.a]!.id,
      b: participants[m.b]!.id,
      slot: schedule.slotOf[i]!,
      table: seating.tableOf[i]!,
      value: c ? round(c.value) : 0,
      origin: c ? c.origin : 'kept',
      status: k ? k.status : 'scheduled',
    };
  });

  const counts = new Int32Array(participants.length);
  for (const m of problem.meetings) {
    counts[m.a]!++;
    counts[m.b]!++;
  }
  const perSlot = new Array<number>(T).fill(0);
  for (const t of schedule.slotOf) perSlot[t]!++;
  const totalValue = chosen.reduce((s, i) => s + candidates[i]!.value, 0);
  const upperBound = Math.max(selection.upperBound, totalValue);
  const gap = upperBound - totalValue;
  const byOrigin = { kept: kept.length, must: 0, wish: 0, request: 0, suggestion: 0, total: kept.length + candidates.length };
  for (const c of candidates) byOrigin[c.origin]++;
  const done = now();
  return {
    meetings,
    report: {
      meetings: meetings.length,
      candidates: byOrigin,
      totalValue: round(totalValue),
      upperBound: round(upperBound),
      gap: round(gap),
      relativeGap: upperBound > 0 ? round(gap / upperBound) : 0,
      exact: selection.exact && chosen.length === selection.chosen.length - kept.length,
      unmetMust,
      unplaced: { count: dropped.length, value: round(dropped.reduce((sum, d) => sum + d.value, 0)) },
      meetingsPerParticipant: distribution(counts),
      belowMinimum: participants.flatMap((p, i) => (counts[i]! < p.minMeetings ? [{ participant: p.id, meetings: counts[i]!, minimum: p.minMeetings }] : [])),
      breaks: {
        total: schedule.totalBreaks,
        lowerBound: schedule.lowerBound,
        optimal: schedule.optimal,
        spread: schedule.breakSpread,
        fairness: input.fairness,
        fairnessMet,
        perParticipant: distribution(schedule.breaksOf),
      },
      tables: {
        count: input.tables.length,
        meetingsPerSlot: perSlot,
        utilisation: input.tables.length ? round(meetings.length / (input.tables.length * T)) : 0,
        hostsKeepingTable: seating.hostsKeepingTable,
        hostsMoving: seating.hostsMoving,
      },
      seconds: { selection: selectionMs / 1000, construction: constructionMs / 1000, slots: slotsMs / 1000, tables: tablesMs / 1000, total: (done - started) / 1000 },
    },
  };
}

/** Breaks of a given timetable, in the solver's terms. */
function timetableOf(c: CompiledProblem, slotOf: Int32Array): Pick<SlotSchedule, 'slotOf' | 'totalBreaks' | 'breakSpread' | 'breaksOf' | 'lowerBound' | 'optimal'> {
  const busy = new Uint32Array(c.P);
  for (let m = 0; m < c.M; m++) {
    busy[c.a[m]!]! |= 1 << slotOf[m]!;
    busy[c.b[m]!]! |= 1 << slotOf[m]!;
  }
  const perParticipant = Int32Array.from(busy, (mask) => breaksOf(mask));
  const totalBreaks = perParticipant.reduce((x, y) => x + y, 0);
  const lowerBound = c.minBreaks.reduce((x, y) => x + y, 0);
  return {
    slotOf,
    totalBreaks,
    breakSpread: perParticipant.length ? Math.max(...perParticipant) - Math.min(...perParticipant) : 0,
    breaksOf: perParticipant,
    lowerBound,
    optimal: totalBreaks === lowerBound,
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function distribution(values: ArrayLike<number>): Distribution {
  const sorted = Array.from(values).sort((x, y) => x - y);
  const histogram: Record<string, number> = {};
  for (const v of sorted) histogram[v] = (histogram[v] ?? 0) + 1;
  const n = sorted.length;
  return {
    min: n ? sorted[0]! : 0,
    median: n ? (n % 2 ? sorted[(n - 1) >> 1]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2) : 0,
    max: n ? sorted[n - 1]! : 0,
    mean: n ? round(sorted.reduce((s, v) => s + v, 0) / n) : 0,
    histogram,
  };
}

/**
 * Tables per slot. Each participant with a booth, and otherwise the busier side of each meeting, is a
 * host who should stay at one table all day while partners come to it. Kept meetings keep their tables.
 * Greedy in order of hosts' meeting counts: a host takes its home table when free in the slot, else any
 * free table that fits the reservation (and that becomes its home if it had none).
 */
export function assignTables(
  tables: readonly PlanTable[],
  participants: readonly PlanParticipant[],
  meetings: readonly { a: number; b: number }[],
  slotOf: ArrayLike<number>,
  keptTables: readonly (string | null)[],
): { tableOf: string[]; hostsKeepingTable: number; hostsMoving: number } {
  const tableIndex = new Map(tables.map((t, i) => [t.id, i]));
  const counts = new Int32Array(participants.length);
  for (const m of meetings) {
    counts[m.a]!++;
    counts[m.b]!++;
  }
  const home = new Int32Array(participants.length).fill(-1);
  /** Tables some host calls home. */
  const isHome = new Uint8Array(tables.length);
  participants.forEach((p, i) => {
    if (p.table && tableIndex.has(p.table)) {
      home[i] = tableIndex.get(p.table)!;
      isHome[home[i]!] = 1;
    }
  });
  const hostOf = (m: { a: number; b: number }) => {
    if (home[m.a]! >= 0 && home[m.b]! < 0) return m.a;
    if (home[m.b]! >= 0 && home[m.a]! < 0) return m.b;
    return counts[m.a]! > counts[m.b]! || (counts[m.a] === counts[m.b] && m.a < m.b) ? m.a : m.b;
  };
  const T = meetings.reduce((mx, _m, i) => Math.max(mx, slotOf[i]! + 1), 0);
  const K = tables.length;
  const used = new Uint8Array(T * K);
  const tableOf = new Array<string>(meetings.length).fill('');
  // Kept meetings first, at their tables.
  meetings.forEach((_m, i) => {
    const id = keptTables[i];
    const t = id ? tableIndex.get(id) : undefined;
    if (t !== undefined && !used[slotOf[i]! * K + t]) {
      used[slotOf[i]! * K + t] = 1;
      tableOf[i] = id!;
    }
  });
  const hosts = Int32Array.from(meetings, (m) => hostOf(m));
  const order = meetings.map((_m, i) => i).filter((i) => !tableOf[i]);
  order.sort((x, y) => counts[hosts[y]!]! - counts[hosts[x]!]! || hosts[x]! - hosts[y]! || slotOf[x]! - slotOf[y]!);
  // A reserved table (a side's booths) hosts only meetings whose host is of that side.
  const fits = (t: number, host: number) => {
    const side = tables[t]!.reservedFor;
    return !side || participants[host]!.side === side;
  };
  // Per slot, the first table that may still be free (and not a home): both only move forward, since
  // tables only ever get taken and homes only ever get claimed. Valid for meetings every table fits.
  const cursorFree = new Int32Array(T);
  const cursorNotHome = new Int32Array(T);
  const reserved = tables.some((t) => t.reservedFor);
  const tablesUsedBy = new Map<number, Set<number>>();
  for (const i of order) {
    const host = hosts[i]!;
    const s = slotOf[i]!;
    const base = s * K;
    let t = home[host]!;
    if (t < 0 || used[base + t] || !fits(t, host)) {
      t = -1;
      if (!reserved) {
        // Prefer a table no host calls home, so that later hosts find theirs free.
        let x = cursorNotHome[s]!;
        while (x < K && (used[base + x] || isHome[x])) x++;
        cursorNotHome[s] = x;
        if (x < K) t = x;
        else {
          x = cursorFree[s]!;
          while (x < K && used[base + x]) x++;
          cursorFree[s] = x;
          if (x < K) t = x;
        }
      } else {
        for (let pass = 0; pass < 2 && t < 0; pass++) {
          for (let x = 0; x < K; x++) {
            if (used[base + x] || !fits(x, host) || (pass === 0 && isHome[x])) continue;
            t = x;
            break;
          }
        }
      }
      // Every table is taken by the other side's hosts: any free one, rather than no meeting.
      if (t < 0) for (let x = 0; x < K && t < 0; x++) if (!used[base + x]) t = x;
      if (t < 0) throw new AppError('infeasible', `slot ${s + 1} has more meetings than tables`, { field: 'tables' });
      if (home[host]! < 0) {
        home[host] = t;
        isHome[t] = 1;
      }
    }
    used[base + t] = 1;
    tableOf[i] = tables[t]!.id;
    let set = tablesUsedBy.get(host);
    if (!set) tablesUsedBy.set(host, (set = new Set()));
    set.add(t);
  }
  let keeping = 0;
  let moving = 0;
  for (const set of tablesUsedBy.values()) {
    if (set.size === 1) keeping++;
    else moving++;
  }
  return { tableOf, hostsKeepingTable: keeping, hostsMoving: moving };
}
