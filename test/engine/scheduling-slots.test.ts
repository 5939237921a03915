import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../engine/errors.ts';
import { breaksOf, compileProblem, fewestBreaks, solveSlots, type SlotProblem } from '../../engine/scheduling/index.ts';
import { checkB2bSchedule, type RawInstance } from '../b2bChecker.ts';

/** The engine's 0-based problem as the published 1-based format, so the independent checker can judge. */
function toRaw(p: SlotProblem): RawInstance {
  return {
    nParticipants: p.participants,
    nMeetings: p.meetings.length,
    nTables: p.tables,
    nSlots: p.slots,
    nMorningSlots: p.morningSlots,
    meetings: p.meetings.map((m) => [m.a + 1, m.b + 1, m.session === 'morning' ? 1 : m.session === 'afternoon' ? 2 : 3]),
    forbidden: p.forbidden.map((list) => list.map((t) => t + 1)),
    fixed: p.meetings.map((m) => (m.fixed ?? -1) + 1),
    precedences: p.meetings.map((m) => (m.after ?? []).map((e) => e + 1)),
  };
}

function check(p: SlotProblem, timeLimitMs = 2000) {
  const s = solveSlots(p, { timeLimitMs, seed: 7 });
  const verdict = checkB2bSchedule(toRaw(p), { slot_of_meeting: Array.from(s.slotOf, (t) => t + 1), total_breaks: s.totalBreaks, break_spread: s.breakSpread }, p.fairness);
  expect(verdict.errors).toEqual([]);
  return s;
}

const problem = (over: Partial<SlotProblem> & Pick<SlotProblem, 'participants' | 'meetings'>): SlotProblem => ({
  slots: 6,
  morningSlots: 3,
  tables: 10,
  fairness: 2,
  forbidden: Array.from({ length: over.participants }, () => []),
  ...over,
});

describe('breaks of one participant', () => {
  it('counts runs of idle slots between meetings, not before the first or after the last', () => {
    expect(breaksOf(0)).toBe(0);
    expect(breaksOf(0b1)).toBe(0);
    expect(breaksOf(0b111000)).toBe(0);
    expect(breaksOf(0b101)).toBe(1);
    expect(breaksOf(0b1001)).toBe(1);
    expect(breaksOf(0b1010_0101)).toBe(3);
    expect(breaksOf(0x80000001)).toBe(1);
  });

  it('agrees with a recount over sorted slots for any day of up to 32 slots', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (mask) => {
        const slots = [...Array(32).keys()].filter((t) => (mask >>> t) & 1);
        let recount = 0;
        for (let k = 1; k < slots.length; k++) if (slots[k]! - slots[k - 1]! > 1) recount++;
        expect(breaksOf(mask)).toBe(recount);
      }),
    );
  });

  it('bounds a participant from below by its own availability', () => {
    // Three meetings that may only take slots 0, 2 and 4: two breaks at least.
    expect(fewestBreaks([0b1, 0b100, 0b10000], 6)).toBe(2);
    // Slot 2 missing for both: one run of two is possible.
    expect(fewestBreaks([0b11, 0b11011], 5)).toBe(0);
    // Four meetings, slot 2 forbidden in six slots: at least one break.
    expect(fewestBreaks([0b111011, 0b111011, 0b111011, 0b111011], 6)).toBe(1);
  });
});

describe('slot assignment', () => {
  it('packs a star of meetings into one run: no breaks', () => {
    // Participant 0 meets 1…5 in six slots, each of the others once.
    const p = problem({ participants: 6, meetings: [1, 2, 3, 4, 5].map((b) => ({ a: 0, b, session: 'either' as const })) });
    const s = check(p);
    expect(s.totalBreaks).toBe(0);
    expect(s.optimal).toBe(true);
  });

  it('keeps sessions, unavailable slots, locks and precedences', () => {
    const p = problem({
      participants: 4,
      meetings: [
        { a: 0, b: 1, session: 'morning' },
        { a: 0, b: 2, session: 'afternoon' },
        { a: 1, b: 2, session: 'either', fixed: 4 },
        { a: 2, b: 3, session: 'either', after: [0] },
        { a: 0, b: 3, session: 'either', after: [3] },
      ],
      forbidden: [[2], [], [0, 1], [5]],
    });
    const s = check(p);
    expect(s.slotOf[2]).toBe(4);
    expect(s.slotOf[0]).toBeLessThan(3);
    expect(s.slotOf[1]).toBeGreaterThanOrEqual(3);
    expect(s.slotOf[0]).toBeLessThan(s.slotOf[3]!);
    expect(s.slotOf[3]).toBeLessThan(s.slotOf[4]!);
  });

  it('never puts more meetings in a slot than there are tables', () => {
    // Six disjoint pairs, two tables, three slots: exactly full.
    const p = problem({ participants: 12, slots: 3, morningSlots: 3, tables: 2, meetings: [0, 2, 4, 6, 8, 10].map((a) => ({ a, b: a + 1, session: 'either' as const })) });
    const s = check(p);
    const load = [0, 0, 0];
    for (const t of s.slotOf) load[t]!++;
    expect(load).toEqual([2, 2, 2]);
  });

  it('keeps the break spread within the fairness bound, and finds a schedule that needs breaks', () => {
    // Participant 0 can only meet in slots 0, 2, 4: two breaks are forced; everybody else can have none.
    const p = problem({
      participants: 4,
      slots: 5,
      morningSlots: 5,
      fairness: 2,
      meetings: [1, 2, 3].map((b) => ({ a: 0, b, session: 'either' as const })),
      forbidden: [[1, 3], [], [], []],
    });
    const s = check(p);
    expect(s.totalBreaks).toBe(2);
    expect(s.lowerBound).toBe(2);
    expect(s.breakSpread).toBe(2);
  });

  it('solves random feasible instances to schedules the checker accepts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        // A random schedule first (so one exists), then the problem it solves.
        let x = seed;
        const rand = (n: number) => ((x = (x * 1103515245 + 12345) % 2147483648), x % n);
        const P = 8 + rand(8);
        const T = 6 + rand(6);
        const taken = new Set<string>();
        const meetings: SlotProblem['meetings'][number][] = [];
        for (let k = 0; k < 3 * P; k++) {
          const a = rand(P);
          const b = rand(P);
          const t = rand(T);
          if (a === b || taken.has(`${a}:${t}`) || taken.has(`${b}:${t}`) || meetings.some((m) => (m.a === a && m.b === b) || (m.a === b && m.b === a))) continue;
          taken.add(`${a}:${t}`);
          taken.add(`${b}:${t}`);
          meetings.push({ a, b, session: 'either' });
        }
        const p = problem({ participants: P, slots: T, morningSlots: Math.floor(T / 2), tables: P, fairness: T, meetings });
        check(p, 200);
      }),
      { numRuns: 15 },
    );
  });
});

describe('running totals', () => {
  it('equal a recount after every move, and a Kempe chain costs what it was costed at, on random problems', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), (seed, stopWhenStalled) => {
        // A planted schedule (so that the problem compiles), then sessions, unavailable slots, locks,
        // precedences and tables that it meets, the tables and the fairness bound tight now and then,
        // so that clashes, overloads, precedences and the fairness excess are all priced during the walk.
        let x = seed;
        const rand = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), (x >>> 8) % n);
        const P = 6 + rand(10);
        const T = 4 + rand(8);
        const morningSlots = 1 + rand(T - 1);
        const busy = Array.from({ length: P }, () => new Set<number>());
        const planted: number[] = [];
        const meetings: SlotProblem['meetings'][number][] = [];
        for (let k = 0; k < P * T; k++) {
          const a = rand(P);
          const b = rand(P);
          const t = rand(T);
          if (a === b || busy[a]!.has(t) || busy[b]!.has(t) || meetings.some((m) => (m.a === a && m.b === b) || (m.a === b && m.b === a))) continue;
          busy[a]!.add(t);
          busy[b]!.add(t);
          const earlier = planted.findIndex((u) => u < t);
          const session = rand(3) ? 'either' : t < morningSlots ? 'morning' : 'afternoon';
          meetings.push({ a, b, session, after: earlier >= 0 && rand(4) === 0 ? [earlier] : [], ...(rand(20) === 0 ? { fixed: t } : {}) });
          planted.push(t);
        }
        const forbidden = busy.map((mine) => [...Array(T).keys()].filter((t) => !mine.has(t) && rand(4) === 0));
        const load = Math.max(...[...Array(T).keys()].map((t) => planted.filter((u) => u === t).length));
        const p = problem({ participants: P, slots: T, morningSlots, tables: Math.max(1, load) + rand(2), fairness: rand(3), meetings, forbidden });
        let tick = 0;
        try {
          const s = solveSlots(p, { timeLimitMs: 5, now: () => tick++, seed, audit: true, stopWhenStalled, initial: Array.from(meetings, () => rand(T)) });
          expect(s.totalBreaks).toBe(Array.from(s.breaksOf).reduce((u, v) => u + v, 0));
        } catch (err) {
          // No schedule within the fairness bound in time is an AppError; a wrong running total is a plain Error.
          if (!(err instanceof AppError)) throw err;
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('restarts', () => {
  it('splits the budget into independent walks and keeps the best, with one clock across them', () => {
    // A triangle of meetings, one table, three slots: someone meets first and last, so 1 break is the
    // optimum while the lower bound says 0, and every walk runs to its share of the time.
    const p = problem({ participants: 3, slots: 3, morningSlots: 3, tables: 1, meetings: [{ a: 0, b: 1, session: 'either' }, { a: 0, b: 2, session: 'either' }, { a: 1, b: 2, session: 'either' }] });
    const seen: number[] = [];
    const s = solveSlots(p, { timeLimitMs: 300, seed: 5, restarts: 3, onProgress: (q) => void seen.push(q.elapsedMs) });
    const verdict = checkB2bSchedule(toRaw(p), { slot_of_meeting: Array.from(s.slotOf, (t) => t + 1), total_breaks: s.totalBreaks, break_spread: s.breakSpread }, p.fairness);
    expect(verdict.errors).toEqual([]);
    expect(s.totalBreaks).toBe(1);
    expect(s.ms).toBeGreaterThanOrEqual(250);
    expect(s.msToBest).toBeLessThanOrEqual(s.ms);
    // At least one report per walk; more on a quiet machine (reports are spaced in time).
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.every((t, i) => i === 0 || t >= seen[i - 1]!)).toBe(true);
    // Asked to stop during the first walk, the later ones do not start: on a clock that moves 0.5 ms per
    // reading (not the machine's, which a busy machine slows), the run ends within the first walk's 1,000 ms.
    let readings = 0;
    const stopped = solveSlots(p, { timeLimitMs: 3000, seed: 5, restarts: 3, now: () => 0.5 * readings++, onProgress: (q) => q.elapsedMs > 50 });
    expect(stopped.totalBreaks).toBe(1);
    expect(stopped.ms).toBeLessThan(1000);
  });
});

describe('large events', () => {
  it('schedules 1,000 participants with 6,000 meetings in 16 slots within 3 s, fairly', () => {
    // Degrees up to 14 of 16 slots, some unavailable slots: most participants cannot avoid a break, and
    // fairness (someone has none) caps everyone at 2. Feasibility hinges on pricing each break beyond the
    // window, not the spread alone, and on clashes growing dearer until the first clean schedule.
    let x = 12345;
    const rand = (n: number) => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) % n);
    const P = 1000;
    const degree = new Int32Array(P);
    const pairs = new Set<number>();
    const meetings: SlotProblem['meetings'][number][] = [];
    while (meetings.length < 6000) {
      const a = rand(P);
      const b = rand(P);
      if (a === b || degree[a]! >= 14 || degree[b]! >= 14 || pairs.has(Math.min(a, b) * P + Math.max(a, b))) continue;
      pairs.add(Math.min(a, b) * P + Math.max(a, b));
      degree[a]!++;
      degree[b]!++;
      meetings.push({ a, b, session: 'either' });
    }
    const forbidden = Array.from({ length: P }, (_, p) => (rand(10) === 0 && degree[p]! <= 12 ? [rand(16)] : []));
    const p = problem({ participants: P, slots: 16, morningSlots: 8, tables: 440, meetings, forbidden });
    const s = check(p, 3000);
    expect(s.breakSpread).toBeLessThanOrEqual(2);
  });
});

describe('infeasibility is named', () => {
  const expectInfeasible = (p: SlotProblem, text: RegExp, field?: string) => {
    try {
      compileProblem(p);
      expect.unreachable('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('infeasible');
      expect((err as AppError).message).toMatch(text);
      if (field) expect((err as AppError).field).toBe(field);
    }
  };

  it('more meetings than free slots, naming the participant', () => {
    const p = problem({ participants: 5, slots: 3, morningSlots: 3, names: ['Ningbo Delegation', 'b', 'c', 'd', 'e'], meetings: [1, 2, 3, 4].map((b) => ({ a: 0, b, session: 'either' as const })) });
    expectInfeasible(p, /Ningbo Delegation has 4 meetings but only 3 slots/, 'participants.0');
  });

  it('a meeting without a common free slot', () => {
    const p = problem({ participants: 2, slots: 2, morningSlots: 2, meetings: [{ a: 0, b: 1, session: 'either' }], forbidden: [[0], [1]] });
    expectInfeasible(p, /no slot in its session where both are available/, 'meetings.0');
  });

  it('two locks on one participant in one slot, and a precedence cycle', () => {
    expectInfeasible(
      problem({ participants: 3, meetings: [{ a: 0, b: 1, session: 'either', fixed: 1 }, { a: 0, b: 2, session: 'either', fixed: 1 }] }),
      /two meetings locked to slot 2/,
    );
    expectInfeasible(
      problem({ participants: 4, meetings: [{ a: 0, b: 1, session: 'either', after: [1] }, { a: 2, b: 3, session: 'either', after: [0] }] }),
      /cycle/,
    );
  });

  it('more meetings than tables × slots', () => {
    const p = problem({ participants: 6, slots: 1, morningSlots: 1, tables: 2, meetings: [0, 2, 4].map((a) => ({ a, b: a + 1, session: 'either' as const })) });
    expectInfeasible(p, /3 meetings do not fit 2 tables × 1 slots/, 'tables');
  });

  it('a schedule that the search cannot complete is an error, not a broken schedule', () => {
    // Three mutual meetings of three participants need three slots; with two slots every assignment clashes.
    const p = problem({ participants: 3, slots: 2, morningSlots: 2, meetings: [{ a: 0, b: 1, session: 'either' }, { a: 1, b: 2, session: 'either' }, { a: 0, b: 2, session: 'either' }] });
    expect(() => solveSlots(p, { timeLimitMs: 100 })).toThrow(/no schedule found/);
  });
});
