import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breaksOf, compileProblem, fewestBreaks, hostsAll, popcount, type SlotProblem } from '../../engine/scheduling/problem.ts';
import { fairnessCause, fewestBreaksUpTo } from '../../engine/scheduling/fairnessCause.ts';

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

  it('finds none when the bound is wide enough, or when nobody is sure to have no break', () => {
    expect(fairnessCause(compileProblem({ ...spread, fairness: 3 }))).toBeNull();
    // Everyone has two meetings or more: nobody is sure to have no break, so nobody is capped at the bound.
    const busy = { ...spread, meetings: [...spread.meetings, { a: 1, b: 2, session: 'either' as const }, { a: 3, b: 4, session: 'either' as const }, { a: 5, b: 1, session: 'either' as const }, { a: 5, b: 2, session: 'either' as const }] };
    expect(fairnessCause(compileProblem(busy))).toBeNull();
  });
});
