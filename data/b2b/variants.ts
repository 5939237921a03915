/**
 * Variants of a published B2B instance, as its authors evaluate them (Bofill et al., JAIR 2022, section 6:
 * unavailable slots, meetings fixed in advance, precedences between meetings), made by a seeded generator
 * of our own in the same instance format: the published variant files stay outside the project.
 *
 * The rules, one per kind (the rate is a share, 0.03 is 3 %):
 * - `forbidden`: every (participant, slot) cell of a participant with meetings becomes unavailable with
 *   probability `rate`, kept when the original forbids it already.
 * - `fixed`: round(rate × meetings) meetings, drawn at random, each fixed to a slot drawn at random among
 *   those its session allows, both participants are free in and not yet fixed for, and where fewer than
 *   `nTables` fixed meetings sit; a meeting with no such slot stays free. Organisers fix meetings to
 *   whatever time a guest can come, so the fixed slots follow no optimal schedule.
 * A forbidden cell or a fixed slot is not drawn when it would force a participant, on its own meetings
 * alone, beyond the benchmark's fairness bound of 2 breaks (or leave it no schedule at all): a variant
 * should not be infeasible on its face. Whether the participants together still fit is the solver's to say.
 * - `precedences`: round(rate × meetings) meetings, drawn at random, each get one meeting that must come
 *   earlier, of one of its participants (a participant's wish about the order of its own meetings), and
 *   never one the sessions rule out on their own (an afternoon-only meeting before a morning-only one). Every
 *   precedence points down a random order of the meetings, so there is no cycle; a meeting whose
 *   participants have no meeting earlier in that order is passed over. Whether the day has room for
 *   them is the solver's to prove.
 * Whether a variant has a schedule at all is not checked here: the solver proves infeasibility and names
 * its cause.
 */
import { AppError } from '../../engine/errors.ts';
import { Random } from '../../engine/random.ts';
import { needsMoreBreaks } from '../../engine/scheduling/fairnessCause.ts';
import { compileProblem, type SlotProblem } from '../../engine/scheduling/problem.ts';
import { b2bToSlotProblem, type B2bInstance } from './instance.ts';

export type VariantKind = 'forbidden' | 'fixed' | 'precedences';
export const VARIANT_KINDS: readonly VariantKind[] = ['forbidden', 'fixed', 'precedences'];

export interface VariantSpec {
  kind: VariantKind;
  /** The share of cells (forbidden) or meetings (fixed, precedences), in (0, 1]. */
  rate: number;
  seed: number;
}

/** The fixed set `npm run bench:b2b -- --variants` runs: the kinds and rates of the published study, seed 1. */
export const STANDARD_VARIANTS: readonly VariantSpec[] = [
  { kind: 'forbidden', rate: 0.03, seed: 1 },
  { kind: 'forbidden', rate: 0.07, seed: 1 },
  { kind: 'fixed', rate: 0.2, seed: 1 },
  { kind: 'fixed', rate: 0.4, seed: 1 },
  { kind: 'precedences', rate: 0.15, seed: 1 },
  { kind: 'precedences', rate: 0.25, seed: 1 },
];

const SHORT: Record<VariantKind, string> = { forbidden: 'forb', fixed: 'fixed', precedences: 'prec' };

/** A file-name part for the variant, e.g. `forb03-s1` for forbidden slots at 3 %, seed 1. */
export function variantName(spec: VariantSpec): string {
  return `${SHORT[spec.kind]}${String(Math.round(spec.rate * 100)).padStart(2, '0')}-s${spec.seed}`;
}

/** The variant of `instance` by `spec`; the original is not changed. */
export function makeVariant(instance: B2bInstance, spec: VariantSpec): B2bInstance {
  if (!VARIANT_KINDS.includes(spec.kind)) throw new AppError('bad_request', `kind must be one of ${VARIANT_KINDS.join(', ')}`, { field: 'kind' });
  if (!(spec.rate > 0 && spec.rate <= 1)) throw new AppError('bad_request', 'rate must be a share above 0 and at most 1 (0.03 is 3 %)', { field: 'rate' });
  if (!Number.isInteger(spec.seed)) throw new AppError('bad_request', 'seed must be a whole number', { field: 'seed' });
  const random = new Random(spec.seed);
  const base: B2bInstance = {
    ...instance,
    forbidden: instance.forbidden.map((slots) => [...slots]),
    fixed: instance.fixed ? [...instance.fixed] : Array<number>(instance.nMeetings).fill(0),
    precedences: instance.precedences ? instance.precedences.map((list) => [...list]) : instance.meetings.map(() => []),
  };
  if (spec.kind === 'forbidden') return withForbidden(base, spec.rate, random);
  if (spec.kind === 'fixed') return withFixed(base, spec.rate, random);
  return withPrecedences(base, spec.rate, random);
}

/** 1-based slots a meeting of this session may take. */
function sessionSlots(d: B2bInstance, session: 1 | 2 | 3): number[] {
  const slots: number[] = [];
  for (let t = 1; t <= d.nSlots; t++) {
    const morning = t <= d.nMorningSlots;
    if (session === 3 || (session === 1) === morning) slots.push(t);
  }
  return slots;
}

/** The fairness bound of the published benchmark (d = 2): no variant may force a participant beyond it on its own. */
const BENCHMARK_FAIRNESS = 2;

/** Per participant (0-based), its meetings' indexes. */
function meetingsByParticipant(d: B2bInstance): number[][] {
  const mine = Array.from({ length: d.nParticipants }, () => [] as number[]);
  d.meetings.forEach(([a, b], m) => {
    mine[a - 1]!.push(m);
    mine[b - 1]!.push(m);
  });
  return mine;
}

/**
 * Can participant p (0-based) still hold its meetings (`mine`) with at most BENCHMARK_FAIRNESS breaks,
 * given their sessions, both sides' unavailable slots and the fixed slots? Its own meetings compiled as
 * the solver compiles them (engine/scheduling/problem.ts), judged by fairnessCause.ts's needsMoreBreaks.
 */
function keepsRoom(d: B2bInstance, p: number, mine: readonly number[]): boolean {
  const whole = b2bToSlotProblem(d);
  const own: SlotProblem = { ...whole, meetings: mine.map((m) => ({ ...whole.meetings[m]!, after: [] })) };
  try {
    return !needsMoreBreaks(compileProblem(own), p, BENCHMARK_FAIRNESS);
  } catch (err) {
    if (err instanceof AppError && err.code === 'infeasible') return false;
    throw err;
  }
}

function withForbidden(d: B2bInstance, rate: number, random: Random): B2bInstance {
  const mine = meetingsByParticipant(d);
  const partnersOf = (p: number) => mine[p]!.map((m) => (d.meetings[m]![0] - 1 === p ? d.meetings[m]![1] - 1 : d.meetings[m]![0] - 1));
  for (let p = 0; p < d.nParticipants; p++) {
    if (!mine[p]!.length) continue;
    // One draw per cell in slot order, whatever is kept, so that a seed gives the same cells on every run.
    for (let t = 1; t <= d.nSlots; t++) {
      const drawn = random.next() < rate;
      if (!drawn || d.forbidden[p]!.includes(t)) continue;
      d.forbidden[p]!.push(t);
      // Kept only if neither the participant nor a partner (who loses the slot for their meeting) is forced beyond the bound.
      if (![p, ...partnersOf(p)].every((q) => keepsRoom(d, q, mine[q]!))) d.forbidden[p]!.pop();
    }
    d.forbidden[p]!.sort((x, y) => x - y);
  }
  return d;
}

function withFixed(d: B2bInstance, rate: number, random: Random): B2bInstance {
  const fixed = d.fixed!;
  const mine = meetingsByParticipant(d);
  // Slots taken by fixed meetings, per participant, and how many fixed meetings sit in each slot.
  const taken = Array.from({ length: d.nParticipants }, () => new Set<number>());
  const perSlot = new Array<number>(d.nSlots + 1).fill(0);
  d.meetings.forEach(([a, b], m) => {
    if (!fixed[m]) return;
    taken[a - 1]!.add(fixed[m]!);
    taken[b - 1]!.add(fixed[m]!);
    perSlot[fixed[m]!]!++;
  });
  const candidates = random.shuffle(d.meetings.map((_, m) => m).filter((m) => !fixed[m]));
  for (const m of candidates.slice(0, Math.round(rate * d.nMeetings))) {
    const [a, b, session] = d.meetings[m]!;
    const open = random.shuffle(sessionSlots(d, session).filter((t) => !d.forbidden[a - 1]!.includes(t) && !d.forbidden[b - 1]!.includes(t) && !taken[a - 1]!.has(t) && !taken[b - 1]!.has(t) && perSlot[t]! < d.nTables));
    // The first open slot, in random order, that forces neither participant beyond the bound.
    for (const t of open) {
      fixed[m] = t;
      if (keepsRoom(d, a - 1, mine[a - 1]!) && keepsRoom(d, b - 1, mine[b - 1]!)) {
        taken[a - 1]!.add(t);
        taken[b - 1]!.add(t);
        perSlot[t]!++;
        break;
      }
      fixed[m] = 0;
    }
  }
  return d;
}

function withPrecedences(d: B2bInstance, rate: number, random: Random): B2bInstance {
  const precedences = d.precedences!;
  // A random order of the meetings: a precedence always points to a meeting earlier in it (no cycles).
  const rank = new Array<number>(d.nMeetings);
  random.shuffle(d.meetings.map((_, m) => m)).forEach((m, i) => (rank[m] = i));
  const byParticipant = Array.from({ length: d.nParticipants }, () => [] as number[]);
  d.meetings.forEach(([a, b], m) => {
    byParticipant[a - 1]!.push(m);
    byParticipant[b - 1]!.push(m);
  });
  // Never a precedence the sessions rule out on their own (an afternoon meeting before a morning one).
  const slotsOf = d.meetings.map(([, , session]) => sessionSlots(d, session));
  const canPrecede = (e: number, m: number) => slotsOf[e]![0]! < slotsOf[m]!.at(-1)!;
  // Meetings in a random order, each given one earlier meeting of one of its participants until the
  // count is reached; one whose participants have no earlier meeting is passed over.
  const wanted = Math.round(rate * d.nMeetings);
  let given = 0;
  for (const m of random.shuffle(d.meetings.map((_, m) => m))) {
    if (given === wanted) break;
    const [a, b] = d.meetings[m]!;
    const pool = [...new Set([...byParticipant[a - 1]!, ...byParticipant[b - 1]!])].filter((e) => rank[e]! < rank[m]! && !precedences[m]!.includes(e + 1) && canPrecede(e, m));
    if (!pool.length) continue;
    precedences[m]!.push(random.pick(pool) + 1);
    given++;
  }
  return d;
}
