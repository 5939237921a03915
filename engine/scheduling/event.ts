/**
 * From registrations to a timetable: which meetings an event holds (wishes, requests, suggestions,
 * caps), when (slots, minimising breaks under fairness) and where (tables). Pure: the caller loads the
 * event (input.ts builds this input from it) and stores the result.
 *
 * Values: a pair's value is the matching engine's pair score (0..1) plus what the two sides asked for
 * (must meet 2, would like 1, an accepted or pending request counts as the requester's "would like" and,
 * once accepted, the other side's too). Suggestions carry their score alone. So any stated wish outranks
 * every suggestion, and among equal wishes the better-matched pair wins.
 */
import { AppError } from '../errors.ts';
import { pairKey, pairOfKey } from '../pairs.ts';
import { breaksOf, compileProblem, type CompiledProblem, type SlotProblem } from './problem.ts';
import { constructSlots } from './construct.ts';
import { selectMeetings, type Selection } from './selection.ts';
import type { SlotSchedule } from './slots.ts';
import { assignTables } from './tables.ts';
import { searchTimetable, type SatSolverFactory, type TimetableCertificate } from './timetable.ts';

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
  /** Pairs the matching engine proposes for participants who stated few wishes (input.ts picks them). */
  suggestions: readonly SuggestedPair[];
  /** Only pairs both sides asked for (a wish or an accepted request each) are held, besides suggestions. */
  requireMutual: boolean;
  fairness: number;
}

export interface PlanProgress {
  phase: 'selection' | 'slots' | 'tables';
  /** 0..1 of the whole plan, by elapsed share of the time budget. */
  fraction: number;
  /** Once the meetings are selected: how many, and how far their value may lie below the LP bound (relative; 0 when exact). */
  selection?: { meetings: number; relativeGap: number; exact: boolean };
  /** While timetabling: the fewest breaks found so far in a clash-free timetable (absent until there is one). */
  bestBreaks?: number;
  /** While timetabling: no timetable has fewer breaks. */
  lowerBound?: number;
  /** How the lower bound was proven (see TimetableCertificate). */
  lowerBoundBy?: TimetableCertificate['lowerBoundBy'];
  feasible?: boolean;
}

export interface PlanOptions {
  timeLimitMs: number;
  seed?: number;
  /**
   * Return true to cancel: the plan stops searching and returns the best timetable found so far, seated,
   * with `report.stoppedEarly` (cancelled while selecting: the selection and the constructed timetable,
   * which take a second even for 12,000 participants).
   */
  onProgress?: (progress: PlanProgress) => boolean | void;
  now?: () => number;
  /** A SAT solver for the exact timetable search of small events (timetable.ts); without one, the annealing alone. */
  satSolver?: SatSolverFactory;
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

/** Why a must-meet is not held. */
export type UnmetReason = 'noThanks' | 'declined' | 'oneSided' | 'noCommonSlot' | 'cap' | 'tooFewTables' | 'noSlotLeft';

export interface PlanReport {
  meetings: number;
  candidates: Record<MeetingOrigin | 'total', number>;
  totalValue: number;
  upperBound: number;
  gap: number;
  /** gap relative to the upper bound (0 when exact). */
  relativeGap: number;
  exact: boolean;
  /** `code` says why for a translation (`by`: who said no thanks); `reason` says it in English. */
  unmetMust: { a: string; b: string; code: UnmetReason; by?: string; reason: string; aName?: string; bName?: string }[];
  /** Selected meetings the timetable could not place (no slot left where both are free), with their value. */
  unplaced: { count: number; value: number };
  meetingsPerParticipant: Distribution;
  belowMinimum: { participant: string; name?: string; meetings: number; minimum: number }[];
  /** fairnessMet false: no timetable within the fairness bound was found in time; the one given breaks no hard rule. */
  breaks: { total: number; lowerBound: number; optimal: boolean; spread: number; fairness: number; fairnessMet: boolean; perParticipant: Distribution };
  tables: { count: number; meetingsPerSlot: number[]; utilisation: number; hostsKeepingTable: number; hostsMoving: number };
  /**
   * Why the run ended and what is proven: `status` 'optimal' when the selection is exact (its value at
   * the LP bound) and the breaks are at their proven lower bound, 'breaksOptimal' when only the breaks
   * are; else why the timetable search ended ('stalled': it stopped improving; 'timeLimit';
   * 'cancelled'). `lowerBoundBy` says how the bound on breaks was proven; `stoppedAtSeconds` against
   * `timeLimitSeconds` shows how early it ended.
   */
  certificate: {
    status: 'optimal' | 'breaksOptimal' | Exclude<TimetableCertificate['stop'], 'optimal'>;
    selectionExact: boolean;
    breaksOptimal: boolean;
    lowerBound: number;
    lowerBoundBy: TimetableCertificate['lowerBoundBy'];
    exactSearch: boolean;
    stoppedAtSeconds: number;
    timeLimitSeconds: number;
  };
  /** construction: building the first clash-free timetable (part of slots), the rest by phase. */
  seconds: { selection: number; construction: number; slots: number; tables: number; total: number };
  /** The caller cancelled the run: the timetable is the best found by then (at least the constructed one), not the best in the time limit. */
  stoppedEarly: boolean;
}

export interface EventPlan {
  meetings: PlannedMeeting[];
  report: PlanReport;
}

const EVENT_ANNEALING = { startTemperature: 0.5, conflictWeight: 4 };

const WISH_VALUE: Record<Exclude<WishKind, 'no'>, number> = { must: 2, like: 1 };

interface Candidate {
  a: number;
  b: number;
  value: number;
  must: boolean;
  origin: MeetingOrigin;
}

/** A kept meeting with its participants' indices. */
interface Kept {
  a: number;
  b: number;
  slot: number;
  table: string | null;
  status: KeptMeeting['status'];
}

type UnmetMust = PlanReport['unmetMust'];
type Timetable = Pick<SlotSchedule, 'slotOf' | 'totalBreaks' | 'breakSpread' | 'breaksOf' | 'lowerBound' | 'optimal'>;

/**
 * The plan in its phases: read the input (participants, what each side said, kept meetings), value the
 * candidates, select, timetable, seat, report. Each phase reports its progress, which may cancel the plan.
 */
export function planEvent(input: PlanInput, options: PlanOptions): EventPlan {
  const clock = planClock(options);
  const roster = rosterOf(input);
  const said = statementsOf(input, roster);
  const kept = keptOf(input, roster);
  const keptPairs = new Set(input.kept.map((k) => pairKey(k.a, k.b)));
  const unmetMust: UnmetMust = [];
  const candidates = [...statedCandidates(input, roster, said, keptPairs, unmetMust), ...suggestedCandidates(input, roster, new Set([...said.keys(), ...keptPairs]))];

  clock.progress('selection');
  const selectionStarted = clock.now();
  const selection = selectHeld(input, roster, kept, candidates, unmetMust);
  const selectionMs = clock.now() - selectionStarted;

  clock.note({ selection: { meetings: selection.chosen.length + kept.length, relativeGap: round(selection.result.relativeGap), exact: selection.result.exact } });
  clock.progress('slots');
  const slotsStarted = clock.now();
  const constructed = constructTimetable(input, roster, kept, candidates, selection.chosen, unmetMust);
  const constructionMs = clock.now() - slotsStarted;
  const { fairnessMet, schedule, certificate } = improveTimetable(constructed.problem, constructed.initial, clock, options);
  const slotsMs = clock.now() - slotsStarted;

  clock.progress('tables');
  const tablesStarted = clock.now();
  const seating = assignTables(input.tables, roster.participants, constructed.problem.meetings, schedule.slotOf, kept.map((k) => k.table));
  const tablesMs = clock.now() - tablesStarted;

  const { chosen, problem, dropped } = constructed;
  const meetings = plannedMeetings(roster, kept, candidates, chosen, problem.meetings, schedule.slotOf, seating.tableOf);
  const seconds = { selection: selectionMs / 1000, construction: constructionMs / 1000, slots: slotsMs / 1000, tables: tablesMs / 1000, total: (clock.now() - clock.started) / 1000 };
  const report = planReport({ input, roster, kept, candidates, chosen, meetings, selection: selection.result, schedule, fairnessMet, certificate, seating, dropped, unmetMust, seconds, timeLimitMs: options.timeLimitMs, stoppedEarly: clock.stopped });
  return { meetings, report };
}

/**
 * The plan's clock: progress as the elapsed share of the budget, with what is known so far (`note`),
 * and the caller's chance to cancel, which stops the timetable search (`stopped`; before it, the search
 * is skipped) and the plan finishes with the best timetable it has.
 */
function planClock(options: PlanOptions) {
  const now = options.now ?? Date.now;
  const started = now();
  let known: Partial<PlanProgress> = {};
  let stopped = false;
  return {
    now,
    started,
    deadline: started + options.timeLimitMs,
    get stopped() {
      return stopped;
    },
    note(facts: Partial<PlanProgress>): void {
      known = { ...known, ...facts };
    },
    progress(phase: PlanProgress['phase'], extra: Partial<PlanProgress> = {}): void {
      const fraction = Math.min(1, (now() - started) / Math.max(1, options.timeLimitMs));
      if (!options.onProgress?.({ ...known, ...extra, phase, fraction })) return;
      // Seating is quick and the timetable is there: a cancel now changes nothing.
      if (phase !== 'tables') stopped = true;
    },
  };
}

type PlanClock = ReturnType<typeof planClock>;

/** The participants by index, each with the slots of the grid it is free in. */
interface Roster {
  participants: readonly PlanParticipant[];
  slots: number;
  indexOf: ReadonlyMap<string, number>;
  /** The index of a registered participant; a validation error naming `field` for anybody else. */
  index(id: string, field: string): number;
  /** Blocked slots within the grid. */
  forbidden: number[][];
  freeSlots: number[];
  freeMask: number[];
}

function rosterOf(input: PlanInput): Roster {
  const { participants, slots: T } = input;
  const indexOf = new Map<string, number>();
  participants.forEach((p, i) => {
    if (indexOf.has(p.id)) throw new AppError('validation_failed', `participant '${p.id}' appears twice`, { field: `participants.${i}.id` });
    indexOf.set(p.id, i);
  });
  const forbidden = participants.map((p) => p.blocked.filter((t) => t >= 0 && t < T));
  return {
    participants,
    slots: T,
    indexOf,
    index(id, field) {
      const i = indexOf.get(id);
      if (i === undefined) throw new AppError('validation_failed', `participant '${id}' is not registered for the event`, { field });
      return i;
    },
    forbidden,
    freeSlots: forbidden.map((blocked) => T - new Set(blocked).size),
    freeMask: forbidden.map((blocked) => {
      let mask = T === 32 ? 0xffffffff : (1 << T) - 1;
      for (const t of blocked) mask &= ~(1 << t);
      return mask >>> 0;
    }),
  };
}

/** What the two sides said about a pair: wishes by participant index, who requested it, and the answer. */
interface Statements {
  wish: Map<number, WishKind>;
  requested: Set<number>;
  accepted: boolean;
  declined: boolean;
}

/** Statements by pair key, in the order the pairs first come up (wishes, then requests). */
function statementsOf(input: PlanInput, roster: Roster): Map<string, Statements> {
  const said = new Map<string, Statements>();
  const entry = (x: number, y: number) => {
    const key = pairKey(roster.participants[x]!.id, roster.participants[y]!.id);
    let e = said.get(key);
    if (!e) said.set(key, (e = { wish: new Map(), requested: new Set(), accepted: false, declined: false }));
    return e;
  };
  input.wishes.forEach((w, i) => {
    const from = roster.index(w.from, `wishes.${i}.from`);
    const to = roster.index(w.to, `wishes.${i}.to`);
    if (from === to) throw new AppError('validation_failed', 'a participant cannot wish to meet itself', { field: `wishes.${i}.to` });
    entry(from, to).wish.set(from, w.kind);
  });
  input.requests.forEach((r, i) => {
    const from = roster.index(r.from, `requests.${i}.from`);
    const to = roster.index(r.to, `requests.${i}.to`);
    const e = entry(from, to);
    if (r.status === 'declined') e.declined = true;
    else {
      e.requested.add(from);
      if (r.status === 'accepted') e.accepted = true;
    }
  });
  return said;
}

/** Kept meetings, checked against the grid; whether they clash with each other shows when they are timetabled. */
function keptOf(input: PlanInput, roster: Roster): Kept[] {
  return input.kept.map((k, i) => {
    const a = roster.index(k.a, `kept.${i}.a`);
    const b = roster.index(k.b, `kept.${i}.b`);
    if (!Number.isInteger(k.slot) || k.slot < 0 || k.slot >= roster.slots) throw new AppError('validation_failed', `the kept meeting of ${k.a} and ${k.b} is in slot ${k.slot + 1}, which the event no longer has`, { field: `kept.${i}.slot` });
    return { a, b, slot: k.slot, table: k.table, status: k.status };
  });
}

/**
 * What x's side of a pair is worth: its wish (must 2, would like 1), else a request it made or, once
 * accepted, the other side's request (1), else nothing (0). Above 0 exactly when x asked for the pair.
 */
function sideValue(e: Statements, x: number, y: number): number {
  const wish = e.wish.get(x);
  if (wish !== undefined && wish !== 'no') return WISH_VALUE[wish];
  return e.requested.has(x) || (e.accepted && e.requested.has(y)) ? WISH_VALUE.like : 0;
}

/** Every pair somebody asked for and nobody refused, valued; must-meets that cannot be held are reported. */
function statedCandidates(input: PlanInput, roster: Roster, said: ReadonlyMap<string, Statements>, keptPairs: ReadonlySet<string>, unmetMust: UnmetMust): Candidate[] {
  const candidates: Candidate[] = [];
  for (const [key, e] of said) {
    if (keptPairs.has(key)) continue;
    const [idA, idB] = pairOfKey(key);
    const a = roster.indexOf.get(idA)!;
    const b = roster.indexOf.get(idB)!;
    const valueA = sideValue(e, a, b);
    const valueB = sideValue(e, b, a);
    if (!valueA && !valueB) continue;
    const must = e.wish.get(a) === 'must' || e.wish.get(b) === 'must';
    const obstacle = obstacleTo(e, [a, b], [idA, idB], input.requireMutual && !(valueA && valueB), (roster.freeMask[a]! & roster.freeMask[b]!) !== 0);
    if (obstacle) {
      if (must) unmetMust.push({ a: idA, b: idB, ...obstacle });
      continue;
    }
    const origin: MeetingOrigin = must ? 'must' : e.requested.size ? 'request' : 'wish';
    candidates.push({ a, b, value: valueA + valueB + (input.score(idA, idB) ?? 0), must, origin });
  }
  return candidates;
}

/** Why a pair somebody asked for is not held, or null. `oneSided`: only one side asked, and the event requires both. */
function obstacleTo(e: Statements, [a, b]: readonly [number, number], [idA, idB]: readonly [string, string], oneSided: boolean, freeTogether: boolean): { code: UnmetReason; by?: string; reason: string } | null {
  if (e.wish.get(a) === 'no') return { code: 'noThanks', by: idA, reason: `${idA} said no thanks` };
  if (e.wish.get(b) === 'no') return { code: 'noThanks', by: idB, reason: `${idB} said no thanks` };
  if (e.declined) return { code: 'declined', reason: 'the request was declined' };
  if (oneSided) return { code: 'oneSided', reason: 'only one side asked for it and the event requires mutual consent' };
  if (!freeTogether) return { code: 'noCommonSlot', reason: 'the two have no free slot in common' };
  return null;
}

/** The matching engine's suggestions for pairs nobody spoke about, each valued at its score. */
function suggestedCandidates(input: PlanInput, roster: Roster, spoken: Set<string>): Candidate[] {
  const candidates: Candidate[] = [];
  for (const s of input.suggestions) {
    const a = roster.indexOf.get(s.a);
    const b = roster.indexOf.get(s.b);
    if (a === undefined || b === undefined || a === b) continue;
    const key = pairKey(s.a, s.b);
    if (spoken.has(key)) continue;
    if (!(roster.freeMask[a]! & roster.freeMask[b]!) || !(s.score > 0)) continue;
    spoken.add(key);
    candidates.push({ a, b, value: s.score, must: false, origin: 'suggestion' });
  }
  return candidates;
}

/**
 * Which meetings to hold: kept ones are locked in, caps are the smaller of the maximum and free slots;
 * then tables bound the whole event too, and the least valuable meetings beyond tables × slots go.
 * `chosen` indexes candidates, in ascending order.
 */
function selectHeld(input: PlanInput, roster: Roster, kept: readonly Kept[], candidates: readonly Candidate[], unmetMust: UnmetMust): { chosen: number[]; result: Selection } {
  const { participants } = roster;
  const idsOf = (c: Candidate) => ({ a: participants[c.a]!.id, b: participants[c.b]!.id });
  const result = selectMeetings({
    participants: participants.length,
    capacity: participants.map((p, i) => Math.max(0, Math.min(p.maxMeetings, roster.freeSlots[i]!))),
    minimum: participants.map((p) => p.minMeetings),
    candidates: [...kept.map((k) => ({ a: k.a, b: k.b, value: 0, locked: true })), ...candidates.map((c) => ({ a: c.a, b: c.b, value: c.value, must: c.must }))],
    names: participants.map((p) => p.name),
  });
  let chosen = result.chosen.filter((i) => i >= kept.length).map((i) => i - kept.length);
  for (const i of result.unmetMust) {
    if (i >= kept.length) unmetMust.push({ ...idsOf(candidates[i - kept.length]!), code: 'cap', reason: 'a cap on meetings (maximum or free slots) left no room' });
  }
  const room = input.tables.length * roster.slots - kept.length;
  if (chosen.length > room) {
    chosen.sort((x, y) => Number(candidates[y]!.must) - Number(candidates[x]!.must) || candidates[y]!.value - candidates[x]!.value);
    for (const i of chosen.slice(Math.max(0, room))) {
      if (candidates[i]!.must) unmetMust.push({ ...idsOf(candidates[i]!), code: 'tooFewTables', reason: 'the event has too few tables × slots' });
    }
    chosen = chosen.slice(0, Math.max(0, room));
  }
  chosen.sort((x, y) => x - y);
  return { chosen, result };
}

/**
 * A first timetable without search, kept meetings fixed to their slots. Meetings it cannot place are
 * dropped and reported; a kept meeting it cannot place is an error. The problem holds the kept meetings
 * first, then the chosen candidates that were placed (`chosen`), with `initial` their slots.
 */
function constructTimetable(input: PlanInput, roster: Roster, kept: readonly Kept[], candidates: readonly Candidate[], selected: readonly number[], unmetMust: UnmetMust) {
  const { participants } = roster;
  const keptMeetings = kept.map((k) => ({ a: k.a, b: k.b, session: 'either' as const, fixed: k.slot }));
  const problemOf = (chosen: readonly number[]): SlotProblem => ({
    participants: participants.length,
    slots: roster.slots,
    morningSlots: input.morningSlots ?? roster.slots,
    tables: input.tables.length,
    forbidden: roster.forbidden,
    fairness: input.fairness,
    names: participants.map((p) => p.name),
    meetings: [...keptMeetings, ...chosen.map((i) => ({ a: candidates[i]!.a, b: candidates[i]!.b, session: 'either' as const }))],
  });
  const construction = constructSlots(compileProblem(problemOf(selected)));
  const unplaced = new Set(construction.unplaced);
  const keptUnplaced = construction.unplaced.filter((m) => m < kept.length);
  if (keptUnplaced.length) {
    const k = kept[keptUnplaced[0]!]!;
    throw new AppError('infeasible', `the kept meeting of ${participants[k.a]!.name} and ${participants[k.b]!.name} in slot ${k.slot + 1} clashes with another kept meeting or the tables`, { field: 'kept' });
  }
  const dropped: { a: string; b: string; must: boolean; value: number }[] = [];
  const chosen = selected.filter((i, j) => {
    if (!unplaced.has(kept.length + j)) return true;
    const c = candidates[i]!;
    dropped.push({ a: participants[c.a]!.id, b: participants[c.b]!.id, must: c.must, value: c.value });
    if (c.must) unmetMust.push({ a: participants[c.a]!.id, b: participants[c.b]!.id, code: 'noSlotLeft', reason: 'no slot was left where both are free' });
    return false;
  });
  const initial = Int32Array.from(construction.slotOf.filter((_t, m) => !unplaced.has(m)));
  return { problem: problemOf(chosen), chosen, initial, dropped };
}

/**
 * The search for fewer breaks within fairness, from the constructed timetable, in the time left but the
 * tables' (timetable.ts: it ends as soon as it is done). Cancelled before it began: the constructed timetable.
 */
function improveTimetable(problem: SlotProblem, initial: Int32Array, clock: PlanClock, options: PlanOptions): { schedule: Timetable; fairnessMet: boolean; certificate: TimetableCertificate } {
  // Leave time for the tables after the search (a few microseconds a meeting).
  const tablesReserve = Math.min(options.timeLimitMs * 0.05, 1 + problem.meetings.length * 0.005);
  const constructed = () => {
    const schedule = timetableOf(compileProblem(problem), initial);
    return { schedule, fairnessMet: schedule.breakSpread <= problem.fairness, certificate: { stop: schedule.optimal ? ('optimal' as const) : ('cancelled' as const), lowerBound: schedule.lowerBound, lowerBoundBy: 'availability' as const, exactSearch: false } };
  };
  if (clock.stopped) return constructed();
  try {
    const { schedule, certificate } = searchTimetable(problem, {
      deadline: clock.deadline - tablesReserve,
      now: clock.now,
      seed: options.seed,
      initial,
      // Starting from a clash-free timetable: cooler than from scratch, and clashes dearer, so that the
      // search spends its time on breaks instead of undoing the construction (measured on synthetic
      // events of 1,000 and 12,000 participants; the published B2B defaults start hot on purpose).
      annealing: EVENT_ANNEALING,
      satSolver: options.satSolver,
      onProgress: (p) => {
        clock.note({ lowerBound: p.lowerBound, lowerBoundBy: p.lowerBoundBy, feasible: p.feasible, ...(p.bestBreaks !== undefined ? { bestBreaks: p.bestBreaks } : {}) });
        clock.progress('slots');
        return clock.stopped;
      },
    });
    return { schedule, fairnessMet: true, certificate };
  } catch (err) {
    // The search found no timetable that also meets the fairness bound in time. The constructed one
    // breaks no hard rule, so it is returned, and the report says that fairness is not met.
    if (!(err instanceof AppError) || err.code !== 'infeasible') throw err;
    const fallback = constructed();
    return { ...fallback, fairnessMet: false, certificate: { ...fallback.certificate, stop: clock.stopped ? 'cancelled' : 'timeLimit' } };
  }
}

/** The timetabled meetings by id: kept ones first (as kept), then the chosen candidates. */
function plannedMeetings(
  roster: Roster,
  kept: readonly Kept[],
  candidates: readonly Candidate[],
  chosen: readonly number[],
  meetings: SlotProblem['meetings'],
  slotOf: ArrayLike<number>,
  tableOf: readonly string[],
): PlannedMeeting[] {
  const { participants } = roster;
  return meetings.map((m, i) => {
    const k = i < kept.length ? kept[i]! : undefined;
    const c = k ? undefined : candidates[chosen[i - kept.length]!]!;
    return {
      a: participants[m.a]!.id,
      b: participants[m.b]!.id,
      slot: slotOf[i]!,
      table: tableOf[i]!,
      value: c ? round(c.value) : 0,
      origin: c ? c.origin : 'kept',
      status: k ? k.status : 'scheduled',
    };
  });
}

/** The plan's report: what was held against what was asked for, breaks, tables and the phases' timings. */
function planReport(plan: {
  input: PlanInput;
  roster: Roster;
  kept: readonly Kept[];
  candidates: readonly Candidate[];
  chosen: readonly number[];
  meetings: readonly PlannedMeeting[];
  selection: Selection;
  schedule: Timetable;
  fairnessMet: boolean;
  certificate: TimetableCertificate;
  seating: ReturnType<typeof assignTables>;
  dropped: readonly { value: number }[];
  unmetMust: UnmetMust;
  seconds: PlanReport['seconds'];
  timeLimitMs: number;
  stoppedEarly: boolean;
}): PlanReport {
  const { input, roster, kept, candidates, chosen, meetings, selection, schedule, seating, dropped } = plan;
  const { participants } = roster;
  const T = roster.slots;
  const counts = new Int32Array(participants.length);
  for (const m of meetings) {
    counts[roster.indexOf.get(m.a)!]!++;
    counts[roster.indexOf.get(m.b)!]!++;
  }
  const nameOf = (id: string) => participants[roster.indexOf.get(id)!]?.name ?? id;
  const perSlot = new Array<number>(T).fill(0);
  for (const t of schedule.slotOf) perSlot[t]!++;
  const totalValue = chosen.reduce((s, i) => s + candidates[i]!.value, 0);
  const upperBound = Math.max(selection.upperBound, totalValue);
  const gap = upperBound - totalValue;
  const exact = selection.exact && chosen.length === selection.chosen.length - kept.length;
  const breaksOptimal = schedule.totalBreaks <= plan.certificate.lowerBound;
  const byOrigin = { kept: kept.length, must: 0, wish: 0, request: 0, suggestion: 0, total: kept.length + candidates.length };
  for (const c of candidates) byOrigin[c.origin]++;
  return {
    meetings: meetings.length,
    candidates: byOrigin,
    totalValue: round(totalValue),
    upperBound: round(upperBound),
    gap: round(gap),
    relativeGap: upperBound > 0 ? round(gap / upperBound) : 0,
    exact,
    unmetMust: plan.unmetMust.map((u) => ({ ...u, aName: nameOf(u.a), bName: nameOf(u.b) })),
    unplaced: { count: dropped.length, value: round(dropped.reduce((sum, d) => sum + d.value, 0)) },
    meetingsPerParticipant: distribution(counts),
    belowMinimum: participants.flatMap((p, i) => (counts[i]! < p.minMeetings ? [{ participant: p.id, name: p.name, meetings: counts[i]!, minimum: p.minMeetings }] : [])),
    breaks: {
      total: schedule.totalBreaks,
      lowerBound: schedule.lowerBound,
      optimal: schedule.optimal,
      spread: schedule.breakSpread,
      fairness: input.fairness,
      fairnessMet: plan.fairnessMet,
      perParticipant: distribution(schedule.breaksOf),
    },
    tables: {
      count: input.tables.length,
      meetingsPerSlot: perSlot,
      utilisation: input.tables.length ? round(meetings.length / (input.tables.length * T)) : 0,
      hostsKeepingTable: seating.hostsKeepingTable,
      hostsMoving: seating.hostsMoving,
    },
    seconds: plan.seconds,
    stoppedEarly: plan.stoppedEarly,
    certificate: {
      status: breaksOptimal && plan.fairnessMet ? (exact ? 'optimal' : 'breaksOptimal') : plan.certificate.stop === 'optimal' ? 'stalled' : plan.certificate.stop,
      selectionExact: exact,
      breaksOptimal,
      lowerBound: plan.certificate.lowerBound,
      lowerBoundBy: plan.certificate.lowerBoundBy,
      exactSearch: plan.certificate.exactSearch,
      stoppedAtSeconds: plan.seconds.total,
      timeLimitSeconds: plan.timeLimitMs / 1000,
    },
  };
}

/** Breaks of a given timetable, in the solver's terms. */
function timetableOf(c: CompiledProblem, slotOf: Int32Array): Timetable {
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
