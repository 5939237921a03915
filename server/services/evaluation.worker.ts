/**
 * One evaluation on its own thread: on a large history (100 events × 200 participants) the metrics,
 * ablation and curves take seconds of CPU, which must not stall other requests (runtime/threads.ts runOnce).
 */
import { evaluateOnLists, type ListEvaluation, type ProfileOnLists } from '../../engine/tuning/evaluate.ts';
import type { MetricOptions } from '../../engine/tuning/metrics.ts';
import type { RankingQuery } from '../../engine/tuning/rankingSet.ts';

export interface EvaluationInput {
  listSets: RankingQuery[][];
  profiles: ProfileOnLists[];
  options: MetricOptions;
}

export default function evaluate(input: EvaluationInput): ListEvaluation {
  return evaluateOnLists(input.listSets, input.profiles, input.options);
}
