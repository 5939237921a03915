/**
 * One evaluation on its own thread: on a large history (100 events × 200 participants) the metrics,
 * ablation and curves take seconds of CPU, which must not stall other requests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { evaluateOnLists, type ListEvaluation, type ProfileOnLists } from '../../engine/tuning/evaluate.ts';
import type { MetricOptions } from '../../engine/tuning/metrics.ts';
import type { RankingQuery } from '../../engine/tuning/rankingSet.ts';

export interface EvaluationInput {
  listSets: RankingQuery[][];
  profiles: ProfileOnLists[];
  options: MetricOptions;
}

export type FromEvaluationWorker = { type: 'done'; result: ListEvaluation };

const data = workerData as EvaluationInput;
parentPort!.postMessage({ type: 'done', result: evaluateOnLists(data.listSets, data.profiles, data.options) } satisfies FromEvaluationWorker);
