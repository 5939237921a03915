/**
 * An evaluation of weight profiles on judged lists, side by side: every metric per participant, per event
 * and overall; what each component adds (ablation); for the first profile, NDCG@k against each weight
 * and the distribution of its pair scores per grade. Profiles whose size matrices differ are judged on
 * lists of their own (the size component's values differ), hence several list sets.
 */
import type { Fusion } from '../matching/fusion.ts';
import { ablate, metricCurves } from './fit.ts';
import type { MetricOptions } from './metrics.ts';
import { evaluateWeights, RankingSet, scoreItems, weightVector, type RankingQuery, type Weights } from './rankingSet.ts';

export interface ProfileOnLists {
  label: string;
  weights: Weights;
  fusion: Fusion;
  /** Index of the list set this profile is judged on. */
  lists: number;
}

export const SCORE_BINS = 20;

export function evaluateOnLists(listSets: readonly RankingQuery[][], profiles: readonly ProfileOnLists[], options: MetricOptions) {
  const sets = listSets.map((queries) => new RankingSet(queries));
  const results = profiles.map((p) => {
    const set = sets[p.lists]!;
    const evaluation = evaluateWeights(set, weightVector(p.weights), p.fusion, set.queriesOf(), options);
    return {
      profile: p.label,
      weights: p.weights,
      fusion: p.fusion,
      overall: evaluation.overall,
      perEvent: evaluation.perEvent,
      perParticipant: evaluation.perParticipant,
      ablation: ablate(set, p.weights, p.fusion, set.queriesOf(), options),
    };
  });
  const first = profiles[0]!;
  const set = sets[first.lists]!;
  const scores = scoreItems(set, weightVector(first.weights), first.fusion);
  const byGrade = Array.from({ length: 5 }, () => new Array<number>(SCORE_BINS).fill(0));
  for (let i = 0; i < set.size; i++) byGrade[set.grade[i]!]![Math.min(SCORE_BINS - 1, Math.floor(scores[i]! * SCORE_BINS))]!++;
  return {
    lists: set.queries.length,
    judgements: set.size,
    profiles: results,
    curves: { profile: first.label, metric: `ndcg@${options.k}`, components: metricCurves(set, first.weights, first.fusion, set.queriesOf(), { k: options.k }) },
    scoreDistribution: { profile: first.label, bins: SCORE_BINS, byGrade },
  };
}

export type ListEvaluation = ReturnType<typeof evaluateOnLists>;
