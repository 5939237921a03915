import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../engine/errors.ts';
import { selectMeetings, type Selection, type SelectionCandidate, type SelectionProblem } from '../../engine/scheduling/index.ts';

const pair = (a: number, b: number, value: number, flags: { must?: boolean; locked?: boolean } = {}): SelectionCandidate => ({ a, b, value, ...flags });

/** Everything a selection promises that can be checked without knowing the optimum. */
function assertValid(p: SelectionProblem, s: Selection): void {
  const counts = new Int32Array(p.participants);
  let value = 0;
  expect(s.chosen).toEqual([...s.chosen].sort((x, y) => x - y));
  expect(new Set(s.chosen).size).toBe(s.chosen.length);
  const chosen = new Set(s.chosen);
  p.candidates.forEach((c, k) => {
    if (c.locked) expect(chosen.has(k)).toBe(true);
    if (!chosen.has(k)) return;
    expect(c.value > 0 || c.must || c.locked).toBe(true);
    counts[c.a]!++;
    counts[c.b]!++;
    value += c.value;
  });
  for (let i = 0; i < p.participants; i++) expect(counts[i]).toBeLessThanOrEqual(p.capacity[i]!);
  expect(Array.from(s.meetingsOf)).toEqual(Array.from(counts));
  expect(s.value).toBeCloseTo(value, 9);
  expect(s.unmetMust).toEqual(p.candidates.flatMap((c, k) => (c.must && !chosen.has(k) ? [k] : [])));
  expect(s.upperBound).toBeGreaterThanOrEqual(s.value);
  expect(s.gap).toBeCloseTo(s.upperBound - s.value, 12);
  if (s.exact) expect(s.gap).toBe(0);
  if (s.bipartite) expect(s.exact).toBe(true);
}

function expectAppError(run: () => unknown, code: string, field: string, message?: RegExp): void {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(code);
    expect((err as AppError).field).toBe(field);
    if (message) expect((err as AppError).message).toMatch(message);
    return;
  }
  expect.unreachable(`expected ${code} on ${field}`);
}

const mustCount = (p: SelectionProblem, chosen: readonly number[]) => chosen.filter((k) => p.candidates[k]!.must).length;

describe('selecting meetings by hand', () => {
  it('holds the most valuable meetings a capacity allows', () => {
    const p: SelectionProblem = { participants: 5, capacity: [2, 1, 1, 1, 1], candidates: [pair(0, 1, 1), pair(0, 2, 4), pair(0, 3, 2), pair(0, 4, 3)] };
    const s = selectMeetings(p);
    assertValid(p, s);
    expect(s.chosen).toEqual([1, 3]);
    expect(s.value).toBe(7);
    expect(s.exact).toBe(true);
    expect(s.bipartite).toBe(true);
  });

  it('trades a valuable meeting for two that together are worth more', () => {
    // 0–1–2–3 with one meeting each: the middle one (3) loses to both ends (2 + 2).
    const p: SelectionProblem = { participants: 4, capacity: [1, 1, 1, 1], candidates: [pair(0, 1, 2), pair(1, 2, 3), pair(2, 3, 2)] };
    const s = selectMeetings(p);
    assertValid(p, s);
    expect(s.chosen).toEqual([0, 2]);
    expect(s.upperBound).toBe(4);
  });

  it('meets as many must candidates as possible before any value counts', () => {
    const p: SelectionProblem = { participants: 3, capacity: [1, 1, 1], candidates: [pair(0, 1, 0.1, { must: true }), pair(1, 2, 5)] };
    const s = selectMeetings(p);
    assertValid(p, s);
    expect(s.chosen).toEqual([0]);
    expect(s.value).toBeCloseTo(0.1, 12);
    expect(s.exact).toBe(true);
    expect(s.upperBound).toBeCloseTo(0.1, 9);
    expect(selectMeetings({ ...p, candidates: [pair(0, 1, 0.1), pair(1, 2, 5)] }).chosen).toEqual([1]);
  });

  it('counts must meetings, not their value: two small ones beat one large one', () => {
    const p: SelectionProblem = {
      participants: 4,
      capacity: [1, 1, 1, 1],
      candidates: [pair(0, 1, 0.1, { must: true }), pair(1, 2, 10, { must: true }), pair(2, 3, 0.1, { must: true })],
    };
    const s = selectMeetings(p);
    assertValid(p, s);
    expect(s.chosen).toEqual([0, 2]);
    expect(s.unmetMust).toEqual([1]);
    expect(s.value).toBeCloseTo(0.2, 12);
  });

  it('holds a must meeting even when it is worth nothing or less', () => {
    const p: SelectionProblem = { participants: 3, capacity: [1, 1, 1], candidates: [pair(0, 1, -1, { must: true }), pair(1, 2, 2)] };
    const s = selectMeetings(p);
    assertValid(p, s);
    expect(s.chosen).toEqual([0]);
    expect(s.value).toBe(-1);
    expect(s.exact).toBe(true);
  });

  it('never holds a free meeting worth zero or less', () => {
    const p: SelectionProblem = { participants: 3, capacity: [2, 2, 2], candidates: [pair(0, 1, 0), pair(1, 2, -1), pair(0, 2, 1e-9)] };
    const s = selectMeetings(p);
    assertValid(p, s);
    expect(s.chosen).toEqual([2]);
  });

  it('always holds locked meetings, whatever they are worth, and fits the rest around them', () => {
    const p: SelectionProblem = {
      participants: 4,
      capacity: [1, 2, 1, 1],
      candidates: [pair(0, 1, 5), pair(1, 2, 0, { locked: true }), pair(1, 3, 1), pair(2, 3, 4)],
    };
    const s = selectMeetings(p);
    assertValid(p, s);
    expect(s.chosen).toEqual([0, 1]);
    expect(s.value).toBe(5);
    expect(s.exact).toBe(true);
  });

  it('refuses locked meetings that alone exceed a capacity, naming the participant', () => {
    const p: SelectionProblem = {
      participants: 3,
      capacity: [1, 2, 2],
      candidates: [pair(0, 1, 1, { locked: true }), pair(0, 2, 1, { locked: true }), pair(1, 2, 1)],
      names: ['Siemens', 'Haier', 'BYD'],
    };
    expectAppError(() => selectMeetings(p), 'infeasible', 'capacity.0', /Siemens has 2 locked meetings but room for only 1/);
  });

  it('is not exact on an odd cycle, where the LP holds half of each meeting', () => {
    const triangle = [pair(0, 1, 1), pair(1, 2, 1), pair(0, 2, 1)];
    const s = selectMeetings({ participants: 3, capacity: [1, 1, 1], candidates: triangle });
    assertValid({ participants: 3, capacity: [1, 1, 1], candidates: triangle }, s);
    expect(s.bipartite).toBe(false);
    expect(s.chosen).toHaveLength(1);
    expect(s.value).toBe(1);
    expect(s.upperBound).toBeCloseTo(1.5, 9);
    expect(s.gap).toBeCloseTo(0.5, 9);
    expect(s.exact).toBe(false);
    // With room for two meetings each, the whole triangle fits and the bound meets the value.
    const roomy = selectMeetings({ participants: 3, capacity: [2, 2, 2], candidates: triangle });
    expect(roomy.chosen).toEqual([0, 1, 2]);
    expect(roomy.exact).toBe(true);
  });

  it('after rounding an odd cycle, fills the room left with meetings the LP did not hold', () => {
    // Triangle 2–3–4 (one meeting each) and 2–0: the LP holds half of each triangle meeting (4.5) and
    // nothing of 2–0; the best selection is 3–4 and 0–2.
    const p: SelectionProblem = { participants: 5, capacity: [2, 1, 1, 1, 1], candidates: [pair(4, 3, 3), pair(2, 3, 3), pair(2, 0, 1), pair(4, 2, 3)] };
    const s = selectMeetings(p);
    assertValid(p, s);
    expect(s.value).toBe(4);
    expect(s.upperBound).toBeCloseTo(4.5, 9);
    expect(s.exact).toBe(false);
  });

  it('gives up a meeting when both its participants can meet someone else with room instead', () => {
    // Triangle 1–2–5 (one meeting each) and 1–4: rounding may hold 1–2 (4); 2–5 and 1–4 give 5.
    const p: SelectionProblem = { participants: 6, capacity: [2, 1, 1, 2, 2, 1], candidates: [pair(1, 2, 4), pair(5, 2, 4), pair(4, 1, 1), pair(1, 5, 3)] };
    const s = selectMeetings(p);
    assertValid(p, s);
    expect(s.chosen).toEqual([1, 2]);
    expect(s.upperBound).toBeCloseTo(5.5, 9);
  });

  it('keeps the must priority in the bound of an odd cycle of must meetings', () => {
    const p: SelectionProblem = {
      participants: 3,
      capacity: [1, 1, 1],
      candidates: [pair(0, 1, 1, { must: true }), pair(1, 2, 1, { must: true }), pair(0, 2, 1, { must: true })],
    };
    const s = selectMeetings(p);
    assertValid(p, s);
    expect(s.unmetMust).toHaveLength(2);
    // Half a must meeting more in the LP is not worth the must bonus in the bound.
    expect(s.upperBound).toBeCloseTo(1.5, 9);
  });

  it('claims exact off a bipartite graph only with as many must meetings as possible', () => {
    // Triangle 2–3–4 of must meetings (2 and 3 meet once, 4 twice) and 4–0: two must meetings (3–4 and
    // 2–4, worth −1) beat one must meeting and 4–0 (worth 3). Local exchanges may miss that; then the
    // value can still meet the plain LP bound, but exact must stay false.
    const p: SelectionProblem = {
      participants: 5,
      capacity: [2, 1, 1, 1, 2],
      candidates: [pair(3, 2, 1, { must: true }), pair(4, 3, -1, { must: true }), pair(4, 0, 2), pair(2, 4, 0, { must: true })],
    };
    const s = selectMeetings(p);
    assertValid(p, s);
    expect(s.upperBound).toBeGreaterThanOrEqual(-1);
    if (s.exact) {
      expect(mustCount(p, s.chosen)).toBe(2);
      expect(s.value).toBe(-1);
    }
  });

  it('reports participants below their minimum without failing', () => {
    const p: SelectionProblem = { participants: 3, capacity: [1, 1, 1], minimum: [1, 1, 1], candidates: [pair(0, 1, 1)] };
    const s = selectMeetings(p);
    assertValid(p, s);
    expect(s.belowMinimum).toEqual([2]);
    expect(Array.from(s.meetingsOf)).toEqual([1, 1, 0]);
  });

  it('rejects a second candidate for the same pair, and malformed input', () => {
    expectAppError(() => selectMeetings({ participants: 2, capacity: [1, 1], candidates: [pair(0, 1, 1), pair(1, 0, 2)] }), 'validation_failed', 'candidates.1', /candidates 1 and 2/);
    expectAppError(() => selectMeetings({ participants: 2, capacity: [1, 1], candidates: [pair(1, 1, 1)] }), 'validation_failed', 'candidates.0');
    expectAppError(() => selectMeetings({ participants: 2, capacity: [1, 1], candidates: [pair(0, 2, 1)] }), 'validation_failed', 'candidates.0');
    expectAppError(() => selectMeetings({ participants: 2, capacity: [1, 1], candidates: [pair(0, 1, NaN)] }), 'validation_failed', 'candidates.0.value');
    expectAppError(() => selectMeetings({ participants: 2, capacity: [1, -1], candidates: [] }), 'validation_failed', 'capacity.1');
    expectAppError(() => selectMeetings({ participants: 2, capacity: [1, 1.5], candidates: [] }), 'validation_failed', 'capacity.1');
    expectAppError(() => selectMeetings({ participants: 2, capacity: [1], candidates: [] }), 'validation_failed', 'capacity');
  });

  it('selects nothing from nothing', () => {
    const s = selectMeetings({ participants: 0, capacity: [], candidates: [] });
    expect(s).toMatchObject({ chosen: [], value: 0, upperBound: 0, gap: 0, exact: true });
  });
});

// --- Against brute force on tiny instances ---

interface Tiny {
  problem: SelectionProblem;
  bipartite: boolean;
}

const valueArb = fc.oneof(
  fc.integer({ min: -2, max: 8 }).map((v) => v / 4), // ties and non-positive values
  fc.double({ min: -0.5, max: 1, noNaN: true }),
);
const flagsArb = fc.record({ must: fc.integer({ min: 0, max: 3 }).map((v) => v === 0), locked: fc.integer({ min: 0, max: 9 }).map((v) => v === 0) });

/** Up to 10 candidates among up to 7 participants; bipartite ones only join [0, left) with [left, P). */
const tinyArb = (bipartite: boolean): fc.Arbitrary<Tiny> =>
  fc
    .record({ participants: fc.integer({ min: 2, max: 7 }), left: fc.integer({ min: 1, max: 6 }) })
    .filter(({ participants, left }) => left < participants)
    .chain(({ participants: P, left }) => {
      const pairs: [number, number][] = [];
      for (let a = 0; a < P; a++) for (let b = a + 1; b < P; b++) if (!bipartite || (a < left) !== (b < left)) pairs.push([a, b]);
      return fc.record({
        capacity: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: P, maxLength: P }),
        picks: fc.uniqueArray(fc.integer({ min: 0, max: pairs.length - 1 }), { maxLength: Math.min(10, pairs.length) }),
        values: fc.array(valueArb, { minLength: 10, maxLength: 10 }),
        flags: fc.array(flagsArb, { minLength: 10, maxLength: 10 }),
        swap: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
      }).map(({ capacity, picks, values, flags, swap }) => ({
        bipartite,
        problem: {
          participants: P,
          capacity,
          candidates: picks.map((q, k) => {
            const [a, b] = pairs[q]!;
            return { a: swap[k] ? b : a, b: swap[k] ? a : b, value: values[k]!, ...flags[k]! };
          }),
        },
      }));
    });

/** Per number of must meetings, the most value of any selection holding the locks (−∞: none). */
function bruteForce(p: SelectionProblem): number[] {
  const N = p.candidates.length;
  const best = new Array<number>(N + 1).fill(-Infinity);
  const used = new Int32Array(p.participants);
  for (let set = 0; set < 1 << N; set++) {
    used.fill(0);
    let ok = true;
    let value = 0;
    let musts = 0;
    for (let k = 0; k < N && ok; k++) {
      const c = p.candidates[k]!;
      const on = (set >> k) & 1;
      if (c.locked && !on) ok = false;
      if (!on) continue;
      if (++used[c.a]! > p.capacity[c.a]! || ++used[c.b]! > p.capacity[c.b]!) ok = false;
      value += c.value;
      musts += c.must ? 1 : 0;
    }
    if (ok) best[musts] = Math.max(best[musts]!, value);
  }
  return best;
}

const close = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * (1 + Math.abs(y));

function checkAgainstBruteForce({ problem, bipartite }: Tiny): void {
  const best = bruteForce(problem);
  const feasible = best.some((v) => v > -Infinity);
  if (!feasible) {
    expect(() => selectMeetings(problem)).toThrow(expect.objectContaining({ code: 'infeasible' }));
    return;
  }
  const s = selectMeetings(problem);
  assertValid(problem, s);
  const musts = mustCount(problem, s.chosen);
  const mostMusts = best.findLastIndex((v) => v > -Infinity);
  // The bound holds for every selection with at least as many must meetings as ours.
  for (let m = musts; m < best.length; m++) if (best[m]! > -Infinity) expect(s.upperBound + 1e-9).toBeGreaterThanOrEqual(best[m]!);
  if (bipartite) expect(s.bipartite).toBe(true);
  if (s.exact) {
    expect(musts).toBe(mostMusts);
    expect(close(s.value, best[mostMusts]!)).toBe(true);
  }
}

describe('selecting meetings against brute force', () => {
  it('is optimal on bipartite instances: most must meetings, then most value', () => {
    fc.assert(fc.property(tinyArb(true), checkAgainstBruteForce), { numRuns: 400 });
  });

  it('stays within capacity and under its bound on any graph, and is optimal whenever it says exact', () => {
    fc.assert(fc.property(tinyArb(false), checkAgainstBruteForce), { numRuns: 400 });
  });
});

// --- Against the LP relaxation solved by HiGHS ---

type Highs = { solve(lp: string, options: object): { Status: string; ObjectiveValue: number } };
// highs ships CommonJS-style typings for an ES module; its default export is the loader at runtime.
const loadHighs = async () => ((await import('highs')).default as unknown as () => Promise<Highs>)();

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random instance: 60 participants, 300 candidates, some locked; bipartite unless sameSide > 0. */
function randomInstance(seed: number, sameSide = 0): SelectionProblem {
  const random = mulberry32(seed);
  const P = 60;
  const half = P / 2;
  const capacity = Array.from({ length: P }, () => 1 + Math.floor(random() * 8));
  const room = [...capacity];
  const seen = new Set<number>();
  const candidates: SelectionCandidate[] = [];
  while (candidates.length < 300) {
    const a = Math.floor(random() * half);
    const b = random() < sameSide ? Math.floor(random() * half) : half + Math.floor(random() * half);
    const key = Math.min(a, b) * P + Math.max(a, b);
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    const locked = random() < 0.02 && room[a]! > 0 && room[b]! > 0;
    if (locked) {
      room[a]!--;
      room[b]!--;
    }
    candidates.push({ a, b, value: Math.round((random() * 1.2 - 0.1) * 1e6) / 1e6, locked });
  }
  return { participants: P, capacity, candidates };
}

/** max Σ value·x subject to Σ x ≤ capacity per participant, 0 ≤ x ≤ 1, x = 1 when locked. */
function lpOf(p: SelectionProblem): string {
  const lines = (terms: string[]) => {
    const out: string[] = [];
    for (let k = 0; k < terms.length; k += 8) out.push(terms.slice(k, k + 8).join(' '));
    return out.join('\n   ') || '0 x0';
  };
  const objective = p.candidates.map((c, k) => `${c.value >= 0 ? '+' : '-'} ${Math.abs(c.value)} x${k}`);
  const rows: string[] = [];
  for (let i = 0; i < p.participants; i++) {
    const terms = p.candidates.flatMap((c, k) => (c.a === i || c.b === i ? [`+ x${k}`] : []));
    if (terms.length) rows.push(` cap${i}: ${lines(terms)} <= ${p.capacity[i]}`);
  }
  const bounds = p.candidates.map((c, k) => (c.locked ? ` x${k} = 1` : ` 0 <= x${k} <= 1`));
  return `Maximize\n obj: ${lines(objective)}\nSubject To\n${rows.join('\n')}\nBounds\n${bounds.join('\n')}\nEnd\n`;
}

describe('selecting meetings against the LP relaxation (HiGHS)', () => {
  it('holds the LP optimum on bipartite instances', async () => {
    const highs = await loadHighs();
    for (const seed of [1, 2, 3, 4, 5]) {
      const p = randomInstance(seed);
      const s = selectMeetings(p);
      assertValid(p, s);
      const lp = highs.solve(lpOf(p), {});
      expect(lp.Status).toBe('Optimal');
      expect(s.bipartite).toBe(true);
      expect(Math.abs(s.value - lp.ObjectiveValue)).toBeLessThanOrEqual(1e-6 * Math.abs(lp.ObjectiveValue));
      expect(s.exact).toBe(true);
    }
  });

  it('bounds non-bipartite instances by exactly the LP optimum, and selects no more than it', async () => {
    const highs = await loadHighs();
    for (const seed of [11, 12, 13, 14, 15]) {
      const p = randomInstance(seed, 0.4);
      const s = selectMeetings(p);
      assertValid(p, s);
      const lp = highs.solve(lpOf(p), {});
      expect(lp.Status).toBe('Optimal');
      expect(s.bipartite).toBe(false);
      expect(Math.abs(s.upperBound - lp.ObjectiveValue)).toBeLessThanOrEqual(1e-6 * Math.abs(lp.ObjectiveValue));
      expect(s.value).toBeLessThanOrEqual(lp.ObjectiveValue * (1 + 1e-9));
    }
  });
});
