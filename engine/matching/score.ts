/**
 * Directed components f_k(a→b) ∈ [0, 1], their weighted sum per direction, and the fusion of both
 * directions into one pair score whose per-component contributions add up to it exactly.
 */
import { similarity } from 'ml-distance';
import { meets } from '../cooperation.ts';
import { AppError } from '../errors.ts';
import type { ClusterSpace, FeatureCode, FeatureWish, MatchFeatures } from './features.ts';

export const COMPONENTS = ['industry', 'complementarity', 'size'] as const;
export type ComponentName = (typeof COMPONENTS)[number];
export const FUSIONS = ['harmonic', 'geometric', 'arithmetic', 'min'] as const;
export type Fusion = (typeof FUSIONS)[number];

export interface ScoringProfile {
  weights: Record<ComponentName, number>;
  fusion: Fusion;
  /** sizeFit[a][b] over micro, small, medium, large: how well a company of class a suits one of class b. */
  sizeMatrix: number[][];
}

export const DEFAULT_SIZE_MATRIX: number[][] = [
  [1.0, 0.9, 0.6, 0.3],
  [0.9, 1.0, 0.8, 0.5],
  [0.6, 0.8, 1.0, 0.8],
  [0.3, 0.5, 0.8, 1.0],
];

export const DEFAULT_PROFILE: ScoringProfile = {
  weights: { industry: 0.4, complementarity: 0.45, size: 0.15 },
  fusion: 'harmonic',
  sizeMatrix: DEFAULT_SIZE_MATRIX,
};

/** Size fit when it cannot be compared (unknown class, a company against a city): neutral. */
export const NEUTRAL_SIZE = 0.5;

/** Weights must be non-negative and sum to 1 (then every score lies in [0, 1]); the matrix 4×4 in [0, 1]. */
export function checkProfile(profile: ScoringProfile): ScoringProfile {
  const weights = COMPONENTS.map((c) => profile.weights[c]);
  if (weights.some((w) => !(w >= 0) || !Number.isFinite(w))) throw new AppError('validation_failed', 'weights must be non-negative numbers', { field: 'weights' });
  const sum = weights.reduce((s, w) => s + w, 0);
  if (Math.abs(sum - 1) > 1e-6) throw new AppError('validation_failed', `weights must sum to 1, not ${sum}`, { field: 'weights' });
  const m = profile.sizeMatrix;
  if (m.length !== 4 || m.some((row) => row.length !== 4 || row.some((v) => !(v >= 0 && v <= 1)))) {
    throw new AppError('validation_failed', 'sizeMatrix must be 4×4 with values in [0, 1]', { field: 'sizeMatrix' });
  }
  if (!FUSIONS.includes(profile.fusion)) throw new AppError('validation_failed', `fusion must be one of ${FUSIONS.join(', ')}`, { field: 'fusion' });
  return profile;
}

// ---------- components ----------

/** Wu–Palmer on two code paths: 2·shared depth / (depth a + depth b). */
export function wuPalmerPaths(a: string[], b: string[]): number {
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return a.length + b.length === 0 ? 0 : (2 * common) / (a.length + b.length);
}

export interface IndustryDetail {
  score: number;
  /** The closest pair of codes and how close (Wu–Palmer, scaled by both codes' weights). */
  best: { a: FeatureCode; b: FeatureCode; similarity: number; commonPath: string[] } | null;
  /** Cosine of the cluster vectors. */
  clusterCosine: number;
  /** Clusters both belong to, strongest first. */
  sharedClusters: number[];
}

export function industryFit(a: MatchFeatures, b: MatchFeatures): IndustryDetail {
  let best: IndustryDetail['best'] = null;
  for (const ca of a.codes) {
    for (const cb of b.codes) {
      // (wp·√w_a)·√w_b rather than wp·√(w_a·w_b): the index memoises the first product per code.
      const s = wuPalmerPaths(ca.path, cb.path) * Math.sqrt(ca.weight) * Math.sqrt(cb.weight);
      if (!best || s > best.similarity) {
        let common = 0;
        while (common < ca.path.length && common < cb.path.length && ca.path[common] === cb.path[common]) common++;
        best = { a: ca, b: cb, similarity: s, commonPath: ca.path.slice(0, common) };
      }
    }
  }
  const cosine = cosineOf(a.clusters, b.clusters);
  const shared: number[] = [];
  for (let i = 0; i < a.clusters.length; i++) if (a.clusters[i]! > 0 && b.clusters[i]! > 0) shared.push(i);
  shared.sort((x, y) => a.clusters[y]! * b.clusters[y]! - a.clusters[x]! * b.clusters[x]! || x - y);
  return { score: ((best?.similarity ?? 0) + cosine) / 2, best, clusterCosine: cosine, sharedClusters: shared };
}

function cosineOf(a: Float64Array, b: Float64Array): number {
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  if (na === 0 || nb === 0) return 0;
  // ml-distance's cosine; clamped because rounding can put identical vectors a hair above 1.
  return Math.min(1, Math.max(0, similarity.cosine(a as unknown as number[], b as unknown as number[])));
}

export interface MetRequest {
  request: FeatureWish;
  offer: FeatureWish;
  /** How well b's industries fit the clusters the request names (1 when it names none). */
  fit: number;
}

export interface ComplementarityDetail {
  score: number;
  requests: number;
  met: MetRequest[];
}

/** How well b's industries answer the clusters a request names: own cluster fully, a related one half. */
export function clusterFit(space: ClusterSpace, request: FeatureWish, b: MatchFeatures): number {
  if (!request.clusters.length) return 1;
  let fit = 0;
  for (const c of request.clusters) {
    fit = Math.max(fit, b.clusters[c]!);
    for (const r of space.related[c] ?? []) fit = Math.max(fit, 0.5 * b.clusters[r]!);
  }
  return fit;
}

/** The share of a's requests that b's offers meet (complement table, target country, cluster fit). */
export function complementarity(space: ClusterSpace, a: MatchFeatures, b: MatchFeatures): ComplementarityDetail {
  const met: MetRequest[] = [];
  let sum = 0;
  for (const request of a.requests) {
    if (request.targetCountry && request.targetCountry !== b.country) continue;
    let best: MetRequest | null = null;
    for (const offer of b.offers) {
      if (!meets(offer.type, request.type)) continue;
      if (offer.targetCountry && offer.targetCountry !== a.country) continue;
      const fit = clusterFit(space, request, b);
      if (fit > 0 && (!best || fit > best.fit)) best = { request, offer, fit };
    }
    if (best) {
      met.push(best);
      sum += best.fit;
    }
  }
  return { score: a.requests.length ? sum / a.requests.length : 0, requests: a.requests.length, met };
}

export interface SizeDetail {
  score: number;
  basis: 'class' | 'population' | 'none';
}

export function sizeFit(profile: ScoringProfile, a: MatchFeatures, b: MatchFeatures): SizeDetail {
  if (a.sizeClass >= 0 && b.sizeClass >= 0) return { score: profile.sizeMatrix[a.sizeClass]![b.sizeClass]!, basis: 'class' };
  if (a.kind === 'city' && b.kind === 'city' && a.population && b.population) {
    // A smooth function of the population ratio: equal 1, 10× apart ≈ 0.46.
    return { score: Math.exp(-Math.abs(Math.log(a.population / b.population)) / 3), basis: 'population' };
  }
  return { score: NEUTRAL_SIZE, basis: 'none' };
}

// ---------- directed score and fusion ----------

export interface DirectedScore {
  total: number;
  components: Record<ComponentName, number>;
  industry: IndustryDetail;
  complementarity: ComplementarityDetail;
  size: SizeDetail;
}

export function directedScore(space: ClusterSpace, profile: ScoringProfile, a: MatchFeatures, b: MatchFeatures, industry?: IndustryDetail): DirectedScore {
  const ind = industry ?? industryFit(a, b);
  const comp = complementarity(space, a, b);
  const size = sizeFit(profile, a, b);
  const components = { industry: ind.score, complementarity: comp.score, size: size.score };
  const total = COMPONENTS.reduce((s, k) => s + profile.weights[k] * components[k], 0);
  return { total, components, industry: ind, complementarity: comp, size };
}

/**
 * Coefficients (α, β) with fused = α·x + β·y for the two directed scores x (a→b) and y (b→a), so that
 * each component's contribution w_k·(α·f_k(a→b) + β·f_k(b→a)) adds up to the fused score exactly.
 * Written into `out` so the index's hot loop allocates nothing; the one place these formulas live.
 */
export function fusionCoefficientsInto(fusion: Fusion, x: number, y: number, out: Float64Array): Float64Array {
  out[0] = 0;
  out[1] = 0;
  switch (fusion) {
    case 'arithmetic':
      out[0] = 0.5;
      out[1] = 0.5;
      break;
    case 'harmonic':
      // 2xy/(x+y) = x·y/(x+y) + y·x/(x+y)
      if (x + y > 0) {
        out[0] = y / (x + y);
        out[1] = x / (x + y);
      }
      break;
    case 'geometric':
      // √(xy) = x·½√(y/x) + y·½√(x/y)
      if (x > 0 && y > 0) {
        out[0] = 0.5 * Math.sqrt(y / x);
        out[1] = 0.5 * Math.sqrt(x / y);
      }
      break;
    case 'min':
      if (x <= y) out[0] = 1;
      else out[1] = 1;
      break;
  }
  return out;
}

export function fusionCoefficients(fusion: Fusion, x: number, y: number): [number, number] {
  const out = fusionCoefficientsInto(fusion, x, y, new Float64Array(2));
  return [out[0]!, out[1]!];
}

const scratch = new Float64Array(2);

/** The fused score of two directed scores (runs once per candidate bound: no allocation). */
export function fuse(fusion: Fusion, x: number, y: number): number {
  fusionCoefficientsInto(fusion, x, y, scratch);
  return scratch[0]! * x + scratch[1]! * y;
}

export interface ComponentScore {
  name: ComponentName;
  weight: number;
  /** f_k(a→b): what b offers a. */
  forward: number;
  /** f_k(b→a): what a offers b. */
  backward: number;
  contribution: number;
}

export interface PairScore {
  score: number;
  forward: DirectedScore;
  backward: DirectedScore;
  components: ComponentScore[];
}

export function pairScore(space: ClusterSpace, profile: ScoringProfile, a: MatchFeatures, b: MatchFeatures): PairScore {
  const industry = industryFit(a, b);
  const forward = directedScore(space, profile, a, b, industry);
  // Industry fit is symmetric: the reverse direction reuses it with the roles of the codes swapped.
  const backward = directedScore(space, profile, b, a, industryFit(b, a));
  const [alpha, beta] = fusionCoefficients(profile.fusion, forward.total, backward.total);
  const components = COMPONENTS.map((name) => {
    const weight = profile.weights[name];
    const f = forward.components[name];
    const g = backward.components[name];
    return { name, weight, forward: f, backward: g, contribution: weight * (alpha * f + beta * g) };
  });
  return { score: components.reduce((s, c) => s + c.contribution, 0), forward, backward, components };
}
