/**
 * The exact kernel: a query against one stored candidate, read from typed arrays, through score.ts's
 * terms with the operands in the same order as its object-based reference, so that both give the
 * same doubles (test/engine/matching-kernel.test.ts).
 */
import type { ClusterSpace } from '../features.ts';
import { WISH_TYPES } from '../../cooperation.ts';
import { chainFitOfCodes, contribution, cosineOfSums, directedTotal, industryCounted, industryTerm, unmetCreditOf, NEUTRAL_SIZE, populationFit, RELATED_CLUSTER_CREDIT, requestShare, weighedBy, type ScoringProfile } from '../score.ts';
import { fusionCoefficientsInto } from '../fusion.ts';
import { clusterCreditFor, creditedChainFit } from '../roles.ts';
import { chainAnswers, chainBackwardNotMakingOf, chainBackwardOf, chainForwardOf, chainForwardOfRequest, chainRoleOfBits, codeBestOf, metMask, tradeMetMask, type PreparedQuery } from './query.ts';
import type { CandidateStore } from './store.ts';

/** b's value in cluster c (sparse lookup). */
function clusterValue(store: CandidateStore, slot: number, c: number): number {
  const start = store.clusterStart.data[slot]!;
  const len = store.clusterLen.data[slot]!;
  for (let j = 0; j < len; j++) {
    const idx = store.clusterIdx.data[start + j]!;
    if (idx === c) return store.clusterVal.data[start + j]!;
    if (idx > c) return 0;
  }
  return 0;
}

/**
 * The code half of the industry fit: max over code pairs of (wp·√w_q)·√w_b, read as
 * max_j codeBest[j]·√w_j. Rounding is monotone, so this equals score.ts's pairwise maximum bit for bit.
 */
export function codeFit(store: CandidateStore, q: PreparedQuery, slot: number): number {
  const start = store.codeStart.data[slot]!;
  const len = store.codeLen.data[slot]!;
  let best = 0;
  for (let j = 0; j < len; j++) {
    const s = weighedBy(codeBestOf(store, q, store.codeId.data[start + j]!), store.codeSqrtW.data[start + j]!);
    if (s > best) best = s;
  }
  return best;
}

/** The cosine over the candidate's non-zero clusters: the same terms in the same order as the dense sum. */
export function clusterCosine(store: CandidateStore, q: PreparedQuery, slot: number): number {
  let dot = 0;
  const cs = store.clusterStart.data[slot]!;
  const cl = store.clusterLen.data[slot]!;
  for (let j = 0; j < cl; j++) dot += q.f.clusters[store.clusterIdx.data[cs + j]!]! * store.clusterVal.data[cs + j]!;
  return cosineOfSums(dot, q.norm2, store.norm2.data[slot]!);
}

export function industryOf(store: CandidateStore, q: PreparedQuery, slot: number): number {
  return industryTerm(codeFit(store, q, slot), clusterCosine(store, q, slot));
}

/**
 * A candidate's stated fit to a wish of the query's by its clusters (score.ts wishFit's cluster part):
 * `clusters` and `credits` are what the wish is about and each one's credit (query.ts requestFitClusters).
 */
function candidateClusterFit(store: CandidateStore, slot: number, clusters: Int32Array, credits: Float64Array, credit: number): number {
  let fit = 0;
  // max() is order-free: own clusters (credit 1: exact) and related ones in one flat list.
  for (let j = 0; j < clusters.length; j++) {
    const v = credits[j]! * clusterValue(store, slot, clusters[j]!) * credit;
    if (v > fit) fit = v;
  }
  return fit;
}

/**
 * The query's stated fit to the candidate's wish at index w by its clusters (score.ts wishFit's cluster
 * part): the clusters the wish names or, naming none, the candidate's own (score.ts requestSubject);
 * -1 when there is nothing to judge by.
 */
function queryClusterFit(store: CandidateStore, space: ClusterSpace, q: PreparedQuery, slot: number, w: number, credit: number): number {
  const clLen = store.wishClLen.data[w]!;
  const own = clLen === 0;
  const subjectStart = own ? store.clusterStart.data[slot]! : store.wishClStart.data[w]!;
  const subjectLen = own ? store.clusterLen.data[slot]! : clLen;
  const subject = own ? store.clusterIdx.data : store.wishClusters.data;
  if (!subjectLen) return -1;
  const clusters = q.f.clusters;
  let fit = 0;
  for (let j = 0; j < subjectLen; j++) {
    const c = subject[subjectStart + j]!;
    const ownFit = clusters[c]! * credit;
    if (ownFit > fit) fit = ownFit;
    const related = space.related[c]!;
    for (let m = 0; m < related.length; m++) {
      const v = RELATED_CLUSTER_CREDIT * clusters[related[m]!]! * credit;
      if (v > fit) fit = v;
    }
  }
  return fit;
}

/** score.ts takerFit of the candidate to the query's offer o (naming clusters), taken up by a request of type t. */
function candidateTakerFit(store: CandidateStore, q: PreparedQuery, o: number, t: number, slot: number): number {
  const byClusters = candidateClusterFit(store, slot, q.offerFitClusters[o]!, q.offerFitFactors[o]!, 1);
  const linked = chainAnswers(t) ? backwardChain(store, q, t, slot) : 0;
  return linked > byClusters ? linked : byClusters;
}

/** score.ts takerFit of the query to the candidate's offer at wish index w (naming clusters), taken up by a request of type t. */
function queryTakerFit(store: CandidateStore, space: ClusterSpace, q: PreparedQuery, slot: number, w: number, t: number): number {
  const byClusters = queryClusterFit(store, space, q, slot, w, 1);
  const linked = chainAnswers(t) ? forwardChain(store, q, t, slot) : 0;
  return linked > byClusters ? linked : byClusters;
}

/** Per-pair scratch: each query request's and each candidate request's fit (at most 255 wishes a side). */
const queryFits = new Float64Array(256);
const candidateFits = new Float64Array(256);

/** The best value-chain fit of the candidate's codes as provider to the query's request of type t (score.ts wishFit's chain part). */
function forwardChain(store: CandidateStore, q: PreparedQuery, t: number, slot: number): number {
  const codes = store.codeStart.data[slot]!;
  const codeCount = store.codeLen.data[slot]!;
  let linked = 0;
  for (let j = 0; j < codeCount; j++) {
    const v = chainFitOfCodes(chainForwardOf(store, q, t, store.codeId.data[codes + j]!), store.codeSqrtW.data[codes + j]!);
    if (v > linked) linked = v;
  }
  return linked;
}

/** forwardChain for the query's request r: through the query codes it is about (score.ts chainSubjectCodes), a maker's codes in the clusters it names (score.ts makerInSubject). */
function forwardChainOfRequest(store: CandidateStore, space: ClusterSpace, q: PreparedQuery, r: number, slot: number): number {
  const codes = store.codeStart.data[slot]!;
  const codeCount = store.codeLen.data[slot]!;
  let linked = 0;
  for (let j = 0; j < codeCount; j++) {
    const v = chainFitOfCodes(chainForwardOfRequest(store, space, q, r, store.codeId.data[codes + j]!), store.codeSqrtW.data[codes + j]!);
    if (v > linked) linked = v;
  }
  return linked;
}

/** Does candidate code `id` belong to one of the clusters its wish at index w names? */
function codeInWishClusters(store: CandidateStore, space: ClusterSpace, w: number, id: number): boolean {
  return inWishClusters(store, space, w, store.codeOf(id));
}

/** Does `code` belong to one of the clusters the candidate's wish at index w names? */
function inWishClusters(store: CandidateStore, space: ClusterSpace, w: number, code: string): boolean {
  const len = store.wishClLen.data[w]!;
  const start = store.wishClStart.data[w]!;
  const own = space.clustersOfCode(code);
  for (let i = 0; i < own.length; i++) for (let k = 0; k < len; k++) if (store.wishClusters.data[start + k] === own[i]) return true;
  return false;
}

/** Must the candidate's request at wish index w be answered through its codes in the clusters it names (score.ts chainSubjectCodes: it names some, and has such a code)? */
function chainSubjectFiltered(store: CandidateStore, space: ClusterSpace, w: number, slot: number): boolean {
  if (!store.wishClLen.data[w]) return false;
  const codes = store.codeStart.data[slot]!;
  const codeCount = store.codeLen.data[slot]!;
  for (let j = 0; j < codeCount; j++) if (codeInWishClusters(store, space, w, store.codeId.data[codes + j]!)) return true;
  return false;
}

/** The best value-chain fit of the query's codes as provider to the candidate's request of type t; with `w`, the candidate's request at that wish index, through its codes that request is about (score.ts chainSubjectCodes). */
function backwardChain(store: CandidateStore, q: PreparedQuery, t: number, slot: number, space?: ClusterSpace, w = -1): number {
  const codes = store.codeStart.data[slot]!;
  const codeCount = store.codeLen.data[slot]!;
  let linked = 0;
  const filtered = w >= 0 && chainSubjectFiltered(store, space!, w, slot);
  const namesClusters = w >= 0 && store.wishClLen.data[w]! > 0;
  for (let j = 0; j < codeCount; j++) {
    const id = store.codeId.data[codes + j]!;
    if (filtered && !codeInWishClusters(store, space!, w, id)) continue;
    let sqrtWeight = chainBackwardOf(store, q, t, id);
    if (namesClusters && sqrtWeight > 0) {
      // The query as the maker of what the candidate sells answers only through its codes in the clusters named (score.ts makerInSubject).
      const others = chainBackwardNotMakingOf(store, q, t, id);
      if (others < sqrtWeight) sqrtWeight = Math.max(others, makerInWishClusters(store, space!, q, t, w, id));
    }
    const v = chainFitOfCodes(store.codeSqrtW.data[codes + j]!, sqrtWeight);
    if (v > linked) linked = v;
  }
  return linked;
}

/** The largest √weight of a query code in the clusters the candidate's request at wish index w names that makes what candidate code `id` sells (roles.ts 'makes'); 0 for none. */
function makerInWishClusters(store: CandidateStore, space: ClusterSpace, q: PreparedQuery, t: number, w: number, id: number): number {
  let best = 0;
  for (let i = 0; i < q.codeIds.length; i++) {
    const code = q.f.codes[i]!.code;
    const s = Math.sqrt(q.codeWeights[i]!);
    if (s <= best || chainRoleOfBits(WISH_TYPES[t]!, store.chainLinks(q.codeIds[i]!, id), 0, code) !== 'makes' || !inWishClusters(store, space, w, code)) continue;
    best = s;
  }
  return best;
}

/** Does the candidate have a wish in [start, start + count) of a type in `mask` aimed at `country` or anywhere? */
function hasWish(store: CandidateStore, start: number, count: number, mask: number, country: number): boolean {
  for (let o = 0; o < count; o++) {
    if (!(mask & (1 << store.wishType.data[start + o]!))) continue;
    const oc = store.wishCountry.data[start + o]!;
    if (oc < 0 || oc === country) return true;
  }
  return false;
}

/**
 * Both directions' complementarity (score.ts complementarity), written to out[0] (query → candidate: how
 * much of the query's wishes the candidate fulfils) and out[1] (candidate → query). The terms are added
 * in the reference's order: the requests' fits, then the offers taken up.
 */
export function complementarities(store: CandidateStore, space: ClusterSpace, q: PreparedQuery, slot: number, out: Float64Array): void {
  const candidateCountry = store.country.data[slot]!;
  const offerStart = store.offerStart.data[slot]!;
  const offerCount = store.offerLen.data[slot]!;
  const requestStart = store.requestStart.data[slot]!;
  const requestCount = store.requestLen.data[slot]!;
  const queryTrades = q.f.trades;
  const candidateTrades = store.trades.data[slot] === 1;

  // The query's requests: answered by an offer, a request of the same undertaking, or a role.
  let forward = 0;
  for (let r = 0; r < q.requestCount; r++) {
    queryFits[r] = 0;
    const target = q.requestCountries[r]!;
    if (target >= 0 && target !== candidateCountry) continue;
    const t = q.requestTypes[r]!;
    // A request of the candidate's meets it when of the same undertaking (MUTUAL_REQUESTS) or by tradeRequestsMeet.
    const requestsMeeting = q.requestMutualMasks[r]! | q.requestTradeMasks[r]![candidateTrades ? 1 : 0];
    const stated = hasWish(store, offerStart, offerCount, q.requestOfferMasks[r]!, q.country) || (requestsMeeting !== 0 && hasWish(store, requestStart, requestCount, requestsMeeting, q.country));
    if (!stated && !chainAnswers(t)) continue;
    const clusters = q.requestFitClusters[r]!;
    let fit = stated ? 1 : 0;
    if (clusters.length) {
      fit = 0;
      if (stated) fit = candidateClusterFit(store, slot, clusters, q.requestFitFactors[r]!, clusterCreditFor(WISH_TYPES[t]!, candidateTrades));
      if (chainAnswers(t)) {
        // Rounding is monotone: the best link times the credit is the best of the credited links.
        const linked = forwardChainOfRequest(store, space, q, r, slot);
        const v = creditedChainFit(linked, stated);
        if (v > fit) fit = v;
      }
    }
    queryFits[r] = fit;
    if (fit > 0) forward += fit;
  }

  // The candidate's requests, likewise, with the query as provider.
  let backward = 0;
  const met = metMask(q, candidateCountry) | tradeMetMask(q, candidateCountry, candidateTrades);
  for (let r = 0; r < requestCount; r++) {
    candidateFits[r] = 0;
    const target = store.wishCountry.data[requestStart + r]!;
    if (target >= 0 && target !== q.country) continue;
    const t = store.wishType.data[requestStart + r]!;
    const stated = (met & (1 << t)) !== 0;
    if (!stated && !chainAnswers(t)) continue;
    // A request naming no cluster is about the candidate's own (score.ts requestSubject); -1: nothing to judge by.
    const byClusters = stated ? queryClusterFit(store, space, q, slot, requestStart + r, clusterCreditFor(WISH_TYPES[t]!, queryTrades)) : 0;
    const judged = stated ? byClusters >= 0 : store.wishClLen.data[requestStart + r]! > 0 || store.clusterLen.data[slot]! > 0;
    let fit = stated ? 1 : 0;
    if (judged) {
      fit = stated ? byClusters : 0;
      if (chainAnswers(t)) {
        const linked = backwardChain(store, q, t, slot, space, requestStart + r);
        const v = creditedChainFit(linked, stated);
        if (v > fit) fit = v;
      }
    }
    candidateFits[r] = fit;
    if (fit > 0) backward += fit;
  }

  // Offers taken up: each query offer by the candidate's requests it meets (their fit is a stated one).
  for (let o = 0; o < q.offerTypes.length; o++) {
    const oc = q.offerCountries[o]!;
    if (oc >= 0 && oc !== candidateCountry) continue;
    const meetsMask = q.offerMeetsMasks[o]!;
    let best = 0;
    const named = q.offerNamesClusters[o]!;
    for (let r = 0; r < requestCount; r++) {
      const t = store.wishType.data[requestStart + r]!;
      if (!(meetsMask & (1 << t))) continue;
      // An offer naming clusters: no better than the candidate fits them (score.ts takerFit).
      const v = named ? Math.min(candidateFits[r]!, candidateTakerFit(store, q, o, t, slot)) : candidateFits[r]!;
      if (v > best) best = v;
    }
    // … or by the candidate's offers that meet it (MUTUAL_OFFERS: no value chain answers those).
    const mutual = q.offerMutualMasks[o]!;
    if (mutual) {
      for (let c = 0; c < offerCount; c++) {
        const w = offerStart + c;
        const type = store.wishType.data[w]!;
        if (!(mutual & (1 << type))) continue;
        const wc = store.wishCountry.data[w]!;
        if (wc >= 0 && wc !== q.country) continue;
        const fit = queryClusterFit(store, space, q, slot, w, clusterCreditFor(WISH_TYPES[type]!, queryTrades));
        const v = fit < 0 ? 1 : fit;
        if (v > best) best = v;
      }
    }
    if (best > 0) forward += best;
  }
  // … and each candidate offer by the query's requests it meets.
  for (let o = 0; o < offerCount; o++) {
    const oc = store.wishCountry.data[offerStart + o]!;
    if (oc >= 0 && oc !== q.country) continue;
    const type = 1 << store.wishType.data[offerStart + o]!;
    let best = 0;
    const named = store.wishClLen.data[offerStart + o]! > 0;
    for (let r = 0; r < q.requestCount; r++) {
      if (!(q.requestOfferMasks[r]! & type)) continue;
      const v = named ? Math.min(queryFits[r]!, queryTakerFit(store, space, q, slot, offerStart + o, q.requestTypes[r]!)) : queryFits[r]!;
      if (v > best) best = v;
    }
    // … or by the query's offers that meet it (MUTUAL_OFFERS), each fitted by the candidate's clusters.
    if (q.mutualOffersMask & type) {
      for (let qo = 0; qo < q.offerTypes.length; qo++) {
        if (!(q.offerMutualMasks[qo]! & type)) continue;
        const qc = q.offerCountries[qo]!;
        if (qc >= 0 && qc !== candidateCountry) continue;
        const clusters = q.offerFitClusters[qo]!;
        const v = clusters.length ? candidateClusterFit(store, slot, clusters, q.offerFitFactors[qo]!, clusterCreditFor(WISH_TYPES[q.offerTypes[qo]!]!, candidateTrades)) : 1;
        if (v > best) best = v;
      }
    }
    if (best > 0) backward += best;
  }
  out[0] = requestShare(forward, q.requestCount + q.offerTypes.length);
  out[1] = requestShare(backward, requestCount + offerCount);
}

/** Size fit query → candidate (forward) or candidate → query. */
export function sizeFitOf(store: CandidateStore, profile: ScoringProfile, q: PreparedQuery, slot: number, forward: boolean): number {
  const a = q.f.sizeClass;
  const b = store.sizeClass.data[slot]!;
  if (a >= 0 && b >= 0) return forward ? profile.sizeMatrix[a]![b]! : profile.sizeMatrix[b]![a]!;
  const pa = q.f.population;
  const pb = store.population.data[slot]!;
  if (q.kind === 1 && store.kind.data[slot] === 1 && pa && pb) return forward ? populationFit(pa, pb) : populationFit(pb, pa);
  return NEUTRAL_SIZE;
}

const coefficients = new Float64Array(2);
const pairFits = new Float64Array(2);

/**
 * The pair score, as pairScore() in score.ts computes it, given the parts a search has already computed.
 * It is pairTotal() spelled out in the same terms: the exhaustive scan does not inline a call with nine
 * numbers, and passing them boxes each one (8 % of the scan's time).
 */
export function scoreCandidate(store: CandidateStore, space: ClusterSpace, profile: ScoringProfile, q: PreparedQuery, slot: number, industry: number, forwardSize: number, backwardSize: number): number {
  complementarities(store, space, q, slot, pairFits);
  return scoreOfParts(profile, industry, pairFits[0]!, pairFits[1]!, forwardSize, backwardSize, unmetCreditOf(q.kind, store.kind.data[slot]!));
}

/**
 * The pair score from its parts (industry fit is symmetric: one value for both directions, counted as
 * score.ts industryCounted() has it; never more than given, so bounds on the raw fit still hold).
 */
export function scoreOfParts(profile: ScoringProfile, industryFit: number, fc: number, bc: number, forwardSize: number, backwardSize: number, unmetCredit: number): number {
  const industry = industryCounted(industryFit, fc, bc, unmetCredit);
  const { industry: wi, complementarity: wc, size: ws } = profile.weights;
  fusionCoefficientsInto(profile.fusion, directedTotal(wi, wc, ws, industry, fc, forwardSize), directedTotal(wi, wc, ws, industry, bc, backwardSize), coefficients);
  const alpha = coefficients[0]!;
  const beta = coefficients[1]!;
  return 0 + contribution(wi, alpha, beta, industry, industry) + contribution(wc, alpha, beta, fc, bc) + contribution(ws, alpha, beta, forwardSize, backwardSize);
}
