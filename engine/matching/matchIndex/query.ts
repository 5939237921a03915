/** A query's features prepared once per query: dense vectors and lookups that the kernel and the bounds read. */
import { COMPLEMENTS, MUTUAL_OFFERS, MUTUAL_REQUESTS, WISH_TYPES, type WishType } from '../../cooperation.ts';
import type { ClusterSpace, MatchFeatures } from '../features.ts';
import { chainSubjectCodes, RELATED_CLUSTER_CREDIT, weighedBy } from '../score.ts';
import { CHAIN_ROLES_FOR_REQUEST, chainRoleFor, clusterCreditFor, tradeRequestsMeet, type ChainRole } from '../roles.ts';
import { VALUE_CHAIN_KINDS } from '../../valueChain.ts';
import type { CandidateStore } from './store.ts';

export interface PreparedQuery {
  f: MatchFeatures;
  /** The query's own slot when it is in the index (never its own match), else -1. */
  slot: number;
  kind: number;
  country: number;
  group: number;
  codeIds: number[];
  codeWeights: number[];
  norm2: number;
  unit: Float64Array;
  requestCount: number;
  /** For each of the query's requests, the offer types that meet it. */
  requestOfferMasks: number[];
  /** For each of the query's requests, the request types that meet it (MUTUAL_REQUESTS). */
  requestMutualMasks: number[];
  /** For each of the query's requests, the request types of a candidate that trades [1] or not [0] that meet it (score.ts tradeRequestsMeet). */
  requestTradeMasks: [number, number][];
  /** Per candidate country id and whether it trades: the candidate request types the query's requests meet by tradeRequestsMeet (lazily filled). */
  tradeMetByCountry: Map<number, number>;
  requestCountries: number[];
  offerTypes: number[];
  offerCountries: number[];
  /** For each of the query's offers, the request types it meets. */
  offerMeetsMasks: number[];
  /** For each of the query's offers, the offer types that meet it (MUTUAL_OFFERS). */
  offerMutualMasks: number[];
  /** The offer types that meet one of the query's offers: a candidate's such offer takes one up. */
  mutualOffersMask: number;
  /** Per offer, like requestFitClusters: what a candidate's offer meeting it is fitted to (a stated fit). */
  offerFitClusters: Int32Array[];
  offerFitFactors: Float64Array[];
  /** Per offer: does it name clusters (then a taker fits it no better than it fits them: score.ts takerFit)? */
  offerNamesClusters: boolean[];
  /** Per cluster c: the query's best fit to a request about c (its own membership, or a related cluster's at the related credit). */
  subjectFit: Float64Array;
  /** The clusters with a subjectFit above 0, as a bit set of CandidateStore.subjectWords words. */
  subjectBits: Int32Array;
  /** Per wish type: the credit of the query's clusters as the provider answering a request of that type (score.ts clusterCreditFor). */
  providerCredits: Float64Array;
  /** The offer types that meet one of the query's requests (a candidate's such offer is taken up). */
  offersTakenMask: number;
  /**
   * Per request: the cluster indexes to look at and the credit of each (1 own, RELATED_CLUSTER_CREDIT
   * related): the clusters it names, or the query's own when it names none (score.ts requestSubject).
   */
  requestFitClusters: Int32Array[];
  requestFitFactors: Float64Array[];
  requestTypes: number[];
  /**
   * Per wish type, per code id: the best √weight of a query code that a candidate code provides to with a
   * link answering a query request of that type (forward), or that provides to it answering a candidate
   * request of that type (backward); 0 without a link. Built on first need, for the codes interned then.
   */
  chainForward: (Float64Array | undefined)[];
  chainBackward: (Float64Array | undefined)[];
  /**
   * Per query request: chainForward's table over the query codes a link answers that request through
   * (score.ts chainSubjectCodes); the exact fit reads it, the bounds the
   * per-type table, which is never smaller.
   */
  chainForwardByRequest: (Float64Array | undefined)[];
  /** Per query request: the indexes into codeIds of its subject codes (score.ts chainSubjectCodes). */
  requestChainCodes: number[][];
  /** Per wish type: the largest entry of chainForward, chainBackward (undefined until first needed). */
  chainForwardMax: (number | undefined)[];
  chainBackwardMax: (number | undefined)[];
  /** Per candidate country id: the request types the query's offers meet there (lazily filled). */
  metMaskByCountry: number[];
  /** Per wish type: chainBackward's table without the query's codes as makers of what the candidate sells (roles.ts 'makes'). */
  chainBackwardNotMaking: (Float64Array | undefined)[];
  /** Per code id: max over the query's codes of Wu–Palmer × √weight (NaN until first needed). */
  codeBest: Float64Array;
  /** The query's non-zero cluster coordinates (the cosine bound only needs these). */
  unitIdx: Int32Array;
}

const typeMask = (types: readonly string[]) => types.reduce((m, t) => m | (1 << WISH_TYPES.indexOf(t as never)), 0);

export function prepareQuery(store: CandidateStore, space: ClusterSpace, f: MatchFeatures): PreparedQuery {
  const codeIds: number[] = [];
  const codeWeights: number[] = [];
  for (const c of f.codes) {
    codeIds.push(store.internCode(c.code, c.path));
    codeWeights.push(c.weight);
  }
  const C = store.C;
  let norm2 = 0;
  for (let i = 0; i < C; i++) norm2 += f.clusters[i]! * f.clusters[i]!;
  const unit = new Float64Array(C);
  if (norm2 > 0) for (let i = 0; i < C; i++) unit[i] = f.clusters[i]! / Math.sqrt(norm2);
  const own: number[] = [];
  for (let c = 0; c < C; c++) if (f.clusters[c]! > 0) own.push(c);
  // A wish that names no cluster is about the query's own: one list for all of them.
  const ownFit = fitListOf(space, own);
  const fitOf = (clusters: number[]) => (clusters.length ? fitListOf(space, clusters) : ownFit);
  const offerFits = f.offers.map((o) => fitOf(o.clusters));
  const requestFits = f.requests.map((r) => fitOf(r.clusters));
  const subjectFit = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    let fit = f.clusters[c]!;
    for (const r of space.related[c] ?? []) fit = Math.max(fit, RELATED_CLUSTER_CREDIT * f.clusters[r]!);
    subjectFit[c] = fit;
  }
  return {
    f,
    slot: store.slotOfKey.get(f.key) ?? -1,
    kind: f.kind === 'company' ? 0 : 1,
    country: store.intern(store.countries, f.country),
    group: f.groupId ? (store.groups.get(f.groupId) ?? -2) : -2,
    codeIds,
    codeWeights,
    norm2,
    unit,
    requestCount: f.requests.length,
    requestOfferMasks: f.requests.map((r) => typeMask(COMPLEMENTS[r.type])),
    requestMutualMasks: f.requests.map((r) => typeMask(MUTUAL_REQUESTS[r.type])),
    requestTradeMasks: f.requests.map((r) => [typeMask(WISH_TYPES.filter((u) => tradeRequestsMeet(r.type, f.trades, u, false))), typeMask(WISH_TYPES.filter((u) => tradeRequestsMeet(r.type, f.trades, u, true)))]),
    tradeMetByCountry: new Map(),
    requestCountries: f.requests.map((r) => store.intern(store.countries, r.targetCountry)),
    offerTypes: f.offers.map((o) => o.typeIndex),
    offerCountries: f.offers.map((o) => store.intern(store.countries, o.targetCountry)),
    offerMeetsMasks: f.offers.map((o) => typeMask(WISH_TYPES.filter((t) => COMPLEMENTS[t].includes(o.type)))),
    offerMutualMasks: f.offers.map((o) => typeMask(MUTUAL_OFFERS[o.type])),
    mutualOffersMask: f.offers.reduce((m, o) => m | typeMask(MUTUAL_OFFERS[o.type]), 0),
    offerFitClusters: offerFits.map((fit) => fit.clusters),
    offerFitFactors: offerFits.map((fit) => fit.credits),
    offerNamesClusters: f.offers.map((o) => o.clusters.length > 0),
    subjectFit,
    subjectBits: bitSet(subjectFit.map((fit) => (fit > 0 ? 1 : 0)), store.subjectWords),
    providerCredits: Float64Array.from(WISH_TYPES, (t) => clusterCreditFor(t, f.trades)),
    offersTakenMask: f.requests.reduce((m, r) => m | typeMask(COMPLEMENTS[r.type]), 0),
    requestFitClusters: requestFits.map((fit) => fit.clusters),
    requestFitFactors: requestFits.map((fit) => fit.credits),
    requestTypes: f.requests.map((r) => r.typeIndex),
    chainForward: [],
    chainBackward: [],
    chainForwardByRequest: [],
    requestChainCodes: f.requests.map((r) => chainSubjectCodes(space, r, f.codes).map((c) => f.codes.indexOf(c))),
    chainForwardMax: [],
    chainBackwardMax: [],
    metMaskByCountry: [],
    chainBackwardNotMaking: [],
    codeBest: new Float64Array(store.codeIds.size).fill(NaN),
    unitIdx: Int32Array.from(own),
  };
}

/** The clusters a wish about `clusters` is fitted to: each at credit 1, then its related ones at RELATED_CLUSTER_CREDIT. */
function fitListOf(space: ClusterSpace, clusters: readonly number[]): { clusters: Int32Array; credits: Float64Array } {
  let n = 0;
  for (const c of clusters) n += 1 + (space.related[c]?.length ?? 0);
  const list = { clusters: new Int32Array(n), credits: new Float64Array(n) };
  let i = 0;
  for (const c of clusters) {
    list.clusters[i] = c;
    list.credits[i++] = 1;
    for (const r of space.related[c] ?? []) {
      list.clusters[i] = r;
      list.credits[i++] = RELATED_CLUSTER_CREDIT;
    }
  }
  return list;
}

/** The bit set of the indexes whose flag is set, in `words` 32-bit words. */
function bitSet(flags: ArrayLike<number>, words: number): Int32Array {
  const bits = new Int32Array(words);
  for (let c = 0; c < flags.length; c++) if (flags[c]) bits[c >> 5]! |= 1 << (c & 31);
  return bits;
}

/** Per wish type: how many roles in the value chain answer it (roles.ts CHAIN_ROLES_FOR_REQUEST); 0, none. */
const CHAIN_ROLE_COUNTS = WISH_TYPES.map((t) => CHAIN_ROLES_FOR_REQUEST[t].length);

/** Does a request of type `typeIndex` draw on the value chain at all? */
export function chainAnswers(typeIndex: number): boolean {
  return CHAIN_ROLE_COUNTS[typeIndex] !== 0;
}

/**
 * For a query request of type t: max √w over the query's codes that candidate code `id` provides to with
 * a link answering t (0 when none). The candidate's fit is this × the code's √weight (score.ts chainFitOfCodes).
 */
export function chainForwardOf(store: CandidateStore, q: PreparedQuery, t: number, id: number): number {
  return (q.chainForward[t] ??= chainTable(store, q, t, 4))[id]!;
}

/**
 * chainForwardOf for the query's request r: over the query codes the request is answered through only,
 * and a candidate code as the maker of what the query sells only when in the clusters r names (score.ts makerInSubject).
 */
export function chainForwardOfRequest(store: CandidateStore, space: ClusterSpace, q: PreparedQuery, r: number, id: number): number {
  const named = q.f.requests[r]!.clusters;
  return (q.chainForwardByRequest[r] ??= chainTable(store, q, q.requestTypes[r]!, 4, q.requestChainCodes[r], !named.length || ((code) => space.codeInClusters(code, named))))[id]!;
}

/** For a candidate request of type t: max √w over the query's codes that provide to candidate code `id` with a link answering t. */
export function chainBackwardOf(store: CandidateStore, q: PreparedQuery, t: number, id: number): number {
  return (q.chainBackward[t] ??= chainTable(store, q, t, 0))[id]!;
}

/** chainBackwardOf without the query's codes as makers of what candidate code `id` sells (roles.ts 'makes'): never more than chainBackwardOf. */
export function chainBackwardNotMakingOf(store: CandidateStore, q: PreparedQuery, t: number, id: number): number {
  return (q.chainBackwardNotMaking[t] ??= chainTable(store, q, t, 0, undefined, false))[id]!;
}

/** The role by which the provider's code answers a request of type `type` (roles.ts chainRoleFor), from CandidateStore.chainLinks bits seen from the requester's code (`shift` 4) or the provider's (0). */
export function chainRoleOfBits(type: WishType, bits: number, shift: 0 | 4, providerCode: string): ChainRole | null {
  // The provider's link to the requester's code and the requester's to the provider's (one kind each: linkBetween's).
  const provides = (bits >> shift) & 0xf;
  const receives = (bits >> (4 - shift)) & 0xf;
  return chainRoleFor(type, provides ? VALUE_CHAIN_KINDS[31 - Math.clz32(provides)]! : null, receives ? VALUE_CHAIN_KINDS[31 - Math.clz32(receives)]! : null, providerCode);
}

/** The largest chainForwardOf over every code: what any candidate code could provide to a query request of type t. */
export function chainForwardBest(store: CandidateStore, q: PreparedQuery, t: number): number {
  return (q.chainForwardMax[t] ??= largest((q.chainForward[t] ??= chainTable(store, q, t, 4))));
}

/** The largest chainBackwardOf over every code. */
export function chainBackwardBest(store: CandidateStore, q: PreparedQuery, t: number): number {
  return (q.chainBackwardMax[t] ??= largest((q.chainBackward[t] ??= chainTable(store, q, t, 0))));
}

function largest(table: Float64Array): number {
  let best = 0;
  for (let i = 0; i < table.length; i++) if (table[i]! > best) best = table[i]!;
  return best;
}

/**
 * Per code id, max √w over the query's codes with which it plays a role that answers a request of type t
 * (roles.ts chainRoleFor; `shift` 4: the code is the provider, 0: the query's code is), from the query
 * codes' link lists; a code in no list has no link: 0. `makes` says whether a provider code answers as the
 * maker of what the requester's sells (roles.ts 'makes'): always, never, or when the test holds for it. A query's tables cover every code: codes are interned
 * when the query is prepared or between queries, never during one (codeBest assumes the same).
 */
function chainTable(store: CandidateStore, q: PreparedQuery, t: number, shift: 0 | 4, only?: readonly number[], makes: boolean | ((providerCode: string) => boolean) = true): Float64Array {
  const table = new Float64Array(store.codeIds.size);
  if (!CHAIN_ROLE_COUNTS[t]) return table;
  const type = WISH_TYPES[t]!;
  for (let k = 0, n = only ? only.length : q.codeIds.length; k < n; k++) {
    const i = only ? only[k]! : k;
    const { ids, bits } = store.linkedCodes(q.codeIds[i]!);
    const s = Math.sqrt(q.codeWeights[i]!);
    for (let j = 0; j < ids.length; j++) {
      const id = ids[j]!;
      if (s <= table[id]!) continue;
      const provider = shift ? store.codeOf(id) : q.f.codes[i]!.code;
      const role = chainRoleOfBits(type, bits[j]!, shift, provider);
      if (role && (role !== 'makes' || makes === true || (makes !== false && makes(provider)))) table[id] = s;
    }
  }
  return table;
}

/** max over the query's codes of wuPalmer(q, id) × √w_q: a candidate's or block's code then needs one lookup. */
export function codeBestOf(store: CandidateStore, q: PreparedQuery, id: number): number {
  let best = q.codeBest[id]!;
  if (Number.isNaN(best)) {
    best = 0;
    for (let i = 0; i < q.codeIds.length; i++) {
      const s = weighedBy(store.codeSimilarityOf(q.codeIds[i]!, id), Math.sqrt(q.codeWeights[i]!));
      if (s > best) best = s;
    }
    q.codeBest[id] = best;
  }
  return best;
}

/** The candidate request types that the query's offers (or its requests of the same joint undertaking) meet, for a candidate in `country`. */
export function metMask(q: PreparedQuery, country: number): number {
  let mask = q.metMaskByCountry[country];
  if (mask === undefined) {
    mask = 0;
    for (let t = 0; t < WISH_TYPES.length; t++) {
      const type = WISH_TYPES[t]!;
      for (let o = 0; o < q.offerTypes.length; o++) {
        const oc = q.offerCountries[o]!;
        if ((oc < 0 || oc === country) && COMPLEMENTS[type].includes(WISH_TYPES[q.offerTypes[o]!]!)) {
          mask |= 1 << t;
          break;
        }
      }
      for (let r = 0; r < q.requestCount; r++) {
        const rc = q.requestCountries[r]!;
        if ((rc < 0 || rc === country) && MUTUAL_REQUESTS[type].includes(WISH_TYPES[q.requestTypes[r]!]!)) {
          mask |= 1 << t;
          break;
        }
      }
    }
    q.metMaskByCountry[country] = mask;
  }
  return mask;
}

/** The candidate request types that the query's requests meet by score.ts tradeRequestsMeet, for a candidate in `country` that trades or not. */
export function tradeMetMask(q: PreparedQuery, country: number, candidateTrades: boolean): number {
  const key = 2 * country + (candidateTrades ? 1 : 0);
  let mask = q.tradeMetByCountry.get(key);
  if (mask === undefined) {
    mask = 0;
    for (let t = 0; t < WISH_TYPES.length; t++) {
      for (let r = 0; r < q.requestCount; r++) {
        const rc = q.requestCountries[r]!;
        if ((rc < 0 || rc === country) && tradeRequestsMeet(WISH_TYPES[t]!, candidateTrades, WISH_TYPES[q.requestTypes[r]!]!, q.f.trades)) {
          mask |= 1 << t;
          break;
        }
      }
    }
    q.tradeMetByCountry.set(key, mask);
  }
  return mask;
}
