/**
 * Directed components f_k(a→b) ∈ [0, 1], their weighted sum per direction, and the pair score that
 * fuses both directions (by fusion.ts's coefficients) with per-component contributions adding up to it exactly.
 *
 * The formulas live here once, as small functions of plain numbers (the "terms" section): the
 * object-based reference below, the index's typed-array kernel and the tuning's ranking set all call
 * them, so the three agree to the last bit (test/engine/matching-kernel.test.ts pins it). Which partner
 * answers a wish of each type, and at what credit, is roles.ts's.
 */
import { meets, MUTUAL_OFFERS, MUTUAL_REQUESTS, type WishType } from '../cooperation.ts';
import type { ValueChainKind } from '../valueChain.ts';
import { AppError } from '../errors.ts';
import type { ClusterSpace, FeatureCode, FeatureWish, MatchFeatures } from './features.ts';
import { FUSIONS, fusionCoefficientsInto, type Fusion } from './fusion.ts';
import { CHAIN_ROLES_FOR_REQUEST, chainRoleFor, clusterCreditFor, creditedChainFit, tradeRequestsMeet, type ChainRole } from './roles.ts';

export const COMPONENTS = ['industry', 'complementarity', 'size'] as const;
export type ComponentName = (typeof COMPONENTS)[number];
// directedTotal() and pairTotal() take the components by name, in this order.
if (COMPONENTS.join() !== 'industry,complementarity,size') throw new Error('score.ts terms out of step with COMPONENTS');
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
  fusion: 'searcher-harmonic',
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

// ---------- terms: the formulas on plain numbers ----------
// Small and allocation-free so that the index's hot loop can call them (V8 inlines them). Every
// caller must pass operands in the same order: floating-point rounding depends on it.

/** Wu–Palmer similarity of two code paths that share `common` levels: 2·common / (depth a + depth b). */
export function wuPalmer(common: number, depthA: number, depthB: number): number {
  return depthA + depthB === 0 ? 0 : (2 * common) / (depthA + depthB);
}

/**
 * A code pair's similarity scaled by one code's weight: applied to a's code, then to b's, i.e.
 * (wp·√w_a)·√w_b; the index memoises the first product per code.
 */
export function weighedBy(similarity: number, sqrtWeight: number): number {
  return similarity * sqrtWeight;
}

/** Cosine of two cluster vectors from their dot product and squared norms, clamped (rounding can put identical vectors a hair above 1). */
export function cosineOfSums(dot: number, norm2A: number, norm2B: number): number {
  if (norm2A === 0 || norm2B === 0) return 0;
  return Math.min(1, Math.max(0, dot / Math.sqrt(norm2A * norm2B)));
}

/**
 * Two codes linked along a value chain (a wholesaler of your goods, a supplier of your inputs, a service
 * your industry uses) are as close as two classes of one NACE group: closer than the section alone
 * (0.25) or the division (0.5) make them.
 */
export const VALUE_CHAIN_SIMILARITY = 0.75;

/** A code pair's similarity: the taxonomy's (Wu–Palmer), or the value chain's where the codes are linked and that is closer. */
export function codeSimilarity(taxonomic: number, linked: boolean): number {
  return linked && VALUE_CHAIN_SIMILARITY > taxonomic ? VALUE_CHAIN_SIMILARITY : taxonomic;
}

/** A chain link's fit to a request: full, scaled by the weights of the requester's and the provider's codes. */
export function chainFitOfCodes(sqrtWeightRequester: number, sqrtWeightProvider: number): number {
  return sqrtWeightRequester * sqrtWeightProvider;
}

/** Industry fit: the mean of the best weighted code similarity and the cluster cosine. */
export function industryTerm(codeSimilarity: number, clusterCosine: number): number {
  return (codeSimilarity + clusterCosine) / 2;
}

/**
 * Two firms that answer none of each other's wishes are close in industry and nothing more: that
 * closeness makes them rivals for the same customers, not partners. Their industry fit then counts at
 * this share.
 */
export const UNMET_INDUSTRY_CREDIT = 0.5;

/**
 * The share at which a pair's industry fit counts when no wish is met either way: UNMET_INDUSTRY_CREDIT
 * for two companies; in full when one side is a city, for whom resembling a partner is a reason to meet
 * (cities twin on shared industries, and a city courts firms of its own). Kinds as the index codes them:
 * 0 a company, 1 a city.
 */
export function unmetCreditOf(kindA: number, kindB: number): number {
  return kindA === 0 && kindB === 0 ? UNMET_INDUSTRY_CREDIT : 1;
}

/** The industry fit a pair's score counts: in full when a wish is met in either direction, else at `unmetCredit` (unmetCreditOf). */
export function industryCounted(industry: number, forwardComplementarity: number, backwardComplementarity: number, unmetCredit: number): number {
  return forwardComplementarity > 0 || backwardComplementarity > 0 ? industry : industry * unmetCredit;
}

/** A request naming cluster c is answered fully by membership in c, at this share by a related cluster. */
export const RELATED_CLUSTER_CREDIT = 0.5;

/** Complementarity: the summed fit of the fulfilled wishes over all wishes (0 without wishes). */
export function requestShare(fitSum: number, wishes: number): number {
  return wishes ? fitSum / wishes : 0;
}

/** Size fit of two cities: a smooth function of the population ratio (equal 1, 10× apart ≈ 0.46). */
export function populationFit(populationA: number, populationB: number): number {
  return Math.exp(-Math.abs(Math.log(populationA / populationB)) / 3);
}

/** A directed score: the weighted sum of its components, in COMPONENTS order. */
export function directedTotal(wIndustry: number, wComplementarity: number, wSize: number, industry: number, complementarity: number, size: number): number {
  return 0 + wIndustry * industry + wComplementarity * complementarity + wSize * size;
}

const coefficients = new Float64Array(2);

/** One component's share of the pair score. */
export function contribution(weight: number, alpha: number, beta: number, forward: number, backward: number): number {
  return weight * (alpha * forward + beta * backward);
}

/**
 * The pair score from both directions' components (f: a→b, g: b→a): the sum of the contributions in
 * COMPONENTS order. pairScore(), the index and the ranking set all score through this.
 */
export function pairTotal(fusion: Fusion, wIndustry: number, wComplementarity: number, wSize: number,
  fIndustryFit: number, fComplementarity: number, fSize: number, gIndustryFit: number, gComplementarity: number, gSize: number, unmetCredit: number): number {
  // The industry fit as the pair counts it (industryCounted): the same for both directions.
  const fIndustry = industryCounted(fIndustryFit, fComplementarity, gComplementarity, unmetCredit);
  const gIndustry = industryCounted(gIndustryFit, fComplementarity, gComplementarity, unmetCredit);
  const x = directedTotal(wIndustry, wComplementarity, wSize, fIndustry, fComplementarity, fSize);
  const y = directedTotal(wIndustry, wComplementarity, wSize, gIndustry, gComplementarity, gSize);
  fusionCoefficientsInto(fusion, x, y, coefficients);
  const alpha = coefficients[0]!;
  const beta = coefficients[1]!;
  return 0 + contribution(wIndustry, alpha, beta, fIndustry, gIndustry) + contribution(wComplementarity, alpha, beta, fComplementarity, gComplementarity) + contribution(wSize, alpha, beta, fSize, gSize);
}

// ---------- components ----------

/** Wu–Palmer on two code paths: 2·shared depth / (depth a + depth b). */
export function wuPalmerPaths(a: string[], b: string[]): number {
  return wuPalmer(sharedDepth(a, b), a.length, b.length);
}

function sharedDepth(a: string[], b: string[]): number {
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common;
}

export interface IndustryDetail {
  score: number;
  /**
   * The closest pair of codes and how close (Wu–Palmer or the value chain's similarity, scaled by both
   * codes' weights); `chain` is the link that made them close, when it did.
   */
  best: { a: FeatureCode; b: FeatureCode; similarity: number; commonPath: string[]; chain: ChainLink | null } | null;
  /** Cosine of the cluster vectors. */
  clusterCosine: number;
  /** Clusters both belong to, strongest first. */
  sharedClusters: number[];
}

/** A value-chain link between two codes of a pair, as the scoring found it (`provider` is 'a' or 'b' of the pair). */
export interface ChainLink {
  kind: ValueChainKind;
  provider: 'a' | 'b';
  providerCode: string;
  customerCode: string;
}

/** The link between two codes in either direction (a's code providing first), or null. */
function chainBetween(space: ClusterSpace, a: string, b: string): ChainLink | null {
  const forward = space.valueChain.linkBetween(a, b);
  if (forward) return { kind: forward.kind, provider: 'a', providerCode: a, customerCode: b };
  const backward = space.valueChain.linkBetween(b, a);
  return backward ? { kind: backward.kind, provider: 'b', providerCode: b, customerCode: a } : null;
}

export function industryFit(space: ClusterSpace, a: MatchFeatures, b: MatchFeatures): IndustryDetail {
  let best: IndustryDetail['best'] = null;
  for (const ca of a.codes) {
    for (const cb of b.codes) {
      const common = sharedDepth(ca.path, cb.path);
      const taxonomic = wuPalmer(common, ca.path.length, cb.path.length);
      // The chain is looked up only where a link could make this pair the best (rounding is monotone:
      // a pair at the chain's similarity no better than the best so far cannot become it without one).
      const mayLink: boolean = taxonomic < VALUE_CHAIN_SIMILARITY && (!best || weighedBy(weighedBy(VALUE_CHAIN_SIMILARITY, Math.sqrt(ca.weight)), Math.sqrt(cb.weight)) > best.similarity);
      const chain: ChainLink | null = mayLink ? chainBetween(space, ca.code, cb.code) : null;
      const s = weighedBy(weighedBy(codeSimilarity(taxonomic, chain !== null), Math.sqrt(ca.weight)), Math.sqrt(cb.weight));
      if (!best || s > best.similarity) best = { a: ca, b: cb, similarity: s, commonPath: ca.path.slice(0, common), chain: codeSimilarity(taxonomic, chain !== null) > taxonomic ? chain : null };
    }
  }
  const cosine = cosineOf(a.clusters, b.clusters);
  const shared: number[] = [];
  for (let i = 0; i < a.clusters.length; i++) if (a.clusters[i]! > 0 && b.clusters[i]! > 0) shared.push(i);
  shared.sort((x, y) => a.clusters[y]! * b.clusters[y]! - a.clusters[x]! * b.clusters[x]! || x - y);
  return { score: industryTerm(best?.similarity ?? 0, cosine), best, clusterCosine: cosine, sharedClusters: shared };
}

/**
 * Industry fit seen from b: the same score (the fit is symmetric, and both directions must use the
 * same rounding of it: the index computes it once per pair) with the roles of the codes swapped.
 */
function reversedIndustry(detail: IndustryDetail): IndustryDetail {
  const { best } = detail;
  const chain = best?.chain ? { ...best.chain, provider: best.chain.provider === 'a' ? ('b' as const) : ('a' as const) } : null;
  return { ...detail, best: best && { a: best.b, b: best.a, similarity: best.similarity, commonPath: best.commonPath, chain } };
}

function cosineOf(a: Float64Array, b: Float64Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return cosineOfSums(dot, na, nb);
}

/** What made a partner fit a request: its clusters, its role in the value chain (roles.ts ChainRole), or nothing to judge by. */
export type WishFitBasis =
  | { by: 'cluster'; cluster: number; related: boolean }
  | { by: 'chain'; role: ChainRole; providerCode: string; requesterCode: string }
  | { by: 'open' };

export interface MetRequest {
  request: FeatureWish;
  /** The provider's offer that meets the request, its own request of the same joint undertaking, or null when only its role in the value chain does. */
  offer: FeatureWish | null;
  /** How well the provider's industry fits what the request is about, in (0, 1]. */
  fit: number;
  basis: WishFitBasis;
}

/** An offer of a's that b's request takes up, at a's fit to that request; or that an offer of b's meets (MUTUAL_OFFERS), at a's fit to it. */
export interface TakenOffer {
  offer: FeatureWish;
  /** b's request, or b's offer that meets a's. */
  request: FeatureWish;
  fit: number;
  /** What made a fit b's wish. */
  basis: WishFitBasis;
}

export interface ComplementarityDetail {
  score: number;
  /** a's requests and offers: what the share is of. */
  wishes: number;
  /** a's requests that b answers. */
  met: MetRequest[];
  /** a's offers that b's requests take up. */
  taken: TakenOffer[];
}

/**
 * What a request is about: the clusters it names, or, naming none, the requester's own clusters (a
 * request for distribution is about the requester's goods). Empty when there is nothing to judge by.
 */
export function requestSubject(request: FeatureWish, requester: MatchFeatures): number[] {
  if (request.clusters.length) return request.clusters;
  const own: number[] = [];
  for (let c = 0; c < requester.clusters.length; c++) if (requester.clusters[c]! > 0) own.push(c);
  return own;
}

/**
 * The requester's codes a value-chain link answers a request through: with a request that names clusters,
 * its codes in those clusters (a city seeking distribution for its machine builders is not answered by a
 * dealer in car parts, though the city has a car industry too); every code when the request names none,
 * or when none of its codes is in them (then the clusters name what it needs, and its industries' own
 * suppliers are who provides it).
 */
export function chainSubjectCodes(space: ClusterSpace, request: FeatureWish, codes: readonly FeatureCode[]): readonly FeatureCode[] {
  if (!request.clusters.length) return codes;
  const named = codes.filter((c) => space.codeInClusters(c.code, request.clusters));
  return named.length ? named : codes;
}

/**
 * How well the provider fits a request of the requester's: the better of its membership in the clusters
 * the request is about (own cluster fully, a related one at RELATED_CLUSTER_CREDIT; a producer asked to
 * distribute at PRODUCER_DISTRIBUTION_CREDIT of that) and a role in the value chain between one of its
 * codes and one of the requester's (chainSubjectCodes) that answers the request (roles.ts chainRoleFor;
 * weighted by both codes' weights). 1 when the request is about nothing in particular; 0 when nothing fits. When
 * the provider has stated no wish that meets the request, only its role in the chain counts, at
 * IMPLIED_ROLE_CREDIT.
 */
export function wishFit(space: ClusterSpace, request: FeatureWish, requester: MatchFeatures, provider: MatchFeatures, stated: boolean): { fit: number; basis: WishFitBasis } {
  const subject = requestSubject(request, requester);
  if (!subject.length) return { fit: stated ? 1 : 0, basis: { by: 'open' } };
  let fit = 0;
  let basis: WishFitBasis = { by: 'open' };
  const credit = clusterCreditFor(request.type, provider.trades);
  // An implied role is the value chain's alone: clusters say what a partner makes, not that it would do it.
  if (stated) for (const c of subject) {
    const own = provider.clusters[c]! * credit;
    if (own > fit) {
      fit = own;
      basis = { by: 'cluster', cluster: c, related: false };
    }
    for (const r of space.related[c] ?? []) {
      const v = RELATED_CLUSTER_CREDIT * provider.clusters[r]! * credit;
      if (v > fit) {
        fit = v;
        basis = { by: 'cluster', cluster: r, related: true };
      }
    }
  }
  if (CHAIN_ROLES_FOR_REQUEST[request.type].length) {
    const subjectCodes = chainSubjectCodes(space, request, requester.codes);
    for (const cp of provider.codes) {
      for (const cr of subjectCodes) {
        // What a link would count is known before looking it up: only one that would raise the fit is looked for.
        const v = creditedChainFit(chainFitOfCodes(Math.sqrt(cr.weight), Math.sqrt(cp.weight)), stated);
        if (!(v > fit)) continue;
        const role = chainRoleBetween(space, request.type, cp.code, cr.code);
        if (!role || (role === 'makes' && !makerInSubject(space, request, cp.code))) continue;
        fit = v;
        basis = { by: 'chain', role, providerCode: cp.code, requesterCode: cr.code };
      }
    }
  }
  return { fit, basis };
}

/** The role by which a provider's code answers a request of this type through a requester's code (roles.ts chainRoleFor), or null. */
function chainRoleBetween(space: ClusterSpace, type: WishType, providerCode: string, requesterCode: string): ChainRole | null {
  return chainRoleFor(type, space.valueChain.linkBetween(providerCode, requesterCode)?.kind ?? null, space.valueChain.linkBetween(requesterCode, providerCode)?.kind ?? null, providerCode);
}

/**
 * A trader's request naming clusters names the goods it seeks: a maker answers it by its role (roles.ts
 * 'makes') only through its codes in those clusters (an online retailer that sells food too, seeking
 * consumer goods, is not answered by a dairy).
 */
export function makerInSubject(space: ClusterSpace, request: FeatureWish, providerCode: string): boolean {
  return !request.clusters.length || space.codeInClusters(providerCode, request.clusters);
}

/**
 * How well b, taking up a's offer with a request of type `requestType`, fits what the offer is about: its
 * membership in the clusters the offer names (a related one at RELATED_CLUSTER_CREDIT), or a role of a's
 * code in b's value chain that answers such a request (the role wishFit counts for it). An offer naming
 * clusters is aimed at partners of those clusters, as a request is.
 */
export function takerFit(space: ClusterSpace, offer: FeatureWish, a: MatchFeatures, b: MatchFeatures, requestType: WishType): number {
  let fit = 0;
  for (const c of offer.clusters) {
    if (b.clusters[c]! > fit) fit = b.clusters[c]!;
    for (const r of space.related[c] ?? []) {
      const v = RELATED_CLUSTER_CREDIT * b.clusters[r]!;
      if (v > fit) fit = v;
    }
  }
  if (CHAIN_ROLES_FOR_REQUEST[requestType].length) {
    for (const ca of a.codes) {
      for (const cb of b.codes) {
        const v = chainFitOfCodes(Math.sqrt(cb.weight), Math.sqrt(ca.weight));
        if (!(v > fit)) continue;
        if (!chainRoleBetween(space, requestType, ca.code, cb.code)) continue;
        fit = v;
      }
    }
  }
  return fit;
}

/**
 * How much of what a wants from meeting b, b gives: the share of a's wishes b fulfils. A request of a's
 * counts by b's fit to it when b answers it: by an offer that meets it (complement table), by a request of
 * the same joint undertaking (MUTUAL_REQUESTS), or by its role in the value chain alone
 * (IMPLIED_ROLE_CREDIT). An offer of a's is a wish too, to find takers: it counts when b has a request it
 * meets, by a's fit to that request (and, when the offer names clusters, no more than b fits them:
 * takerFit), or an offer that meets it (MUTUAL_OFFERS), by a's fit to that offer. Wishes aimed at
 * another country do not count.
 */
export function complementarity(space: ClusterSpace, a: MatchFeatures, b: MatchFeatures): ComplementarityDetail {
  const met: MetRequest[] = [];
  let sum = 0;
  const toA = (w: FeatureWish) => !w.targetCountry || w.targetCountry === a.country;
  const toB = (w: FeatureWish) => !w.targetCountry || w.targetCountry === b.country;
  for (const request of a.requests) {
    if (!toB(request)) continue;
    const offer =
      b.offers.find((o) => meets(o.type, request.type) && toA(o)) ??
      b.requests.find((r) => (MUTUAL_REQUESTS[request.type].includes(r.type) || tradeRequestsMeet(request.type, a.trades, r.type, b.trades)) && toA(r)) ??
      null;
    const { fit, basis } = wishFit(space, request, a, b, offer !== null);
    if (fit > 0) {
      met.push({ request, offer, fit, basis });
      sum += fit;
    }
  }
  const taken: TakenOffer[] = [];
  for (const offer of a.offers) {
    if (!toB(offer)) continue;
    let best: TakenOffer | null = null;
    for (const request of b.requests) {
      if (!meets(offer.type, request.type) || !toA(request)) continue;
      const answered = wishFit(space, request, b, a, true);
      // An offer naming clusters is taken up only as far as the taker fits what it is about.
      const fit = offer.clusters.length ? Math.min(answered.fit, takerFit(space, offer, a, b, request.type)) : answered.fit;
      const basis = answered.basis;
      if (fit > 0 && (!best || fit > best.fit)) best = { offer, request, fit, basis };
    }
    for (const other of b.offers) {
      if (!MUTUAL_OFFERS[offer.type].includes(other.type) || !toA(other)) continue;
      const { fit, basis } = wishFit(space, other, b, a, true);
      if (fit > 0 && (!best || fit > best.fit)) best = { offer, request: other, fit, basis };
    }
    if (best) {
      taken.push(best);
      sum += best.fit;
    }
  }
  return { score: requestShare(sum, a.requests.length + a.offers.length), wishes: a.requests.length + a.offers.length, met, taken };
}

export interface SizeDetail {
  score: number;
  basis: 'class' | 'population' | 'none';
}

export function sizeFit(profile: ScoringProfile, a: MatchFeatures, b: MatchFeatures): SizeDetail {
  if (a.sizeClass >= 0 && b.sizeClass >= 0) return { score: profile.sizeMatrix[a.sizeClass]![b.sizeClass]!, basis: 'class' };
  if (a.kind === 'city' && b.kind === 'city' && a.population && b.population) return { score: populationFit(a.population, b.population), basis: 'population' };
  return { score: NEUTRAL_SIZE, basis: 'none' };
}

// ---------- directed score and fusion ----------

export interface DirectedScore {
  /** The weighted sum, with the industry fit as the pair counts it (industryCounted: it depends on both directions). */
  total: number;
  /** The components as measured (industry uncounted: industryCounted applies when the pair is fused). */
  components: Record<ComponentName, number>;
  industry: IndustryDetail;
  complementarity: ComplementarityDetail;
  size: SizeDetail;
}

/** One direction of a pair; the industry fit its total counts depends on the other direction's complementarity too (industryCounted). */
export function directedScore(space: ClusterSpace, profile: ScoringProfile, a: MatchFeatures, b: MatchFeatures): DirectedScore {
  return directedPair(space, profile, a, b).forward;
}

/** The unmet credit of a pair of features (unmetCreditOf). */
export function unmetCreditOfPair(a: MatchFeatures, b: MatchFeatures): number {
  return unmetCreditOf(a.kind === 'company' ? 0 : 1, b.kind === 'company' ? 0 : 1);
}

function directed(profile: ScoringProfile, a: MatchFeatures, b: MatchFeatures, ind: IndustryDetail, comp: ComplementarityDetail, other: ComplementarityDetail): DirectedScore {
  const size = sizeFit(profile, a, b);
  const w = profile.weights;
  return {
    total: directedTotal(w.industry, w.complementarity, w.size, industryCounted(ind.score, comp.score, other.score, unmetCreditOfPair(a, b)), comp.score, size.score),
    components: { industry: ind.score, complementarity: comp.score, size: size.score },
    industry: ind,
    complementarity: comp,
    size,
  };
}

/** Both directions of a pair as the pair score sees them: one industry fit for both. */
export function directedPair(space: ClusterSpace, profile: ScoringProfile, a: MatchFeatures, b: MatchFeatures): { forward: DirectedScore; backward: DirectedScore } {
  const industry = industryFit(space, a, b);
  const forward = complementarity(space, a, b);
  const backward = complementarity(space, b, a);
  return { forward: directed(profile, a, b, industry, forward, backward), backward: directed(profile, b, a, reversedIndustry(industry), backward, forward) };
}

export function fusionCoefficients(fusion: Fusion, x: number, y: number): [number, number] {
  const out = new Float64Array(2);
  fusionCoefficientsInto(fusion, x, y, out);
  return [out[0]!, out[1]!];
}

export interface ComponentScore {
  name: ComponentName;
  weight: number;
  /** f_k(a→b): what b offers a. */
  forward: number;
  /** f_k(b→a): what a offers b. */
  backward: number;
  /** Its share of the pair score (industry as the pair counts it, industryCounted). */
  contribution: number;
}

export interface PairScore {
  score: number;
  forward: DirectedScore;
  backward: DirectedScore;
  components: ComponentScore[];
}

export function pairScore(space: ClusterSpace, profile: ScoringProfile, a: MatchFeatures, b: MatchFeatures): PairScore {
  const { forward, backward } = directedPair(space, profile, a, b);
  const [alpha, beta] = fusionCoefficients(profile.fusion, forward.total, backward.total);
  const unmetCredit = unmetCreditOfPair(a, b);
  const counted = (name: ComponentName, d: DirectedScore) => (name === 'industry' ? industryCounted(d.components.industry, forward.components.complementarity, backward.components.complementarity, unmetCredit) : d.components[name]);
  const components = COMPONENTS.map((name) => {
    const weight = profile.weights[name];
    const f = forward.components[name];
    const g = backward.components[name];
    return { name, weight, forward: f, backward: g, contribution: contribution(weight, alpha, beta, counted(name, forward), counted(name, backward)) };
  });
  const [w, f, g] = [profile.weights, forward.components, backward.components];
  // The same sum as the contributions' (pairTotal adds them in COMPONENTS order from 0).
  const score = pairTotal(profile.fusion, w.industry, w.complementarity, w.size, f.industry, f.complementarity, f.size, g.industry, g.complementarity, g.size, unmetCredit);
  return { score, forward, backward, components };
}
