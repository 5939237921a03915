import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breaksOf, compileProblem, fewestBreaks, hostsAll, popcount, type SlotProblem } from '../../engine/scheduling/problem.ts';
import { fairnessCause, fewestBreaksUpTo } from '../../engine/scheduling/fairnessCause.ts';
import { explainFairness, SlotSatModel } from '../../engine/scheduling/satModel.ts';
import { createCadicalSolver } from '../../runtime/solver/cadical.ts';

/** The fewest breaks by trying every set of exactly n busy slots (small days only). */
function bruteForce(allowed: number[], T: number): number {
  let best = Infinity;
  for (let busy = 0; busy < 1 << T; busy++) {
    if (popcount(busy) !== allowed.length || !hostsAll(allowed, busy)) continue;
    best = Math.min(best, breaksOf(busy));
  }
  return best;
}

describe('the fewest breaks a participant can have', () => {
  it('equals the count over every set of busy slots, capped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10 }), fc.array(fc.integer({ min: 1, max: 1023 }), { minLength: 2, maxLength: 6 }), fc.integer({ min: 0, max: 4 }), (T, masks, cap) => {
        const day = (1 << T) - 1;
        const allowed = masks.map((m) => m & day).filter((m) => m !== 0);
        const exact = bruteForce(allowed, T);
        const expected = exact === Infinity ? cap + 1 : Math.min(exact, cap + 1);
        expect(fewestBreaksUpTo(allowed, T, cap)).toBe(expected);
        // problem.ts's own bound agrees up to its cap of 2 (when a schedule exists at all).
        if (exact !== Infinity) expect(fewestBreaks(allowed, T)).toBe(Math.min(exact, 2));
      }),
      { numRuns: 300 },
    );
  });
});

describe('why the fairness bound cannot be met', () => {
  // Participant 0 meets 1–4, each meeting locked to slots 1, 3, 5 and 7 of 8: three breaks at least.
  const spread: SlotProblem = {
    participants: 6,
    slots: 8,
    morningSlots: 8,
    tables: 4,
    fairness: 2,
    meetings: [1, 2, 3, 4].map((b, i) => ({ a: 0, b, session: 'either' as const, fixed: 2 * i })),
    forbidden: Array.from({ length: 6 }, () => []),
    names: ['Foshan Robotics', 'B', 'C', 'D', 'E', 'Idle GmbH'],
  };

  it('names the participant whose own meetings need more breaks than the bound, and the one with none', () => {
    const cause = fairnessCause(compileProblem(spread), spread.names);
    expect(cause?.participant).toBe(0);
    expect(cause?.message).toBe('Foshan Robotics cannot hold its 4 meetings (4 of them possible in one slot only: slots 1, 3, 5, 7) with 2 breaks or fewer, while B has at most one meeting and so no break: the fairness bound of 2 cannot be met');
  });

  it('by a refutation under one assumption per participant: the same participant, and none when the bound is wide enough', async () => {
    const explain = async (problem: SlotProblem) => {
      const cadical = await createCadicalSolver(() => false);
      try {
        return explainFairness(new SlotSatModel(compileProblem(problem), cadical.solver, { fairnessByAssumption: true }));
      } finally {
        cadical.dispose();
      }
    };
    expect(await explain(spread)).toEqual([0]);
    expect(await explain({ ...spread, fairness: 3 })).toBeNull();
  });

  it('finds none when the bound is wide enough, or when nobody is sure to have no break', () => {
    expect(fairnessCause(compileProblem({ ...spread, fairness: 3 }))).toBeNull();
    // Everyone has two meetings or more: nobody is sure to have no break, so nobody is capped at the bound.
    const busy = { ...spread, meetings: [...spread.meetings, { a: 1, b: 2, session: 'either' as const }, { a: 3, b: 4, session: 'either' as const }, { a: 5, b: 1, session: 'either' as const }, { a: 5, b: 2, session: 'either' as const }] };
    expect(fairnessCause(compileProblem(busy))).toBeNull();
  });
});

describe('precedences the slots leave no room for', () => {
  // Slots 1–2 are the morning; meeting 2 (morning only) must come after meeting 1 (afternoon only).
  const base: SlotProblem = {
    participants: 3,
    slots: 4,
    morningSlots: 2,
    tables: 2,
    fairness: 2,
    meetings: [
      { a: 0, b: 1, session: 'afternoon' },
      { a: 0, b: 2, session: 'morning', after: [0] },
    ],
    forbidden: [[], [], []],
  };

  it('are refused before any search, naming the meeting, its predecessor and the earliest slot that predecessor can take', () => {
    expect(() => compileProblem(base)).toThrow(expect.objectContaining({ code: 'infeasible', field: 'meetings.1.after', message: 'meeting 2 of participant 1 and participant 3 must come after meeting 1, whose earliest possible slot is 3, but has no possible slot after that' }));
  });

  it('through a chain: each meeting pushed one slot later by the one before it', () => {
    // Meetings of participants k and k + 1, each after the one before: four in a row need four slots.
    const chain: SlotProblem = { ...base, participants: 5, forbidden: [[], [], [], [], []], slots: 3, morningSlots: 3, meetings: [0, 1, 2, 3].map((k) => ({ a: k, b: k + 1, session: 'either' as const, after: k ? [k - 1] : [] })) };
    expect(() => compileProblem(chain)).toThrow(/^meeting 4 of participant 4 and participant 5 must come after meeting 3, whose earliest possible slot is 3/);
    expect(() => compileProblem({ ...chain, slots: 4, morningSlots: 4 })).not.toThrow();
  });
});
