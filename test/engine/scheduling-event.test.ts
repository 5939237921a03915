/**
 * The event planner and its parts: the grid, the constructed timetable, tables and the whole plan,
 * each checked by rules written out here rather than by the planner's own bookkeeping.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../engine/errors.ts';
import { gridSlots } from '../../engine/scheduling/grid.ts';
import { compileProblem, type SlotProblem } from '../../engine/scheduling/problem.ts';
import { constructSlots } from '../../engine/scheduling/construct.ts';
import { planEvent, type EventPlan, type PlanInput, type PlanProgress } from '../../engine/scheduling/event.ts';
import { assignTables } from '../../engine/scheduling/tables.ts';
import { cadicalFactory } from '../../runtime/solver/cadical.ts';
import { syntheticEvent } from '../bench/syntheticEvent.ts';

describe('event grid', () => {
  it('unrolls sessions into slots around breaks, in order', () => {
    const slots = gridSlots({
      slotMinutes: 20,
      days: [
        { date: '2027-05-10', sessions: [{ name: 'morning', start: '09:00', end: '10:30', breaks: [{ start: '09:40', end: '09:50' }] }] },
        { date: '2027-05-11', sessions: [{ name: 'afternoon', start: '14:00', end: '14:45' }] },
      ],
    });
    expect(slots.map((s) => `${s.date.slice(8)} ${s.start}-${s.end}`)).toEqual(['10 09:00-09:20', '10 09:20-09:40', '10 09:50-10:10', '10 10:10-10:30', '11 14:00-14:20', '11 14:20-14:40']);
    expect(slots.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('names the offending field', () => {
    const fieldOf = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return (err as AppError).field;
      }
      return undefined;
    };
    expect(fieldOf(() => gridSlots({ slotMinutes: 30, days: [{ date: '2027-05-11', sessions: [{ name: 'm', start: '09:00', end: '08:00' }] }] }))).toBe('days.0.sessions.0.end');
    expect(fieldOf(() => gridSlots({ slotMinutes: 30, days: [{ date: '2027-05-11', sessions: [{ name: 'm', start: '09:00', end: '10:00' }] }, { date: '2027-05-10', sessions: [{ name: 'm', start: '09:00', end: '10:00' }] }] }))).toBe('days.1.date');
    expect(fieldOf(() => gridSlots({ slotMinutes: 30, days: [{ date: '2027-05-11', sessions: [{ name: 'm', start: '09:00', end: '10:00', breaks: [{ start: '08:00', end: '09:15' }] }] }] }))).toBe('days.0.sessions.0.breaks.0');
    expect(fieldOf(() => gridSlots({ slotMinutes: 10, days: [{ date: '2027-05-11', sessions: [{ name: 'm', start: '08:00', end: '18:00' }] }] }))).toBe('days');
  });
});

describe('constructed timetable', () => {
  it('never double-books, never uses a forbidden slot, never exceeds the tables (random events)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 4, max: 16 }), (seed, slots) => {
        const event = syntheticEvent({ participants: 40, requested: 200, slots, maxMeetings: slots, gapShare: 0.4, seed });
        const index = new Map(event.participants.map((p, i) => [p.id, i]));
        const seen = new Set<string>();
        const meetings: SlotProblem['meetings'][number][] = [];
        const degree = new Int32Array(40);
        for (const w of event.wishes) {
          const a = index.get(w.from)!;
          const b = index.get(w.to)!;
          const key = a < b ? `${a}:${b}` : `${b}:${a}`;
          const free = (p: number) => slots - event.participants[p]!.blocked.length;
          if (seen.has(key) || degree[a]! >= free(a) || degree[b]! >= free(b)) continue;
          seen.add(key);
          degree[a]!++;
          degree[b]!++;
          meetings.push({ a, b, session: 'either' });
        }
        const tables = 6;
        const problem: SlotProblem = { participants: 40, slots, morningSlots: slots, tables, meetings: meetings.slice(0, tables * slots), forbidden: event.participants.map((p) => p.blocked), fairness: 2 };
        let compiled;
        try {
          compiled = compileProblem(problem);
        } catch {
          return; // e.g. a meeting whose two sides share no free slot: not the construction's business
        }
        const { slotOf, unplaced } = constructSlots(compiled);
        const busy = new Set<string>();
        const load = new Array<number>(slots).fill(0);
        problem.meetings.forEach((m, i) => {
          const t = slotOf[i]!;
          if (t < 0) {
            expect(unplaced).toContain(i);
            return;
          }
          expect(problem.forbidden[m.a]).not.toContain(t);
          expect(problem.forbidden[m.b]).not.toContain(t);
          for (const p of [m.a, m.b]) {
            expect(busy.has(`${p}@${t}`)).toBe(false);
            busy.add(`${p}@${t}`);
          }
          load[t]!++;
        });
        for (const n of load) expect(n).toBeLessThanOrEqual(tables);
      }),
      { numRuns: 60 },
    );
  });

  it('places every meeting of a bipartite event whose degrees fit the slots (König)', () => {
    // 8 × 8 participants, everybody meets everybody on the other side in 8 slots: a Latin square.
    const meetings = [];
    for (let a = 0; a < 8; a++) for (let b = 8; b < 16; b++) meetings.push({ a, b, session: 'either' as const });
    const compiled = compileProblem({ participants: 16, slots: 8, morningSlots: 8, tables: 8, meetings, forbidden: Array.from({ length: 16 }, () => []), fairness: 2 });
    const { slotOf, unplaced } = constructSlots(compiled);
    expect(unplaced).toEqual([]);
    const busy = new Set<string>();
    meetings.forEach((m, i) => {
      for (const p of [m.a, m.b]) {
        expect(busy.has(`${p}@${slotOf[i]}`)).toBe(false);
        busy.add(`${p}@${slotOf[i]}`);
      }
    });
  });
});

describe('tables', () => {
  it('a participant with a booth hosts all its meetings there; other hosts keep one table where they can', () => {
    const participants = ['A', 'B', 'C', 'D'].map((id, i) => ({ id, name: id, side: (i < 2 ? 'DE' : 'CN') as 'DE' | 'CN', blocked: [], minMeetings: 0, maxMeetings: 4, table: id === 'C' ? 't2' : null }));
    const meetings = [
      { a: 0, b: 2 },
      { a: 1, b: 3 },
      { a: 0, b: 3 },
      { a: 1, b: 2 },
    ];
    const slotOf = [0, 0, 1, 1];
    const tables = [{ id: 't1' }, { id: 't2', reservedFor: 'CN' as const }];
    const { tableOf, hostsMoving } = assignTables(tables, participants, meetings, slotOf, [null, null, null, null]);
    expect(tableOf[0]).toBe('t2');
    expect(tableOf[3]).toBe('t2');
    expect(new Set([tableOf[0], tableOf[1]]).size).toBe(2);
    expect(new Set([tableOf[2], tableOf[3]]).size).toBe(2);
    expect(hostsMoving).toBe(0);
  });
});

/** The plan checked against the input by rules written out here. */
function checkPlan(input: PlanInput, plan: EventPlan) {
  const byId = new Map(input.participants.map((p) => [p.id, p]));
  const busy = new Set<string>();
  const tableUse = new Set<string>();
  const count = new Map<string, number>();
  const refused = new Set(input.wishes.filter((w) => w.kind === 'no').map((w) => [w.from, w.to].sort().join()));
  for (const r of input.requests) if (r.status === 'declined') refused.add([r.from, r.to].sort().join());
  for (const m of plan.meetings) {
    expect(refused.has([m.a, m.b].sort().join()), `${m.a}–${m.b} was refused`).toBe(false);
    for (const p of [m.a, m.b]) {
      expect(busy.has(`${p}@${m.slot}`), `${p} double-booked`).toBe(false);
      busy.add(`${p}@${m.slot}`);
      expect(byId.get(p)!.blocked).not.toContain(m.slot);
      count.set(p, (count.get(p) ?? 0) + 1);
    }
    expect(tableUse.has(`${m.table}@${m.slot}`), `table ${m.table} twice in slot ${m.slot}`).toBe(false);
    tableUse.add(`${m.table}@${m.slot}`);
  }
  for (const [p, n] of count) expect(n).toBeLessThanOrEqual(byId.get(p)!.maxMeetings);
  const value = plan.meetings.reduce((s, m) => s + m.value, 0);
  expect(plan.report.totalValue).toBeCloseTo(value, 4);
  expect(plan.report.upperBound).toBeGreaterThanOrEqual(plan.report.totalValue - 1e-6);
}

describe('planEvent', () => {
  const input = syntheticEvent({ participants: 80, requested: 500, slots: 12, maxMeetings: 8, gapShare: 0.3, seed: 3 });

  it('holds the most valuable meetings the caps allow, timetabled and seated by the rules', () => {
    const plan = planEvent(input, { timeLimitMs: 1500, seed: 1 });
    checkPlan(input, plan);
    expect(plan.report.exact).toBe(true);
    expect(plan.report.gap).toBe(0);
    expect(plan.report.unplaced.count).toBe(0);
    expect(plan.report.breaks.spread).toBeLessThanOrEqual(2);
    expect(plan.report.breaks.fairnessMet).toBe(true);
    expect(plan.report.breaks.total).toBeGreaterThanOrEqual(plan.report.breaks.lowerBound);
    expect(plan.meetings.length).toBe(plan.report.meetings);
  });

  it('keeps kept meetings where they are and counts every must-meet it could not hold', () => {
    const first = planEvent(input, { timeLimitMs: 500, seed: 1 });
    const keep = first.meetings.slice(0, 5).map((m) => ({ a: m.a, b: m.b, slot: m.slot, table: m.table, status: 'confirmed' as const }));
    const second = planEvent({ ...input, kept: keep }, { timeLimitMs: 500, seed: 2 });
    checkPlan(input, second);
    for (const k of keep) expect(second.meetings.find((m) => m.a === k.a && m.b === k.b)).toMatchObject({ slot: k.slot, table: k.table, status: 'confirmed' });
    const held = new Set(second.meetings.map((m) => [m.a, m.b].sort().join()));
    const unmet = new Set(second.report.unmetMust.map((u) => [u.a, u.b].sort().join()));
    for (const w of input.wishes.filter((x) => x.kind === 'must')) {
      const key = [w.from, w.to].sort().join();
      expect(held.has(key) || unmet.has(key), `must ${key} neither held nor reported`).toBe(true);
    }
  });

  it('refuses kept meetings that clash, naming them', () => {
    const p = input.participants;
    const kept = [
      { a: p[0]!.id, b: p[1]!.id, slot: 11, table: null, status: 'locked' as const },
      { a: p[0]!.id, b: p[3]!.id, slot: 11, table: null, status: 'locked' as const },
    ];
    expect(() => planEvent({ ...input, participants: p.map((x) => ({ ...x, blocked: [] })), kept }, { timeLimitMs: 200 })).toThrow(/locked to slot 12|kept meeting/);
  });

  it('cancelled while selecting, keeps the constructed timetable, by the rules and marked as stopped early', () => {
    const plan = planEvent(input, { timeLimitMs: 5000, onProgress: () => true });
    checkPlan(input, plan);
    expect(plan.meetings.length).toBeGreaterThan(0);
    expect(plan.report.stoppedEarly).toBe(true);
    expect(plan.report.certificate.status).toBe('cancelled');
  });

  it('stopped while timetabling, keeps the best timetable found so far, seated and by the rules', () => {
    const seen: PlanProgress[] = [];
    const started = Date.now();
    const plan = planEvent(input, {
      timeLimitMs: 20_000,
      seed: 1,
      onProgress: (p) => {
        seen.push(p);
        return p.phase === 'slots' && p.bestBreaks !== undefined;
      },
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    checkPlan(input, plan);
    expect(plan.report.stoppedEarly).toBe(true);
    expect(plan.meetings.length).toBe(plan.report.meetings);
    // What the progress carried: the selection's quality, then the best breaks so far against the bound.
    const timetabling = seen.filter((p) => p.phase === 'slots' && p.bestBreaks !== undefined);
    expect(timetabling.length).toBeGreaterThan(0);
    expect(timetabling.at(-1)!.selection).toEqual({ meetings: expect.any(Number), relativeGap: expect.any(Number), exact: expect.any(Boolean) });
    expect(timetabling.at(-1)!.lowerBound).toBe(plan.report.breaks.lowerBound);
    expect(timetabling.at(-1)!.bestBreaks).toBeGreaterThanOrEqual(plan.report.breaks.total);
  });

  it('names the participants of unmet must-meets and those below their minimum', () => {
    const plan = planEvent({ ...input, participants: input.participants.map((p) => ({ ...p, minMeetings: 12 })) }, { timeLimitMs: 300, seed: 1 });
    const names = new Map(input.participants.map((p) => [p.id, p.name]));
    expect(plan.report.belowMinimum.length).toBeGreaterThan(0);
    for (const b of plan.report.belowMinimum) expect(b.name).toBe(names.get(b.participant));
    for (const u of plan.report.unmetMust) expect([u.aName, u.bName, typeof u.code]).toEqual([names.get(u.a), names.get(u.b), 'string']);
    expect(plan.report.stoppedEarly).toBe(false);
  });
});

/**
 * Ends as soon as it is done. The clock is the test's own, one tick per reading, so that "before the
 * limit" is a count of the planner's clock readings rather than a race with the machine.
 */
describe('planEvent stops when done', () => {
  const tickingClock = () => {
    let t = 0;
    return () => (t += 0.01);
  };
  /** Two German and two Chinese participants who must all meet across, one table, four slots. */
  const square = (): PlanInput => {
    const ids = ['de-a', 'de-b', 'cn-x', 'cn-y'];
    return {
      slots: 4,
      tables: [{ id: 't1' }],
      participants: ids.map((id) => ({ id, name: id, side: id.startsWith('de') ? ('DE' as const) : ('CN' as const), blocked: [], minMeetings: 0, maxMeetings: 2 })),
      wishes: [
        { from: 'de-a', to: 'cn-x', kind: 'must' },
        { from: 'de-a', to: 'cn-y', kind: 'must' },
        { from: 'de-b', to: 'cn-x', kind: 'must' },
        { from: 'de-b', to: 'cn-y', kind: 'must' },
      ],
      requests: [],
      kept: [],
      score: () => undefined,
      suggestions: [],
      requireMutual: false,
      fairness: 2,
    };
  };

  it('proves a small event optimal with the solver and stops there: the four meetings of a square in four slots at one table leave one break, which the participants alone do not show', async () => {
    const satSolver = await cadicalFactory();
    const seen: PlanProgress[] = [];
    const plan = planEvent(square(), { timeLimitMs: 60_000, seed: 1, now: tickingClock(), satSolver, onProgress: (p) => void seen.push(p) });
    checkPlan(square(), plan);
    expect(plan.meetings).toHaveLength(4);
    expect(plan.report.breaks).toMatchObject({ total: 1, lowerBound: 1, optimal: true });
    expect(plan.report.certificate).toMatchObject({ status: 'optimal', selectionExact: true, breaksOptimal: true, lowerBound: 1, lowerBoundBy: 'solver', exactSearch: true, timeLimitSeconds: 60 });
    expect(plan.report.certificate.stoppedAtSeconds).toBeLessThan(plan.report.certificate.timeLimitSeconds);
    // The progress showed the bound as the solver raised it, with how it was proven.
    expect(seen.some((p) => p.lowerBound === 1 && p.lowerBoundBy === 'solver')).toBe(true);
  });

  it('a 21-participant event ends well before its limit with an optimality certificate: one break, which only the solver proves unavoidable', async () => {
    // The participants' own bound is 0 here, so "optimal" at 1 break needs the solver's refutation of 0.
    const event = syntheticEvent({ participants: 21, requested: 80, slots: 14, maxMeetings: 6, gapShare: 0.3, seed: 3 });
    const plan = planEvent(event, { timeLimitMs: 60_000, seed: 1, now: tickingClock(), satSolver: await cadicalFactory() });
    checkPlan(event, plan);
    const { certificate, breaks } = plan.report;
    expect(certificate).toMatchObject({ status: 'optimal', selectionExact: true, breaksOptimal: true, lowerBound: 1, lowerBoundBy: 'solver', exactSearch: true });
    expect(breaks).toMatchObject({ total: 1, lowerBound: 1, optimal: true });
    expect(certificate.stoppedAtSeconds).toBeLessThan(certificate.timeLimitSeconds / 2);
  });

  it('without a solver, stops improving and says so: the bound stays the participants own', () => {
    const plan = planEvent(square(), { timeLimitMs: 60_000, seed: 1, now: tickingClock() });
    expect(plan.report.breaks.total).toBe(1);
    expect(plan.report.certificate).toMatchObject({ status: 'stalled', breaksOptimal: false, lowerBound: 0, lowerBoundBy: 'availability', exactSearch: false });
    expect(plan.report.certificate.stoppedAtSeconds).toBeLessThan(plan.report.certificate.timeLimitSeconds);
  });

  it('a synthetic event of 40 participants ends before its limit, at its bound or stalled, with the certificate in the report', async () => {
    const event = syntheticEvent({ participants: 40, requested: 200, slots: 14, maxMeetings: 6, gapShare: 0.3, seed: 5 });
    const plan = planEvent(event, { timeLimitMs: 60_000, seed: 1, now: tickingClock(), satSolver: await cadicalFactory() });
    checkPlan(event, plan);
    const { certificate, breaks } = plan.report;
    expect(['optimal', 'breaksOptimal', 'stalled']).toContain(certificate.status);
    expect(certificate.stoppedAtSeconds).toBeLessThan(certificate.timeLimitSeconds);
    expect(breaks.lowerBound).toBe(certificate.lowerBound);
    expect(breaks.total).toBeGreaterThanOrEqual(certificate.lowerBound);
    expect(breaks.optimal).toBe(breaks.total === certificate.lowerBound);
  });
});
