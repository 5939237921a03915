import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE } from '../../engine/matching/score.ts';
import { ablate, coordinateAscent, crossValidate, CrossValidationPlan, foldsByEvent, metricCurves, tasksLargestFirst } from '../../engine/tuning/fit.ts';
import { Random } from '../../engine/random.ts';
import { averagePrecision, dcgAt, ndcgAt, precisionAt, reciprocalRank, summarise } from '../../engine/tuning/metrics.ts';
import { evaluateWeights, NdcgObjective, RankingSet, weightVector, type RankingQuery, type Weights } from '../../engine/tuning/rankingSet.ts';
import { gradeOf, type SideOutcome } from '../../engine/tuning/relevance.ts';
import { DEFAULT_SIMULATION, simulateEventOutcomes, syntheticHistory } from '../../engine/tuning/simulate.ts';

const side = (over: Partial<SideOutcome> = {}): SideOutcome => ({ attended: true, rating: null, followUp: 'none', agreementType: null, followUpDate: null, ...over });

describe('graded relevance from outcomes', () => {
  it('maps follow-up and rating to grades as documented', () => {
    expect(gradeOf(side({ followUp: 'agreement', agreementType: 'joint-venture' }), side())).toBe(4);
    expect(gradeOf(side(), side({ followUp: 'negotiation' }))).toBe(3); // either side may report the follow-up
    expect(gradeOf(side({ followUp: 'contact' }), side())).toBe(2);
    expect(gradeOf(side({ rating: 5 }), side())).toBe(2);
    expect(gradeOf(side({ rating: 4 }), side())).toBe(1);
    expect(gradeOf(side({ rating: 3 }), side({ rating: 5 }))).toBe(0); // the partner's rating is the partner's view
    expect(gradeOf(side({ rating: 5, followUp: 'negotiation' }), side())).toBe(3);
  });
  it('judges nothing when p stayed away, and 0 when the partner did', () => {
    expect(gradeOf(side({ attended: false }), side({ followUp: 'contact' }))).toBeNull();
    expect(gradeOf(side({ rating: 5 }), side({ attended: false }))).toBe(0);
    expect(gradeOf(null, null)).toBeNull();
    expect(gradeOf(null, side())).toBeNull();
    expect(gradeOf(null, side({ followUp: 'agreement' }))).toBe(4);
  });
});

describe('ranking metrics against hand-computed values', () => {
  it('NDCG@k with exponential gain and log2 discount', () => {
    // DCG@3 of [3, 0, 2, 1] = 7/1 + 0 + 3/2 = 8.5; ideal [3, 2, 1] = 7 + 3/log2 3 + 1/2 = 9.3927892607.
    expect(dcgAt([3, 0, 2, 1], 3)).toBeCloseTo(8.5, 12);
    expect(ndcgAt([3, 0, 2, 1], 3)).toBeCloseTo(0.9049495058, 9);
    // [0, 1, 2] at 10: (1/log2 3 + 3/2) / (3 + 1/log2 3).
    expect(ndcgAt([0, 1, 2], 10)).toBeCloseTo(0.5868826714, 9);
    expect(ndcgAt([2, 1, 0], 10)).toBe(1);
    expect(ndcgAt([0, 0], 10)).toBeNull();
  });
  it('precision@k (divided by k), average precision and reciprocal rank at threshold 2', () => {
    expect(precisionAt([3, 0, 2, 1], 3, 2)).toBeCloseTo(2 / 3, 12);
    expect(precisionAt([3, 0, 2, 1], 10, 2)).toBeCloseTo(0.2, 12);
    expect(precisionAt([0, 1, 2], 2, 2)).toBe(0);
    expect(averagePrecision([3, 0, 2, 1], 2)).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(averagePrecision([0, 1, 2], 2)).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRank([3, 0, 2, 1], 2)).toBe(1);
    expect(reciprocalRank([0, 1, 2], 2)).toBeCloseTo(1 / 3, 12);
    for (const f of [(r: number[]) => precisionAt(r, 10, 2), (r: number[]) => averagePrecision(r, 2), (r: number[]) => reciprocalRank(r, 2)]) expect(f([1, 1, 0])).toBeNull();
  });
  it('mean and sample spread leave lists without a value out', () => {
    expect(summarise([1, null, 3])).toEqual({ mean: 2, sd: Math.SQRT2, n: 2 });
    expect(summarise([null])).toEqual({ mean: null, sd: null, n: 0 });
  });
});

/** Two events, one list each; components chosen so that the ranking under (0.5, 0.3, 0.2) is plain. */
const fixture: RankingQuery[] = [
  {
    eventId: 'e1',
    participantId: 'p1',
    items: [
      { partnerId: 'c', forward: [0, 0, 1], backward: [0, 0, 1], grade: 2 },
      // a meets a wish of p1's (complementarity 0.1): industry alone would count at half (score.ts industryCounted).
      { partnerId: 'a', forward: [1, 0.1, 0], backward: [1, 0, 0], grade: 3 },
      { partnerId: 'b', forward: [0, 1, 0], backward: [0, 1, 0], grade: 0 },
    ],
  },
  {
    eventId: 'e2',
    participantId: 'p2',
    items: [
      { partnerId: 'x', forward: [0, 0, 1], backward: [0, 0, 1], grade: 1 },
      { partnerId: 'y', forward: [1, 0, 0], backward: [1, 0, 0], grade: 0 },
    ],
  },
];
const fixtureWeights: Weights = { industry: 0.5, complementarity: 0.3, size: 0.2 };

describe('evaluating a profile on judged lists', () => {
  it('ranks by the fused pair score and reports per participant, per event and overall', () => {
    const set = new RankingSet(fixture);
    const result = evaluateWeights(set, weightVector(fixtureWeights), 'arithmetic');
    // p1 ranks a (0.515), b (0.3), c (0.2): grades [3, 0, 2] → NDCG (7 + 3/2) / (7 + 3/log2 3) = 0.9558305893.
    // p2 ranks y (0.25: industry alone, counted at half), x (0.2): grades [0, 1] → NDCG (1/log2 3) / 1 = 0.6309297536; nothing relevant at 2.
    const [p1, p2] = result.perParticipant;
    expect(p1!.metrics.ndcg).toBeCloseTo(0.9558305893, 9);
    expect(p1!.metrics.precision).toBeCloseTo(0.2, 12);
    expect(p1!.metrics.map).toBeCloseTo(5 / 6, 12);
    expect(p1!.metrics.mrr).toBe(1);
    expect(p2!.metrics.ndcg).toBeCloseTo(0.6309297536, 9);
    expect(p2!.metrics.map).toBeNull();
    expect(result.overall.ndcg.mean).toBeCloseTo(0.7933801715, 9);
    expect(result.overall.ndcg.sd).toBeCloseTo(0.2297395842, 9);
    expect(result.overall.map.mean).toBeCloseTo(5 / 6, 12);
    expect(result.overall.map).toMatchObject({ sd: null, n: 1 });
    expect(result.perEvent.map((e) => [e.eventId, e.lists])).toEqual([['e1', 1], ['e2', 1]]);
  });
  it('breaks ties by partner id, whatever order the items came in', () => {
    const tied: RankingQuery[] = [{ eventId: 'e', participantId: 'p', items: [{ partnerId: 'z', forward: [1, 0, 0], backward: [1, 0, 0], grade: 2 }, { partnerId: 'm', forward: [1, 0, 0], backward: [1, 0, 0], grade: 0 }] }];
    const result = evaluateWeights(new RankingSet(tied), weightVector(fixtureWeights), 'harmonic');
    expect(result.perParticipant[0]!.metrics.mrr).toBe(0.5); // m before z
  });
  it('the fitting objective agrees with the full evaluation', () => {
    const set = new RankingSet(syntheticHistory({ ...DEFAULT_SIMULATION, trueWeights: fixtureWeights, seed: 3, events: 3, participants: 40, meetingsPerParticipant: 6 }));
    for (const fusion of ['harmonic', 'geometric', 'arithmetic', 'min'] as const) {
      for (const w of [[0.2, 0.3, 0.5], [1, 0, 0], [0.4, 0.45, 0.15]]) {
        const objective = new NdcgObjective(set, set.queriesOf(), fusion).value(w);
        expect(objective).toBeCloseTo(evaluateWeights(set, w, fusion).overall.ndcg.mean!, 12);
      }
    }
  });
});

describe('folds grouped by event', () => {
  it('puts every event in exactly one fold, and refuses fewer events than folds', () => {
    const events = Array.from({ length: 12 }, (_, i) => `e${i}`);
    const folds = foldsByEvent(events, 5, 7);
    expect(folds.flat().sort()).toEqual([...events].sort());
    expect(folds.map((f) => f.length).sort()).toEqual([2, 2, 2, 3, 3]);
    expect(() => foldsByEvent(events.slice(0, 3), 5, 1)).toThrow(/at least 5 events/);
  });
});

describe('fitting on simulated history', () => {
  const trueWeights: Weights = { industry: 0.15, complementarity: 0.25, size: 0.6 };
  const set = new RankingSet(syntheticHistory({ ...DEFAULT_SIMULATION, trueWeights, seed: 11, events: 10, participants: 80, meetingsPerParticipant: 8 }));

  it('recovers the hidden weights better than the default, judged on held-out events', () => {
    const cv = crossValidate(set, {
      fusion: 'harmonic',
      start: DEFAULT_PROFILE.weights,
      compare: [{ label: 'default', weights: DEFAULT_PROFILE.weights }, { label: 'true', weights: trueWeights }],
      folds: 5,
      seed: 1,
    });
    const mean = (label: string) => cv.summary.find((s) => s.label === label)!.metrics.ndcg.mean!;
    expect(mean('fitted')).toBeGreaterThan(mean('default') + 0.05);
    expect(mean('fitted')).toBeGreaterThanOrEqual(0.95 * mean('true'));
    const distance = (w: Weights) => Math.abs(w.industry - trueWeights.industry) + Math.abs(w.complementarity - trueWeights.complementarity) + Math.abs(w.size - trueWeights.size);
    for (const fold of cv.folds) {
      expect(distance(fold.fitted)).toBeLessThan(distance(DEFAULT_PROFILE.weights));
      // The fold's test events took no part in its training.
      expect(fold.trainLists + fold.testLists).toBe(set.queries.length);
    }
    expect(distance(cv.final.weights)).toBeLessThan(0.15);
    const sum = Object.values(cv.final.weights).reduce((s, w) => s + w, 0);
    expect(sum).toBeCloseTo(1, 12);
    expect(Object.values(cv.final.weights).every((w) => w >= 0)).toBe(true);
  });

  it('never ends below where it started, and is deterministic for a seed', () => {
    const queries = set.queriesOf();
    const start = new NdcgObjective(set, queries, 'harmonic').value(weightVector(DEFAULT_PROFILE.weights));
    const a = coordinateAscent(set, queries, 'harmonic', DEFAULT_PROFILE.weights, { seed: 4, settings: { restarts: 2 } });
    const b = coordinateAscent(set, queries, 'harmonic', DEFAULT_PROFILE.weights, { seed: 4, settings: { restarts: 2 } });
    expect(a.ndcg).toBeGreaterThanOrEqual(start);
    expect(a).toEqual(b);
  });

  it('gives the same result whatever order its restarts run in (as they do on several threads)', () => {
    const options = { fusion: 'harmonic' as const, start: DEFAULT_PROFILE.weights, compare: [{ label: 'default', weights: DEFAULT_PROFILE.weights }], folds: 3, seed: 9, settings: { restarts: 2 } };
    const serial = crossValidate(set, options);
    const plan = new CrossValidationPlan(set, options);
    expect(plan.tasks).toHaveLength(4 * 2);
    const order = tasksLargestFirst(3, { restarts: 2 });
    expect([...order].sort((x, y) => x - y)).toEqual(plan.tasks.map((_, i) => i));
    expect(order.slice(0, 2).map((i) => plan.tasks[i]!.part)).toEqual([3, 3]);
    const shuffled = new Random(2).shuffle([...plan.tasks]);
    const results = shuffled.map((task) => plan.run(task));
    expect(plan.assemble(results)).toEqual(serial);
    expect(() => plan.assemble(results.slice(1))).toThrow(/restarts/);
  });

  it('judges each compared profile with its own fusion and, where given, its own lists', () => {
    const w = { industry: 0.3, complementarity: 0.3, size: 0.4 };
    const other = new RankingSet(set.queries.map((q, i) => ({ ...q, items: q.partners.map((partnerId, j) => {
      const at = set.start[i]! + j;
      // The same judgements with the size component halved one way: lists of another size matrix.
      return { partnerId, forward: [set.forward[3 * at]!, set.forward[3 * at + 1]!, set.forward[3 * at + 2]! / 2], backward: [set.backward[3 * at]!, set.backward[3 * at + 1]!, set.backward[3 * at + 2]!], grade: set.grade[at]! };
    }) })));
    const cv = crossValidate(set, { fusion: 'harmonic', start: DEFAULT_PROFILE.weights, compare: [{ label: 'min', weights: w, fusion: 'min' }, { label: 'own lists', weights: w, set: other }], folds: 2, seed: 3, settings: { restarts: 1 } });
    for (const fold of cv.folds) {
      const testEvents = new Set(fold.testEvents);
      const expected = (s: RankingSet, fusion: 'min' | 'harmonic') => evaluateWeights(s, weightVector(w), fusion, s.queriesOf(testEvents)).overall.ndcg.mean;
      expect(fold.test[1]!.metrics.ndcg.mean).toBe(expected(set, 'min'));
      expect(expected(set, 'min')).not.toBe(expected(set, 'harmonic'));
      expect(fold.test[2]!.metrics.ndcg.mean).toBe(expected(other, 'harmonic'));
      expect(expected(other, 'harmonic')).not.toBe(expected(set, 'harmonic'));
    }
  });

  it('ablation shows what each component adds; curves peak near the fitted weight', () => {
    const ablation = ablate(set, trueWeights, 'harmonic');
    const size = ablation.find((a) => a.component === 'size')!;
    expect(size.change.ndcg!).toBeLessThan(-0.02);
    // The hidden weights lean on size: alone it ranks better than industry alone.
    expect(size.alone.ndcg!).toBeGreaterThan(ablation.find((a) => a.component === 'industry')!.alone.ndcg!);
    const curves = metricCurves(set, trueWeights, 'harmonic', set.queriesOf(), { k: 10, points: 11 });
    const sizeCurve = curves.find((c) => c.component === 'size')!.curve;
    const best = sizeCurve.reduce((x, y) => (y.value! > x.value! ? y : x));
    expect(Math.abs(best.weight - trueWeights.size)).toBeLessThanOrEqual(0.2);
  });
});

describe('simulated outcomes', () => {
  it('are deterministic per seed, with no-shows near the rate and agreements only between attendees', () => {
    const meetings = Array.from({ length: 2000 }, (_, i) => ({ forward: [(i % 7) / 7, (i % 3) / 3, 0.5], backward: [(i % 5) / 5, (i % 11) / 11, 0.5] }));
    const settings = { ...DEFAULT_SIMULATION, trueWeights: fixtureWeights, seed: 5 };
    const one = simulateEventOutcomes(meetings, settings);
    expect(simulateEventOutcomes(meetings, settings)).toEqual(one);
    const noShows = one.flat().filter((s) => !s.attended).length / (2 * meetings.length);
    expect(noShows).toBeGreaterThan(0.06);
    expect(noShows).toBeLessThan(0.1);
    for (const [a, b] of one) if (a.followUp !== 'none') expect(a.attended && b.attended).toBe(true);
    const agreements = one.filter(([a]) => a.followUp === 'agreement').length / meetings.length;
    expect(agreements).toBeGreaterThan(0.05);
    expect(agreements).toBeLessThan(0.09);
  });
});
