/**
 * The exact kernel: a query against one stored candidate, read from typed arrays, through score.ts's
 * terms with the operands in the same order as its object-based reference, so that both give the
 * same doubles (test/engine/matching-kernel.test.ts).
 */
import type { ClusterSpace } from '../features.ts';
import { WISH_TYPES } from '../../cooperation.ts';
import { chainFitOfCodes, clusterCreditFor, contribution, IMPLIED_ROLE_CREDIT, cosineOfSums, directedTotal, fusionCoefficientsInto, industryTerm, NEUTRAL_SIZE, populationFit, RELATED_CLUSTER_CREDIT, requestShare, weighedBy, type ScoringProfile } from '../score.ts';
import { chainAnswers, chainBackwardOf, chainForwardOf, codeBestOf, metMask, type PreparedQuery } from './query.ts';
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
 * complementarity(query → candidate): the query's requests answered by the candidate's offers, by its
 * requests of the same joint undertaking, or by its role in the value chain alone (score.ts complementarity).
 */
export function forwardComplementarity(store: CandidateStore, q: PreparedQuery, slot: number): number {
  if (!q.requestCount) return 0;
  const candidateCountry = store.country.data[slot]!;
  const offers = store.offerStart.data[slot]!;
  const offerCount = store.offerLen.data[slot]!;
  let sum = 0;
  for (let r = 0; r < q.requestCount; r++) {
    const target = q.requestCountries[r]!;
    if (target >= 0 && target !== candidateCountry) continue;
    let met = false;
    for (let o = 0; o < offerCount && !met; o++) {
      if (!(q.requestOfferMasks[r]! & (1 << store.wishType.data[offers + o]!))) continue;
      const oc = store.wishCountry.data[offers + o]!;
      if (oc >= 0 && oc !== q.country) continue;
      met = true;
    }
    const mutual = q.requestMutualMasks[r]!;
    if (!met && mutual) {
      const requests = store.requestStart.data[slot]!;
      const requestCount = store.requestLen.data[slot]!;
      for (let o = 0; o < requestCount && !met; o++) {
        if (!(mutual & (1 << store.wishType.data[requests + o]!))) continue;
        const oc = store.wishCountry.data[requests + o]!;
        if (oc >= 0 && oc !== q.country) continue;
        met = true;
      }
    }
    const t = q.requestTypes[r]!;
    if (!met && !chainAnswers(t)) continue;
    const clusters = q.requestFitClusters[r]!;
    let fit = met ? 1 : 0;
    if (clusters.length) {
      fit = 0;
      if (met) {
        // max() is order-free: own clusters (credit 1: exact) and related ones in one flat list.
        const credits = q.requestFitFactors[r]!;
        const credit = clusterCreditFor(WISH_TYPES[t]!, store.trades.data[slot] === 1);
        for (let j = 0; j < clusters.length; j++) {
          const v = credits[j]! * clusterValue(store, slot, clusters[j]!) * credit;
          if (v > fit) fit = v;
        }
      }
      if (chainAnswers(t)) {
        const codes = store.codeStart.data[slot]!;
        const codeCount = store.codeLen.data[slot]!;
        let linked = 0;
        for (let j = 0; j < codeCount; j++) {
          const v = chainFitOfCodes(chainForwardOf(store, q, t, store.codeId.data[codes + j]!), store.codeSqrtW.data[codes + j]!);
          if (v > linked) linked = v;
        }
        // Rounding is monotone: the best link times the credit is the best of the credited links.
        const v = met ? linked : linked * IMPLIED_ROLE_CREDIT;
        if (v > fit) fit = v;
      }
    }
    if (fit > 0) sum += fit;
  }
  return requestShare(sum, q.requestCount);
}

/** complementarity(candidate → query): the candidate's requests met by the query's offers. */
export function backwardComplementarity(store: CandidateStore, space: ClusterSpace, q: PreparedQuery, slot: number): number {
  const count = store.requestLen.data[slot]!;
  if (!count) return 0;
  const start = store.requestStart.data[slot]!;
  const met = metMask(q, store.country.data[slot]!);
  const clusters = q.f.clusters;
  let sum = 0;
  for (let r = 0; r < count; r++) {
    const target = store.wishCountry.data[start + r]!;
    if (target >= 0 && target !== q.country) continue;
    const t = store.wishType.data[start + r]!;
    const stated = (met & (1 << t)) !== 0;
    if (!stated && !chainAnswers(t)) continue;
    const clStart = store.wishClStart.data[start + r]!;
    const clLen = store.wishClLen.data[start + r]!;
    // A request naming no cluster is about the candidate's own (score.ts requestSubject).
    const own = clLen === 0;
    const subjectStart = own ? store.clusterStart.data[slot]! : clStart;
    const subjectLen = own ? store.clusterLen.data[slot]! : clLen;
    const subject = own ? store.clusterIdx.data : store.wishClusters.data;
    let fit = stated ? 1 : 0;
    if (subjectLen) {
      fit = 0;
      const credit = clusterCreditFor(WISH_TYPES[t]!, q.f.trades);
      if (stated) for (let j = 0; j < subjectLen; j++) {
        const c = subject[subjectStart + j]!;
        const own = clusters[c]! * credit;
        if (own > fit) fit = own;
        const related = space.related[c]!;
        for (let m = 0; m < related.length; m++) {
          const v = RELATED_CLUSTER_CREDIT * clusters[related[m]!]! * credit;
          if (v > fit) fit = v;
        }
      }
      if (chainAnswers(t)) {
        const codes = store.codeStart.data[slot]!;
        const codeCount = store.codeLen.data[slot]!;
        let linked = 0;
        for (let j = 0; j < codeCount; j++) {
          const v = chainFitOfCodes(store.codeSqrtW.data[codes + j]!, chainBackwardOf(store, q, t, store.codeId.data[codes + j]!));
          if (v > linked) linked = v;
        }
        const v = stated ? linked : linked * IMPLIED_ROLE_CREDIT;
        if (v > fit) fit = v;
      }
    }
    if (fit > 0) sum += fit;
  }
  return requestShare(sum, count);
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

/**
 * The pair score, as pairScore() in score.ts computes it, given the parts a search has already computed.
 * It is pairTotal() spelled out in the same terms: the exhaustive scan does not inline a call with nine
 * numbers, and passing them boxes each one (8 % of the scan's time).
 */
export function scoreCandidate(store: CandidateStore, space: ClusterSpace, profile: ScoringProfile, q: PreparedQuery, slot: number, industry: number, forwardSize: number, backwardSize: number): number {
  const { industry: wi, complementarity: wc, size: ws } = profile.weights;
  const fc = forwardComplementarity(store, q, slot);
  const bc = backwardComplementarity(store, space, q, slot);
  // Industry fit is symmetric: one value for both directions.
  fusionCoefficientsInto(profile.fusion, directedTotal(wi, wc, ws, industry, fc, forwardSize), directedTotal(wi, wc, ws, industry, bc, backwardSize), coefficients);
  const alpha = coefficients[0]!;
  const beta = coefficients[1]!;
  return 0 + contribution(wi, alpha, beta, industry, industry) + contribution(wc, alpha, beta, fc, bc) + contribution(ws, alpha, beta, forwardSize, backwardSize);
}
