/**
 * The judged rankings of past events in typed arrays: one list (a "query") per participant and event,
 * holding the partners it met with both directed component vectors and its graded relevance of each.
 * The engine's ranking of a list is the order of the pair scores under a profile's weights; a list is
 * judged only on the partners met (a condensed list, as is usual for incomplete judgements: partners
 * never met have no outcome to judge them by).
 *
 * Scores are linear in the weights per direction and every fusion is homogeneous, so a ranking depends
 * on the direction of the weight vector only: the fitting may step freely and normalise at the end.
 */
import { COMPONENTS, pairTotal, UNMET_INDUSTRY_CREDIT, type ComponentName } from '../matching/score.ts';
import { type Fusion } from '../matching/fusion.ts';
import { allMetrics, idealDcgAt, METRICS, summarise, type MetricName, type MetricOptions, type Summary } from './metrics.ts';

export interface RankingItem {
  partnerId: string;
  /** f_k(p→partner) in COMPONENTS order: what the partner offers p. */
  forward: readonly number[];
  /** f_k(partner→p): what p offers the partner. */
  backward: readonly number[];
  /** 0–4, see relevance.ts. */
  grade: number;
  /** The pair's unmet credit (score.ts unmetCreditOf); two firms' when not given. */
  unmetCredit?: number;
}

export interface RankingQuery {
  eventId: string;
  participantId: string;
  items: RankingItem[];
}

export type Weights = Record<ComponentName, number>;

export const DEFAULT_METRIC_OPTIONS: MetricOptions = { k: 10, threshold: 2 };

export class RankingSet {
  readonly K = COMPONENTS.length;
  readonly queries: { eventId: string; participantId: string; partners: string[] }[] = [];
  /** Items of query q: start[q] … start[q + 1] − 1, ordered by partner id so that ties rank the same way every time. */
  readonly start: Int32Array;
  readonly forward: Float64Array;
  readonly backward: Float64Array;
  readonly grade: Int8Array;
  /** Per item, the share at which its industry fit counts when no wish is met (score.ts unmetCreditOf). */
  readonly unmetCredit: Float64Array;
  /** Event ids in order of first appearance, and each query's index into them. */
  readonly events: string[] = [];
  readonly eventOf: Int32Array;

  constructor(queries: readonly RankingQuery[]) {
    const n = queries.reduce((s, q) => s + q.items.length, 0);
    const K = this.K;
    this.start = new Int32Array(queries.length + 1);
    this.forward = new Float64Array(n * K);
    this.backward = new Float64Array(n * K);
    this.grade = new Int8Array(n);
    this.unmetCredit = new Float64Array(n);
    this.eventOf = new Int32Array(queries.length);
    const eventIndex = new Map<string, number>();
    let i = 0;
    queries.forEach((query, q) => {
      this.start[q] = i;
      let e = eventIndex.get(query.eventId);
      if (e === undefined) {
        e = this.events.length;
        eventIndex.set(query.eventId, e);
        this.events.push(query.eventId);
      }
      this.eventOf[q] = e;
      const items = [...query.items].sort((x, y) => (x.partnerId < y.partnerId ? -1 : x.partnerId > y.partnerId ? 1 : 0));
      for (const item of items) {
        for (let k = 0; k < K; k++) {
          this.forward[i * K + k] = item.forward[k] ?? 0;
          this.backward[i * K + k] = item.backward[k] ?? 0;
        }
        this.grade[i] = item.grade;
        this.unmetCredit[i] = item.unmetCredit ?? UNMET_INDUSTRY_CREDIT;
        i++;
      }
      this.queries.push({ eventId: query.eventId, participantId: query.participantId, partners: items.map((x) => x.partnerId) });
    });
    this.start[queries.length] = i;
  }

  get size(): number {
    return this.grade.length;
  }

  /** Indices of the queries of the given events (all queries when omitted). */
  queriesOf(events?: ReadonlySet<string>): Int32Array {
    const out: number[] = [];
    for (let q = 0; q < this.queries.length; q++) if (!events || events.has(this.events[this.eventOf[q]!]!)) out.push(q);
    return Int32Array.from(out);
  }
}

export function weightVector(weights: Weights): Float64Array {
  return Float64Array.from(COMPONENTS, (c) => weights[c]);
}

export function weightRecord(w: ArrayLike<number>): Weights {
  const sum = Array.from(w).reduce((s, x) => s + x, 0);
  return Object.fromEntries(COMPONENTS.map((c, k) => [c, sum > 0 ? w[k]! / sum : 1 / COMPONENTS.length])) as Weights;
}

/** Pair scores of every item under the weights (fused as the profile fuses them), into `out`. */
export function scoreItems(set: RankingSet, w: ArrayLike<number>, fusion: Fusion, out = new Float64Array(set.size)): Float64Array {
  return fusedScores(set.forward, set.backward, set.unmetCredit, w, fusion, out);
}

/**
 * out[i] = the pair score of item i, by score.ts's pairTotal: the same double as the engine's pairScore
 * and index give the pair. Vectors hold the three components in COMPONENTS order.
 */
function fusedScores(forward: Float64Array, backward: Float64Array, unmetCredit: Float64Array, w: ArrayLike<number>, fusion: Fusion, out: Float64Array): Float64Array {
  const w0 = w[0]!;
  const w1 = w[1]!;
  const w2 = w[2]!;
  for (let i = 0; i < out.length; i++) {
    out[i] = pairTotal(fusion, w0, w1, w2, forward[3 * i]!, forward[3 * i + 1]!, forward[3 * i + 2]!, backward[3 * i]!, backward[3 * i + 1]!, backward[3 * i + 2]!, unmetCredit[i]!);
  }
  return out;
}

/** The grades of query q in the order of the scores (highest first; ties keep partner-id order). */
export function rankedGrades(set: RankingSet, q: number, scores: ArrayLike<number>): number[] {
  const from = set.start[q]!;
  const to = set.start[q + 1]!;
  const order = Array.from({ length: to - from }, (_, j) => from + j);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order.map((i) => set.grade[i]!);
}

/**
 * Mean NDCG@k over the given queries for the fitting's inner loop: no allocation, gains and discounts
 * computed once, each item's rank counted against the others of its list (lists are short). Lists
 * without a positive grade are left out; lists whose grades are all equal count 1 without work.
 */
export class NdcgObjective {
  /** Items of the varying lists, copied contiguously: list l holds items from[l] … from[l + 1] − 1. */
  private readonly from: Int32Array;
  private readonly f: Float64Array;
  private readonly b: Float64Array;
  private readonly unmet: Float64Array;
  private readonly gain: Float64Array;
  private readonly idealOf: Float64Array;
  private readonly scores: Float64Array;
  private readonly discount: Float64Array;
  private readonly constantOnes: number;
  private readonly counted: number;
  evaluations = 0;

  constructor(
    set: RankingSet,
    queries: Int32Array,
    private readonly fusion: Fusion,
    private readonly k = 10,
  ) {
    const K = set.K;
    const varying: number[] = [];
    const ideals: number[] = [];
    let ones = 0;
    let counted = 0;
    let longest = 0;
    let items = 0;
    for (const q of queries) {
      const grades = set.grade.subarray(set.start[q]!, set.start[q + 1]!);
      const ideal = idealDcgAt(grades, k);
      if (ideal <= 0) continue;
      counted++;
      if (grades.every((g) => g === grades[0])) ones++;
      else {
        varying.push(q);
        ideals.push(ideal);
        items += grades.length;
        longest = Math.max(longest, grades.length);
      }
    }
    this.from = new Int32Array(varying.length + 1);
    this.f = new Float64Array(items * K);
    this.b = new Float64Array(items * K);
    this.unmet = new Float64Array(items);
    this.gain = new Float64Array(items);
    this.scores = new Float64Array(items);
    this.idealOf = Float64Array.from(ideals);
    let i = 0;
    varying.forEach((q, l) => {
      this.from[l] = i;
      for (let j = set.start[q]!; j < set.start[q + 1]!; j++, i++) {
        for (let c = 0; c < K; c++) {
          this.f[i * K + c] = set.forward[j * K + c]!;
          this.b[i * K + c] = set.backward[j * K + c]!;
        }
        this.unmet[i] = set.unmetCredit[j]!;
        this.gain[i] = 2 ** set.grade[j]! - 1;
      }
    });
    this.from[varying.length] = i;
    this.discount = Float64Array.from({ length: Math.max(k, longest) }, (_, r) => (r < k ? 1 / Math.log2(r + 2) : 0));
    this.constantOnes = ones;
    this.counted = counted;
  }

  /** Lists that count in the mean. */
  get lists(): number {
    return this.counted;
  }

  value(w: ArrayLike<number>): number {
    this.evaluations++;
    if (!this.counted) return 0;
    const { gain, scores, discount, from, idealOf } = this;
    fusedScores(this.f, this.b, this.unmet, w, this.fusion, scores);
    let sum = this.constantOnes;
    for (let l = 0; l < idealOf.length; l++) {
      const start = from[l]!;
      const end = from[l + 1]!;
      let dcg = 0;
      for (let i = start; i < end; i++) {
        // Rank of i: items scored higher, or equal and earlier (partner-id order breaks ties).
        const si = scores[i]!;
        let rank = 0;
        for (let j = start; j < end; j++) if (scores[j]! > si || (scores[j] === si && j < i)) rank++;
        dcg += gain[i]! * discount[rank]!;
      }
      sum += dcg / idealOf[l]!;
    }
    return sum / this.counted;
  }
}

export interface QueryMetrics {
  eventId: string;
  participantId: string;
  items: number;
  metrics: Record<MetricName, number | null>;
}

export interface Evaluation {
  options: MetricOptions;
  overall: Record<MetricName, Summary>;
  /** Per event: the mean and spread over its participants. */
  perEvent: { eventId: string; lists: number; metrics: Record<MetricName, Summary> }[];
  perParticipant: QueryMetrics[];
}

const summariseAll = (rows: readonly QueryMetrics[]) =>
  Object.fromEntries(METRICS.map((m) => [m, summarise(rows.map((r) => r.metrics[m]))])) as Record<MetricName, Summary>;

/** Every metric of every list of the given queries under the weights, per participant, per event and overall. */
export function evaluateWeights(set: RankingSet, w: ArrayLike<number>, fusion: Fusion, queries: Int32Array = set.queriesOf(), options: MetricOptions = DEFAULT_METRIC_OPTIONS): Evaluation {
  const scores = scoreItems(set, w, fusion);
  const perParticipant: QueryMetrics[] = [];
  for (const q of queries) {
    const ranked = rankedGrades(set, q, scores);
    perParticipant.push({ eventId: set.queries[q]!.eventId, participantId: set.queries[q]!.participantId, items: ranked.length, metrics: allMetrics(ranked, options) });
  }
  const byEvent = new Map<string, QueryMetrics[]>();
  for (const row of perParticipant) {
    const rows = byEvent.get(row.eventId);
    if (rows) rows.push(row);
    else byEvent.set(row.eventId, [row]);
  }
  const perEvent = [...byEvent].map(([eventId, rows]) => ({ eventId, lists: rows.length, metrics: summariseAll(rows) }));
  return { options, overall: summariseAll(perParticipant), perEvent, perParticipant };
}
