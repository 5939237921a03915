import { describe, expect, it } from 'vitest';
import { AppError } from '../../engine/errors.ts';
import { b2bToSlotProblem, parseB2bInstance, type B2bInstance } from '../../data/b2b/instance.ts';
import { fewestBreaksUpTo } from '../../engine/scheduling/fairnessCause.ts';
import { compileProblem } from '../../engine/scheduling/problem.ts';
import { makeVariant, STANDARD_VARIANTS, variantName } from '../../data/b2b/variants.ts';

/** A forum of 12 participants in 8 slots (4 in the morning), 26 meetings, 4 tables; participant 2 busy in slot 3. */
function forum(): B2bInstance {
  const meetings: [number, number, 1 | 2 | 3][] = [];
  for (let a = 1; a <= 12 && meetings.length < 30; a++) for (let b = a + 1; b <= 12 && meetings.length < 30; b += 3) meetings.push([a, b, a % 4 === 0 ? 1 : a % 5 === 0 ? 2 : 3]);
  return parseB2bInstance({ nParticipants: 12, nMeetings: meetings.length, nTables: 4, nSlots: 8, nMorningSlots: 4, meetings, forbidden: Array.from({ length: 12 }, (_, p) => (p === 1 ? [3] : [])) });
}

/** Can every participant, on its own meetings alone, still keep within 2 breaks (the benchmark's fairness)? */
function everyoneKeepsRoom(d: B2bInstance): boolean {
  const c = compileProblem(b2bToSlotProblem(d));
  return c.meetingsOf.every((mine) => fewestBreaksUpTo(Array.from(mine, (m) => c.allowed[m]!), c.T, 2) <= 2);
}

function meetingsOf(d: B2bInstance, p: number) {
  return d.meetings.filter(([a, b]) => a === p || b === p);
}

describe('variants of a published instance', () => {
  it('are the same for the same seed, differ for another, and leave the original as it was', () => {
    const original = forum();
    const copy = structuredClone(original);
    for (const spec of STANDARD_VARIANTS) {
      expect(makeVariant(original, spec)).toEqual(makeVariant(original, spec));
      expect(makeVariant(original, spec)).not.toEqual(makeVariant(original, { ...spec, seed: spec.seed + 1 }));
      // Each is a valid instance in the published format.
      expect(() => parseB2bInstance(makeVariant(original, spec))).not.toThrow();
    }
    expect(original).toEqual(copy);
  });

  it('forbid about the rate of cells, keep what was forbidden, and leave every participant room for its meetings', () => {
    const original = forum();
    const variant = makeVariant(original, { kind: 'forbidden', rate: 0.3, seed: 7 });
    const cells = variant.forbidden.reduce((n, slots) => n + slots.length, 0) - 1;
    // 96 cells at 30 %: about 29, fewer where a participant has no room to spare.
    expect(cells).toBeGreaterThan(10);
    expect(cells).toBeLessThan(40);
    expect(variant.forbidden[1]).toContain(3);
    for (let p = 1; p <= 12; p++) {
      const blocked = new Set(variant.forbidden[p - 1]);
      const free = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((t) => !blocked.has(t)).length;
      const own = meetingsOf(variant, p);
      expect(free(1, 8)).toBeGreaterThanOrEqual(own.length);
      expect(free(1, 4)).toBeGreaterThanOrEqual(own.filter(([, , s]) => s === 1).length);
      expect(free(5, 8)).toBeGreaterThanOrEqual(own.filter(([, , s]) => s === 2).length);
    }
    expect(everyoneKeepsRoom(variant)).toBe(true);
    expect(everyoneKeepsRoom(makeVariant(original, { kind: 'forbidden', rate: 0.6, seed: 2 }))).toBe(true);
    expect(variantName({ kind: 'forbidden', rate: 0.03, seed: 1 })).toBe('forb03-s1');
  });

  it('fix the rate of meetings to slots their session allows, both participants free, no participant twice and no slot over its tables', () => {
    const variant = makeVariant(forum(), { kind: 'fixed', rate: 0.4, seed: 3 });
    const fixed = variant.fixed!;
    // 10 drawn (40 % of 26); one with no open slot that keeps its participants within 2 breaks stays free.
    const count = fixed.filter((t) => t > 0).length;
    expect(count).toBeGreaterThanOrEqual(7);
    expect(count).toBeLessThanOrEqual(10);
    const perSlot = new Map<number, number>();
    const taken = new Set<string>();
    variant.meetings.forEach(([a, b, session], m) => {
      const t = fixed[m]!;
      if (!t) return;
      if (session === 1) expect(t).toBeLessThanOrEqual(4);
      if (session === 2) expect(t).toBeGreaterThan(4);
      expect(variant.forbidden[a - 1]).not.toContain(t);
      expect(variant.forbidden[b - 1]).not.toContain(t);
      for (const p of [a, b]) {
        expect(taken.has(`${p}@${t}`)).toBe(false);
        taken.add(`${p}@${t}`);
      }
      perSlot.set(t, (perSlot.get(t) ?? 0) + 1);
    });
    for (const count of perSlot.values()) expect(count).toBeLessThanOrEqual(4);
    expect(everyoneKeepsRoom(variant)).toBe(true);
    expect(everyoneKeepsRoom(makeVariant(forum(), { kind: 'fixed', rate: 1, seed: 4 }))).toBe(true);
  });

  it('give the rate of meetings one earlier meeting, sharing a participant, without a cycle', () => {
    const variant = makeVariant(forum(), { kind: 'precedences', rate: 0.25, seed: 5 });
    const precedences = variant.precedences!;
    expect(precedences.reduce((n, list) => n + list.length, 0)).toBe(Math.round(0.25 * variant.nMeetings));
    precedences.forEach((list, m) => {
      for (const e of list) {
        const [a, b] = variant.meetings[m]!;
        const [c, d] = variant.meetings[e - 1]!;
        expect([c, d].some((p) => p === a || p === b)).toBe(true);
      }
    });
    // Depth-first search finds no cycle.
    const state = new Array<number>(variant.nMeetings).fill(0);
    const visit = (m: number): void => {
      expect(state[m]).not.toBe(1);
      if (state[m] === 2) return;
      state[m] = 1;
      for (const e of precedences[m]!) visit(e - 1);
      state[m] = 2;
    };
    for (let m = 0; m < variant.nMeetings; m++) visit(m);
  });

  it('name the field of a bad kind, rate or seed', () => {
    const bad = (spec: object, field: string) => {
      try {
        makeVariant(forum(), { kind: 'forbidden', rate: 0.1, seed: 1, ...spec });
        expect.unreachable('should have thrown');
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).field).toBe(field);
      }
    };
    bad({ kind: 'holidays' }, 'kind');
    bad({ rate: 0 }, 'rate');
    bad({ rate: 3 }, 'rate');
    bad({ seed: 1.5 }, 'seed');
  });
});
