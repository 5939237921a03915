/**
 * Upper bounds on the components of any member of a block (or sub-block), from the block's maxima.
 * They are computed along other roads than the scores; the search adds BOUND_SLACK to absorb rounding.
 */
import { WISH_TYPES } from '../../cooperation.ts';
import { chainFitOfCodes, clusterCreditFor, directedTotal, IMPLIED_ROLE_CREDIT, fuse, NEUTRAL_SIZE, populationFit, requestShare, weighedBy, type ScoringProfile } from '../score.ts';
import type { Block, BlockSet } from './blocks.ts';
import { CHAIN_ANSWERABLE, chainAnswers, chainBackwardOf, chainForwardOf, codeBestOf, type PreparedQuery } from './query.ts';
import type { CandidateStore } from './store.ts';

const BOUND_SLACK = 1e-9;

/** An upper bound on the pair score from upper bounds on its components (fusions are monotone). */
export function pairBound(profile: ScoringProfile, industry: number, forward: number, forwardSize: number, backward: number, backwardSize: number): number {
  const w = profile.weights;
  const x = directedTotal(w.industry, w.complementarity, w.size, industry, forward, forwardSize);
  const y = directedTotal(w.industry, w.complementarity, w.size, industry, backward, backwardSize);
  return fuse(profile.fusion, x, y) + BOUND_SLACK;
}

/** One query's bounds per block, in flat arrays (a query touches hundreds of blocks). */
export class BlockBounds {
  readonly industry: Float64Array;
  readonly cosine: Float64Array;
  /** Forward and backward size bound of block b at 2b and 2b + 1. */
  readonly size: Float64Array;
  /** Per block b and query request r, at b·R + r: the best cluster fit a member could give. */
  readonly fits: Float64Array;
  /** The same for a member's value-chain role alone (what answers a request no stated wish meets). */
  readonly chainFits: Float64Array;
  /** Per block b and query offer o, at b·O + o: the best fit the query could have to a member's request it meets. */
  readonly takenFits: Float64Array;
  constructor(blocks: number, requests: number, offers: number) {
    this.industry = new Float64Array(blocks);
    this.cosine = new Float64Array(blocks);
    this.size = new Float64Array(2 * blocks);
    this.fits = new Float64Array(requests * blocks);
    this.chainFits = new Float64Array(requests * blocks);
    this.takenFits = new Float64Array(offers * blocks);
  }
}

/** An upper bound on the code half of the industry fit for any member of the block. */
function codeArraysOf(block: Block): NonNullable<Block['codeArrays']> {
  return (block.codeArrays ??= { ids: Int32Array.from(block.codes.keys()), sqrtWeights: Float64Array.from(block.codes.values()) });
}

export function blockCodeBound(store: CandidateStore, q: PreparedQuery, block: Block): number {
  const { ids, sqrtWeights } = codeArraysOf(block);
  // max_ij wp(i, j)·√w_i·√w_j = max_j √w_j · max_i wp(i, j)·√w_i; the per-code maxima are memoised per query.
  let wp = 0;
  for (let j = 0; j < ids.length; j++) {
    const s = weighedBy(codeBestOf(store, q, ids[j]!), sqrtWeights[j]!);
    if (s > wp) wp = s;
  }
  return wp;
}

/** An upper bound on the cluster cosine for any member of the block: the query's unit vector against the members' maxima. */
export function blockCosineBound(blocks: BlockSet, q: PreparedQuery, block: Block): number {
  let cos = 0;
  const maxUnit = blocks.maxUnit.data;
  for (let i = 0; i < q.unitIdx.length; i++) cos += q.unit[q.unitIdx[i]!]! * maxUnit[block.maxAt + q.unitIdx[i]!]!;
  return Math.min(1, cos);
}

/**
 * For each of the query's requests, the best fit any member of the block could give (by its clusters or
 * by a value-chain link from one of the block's codes); written to fits[at …].
 */
export function blockRequestFit(store: CandidateStore, blocks: BlockSet, q: PreparedQuery, block: Block, fits: Float64Array, chainFits: Float64Array, at: number): void {
  const maxRaw = blocks.maxRaw.data;
  for (let r = 0; r < q.requestCount; r++) {
    const clusters = q.requestFitClusters[r]!;
    const credits = q.requestFitFactors[r]!;
    const t = q.requestTypes[r]!;
    const credit = clusterCreditFor(WISH_TYPES[t]!, block.anyTrades);
    let fit = clusters.length ? 0 : 1;
    for (let j = 0; j < clusters.length; j++) {
      const v = credits[j]! * maxRaw[block.maxAt + clusters[j]!]! * credit;
      if (v > fit) fit = v;
    }
    let chain = 0;
    if (clusters.length && chainAnswers(t)) {
      const { ids, sqrtWeights } = codeArraysOf(block);
      for (let j = 0; j < ids.length; j++) {
        const v = chainFitOfCodes(chainForwardOf(store, q, t, ids[j]!), sqrtWeights[j]!);
        if (v > chain) chain = v;
      }
    }
    fits[at + r] = Math.max(fit, chain);
    chainFits[at + r] = chain;
  }
}

/**
 * For each of the query's offers, the best fit the query could have to a member's request that offer
 * meets: by its clusters in what the block's requests are about, or by a value-chain link to one of the
 * block's codes; written to takenFits[b·O …].
 */
export function blockTakenFit(store: CandidateStore, q: PreparedQuery, block: Block, bounds: BlockBounds, b: number): void {
  const at = b * q.offerTypes.length;
  for (let o = 0; o < q.offerTypes.length; o++) {
    const types = q.offerMeetsMasks[o]! & block.requestMask;
    let fit = types & block.openRequests ? 1 : 0;
    for (let t = 0; t < WISH_TYPES.length && fit < 1; t++) {
      if (!(types & (1 << t))) continue;
      const credit = clusterCreditFor(WISH_TYPES[t]!, q.f.trades);
      block.subjectArrays ??= block.subjects.map((set) => set && Int32Array.from(set));
      const subjects = block.subjectArrays[t];
      if (subjects) {
        for (let j = 0; j < subjects.length; j++) {
          const v = q.subjectFit[subjects[j]!]! * credit;
          if (v > fit) fit = v;
        }
      }
      if (chainAnswers(t)) {
        const { ids, sqrtWeights } = codeArraysOf(block);
        for (let j = 0; j < ids.length; j++) {
          const v = chainFitOfCodes(sqrtWeights[j]!, chainBackwardOf(store, q, t, ids[j]!));
          if (v > fit) fit = v;
        }
      }
    }
    bounds.takenFits[at + o] = fit;
  }
}

/**
 * An upper bound on complementarity(query → member) for members with these offer and request types in
 * `country`: a request they may meet counts its best fit, one only their role could answer a share of it.
 */
export function forwardBound(q: PreparedQuery, offerMask: number, requestMask: number, country: number, bounds: BlockBounds, b: number): number {
  const at = b * q.requestCount;
  const offersAt = b * q.offerTypes.length;
  let sum = 0;
  for (let r = 0; r < q.requestCount; r++) {
    const target = q.requestCountries[r]!;
    if (target >= 0 && target !== country) continue;
    if (q.requestOfferMasks[r]! & offerMask || (q.requestMutualMasks[r]! | q.requestTradeMasks[r]![0] | q.requestTradeMasks[r]![1]) & requestMask) sum += bounds.fits[at + r]!;
    else sum += IMPLIED_ROLE_CREDIT * bounds.chainFits[at + r]!;
  }
  // The query's offers that members' requests could take up, each at most fully; one that a member's
  // offer could meet (MUTUAL_OFFERS) at most fully.
  for (let o = 0; o < q.offerTypes.length; o++) {
    const oc = q.offerCountries[o]!;
    if (!(oc < 0 || oc === country)) continue;
    if (q.offerMutualMasks[o]! & offerMask) sum += 1;
    else if (q.offerMeetsMasks[o]! & requestMask) sum += bounds.takenFits[offersAt + o]!;
  }
  return requestShare(sum, q.requestCount + q.offerTypes.length);
}

/**
 * An upper bound on complementarity(member → query) for members with these request and offer types: a
 * request of theirs the query meets is fulfilled at most fully, one only the query's role answers at most
 * IMPLIED_ROLE_CREDIT, and an offer the query's request takes up at most as well as they fit that request.
 */
export function backwardBound(q: PreparedQuery, requestMask: number, offerMask: number, met: number, bounds: BlockBounds, b: number): number {
  // A member's offer that one of the query's offers meets (MUTUAL_OFFERS) is taken up at most fully.
  // So is a member's request that one of the query's meets by tradeRequestsMeet.
  if (requestMask & (met | q.tradeMetAny) || offerMask & q.mutualOffersMask) return 1;
  const at = b * q.requestCount;
  let bound = requestMask & CHAIN_ANSWERABLE ? IMPLIED_ROLE_CREDIT : 0;
  if (offerMask & q.offersTakenMask) {
    for (let r = 0; r < q.requestCount; r++) if (q.requestOfferMasks[r]! & offerMask && bounds.fits[at + r]! > bound) bound = bounds.fits[at + r]!;
  }
  return bound;
}

/** Upper bounds on the forward and backward size fit for any member of the block, into out[at], out[at + 1]. */
export function sizeBounds(profile: ScoringProfile, q: PreparedQuery, block: Block, out: Float64Array, at: number): void {
  let forward = 0;
  let backward = 0;
  const a = q.f.sizeClass;
  for (let s = 0; s < 4; s++) {
    if (!(block.sizeMask & (1 << s))) continue;
    forward = Math.max(forward, a >= 0 ? profile.sizeMatrix[a]![s]! : NEUTRAL_SIZE);
    backward = Math.max(backward, a >= 0 ? profile.sizeMatrix[s]![a]! : NEUTRAL_SIZE);
  }
  if (block.sizeMask & (1 << 4)) {
    if (q.kind === 1 && block.kind === 1 && q.f.population && block.maxPopulation > 0) {
      // A city against cities: the fit peaks at equal population; bound by the closest the block gets.
      const p = q.f.population;
      const closest = p < block.minPopulation ? block.minPopulation : p > block.maxPopulation ? block.maxPopulation : p;
      forward = Math.max(forward, populationFit(p, closest), block.anyWithoutPopulation ? NEUTRAL_SIZE : 0);
      backward = forward;
    } else {
      forward = Math.max(forward, NEUTRAL_SIZE);
      backward = Math.max(backward, NEUTRAL_SIZE);
    }
  }
  out[at] = forward;
  out[at + 1] = backward;
}
