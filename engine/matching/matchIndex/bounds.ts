/**
 * Upper bounds on the components of any member of a block (or sub-block), from the block's maxima.
 * They are computed along other roads than the scores; the search adds BOUND_SLACK to absorb rounding.
 */
import { WISH_TYPES } from '../../cooperation.ts';
import { chainFitOfCodes, directedTotal, industryCounted, NEUTRAL_SIZE, populationFit, requestShare, weighedBy, type ScoringProfile } from '../score.ts';
import { fuse } from '../fusion.ts';
import { clusterCreditFor, creditedChainFit } from '../roles.ts';
import type { Block, BlockSet } from './blocks.ts';
import { chainAnswers, chainBackwardBest, chainBackwardOf, chainForwardBest, chainForwardOf, codeBestOf, type PreparedQuery } from './query.ts';
import type { CandidateStore } from './store.ts';

const BOUND_SLACK = 1e-9;
const WISH_TYPE_COUNT = WISH_TYPES.length;

/** An upper bound on the pair score from upper bounds on its components (fusions are monotone). */
export function pairBound(profile: ScoringProfile, industryFit: number, forward: number, forwardSize: number, backward: number, backwardSize: number, unmetCredit: number): number {
  const w = profile.weights;
  // Complementarity bounds of 0 mean no member meets a wish either way: its industry fit counts reduced.
  const industry = industryCounted(industryFit, forward, backward, unmetCredit);
  const x = directedTotal(w.industry, w.complementarity, w.size, industry, forward, forwardSize);
  const y = directedTotal(w.industry, w.complementarity, w.size, industry, backward, backwardSize);
  return fuse(profile.fusion, x, y) + BOUND_SLACK;
}

/**
 * One query's bounds per block, in flat arrays (a query touches hundreds of blocks). The index keeps one
 * and reuses it (prepare() grows it when needed): a quarter of a megabyte of fresh typed arrays per
 * query made the collector run often and long. Each entry a query reads is written by it first.
 */
export class BlockBounds {
  industry = new Float64Array(0);
  cosine = new Float64Array(0);
  /** Forward and backward size bound of block b at 2b and 2b + 1. */
  size = new Float64Array(0);
  /** Per block b and query request r, at b·R + r: the best fit a member could give, by its clusters or its value-chain role. */
  fits = new Float64Array(0);
  /** The same for a member's value-chain role alone (what answers a request no stated wish meets). */
  chainFits = new Float64Array(0);
  /** Per block b and query offer o, at b·O + o: the best fit the query could have to a member's request that offer meets. */
  takenFits = new Float64Array(0);
  /** Per block b and wish type t, at b·T + t: the best fit the query could have to a member's request of type t, stated or by its role alone. */
  statedBack = new Float64Array(0);
  impliedBack = new Float64Array(0);
  /** Per block: how far its bound is worked out, 0 (wishes by type alone), 1 (coarse) or 2 (exact); cleared by prepare(). */
  level = new Uint8Array(0);
  /**
   * A row of the wish-fit arrays whose fits are all 1 (every fit is at most 1): forwardBound and
   * backwardBound over it bound a block by its members' wish types alone, before any fit is worked out.
   */
  onesRow = 0;

  /** Makes room for a query with this many requests and offers over this many blocks (and the row of ones after them). */
  prepare(blockCount: number, requests: number, offers: number): this {
    const blocks = blockCount + 1;
    if (this.industry.length < blocks) {
      const capacity = Math.max(blocks, 2 * this.industry.length);
      this.industry = new Float64Array(capacity);
      this.cosine = new Float64Array(capacity);
      this.size = new Float64Array(2 * capacity);
      this.statedBack = new Float64Array(WISH_TYPE_COUNT * capacity);
      this.impliedBack = new Float64Array(WISH_TYPE_COUNT * capacity);
      this.level = new Uint8Array(capacity);
    }
    if (this.fits.length < requests * blocks) {
      this.fits = new Float64Array(Math.max(requests * blocks, 2 * this.fits.length));
      this.chainFits = new Float64Array(this.fits.length);
    }
    if (this.takenFits.length < offers * blocks) this.takenFits = new Float64Array(Math.max(offers * blocks, 2 * this.takenFits.length));
    this.level.fill(0, 0, blocks);
    const row = (this.onesRow = blockCount);
    this.fits.fill(1, row * requests, (row + 1) * requests);
    this.chainFits.fill(1, row * requests, (row + 1) * requests);
    this.takenFits.fill(1, row * offers, (row + 1) * offers);
    this.statedBack.fill(1, row * WISH_TYPE_COUNT, (row + 1) * WISH_TYPE_COUNT);
    this.impliedBack.fill(creditedChainFit(1, false), row * WISH_TYPE_COUNT, (row + 1) * WISH_TYPE_COUNT);
    return this;
  }
}

/** The block's codes and their largest √weights as flat arrays, made again after the codes changed. */
function codeArraysOf(block: Block): NonNullable<Block['codeArrays']> {
  return (block.codeArrays ??= { ids: Int32Array.from(block.codes.keys()), sqrtWeights: Float64Array.from(block.codes.values()) });
}

/** An upper bound on the code half of the industry fit for any member of the block. */
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
 * The best value-chain fit a member's code could have with the query's for wish type t, the member
 * providing (forward) or the query (backward): exact, over the block's codes, or coarse, the query's best
 * link of that type times the block's largest √weight (products are commutative and monotone in IEEE).
 */
function blockChainFit(store: CandidateStore, q: PreparedQuery, block: Block, t: number, forward: boolean, exact: boolean): number {
  if (!chainAnswers(t)) return 0;
  if (!exact) return chainFitOfCodes(forward ? chainForwardBest(store, q, t) : chainBackwardBest(store, q, t), block.maxSqrtWeight);
  const { ids, sqrtWeights } = codeArraysOf(block);
  let best = 0;
  for (let j = 0; j < ids.length; j++) {
    const v = forward ? chainFitOfCodes(chainForwardOf(store, q, t, ids[j]!), sqrtWeights[j]!) : chainFitOfCodes(sqrtWeights[j]!, chainBackwardOf(store, q, t, ids[j]!));
    if (v > best) best = v;
  }
  return best;
}

/**
 * For each of the query's requests, the best fit any member of the block could give (by its clusters or
 * by a value-chain link from one of the block's codes, exact or coarse); written to fits[at …], the
 * chain's part alone to chainFits[at …]. True when a chain's part is above 0 (else exact and coarse agree).
 */
export function blockRequestFit(store: CandidateStore, blocks: BlockSet, q: PreparedQuery, block: Block, exact: boolean, bounds: BlockBounds, b: number): boolean {
  let chained = false;
  const maxRaw = blocks.maxRaw.data;
  const at = b * q.requestCount;
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
    const chain = clusters.length ? blockChainFit(store, q, block, t, true, exact) : 0;
    bounds.fits[at + r] = Math.max(fit, chain);
    bounds.chainFits[at + r] = chain;
    if (chain > 0) chained = true;
  }
  return chained;
}

/**
 * Per wish type t of the block's requests, the best fit the query could have to a member's request of
 * type t: stated (the query states a wish that meets it: by its clusters in what the block's requests
 * of type t are about, or by a value-chain link to one of the block's codes) at statedBack[b·T + t], and
 * implied (only the query's role answers it) at impliedBack[b·T + t]; the chain's part exact or coarse
 * (true when it is above 0 for some type: else exact and coarse agree).
 * Then, for each of the query's offers, the best stated fit to a request that offer meets,
 * at takenFits[b·O + o].
 */
export function blockBackwardFits(store: CandidateStore, q: PreparedQuery, block: Block, exact: boolean, bounds: BlockBounds, b: number): boolean {
  const at = b * WISH_TYPE_COUNT;
  let chained = false;
  // The block's request types only: no search reads another type's entry for this block.
  for (let rest = block.requestMask; rest; rest &= rest - 1) {
    const t = 31 - Math.clz32(rest & -rest);
    let stated = block.openRequests & (1 << t) ? 1 : 0;
    if (block.subjectMask & (1 << t)) {
      // The best of the query's fits to the clusters the block's requests are about (few are both).
      const W = store.subjectWords;
      const subjectsAt = t * W;
      let best = 0;
      for (let w = 0; w < W; w++) {
        for (let both = block.subjects[subjectsAt + w]! & q.subjectBits[w]!; both; both &= both - 1) {
          const fit = q.subjectFit[32 * w + 31 - Math.clz32(both & -both)]!;
          if (fit > best) best = fit;
        }
      }
      const v = best * q.providerCredits[t]!;
      if (v > stated) stated = v;
    }
    const chain = blockChainFit(store, q, block, t, false, exact);
    bounds.statedBack[at + t] = Math.max(stated, chain);
    bounds.impliedBack[at + t] = creditedChainFit(chain, false);
    if (chain > 0) chained = true;
  }
  const offersAt = b * q.offerTypes.length;
  for (let o = 0; o < q.offerTypes.length; o++) {
    let fit = 0;
    for (let rest = q.offerMeetsMasks[o]! & block.requestMask; rest; rest &= rest - 1) {
      const v = bounds.statedBack[at + 31 - Math.clz32(rest & -rest)]!;
      if (v > fit) fit = v;
    }
    bounds.takenFits[offersAt + o] = fit;
  }
  return chained;
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
    else sum += creditedChainFit(bounds.chainFits[at + r]!, false);
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
 * An upper bound on complementarity(member → query) for members with these request and offer types: each
 * of their requests is fulfilled at most as well as the query fits a request of its type (stated where
 * the query's wishes meet the type, `met`, else by its role alone), an offer the query's request takes up
 * at most as well as they fit that request, and one the query's offer meets (MUTUAL_OFFERS) at most fully.
 * The share divides the fits by the member's number of wishes. Without `maxWishes` the largest single fit
 * bounds it. With it (the most wishes any member has), a member has one wish of each of its types and at
 * most maxWishes − (its types) more, each at most the largest fit: the share grows with the wishes, so
 * (the types' fits + (maxWishes − types) · largest) / maxWishes bounds it.
 */
export function backwardBound(q: PreparedQuery, requestMask: number, offerMask: number, met: number, bounds: BlockBounds, b: number, maxWishes = 0): number {
  const typesAt = b * WISH_TYPE_COUNT;
  let largest = 0;
  let sum = 0;
  let types = 0;
  // The set bits of the masks only: members have one to three types of each.
  for (let rest = requestMask; rest; rest &= rest - 1) {
    const t = 31 - Math.clz32(rest & -rest);
    const v = met & (1 << t) ? bounds.statedBack[typesAt + t]! : bounds.impliedBack[typesAt + t]!;
    sum += v;
    types++;
    if (v > largest) largest = v;
  }
  const at = b * q.requestCount;
  for (let rest = offerMask; rest; rest &= rest - 1) {
    const type = rest & -rest;
    let v = 0;
    if (type & q.mutualOffersMask) v = 1;
    else if (type & q.offersTakenMask) for (let r = 0; r < q.requestCount; r++) if (q.requestOfferMasks[r]! & type && bounds.fits[at + r]! > v) v = bounds.fits[at + r]!;
    sum += v;
    types++;
    if (v > largest) largest = v;
  }
  // maxWishes 0 (not given) or too few for the types (cannot happen): the largest fit.
  if (types === 0 || maxWishes < types) return largest;
  return Math.min(largest, (sum + (maxWishes - types) * largest) / maxWishes);
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
