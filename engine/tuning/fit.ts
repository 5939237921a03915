/**
 * Fitting the linear weights to past outcomes: coordinate ascent on NDCG@k (Metzler & Croft 2007, with
 * RankLib's defaults: 5 restarts, 25 steps per direction, first step 0.001 growing ×2, a step of 5 % of
 * the weight where 0.001 would be more than half of it, stop when a round gains less than 0.001), with
 * the weights kept non-negative and normalised to sum 1 at the end (the ranking depends only on their
 * direction, see rankingSet.ts). The first restart starts from the given weights, the others from random
 * points of the simplex.
 *
 * Validated by k-fold cross-validation grouped by event: every event's lists sit in exactly one fold,
 * so no event is in both the training and the test set of a fold.
 */
import { AppError } from '../errors.ts';
import { COMPONENTS, type ComponentName } from '../matching/score.ts';
import { type Fusion } from '../matching/fusion.ts';
import { Random } from '../random.ts';
import { METRICS, summarise, type MetricName, type MetricOptions, type Summary } from './metrics.ts';
import { DEFAULT_METRIC_OPTIONS, evaluateWeights, NdcgObjective, weightRecord, weightVector, type RankingSet, type Weights } from './rankingSet.ts';

export interface AscentSettings {
  restarts: number;
  iterations: number;
  stepBase: number;
  stepScale: number;
  tolerance: number;
}

export const RANKLIB_DEFAULTS: AscentSettings = { restarts: 5, iterations: 25, stepBase: 0.05, stepScale: 2, tolerance: 0.001 };

export interface AscentResult {
  weights: Weights;
  /** NDCG@k on the training lists. */
  ndcg: number;
  evaluations: number;
}

/** Returns true to stop (the caller's cancel request). */
export type Progress = (done: number, total: number, stage: string) => boolean | void;


/** One restart: coordinate ascent from `w` (changed in place) on the objective; returns the best value reached. */
function ascendFrom(objective: NdcgObjective, w: Float64Array, random: Random, s: AscentSettings): number {
  const K = w.length;
  const order = Array.from({ length: K }, (_, k) => k);
  let best = objective.value(w);
  let fails = 0;
  while (fails < K) {
    const roundStart = best;
    random.shuffle(order);
    for (const k of order) {
      const original = w[k]!;
      let bestTotal = 0;
      let improved = false;
      for (const direction of [1, -1, 0]) {
        let step = 0.001 * direction;
        if (original !== 0 && Math.abs(step) > 0.5 * Math.abs(original)) step = s.stepBase * Math.abs(original) * direction;
        let total = direction === 0 ? -original : step;
        const steps = direction === 0 ? 1 : s.iterations;
        for (let i = 0; i < steps; i++) {
          // Weights stay non-negative: a step below zero ends this direction.
          if (original + total < 0) break;
          w[k] = original + total;
          if (w.some((x) => x > 0)) {
            const value = objective.value(w);
            if (value > best) {
              best = value;
              bestTotal = total;
              improved = true;
            }
          }
          step *= s.stepScale;
          total += step;
        }
        if (improved) break;
      }
      w[k] = original + bestTotal;
      fails = improved ? 0 : fails + 1;
    }
    if (best - roundStart < s.tolerance) break;
  }
  return best;
}

/**
 * The seed of each restart, drawn from the run's seed: restarts are independent of each other, so that
 * they can run on several threads and still give the same result as one after another.
 */
function restartSeeds(seed: number, restarts: number): number[] {
  const random = new Random(seed);
  return Array.from({ length: restarts }, () => random.int(0, 0x7fffffff));
}

/** Restart `restart` alone: from the start weights (restart 0) or a random point of the simplex. */
function runRestart(objective: NdcgObjective, start: Weights, restart: number, seed: number, settings: AscentSettings): { w: Float64Array; ndcg: number } {
  const random = new Random(seed);
  const w = restart === 0 ? weightVector(start) : Float64Array.from(random.simplex(COMPONENTS.length));
  const ndcg = ascendFrom(objective, w, random, settings);
  return { w, ndcg };
}

export function coordinateAscent(
  set: RankingSet,
  queries: Int32Array,
  fusion: Fusion,
  start: Weights,
  options: { settings?: Partial<AscentSettings>; k?: number; seed?: number; onRestart?: (restart: number) => boolean | void } = {},
): AscentResult {
  const s = { ...RANKLIB_DEFAULTS, ...options.settings };
  const objective = new NdcgObjective(set, queries, fusion, options.k ?? DEFAULT_METRIC_OPTIONS.k);
  const seeds = restartSeeds(options.seed ?? 1, s.restarts);
  let best: { w: Float64Array; ndcg: number } | undefined;
  for (let restart = 0; restart < s.restarts; restart++) {
    // The caller's cancel request; its job runner reads its own flag, so the message is for other callers.
    if (options.onRestart?.(restart)) throw new AppError('conflict', 'the run was cancelled');
    const result = runRestart(objective, start, restart, seeds[restart]!, s);
    if (!best || result.ndcg > best.ndcg) best = result;
  }
  best ??= { w: weightVector(start), ndcg: objective.value(weightVector(start)) };
  return { weights: weightRecord(best.w), ndcg: best.ndcg, evaluations: objective.evaluations };
}

/** Events into k folds: shuffled by the seed, then dealt round-robin. */
export function foldsByEvent(events: readonly string[], k: number, seed: number): string[][] {
  if (events.length < k) throw new AppError('validation_failed', `${k}-fold cross-validation needs at least ${k} events with outcomes, not ${events.length}`, { field: 'folds' });
  const shuffled = new Random(seed).shuffle([...events]);
  const folds: string[][] = Array.from({ length: k }, () => []);
  shuffled.forEach((e, i) => folds[i % k]!.push(e));
  return folds;
}

export interface ProfileRef {
  /** A label for reports, e.g. "default@v1" or "true weights". */
  label: string;
  weights: Weights;
  /** How it fuses the two directions; the run's when omitted. */
  fusion?: Fusion;
  /**
   * Its own judged lists of the same events, when its size matrix differs from the run's (the size
   * component's values differ); the run's when omitted.
   */
  set?: RankingSet;
}

export interface FoldResult {
  fold: number;
  testEvents: string[];
  trainLists: number;
  testLists: number;
  fitted: Weights;
  trainNdcg: number;
  /** Held-out metrics: of the fitted weights, and of each profile compared against. */
  test: { label: string; metrics: Record<MetricName, Summary> }[];
}

export interface CrossValidation {
  folds: FoldResult[];
  /** Per profile (the fitted one first, labelled "fitted"): each metric's mean and spread over the folds. */
  summary: { label: string; metrics: Record<MetricName, Summary> }[];
  /** Fitted on every event: the new profile's weights. */
  final: AscentResult;
  settings: AscentSettings;
  options: MetricOptions;
  seed: number;
}

export interface CrossValidationOptions {
  fusion: Fusion;
  /** Where the first restart starts, usually the current profile. */
  start: Weights;
  /** Profiles to compare against on the same held-out lists. */
  compare: ProfileRef[];
  folds?: number;
  seed?: number;
  settings?: Partial<AscentSettings>;
  metrics?: Partial<MetricOptions>;
  onProgress?: Progress;
}

/** One restart of one part: parts 0 … k−1 train on all folds but that one, part k is the final fit on every event. */
export interface AscentTask {
  part: number;
  restart: number;
  seed: number;
}

export interface RestartResult extends AscentTask {
  /** Not normalised (the ranking depends only on their direction). */
  weights: number[];
  ndcg: number;
  evaluations: number;
}

/**
 * A cross-validation split into independent restarts: run every task (in any order, on any thread holding
 * the same lists and options), then assemble the results. The result is the same however the tasks ran.
 */
export class CrossValidationPlan {
  readonly k: number;
  readonly seed: number;
  readonly settings: AscentSettings;
  readonly metricOptions: MetricOptions;
  readonly folds: string[][];
  readonly tasks: AscentTask[];
  private readonly objectives = new Map<number, NdcgObjective>();

  constructor(
    readonly set: RankingSet,
    readonly options: CrossValidationOptions,
  ) {
    this.k = options.folds ?? 5;
    this.seed = options.seed ?? 1;
    this.settings = { ...RANKLIB_DEFAULTS, ...options.settings };
    this.metricOptions = { ...DEFAULT_METRIC_OPTIONS, ...options.metrics };
    this.folds = foldsByEvent(set.events, this.k, this.seed);
    this.tasks = [];
    for (let part = 0; part <= this.k; part++) {
      const seeds = restartSeeds(part < this.k ? this.seed + part + 1 : this.seed, this.settings.restarts);
      seeds.forEach((seed, restart) => this.tasks.push({ part, restart, seed }));
    }
  }

  stage(part: number): string {
    return part < this.k ? `fold ${part + 1} of ${this.k}` : 'final fit on all events';
  }

  trainQueries(part: number): Int32Array {
    if (part === this.k) return this.set.queriesOf();
    const test = new Set(this.folds[part]);
    return this.set.queriesOf(new Set(this.set.events.filter((e) => !test.has(e))));
  }

  run(task: AscentTask): RestartResult {
    let objective = this.objectives.get(task.part);
    if (!objective) this.objectives.set(task.part, (objective = new NdcgObjective(this.set, this.trainQueries(task.part), this.options.fusion, this.metricOptions.k)));
    const before = objective.evaluations;
    const { w, ndcg } = runRestart(objective, this.options.start, task.restart, task.seed, this.settings);
    return { ...task, weights: Array.from(w), ndcg, evaluations: objective.evaluations - before };
  }

  /** The best restart of each part (the earlier among equals), held-out metrics per fold and their summary. */
  assemble(results: readonly RestartResult[]): CrossValidation {
    const best = (part: number): AscentResult => {
      const mine = results.filter((r) => r.part === part).sort((a, b) => a.restart - b.restart);
      if (mine.length !== this.settings.restarts) throw new AppError('internal', `part ${part} has ${mine.length} of ${this.settings.restarts} restarts`);
      const top = mine.reduce((x, y) => (y.ndcg > x.ndcg ? y : x));
      return { weights: weightRecord(top.weights), ndcg: top.ndcg, evaluations: mine.reduce((s, r) => s + r.evaluations, 0) };
    };
    const { fusion, compare } = this.options;
    const folds: FoldResult[] = this.folds.map((testEvents, f) => {
      const fit = best(f);
      const trainQueries = this.trainQueries(f);
      const testSet = new Set(testEvents);
      const testQueries = this.set.queriesOf(testSet);
      const evaluate = (p: ProfileRef) => {
        const set = p.set ?? this.set;
        const queries = set === this.set ? testQueries : set.queriesOf(testSet);
        return { label: p.label, metrics: evaluateWeights(set, weightVector(p.weights), p.fusion ?? fusion, queries, this.metricOptions).overall };
      };
      return {
        fold: f + 1,
        testEvents,
        trainLists: trainQueries.length,
        testLists: testQueries.length,
        fitted: fit.weights,
        trainNdcg: fit.ndcg,
        test: [evaluate({ label: 'fitted', weights: fit.weights }), ...compare.map(evaluate)],
      };
    });
    const labels = ['fitted', ...compare.map((p) => p.label)];
    const summary = labels.map((label, i) => ({
      label,
      metrics: Object.fromEntries(METRICS.map((m) => [m, summarise(folds.map((r) => r.test[i]!.metrics[m].mean))])) as Record<MetricName, Summary>,
    }));
    return { folds, summary, final: best(this.k), settings: this.settings, options: this.metricOptions, seed: this.seed };
  }
}

/**
 * The indexes of a plan's tasks (CrossValidationPlan.tasks: part by part, restart by restart) with the final
 * fit's first: it has the most lists, so a runner that hands tasks out in this order does not end waiting
 * on it. Needs no lists, so a runner that holds none can count and order the tasks.
 */
export function tasksLargestFirst(folds: number, settings: Partial<AscentSettings> = {}): number[] {
  const restarts = { ...RANKLIB_DEFAULTS, ...settings }.restarts;
  const total = (folds + 1) * restarts;
  return Array.from({ length: total }, (_, i) => (i + folds * restarts) % total);
}

/** How far a cross-validation has come, in counts: restarts done, folds whose every restart is done, the final fit. */
export interface TuningCounts {
  restarts: { done: number; total: number };
  /** The held-out folds (the final fit on every event is counted apart). */
  folds: { done: number; total: number };
  finalFit: boolean;
}

/**
 * Counts a plan's finished tasks (indexes into CrossValidationPlan.tasks, in any order) as restarts and
 * folds done, so that a run can say "7 of 18 restarts, 1 of 5 folds" rather than only a fraction.
 * Needs no lists, like tasksLargestFirst.
 */
export class TuningProgress {
  private readonly restarts: number;
  private readonly pending: number[];
  private done = 0;

  constructor(
    private readonly folds: number,
    settings: Partial<AscentSettings> = {},
  ) {
    this.restarts = { ...RANKLIB_DEFAULTS, ...settings }.restarts;
    this.pending = Array.from({ length: folds + 1 }, () => this.restarts);
  }

  /** Records task `index` as done; returns the counts so far. */
  record(index: number): TuningCounts {
    const part = Math.floor(index / this.restarts);
    if (!(this.pending[part]! > 0)) throw new AppError('internal', `task ${index} is counted twice or is not part of the plan`);
    this.pending[part]!--;
    this.done++;
    return this.counts();
  }

  counts(): TuningCounts {
    const foldsDone = this.pending.slice(0, this.folds).filter((n) => n === 0).length;
    return {
      restarts: { done: this.done, total: this.pending.length * this.restarts },
      folds: { done: foldsDone, total: this.folds },
      finalFit: this.pending[this.folds] === 0,
    };
  }
}

/** Cross-validation on the calling thread; see CrossValidationPlan to spread it over threads. */
export function crossValidate(set: RankingSet, options: CrossValidationOptions): CrossValidation {
  const plan = new CrossValidationPlan(set, options);
  const total = plan.tasks.length;
  const results = plan.tasks.map((task, i) => {
    if (options.onProgress?.(i, total, plan.stage(task.part))) throw new AppError('conflict', 'the run was cancelled');
    return plan.run(task);
  });
  options.onProgress?.(total, total, 'done');
  return plan.assemble(results);
}

export interface Ablation {
  component: ComponentName;
  /** The metrics with this component's weight set to 0 (the rest renormalised), and the change against the full profile. */
  without: Record<MetricName, number | null>;
  change: Record<MetricName, number | null>;
  /** The metrics with this component alone. */
  alone: Record<MetricName, number | null>;
}

/** What each component adds: the profile with it removed, and with it alone, on the same lists. */
export function ablate(set: RankingSet, weights: Weights, fusion: Fusion, queries: Int32Array = set.queriesOf(), options: MetricOptions = DEFAULT_METRIC_OPTIONS): Ablation[] {
  const means = (w: ArrayLike<number>) => {
    const overall = evaluateWeights(set, w, fusion, queries, options).overall;
    return Object.fromEntries(Object.entries(overall).map(([m, s]) => [m, s.mean])) as Record<MetricName, number | null>;
  };
  const full = means(weightVector(weights));
  return COMPONENTS.map((component, k) => {
    const w = weightVector(weights);
    w[k] = 0;
    const without = w.some((x) => x > 0) ? means(w) : { ndcg: null, precision: null, map: null, mrr: null };
    const alone = means(Float64Array.from(COMPONENTS, (_, j) => (j === k ? 1 : 0)));
    const change = Object.fromEntries(
      Object.entries(full).map(([m, v]) => [m, v !== null && without[m as MetricName] !== null ? without[m as MetricName]! - v : null]),
    ) as Record<MetricName, number | null>;
    return { component, without, change, alone };
  });
}

/**
 * NDCG@k against one component's weight: that weight from 0 to 1 in `points` steps, the others keeping
 * their proportions (shared equally where they are all 0).
 */
export function metricCurves(set: RankingSet, weights: Weights, fusion: Fusion, queries: Int32Array = set.queriesOf(), options: { k?: number; points?: number } = {}) {
  const points = options.points ?? 21;
  const objective = new NdcgObjective(set, queries, fusion, options.k ?? DEFAULT_METRIC_OPTIONS.k);
  const base = weightVector(weights);
  return COMPONENTS.map((component, k) => {
    const others = base.reduce((s, x, j) => (j === k ? s : s + x), 0);
    const curve = Array.from({ length: points }, (_, i) => {
      const t = i / (points - 1);
      const w = Float64Array.from(base, (x, j) => (j === k ? t : (1 - t) * (others > 0 ? x / others : 1 / (base.length - 1))));
      return { weight: t, value: objective.lists ? objective.value(w) : null };
    });
    return { component, current: weights[component], curve };
  });
}
