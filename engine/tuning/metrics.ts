/**
 * Ranking metrics over one ranked list of graded items (grades 0–4, best first as the ranking put
 * them), in the conventions of trec_eval and RankLib:
 * - DCG@k = Σ_{i<k} (2^g_i − 1) / log2(i + 2); NDCG@k = DCG@k / DCG@k of the ideal order;
 * - precision@k = relevant items among the first k, divided by k (also when the list is shorter);
 * - average precision = mean over the relevant items of the precision at their rank;
 * - reciprocal rank = 1 / rank of the first relevant item.
 * A list with no relevant item (no positive grade for NDCG) has no value (null) and is left out of means,
 * as trec_eval leaves out topics without relevant documents.
 */

/** Metric names as the API and reports spell them. */
export const METRICS = ['ndcg', 'precision', 'map', 'mrr'] as const;
export type MetricName = (typeof METRICS)[number];

const gain = (grade: number) => 2 ** grade - 1;
const discount = (rank0: number) => 1 / Math.log2(rank0 + 2);

export function dcgAt(ranked: ArrayLike<number>, k: number): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) dcg += gain(ranked[i]!) * discount(i);
  return dcg;
}

export function idealDcgAt(grades: ArrayLike<number>, k: number): number {
  return dcgAt(Array.from(grades).sort((x, y) => y - x), k);
}

export function ndcgAt(ranked: ArrayLike<number>, k: number): number | null {
  const ideal = idealDcgAt(ranked, k);
  return ideal > 0 ? dcgAt(ranked, k) / ideal : null;
}

export function precisionAt(ranked: ArrayLike<number>, k: number, threshold: number): number | null {
  let relevant = 0;
  let any = false;
  for (let i = 0; i < ranked.length; i++) {
    if (ranked[i]! < threshold) continue;
    any = true;
    if (i < k) relevant++;
  }
  return any ? relevant / k : null;
}

export function averagePrecision(ranked: ArrayLike<number>, threshold: number): number | null {
  let relevant = 0;
  let sum = 0;
  for (let i = 0; i < ranked.length; i++) {
    if (ranked[i]! < threshold) continue;
    relevant++;
    sum += relevant / (i + 1);
  }
  return relevant ? sum / relevant : null;
}

export function reciprocalRank(ranked: ArrayLike<number>, threshold: number): number | null {
  for (let i = 0; i < ranked.length; i++) if (ranked[i]! >= threshold) return 1 / (i + 1);
  return null;
}

export interface MetricOptions {
  /** Cut-off of NDCG and precision (default 10). */
  k: number;
  /** Lowest grade that counts as relevant for precision, MAP and MRR (default 2). */
  threshold: number;
}

export function allMetrics(ranked: ArrayLike<number>, { k, threshold }: MetricOptions): Record<MetricName, number | null> {
  return {
    ndcg: ndcgAt(ranked, k),
    precision: precisionAt(ranked, k, threshold),
    map: averagePrecision(ranked, threshold),
    mrr: reciprocalRank(ranked, threshold),
  };
}

export interface Summary {
  mean: number | null;
  /** Sample standard deviation (n − 1); null below two values. */
  sd: number | null;
  /** Lists with a value (the others have no relevant item). */
  n: number;
}

export function summarise(values: readonly (number | null)[]): Summary {
  const xs = values.filter((v): v is number => v !== null);
  if (!xs.length) return { mean: null, sd: null, n: 0 };
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : null;
  return { mean, sd, n: xs.length };
}
