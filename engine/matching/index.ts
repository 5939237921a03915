/**
 * The matching index: every candidate's features in typed arrays, grouped in blocks of candidates
 * that share kind, country and cluster signature. A query scores blocks by an upper bound, visits
 * them best first, bounds each candidate cheaply before scoring it in full, and stops when no block
 * can reach the current k-th score. The full score is computed by the same kernel as the exhaustive
 * scan, term for term as score.ts computes it, so rankings are identical (tests check both).
 */
import { COMPLEMENTS, WISH_TYPES } from '../cooperation.ts';
import type { ClusterSpace, MatchFeatures } from './features.ts';
import { COMPONENTS, fuse, fusionCoefficientsInto, NEUTRAL_SIZE, type ScoringProfile } from './score.ts';

// The kernel below unrolls the components; it must list them as score.ts does.
if (COMPONENTS.join() !== 'industry,complementarity,size') throw new Error('index kernel out of step with score.ts COMPONENTS');
import type { CountryRule } from './rank.ts';

/** Upper bounds are computed along other roads than the scores; this margin absorbs rounding. */
const BOUND_SLACK = 1e-9;

interface Growable<T extends Float64Array | Int32Array | Uint8Array | Int16Array | Int8Array> {
  data: T;
  length: number;
  reserve(extra: number): void;
  resize(capacity: number): void;
  push(value: number): number;
}

/**
 * A typed array that grows. Each element type gets its own class, so that push() stays monomorphic
 * (one shared class over five array types made it the slowest line of the index build).
 */
function growableOf<T extends Float64Array | Int32Array | Uint8Array | Int16Array | Int8Array>(make: (n: number) => T) {
  return class implements Growable<T> {
    data: T;
    length = 0;
    constructor(capacity = 1024) {
      this.data = make(capacity);
    }
    reserve(extra: number): void {
      if (this.length + extra <= this.data.length) return;
      let capacity = this.data.length * 2;
      while (capacity < this.length + extra) capacity *= 2;
      const next = make(capacity);
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    /** Grows to hold at least `capacity` elements, keeping all of them (for arrays indexed by slot). */
    resize(capacity: number): void {
      if (capacity <= this.data.length) return;
      const next = make(capacity);
      next.set(this.data);
      this.data = next;
    }
    push(value: number): number {
      if (this.length === this.data.length) this.reserve(1);
      this.data[this.length] = value;
      return this.length++;
    }
  };
}

const F64 = growableOf((n) => new Float64Array(n));
const I32 = growableOf((n) => new Int32Array(n));
const U8 = growableOf((n) => new Uint8Array(n));
const I16 = growableOf((n) => new Int16Array(n));
const I8 = growableOf((n) => new Int8Array(n));

interface Block {
  kind: number;
  country: number;
  size: number;
  /**
   * Sub-blocks: members that share offer types, request types and size class, hence one bound.
   * Their keys live in flat arrays because a query walks them all and reads these three fields of
   * each (objects scattered over the heap cost a cache miss apiece); only a passing sub-block's slots are read.
   */
  subByKey: Map<number, number>;
  subOffer: Growable<Int32Array>;
  subRequest: Growable<Int32Array>;
  subSize: Growable<Int8Array>;
  subSlots: Growable<Int32Array>[];
  /** This block's offset into the index's blockMaxUnit and blockMaxRaw (block id × cluster count). */
  maxAt: number;
  /** Code id → largest √weight of that code among members. */
  codes: Map<number, number>;
  /** The same as flat arrays for the bound's inner loop; undefined when codes changed since. */
  codeArrays: { ids: Int32Array; sqrtWeights: Float64Array } | undefined;
  sizeMask: number;
  offerMask: number;
  requestMask: number;
  anyWithoutRequests: boolean;
  minPopulation: number;
  maxPopulation: number;
  anyWithoutPopulation: boolean;
}

export interface IndexQueryOptions {
  k: number;
  countries?: CountryRule;
  kinds?: ('company' | 'city')[];
  /** Candidate keys to leave out (blocked, "no thanks", already met). */
  exclude?: ReadonlySet<string>;
  /** A further condition on candidates, by key; the server's filters (city, industry, size …). */
  accept?: (key: string) => boolean;
}

export interface IndexHit {
  key: string;
  score: number;
}

export interface QueryStats {
  blocks: number;
  blocksVisited: number;
  candidatesBounded: number;
  candidatesScored: number;
}

/** A query's features prepared once: dense vectors and lookups the kernel reads. */
interface PreparedQuery {
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
  requestCountries: number[];
  offerTypes: number[];
  offerCountries: number[];
  /** Per request: the cluster indexes to look at and the factor of each (1 own, 0.5 related). */
  requestFitClusters: Int32Array[];
  requestFitFactors: Float64Array[];
  /** Per candidate country id: the request types the query's offers meet there (lazily filled). */
  metMaskByCountry: Map<number, number>;
  /** Per code id: max over the query's codes of Wu–Palmer × √weight (NaN until first needed). */
  codeBest: Float64Array;
  /** The query's non-zero cluster coordinates (the cosine bound only needs these). */
  unitIdx: Int32Array;
}

export class MatchIndex {
  private readonly C: number;
  private readonly slotOfKey = new Map<string, number>();
  private keys: (string | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  // per-slot scalars
  private kind = new U8();
  private country = new I16();
  private group = new I32();
  private sizeClass = new I8();
  private population = new F64();
  private norm2 = new F64();
  private clusterStart = new I32();
  private clusterLen = new U8();
  private codeStart = new I32();
  private codeLen = new U8();
  private offerStart = new I32();
  private offerLen = new U8();
  private requestStart = new I32();
  private requestLen = new U8();
  private offerMask = new I32();
  private requestMask = new I32();
  private blockOf = new I32();
  private posInBlock = new I32();
  /** Each slot's sub-block within its block. */
  private subOf = new I32();
  // pools (append-only: an update or removal leaves its old entries unused until the index is rebuilt)
  private clusterIdx = new U8();
  private clusterVal = new F64();
  private codeId = new I32();
  /** √weight of each code: the industry fit multiplies by it, and √ of the same double is always the same. */
  private codeSqrtW = new F64();
  private wishType = new U8();
  private wishCountry = new I16();
  private wishClStart = new I32();
  private wishClLen = new U8();
  private wishClusters = new U8();
  // interned values
  private readonly countries = new Map<string, number>();
  private readonly groups = new Map<string, number>();
  private readonly codeIds = new Map<string, number>();
  /** Per code id: its path's level ids (4 per code, -1 past its depth) and its depth. */
  private codePaths = new I32();
  private codeDepth = new U8();
  private readonly levelIds = new Map<string, number>();
  private readonly blocks: Block[] = [];
  /** Per block and cluster, the largest unit-vector coordinate and the largest raw value among members (one array for all blocks: queries read every block's). */
  private blockMaxUnit = new F64();
  private blockMaxRaw = new F64();
  private readonly blockByKey = new Map<string, number>();
  private readonly coefficients = new Float64Array(2);
  lastStats: QueryStats = { blocks: 0, blocksVisited: 0, candidatesBounded: 0, candidatesScored: 0 };
  /** The per-slot arrays, which grow together. */
  private readonly perSlot = [this.kind, this.country, this.group, this.sizeClass, this.population, this.norm2, this.clusterStart, this.clusterLen, this.codeStart, this.codeLen, this.offerStart, this.offerLen, this.requestStart, this.requestLen, this.offerMask, this.requestMask, this.blockOf, this.posInBlock, this.subOf] as { resize(capacity: number): void }[];

  constructor(private readonly space: ClusterSpace) {
    this.C = space.size;
    if (this.C > 255) throw new Error('the index stores cluster indexes in bytes');
  }

  get size(): number {
    return this.slotOfKey.size;
  }

  has(key: string): boolean {
    return this.slotOfKey.has(key);
  }

  private intern(map: Map<string, number>, value: string | null): number {
    if (value == null) return -1;
    let id = map.get(value);
    if (id === undefined) {
      id = map.size;
      map.set(value, id);
    }
    return id;
  }

  private internCode(code: string, path: string[]): number {
    let id = this.codeIds.get(code);
    if (id !== undefined) return id;
    id = this.codeIds.size;
    this.codeIds.set(code, id);
    this.codePaths.reserve(4);
    for (let level = 0; level < 4; level++) this.codePaths.push(level < path.length ? this.intern(this.levelIds, path[level]!) : -1);
    this.codeDepth.push(path.length);
    return id;
  }

  /** Adds a candidate, or replaces the one with the same key: the index follows writes at once. */
  upsert(f: MatchFeatures): void {
    if (this.slotOfKey.has(f.key)) this.remove(f.key);
    const slot = this.freeSlots.pop() ?? this.keys.length;
    if (slot === this.keys.length) {
      this.keys.push(f.key);
      // Arrays indexed by slot grow together, rarely: a push per array per upsert was a tenth of the build.
      if (slot >= this.kind.data.length) for (const g of this.perSlot) g.resize(Math.max(1024, 2 * slot));
    } else {
      this.keys[slot] = f.key;
    }
    this.slotOfKey.set(f.key, slot);
    this.kind.data[slot] = f.kind === 'company' ? 0 : 1;
    this.country.data[slot] = this.intern(this.countries, f.country);
    this.group.data[slot] = this.intern(this.groups, f.groupId);
    this.sizeClass.data[slot] = f.sizeClass;
    this.population.data[slot] = f.population ?? 0;

    // Sparse clusters in increasing index order: the cosine then adds the same terms as the dense loop.
    this.clusterStart.data[slot] = this.clusterIdx.length;
    let n = 0;
    let norm2 = 0;
    for (let i = 0; i < this.C; i++) {
      const v = f.clusters[i]!;
      norm2 += v * v;
      if (v !== 0) {
        this.clusterIdx.push(i);
        this.clusterVal.push(v);
        n++;
      }
    }
    this.clusterLen.data[slot] = n;
    this.norm2.data[slot] = norm2;

    this.codeStart.data[slot] = this.codeId.length;
    const codeCount = Math.min(f.codes.length, 255);
    for (let j = 0; j < codeCount; j++) {
      const c = f.codes[j]!;
      this.codeId.push(this.internCode(c.code, c.path));
      this.codeSqrtW.push(Math.sqrt(c.weight));
    }
    this.codeLen.data[slot] = codeCount;

    this.offerStart.data[slot] = this.wishType.length;
    this.offerLen.data[slot] = Math.min(f.offers.length, 255);
    this.offerMask.data[slot] = this.pushWishes(f.offers);
    this.requestStart.data[slot] = this.wishType.length;
    this.requestLen.data[slot] = Math.min(f.requests.length, 255);
    this.requestMask.data[slot] = this.pushWishes(f.requests);
    this.addToBlock(slot, f);
  }

  /** Appends up to 255 wishes to the pools; returns their type mask. */
  private pushWishes(wishes: MatchFeatures['offers']): number {
    let mask = 0;
    const n = Math.min(wishes.length, 255);
    for (let i = 0; i < n; i++) {
      const w = wishes[i]!;
      this.wishType.push(w.typeIndex);
      this.wishCountry.push(this.intern(this.countries, w.targetCountry));
      this.wishClStart.push(this.wishClusters.length);
      const clusters = Math.min(w.clusters.length, 255);
      this.wishClLen.push(clusters);
      for (let j = 0; j < clusters; j++) this.wishClusters.push(w.clusters[j]!);
      mask |= 1 << w.typeIndex;
    }
    return mask;
  }

  remove(key: string): boolean {
    const slot = this.slotOfKey.get(key);
    if (slot === undefined) return false;
    const block = this.blocks[this.blockOf.data[slot]!]!;
    const slots = block.subSlots[this.subOf.data[slot]!]!;
    const pos = this.posInBlock.data[slot]!;
    const last = slots.data[slots.length - 1]!;
    slots.data[pos] = last;
    this.posInBlock.data[last] = pos;
    slots.length--;
    block.size--;
    this.slotOfKey.delete(key);
    this.keys[slot] = undefined;
    this.freeSlots.push(slot);
    // Block bounds stay as they were: still upper bounds, merely looser until a rebuild.
    return true;
  }

  private addToBlock(slot: number, f: MatchFeatures): void {
    const clStart = this.clusterStart.data[slot]!;
    const clLen = this.clusterLen.data[slot]!;
    let signature = '';
    for (let j = 0; j < clLen; j++) if (this.clusterVal.data[clStart + j]! > 0) signature += `${this.clusterIdx.data[clStart + j]},`;
    const blockKey = `${this.kind.data[slot]}|${this.country.data[slot]}|${signature}`;
    let b = this.blockByKey.get(blockKey);
    if (b === undefined) {
      b = this.blocks.length;
      const maxAt = this.blockMaxUnit.length;
      for (const maxima of [this.blockMaxUnit, this.blockMaxRaw]) {
        maxima.reserve(this.C);
        maxima.data.fill(0, maxAt, maxAt + this.C);
        maxima.length += this.C;
      }
      this.blockByKey.set(blockKey, b);
      this.blocks.push({
        kind: this.kind.data[slot]!,
        country: this.country.data[slot]!,
        size: 0,
        subByKey: new Map(),
        subOffer: new I32(16),
        subRequest: new I32(16),
        subSize: new I8(16),
        subSlots: [],
        maxAt,
        codes: new Map(),
        codeArrays: undefined,
        sizeMask: 0,
        offerMask: 0,
        requestMask: 0,
        anyWithoutRequests: false,
        minPopulation: Infinity,
        maxPopulation: 0,
        anyWithoutPopulation: false,
      });
    }
    const block = this.blocks[b]!;
    this.blockOf.data[slot] = b;
    const offerMask = this.offerMask.data[slot]!;
    const requestMask = this.requestMask.data[slot]!;
    const subKey = (offerMask * 1024 + requestMask) * 8 + (f.sizeClass + 1);
    let sub = block.subByKey.get(subKey);
    if (sub === undefined) {
      sub = block.subSlots.length;
      block.subByKey.set(subKey, sub);
      block.subOffer.push(offerMask);
      block.subRequest.push(requestMask);
      block.subSize.push(f.sizeClass);
      block.subSlots.push(new I32(8));
    }
    this.posInBlock.data[slot] = block.subSlots[sub]!.push(slot);
    this.subOf.data[slot] = sub;
    block.size++;
    // Maxima start at 0, so only a member's non-zero clusters can raise them.
    const norm = Math.sqrt(this.norm2.data[slot]!);
    for (let j = 0; j < clLen; j++) {
      const i = this.clusterIdx.data[clStart + j]!;
      const v = this.clusterVal.data[clStart + j]!;
      if (v > this.blockMaxRaw.data[block.maxAt + i]!) this.blockMaxRaw.data[block.maxAt + i] = v;
      if (norm > 0 && v / norm > this.blockMaxUnit.data[block.maxAt + i]!) this.blockMaxUnit.data[block.maxAt + i] = v / norm;
    }
    const start = this.codeStart.data[slot]!;
    for (let j = 0; j < this.codeLen.data[slot]!; j++) {
      const id = this.codeId.data[start + j]!;
      const w = this.codeSqrtW.data[start + j]!;
      if (w > (block.codes.get(id) ?? -1)) {
        block.codes.set(id, w);
        block.codeArrays = undefined;
      }
    }
    if (f.sizeClass >= 0) block.sizeMask |= 1 << f.sizeClass;
    else block.sizeMask |= 1 << 4;
    block.offerMask |= this.offerMask.data[slot]!;
    block.requestMask |= this.requestMask.data[slot]!;
    if (!this.requestLen.data[slot]) block.anyWithoutRequests = true;
    if (f.population) {
      block.minPopulation = Math.min(block.minPopulation, f.population);
      block.maxPopulation = Math.max(block.maxPopulation, f.population);
    } else block.anyWithoutPopulation = true;
  }

  private prepare(f: MatchFeatures): PreparedQuery {
    const codeIds: number[] = [];
    const codeWeights: number[] = [];
    for (const c of f.codes) {
      codeIds.push(this.internCode(c.code, c.path));
      codeWeights.push(c.weight);
    }
    let norm2 = 0;
    for (let i = 0; i < this.C; i++) norm2 += f.clusters[i]! * f.clusters[i]!;
    const unit = new Float64Array(this.C);
    if (norm2 > 0) for (let i = 0; i < this.C; i++) unit[i] = f.clusters[i]! / Math.sqrt(norm2);
    const typeMask = (types: readonly string[]) => types.reduce((m, t) => m | (1 << WISH_TYPES.indexOf(t as never)), 0);
    return {
      f,
      slot: this.slotOfKey.get(f.key) ?? -1,
      kind: f.kind === 'company' ? 0 : 1,
      country: this.intern(this.countries, f.country),
      group: f.groupId ? (this.groups.get(f.groupId) ?? -2) : -2,
      codeIds,
      codeWeights,
      norm2,
      unit,
      requestCount: f.requests.length,
      requestOfferMasks: f.requests.map((r) => typeMask(COMPLEMENTS[r.type])),
      requestCountries: f.requests.map((r) => this.intern(this.countries, r.targetCountry)),
      offerTypes: f.offers.map((o) => o.typeIndex),
      offerCountries: f.offers.map((o) => this.intern(this.countries, o.targetCountry)),
      requestFitClusters: f.requests.map((r) => Int32Array.from(r.clusters.flatMap((c) => [c, ...(this.space.related[c] ?? [])]))),
      requestFitFactors: f.requests.map((r) => Float64Array.from(r.clusters.flatMap((c) => [1, ...(this.space.related[c] ?? []).map(() => 0.5)]))),
      metMaskByCountry: new Map(),
      codeBest: new Float64Array(this.codeIds.size).fill(NaN),
      unitIdx: Int32Array.from(unit.keys()).filter((i) => unit[i]! !== 0),
    };
  }

  /** max over the query's codes of wuPalmer(q, id) × √w_q: a block's code then needs one lookup. */
  private codeBestOf(q: PreparedQuery, id: number): number {
    let best = q.codeBest[id]!;
    if (Number.isNaN(best)) {
      best = 0;
      for (let i = 0; i < q.codeIds.length; i++) {
        const s = this.wuPalmer(q.codeIds[i]!, id) * Math.sqrt(q.codeWeights[i]!);
        if (s > best) best = s;
      }
      q.codeBest[id] = best;
    }
    return best;
  }

  /** The candidate request types that the query's offers meet, for a candidate in `country`. */
  private metMask(q: PreparedQuery, country: number): number {
    let mask = q.metMaskByCountry.get(country);
    if (mask === undefined) {
      mask = 0;
      for (let t = 0; t < WISH_TYPES.length; t++) {
        for (let o = 0; o < q.offerTypes.length; o++) {
          const oc = q.offerCountries[o]!;
          if ((oc < 0 || oc === country) && COMPLEMENTS[WISH_TYPES[t]!].includes(WISH_TYPES[q.offerTypes[o]!]!)) {
            mask |= 1 << t;
            break;
          }
        }
      }
      q.metMaskByCountry.set(country, mask);
    }
    return mask;
  }

  // ---------- the exact kernel: score.ts, term for term ----------

  private wuPalmer(a: number, b: number): number {
    const paths = this.codePaths.data;
    const da = this.codeDepth.data[a]!;
    const db = this.codeDepth.data[b]!;
    let common = 0;
    while (common < da && common < db && paths[a * 4 + common] === paths[b * 4 + common]) common++;
    return da + db === 0 ? 0 : (2 * common) / (da + db);
  }

  /** b's value in cluster c (sparse lookup). */
  private clusterValue(slot: number, c: number): number {
    const start = this.clusterStart.data[slot]!;
    const len = this.clusterLen.data[slot]!;
    for (let j = 0; j < len; j++) {
      const idx = this.clusterIdx.data[start + j]!;
      if (idx === c) return this.clusterVal.data[start + j]!;
      if (idx > c) return 0;
    }
    return 0;
  }

  /**
   * The Wu–Palmer half of the industry fit: max over code pairs of (wp·√w_q)·√w_b, read as
   * max_j codeBest[j]·√w_j. Rounding is monotone, so this equals score.ts's pairwise maximum bit for bit.
   */
  private codeFit(q: PreparedQuery, slot: number): number {
    const start = this.codeStart.data[slot]!;
    const len = this.codeLen.data[slot]!;
    let best = 0;
    for (let j = 0; j < len; j++) {
      const s = this.codeBestOf(q, this.codeId.data[start + j]!) * this.codeSqrtW.data[start + j]!;
      if (s > best) best = s;
    }
    return best;
  }

  private clusterCosine(q: PreparedQuery, slot: number): number {
    const q2 = this.norm2.data[slot]!;
    if (q.norm2 === 0 || q2 === 0) return 0;
    let p = 0;
    const cs = this.clusterStart.data[slot]!;
    const cl = this.clusterLen.data[slot]!;
    for (let j = 0; j < cl; j++) p += q.f.clusters[this.clusterIdx.data[cs + j]!]! * this.clusterVal.data[cs + j]!;
    return Math.min(1, Math.max(0, p / Math.sqrt(q.norm2 * q2)));
  }

  private industry(q: PreparedQuery, slot: number): number {
    return (this.codeFit(q, slot) + this.clusterCosine(q, slot)) / 2;
  }

  /** complementarity(query → candidate): the query's requests met by the candidate's offers. */
  private forwardComplementarity(q: PreparedQuery, slot: number): number {
    if (!q.requestCount) return 0;
    const candidateCountry = this.country.data[slot]!;
    const offers = this.offerStart.data[slot]!;
    const offerCount = this.offerLen.data[slot]!;
    let sum = 0;
    for (let r = 0; r < q.requestCount; r++) {
      const target = q.requestCountries[r]!;
      if (target >= 0 && target !== candidateCountry) continue;
      let met = false;
      for (let o = 0; o < offerCount && !met; o++) {
        if (!(q.requestOfferMasks[r]! & (1 << this.wishType.data[offers + o]!))) continue;
        const oc = this.wishCountry.data[offers + o]!;
        if (oc >= 0 && oc !== q.country) continue;
        met = true;
      }
      if (!met) continue;
      const clusters = q.requestFitClusters[r]!;
      let fit = 1;
      if (clusters.length) {
        // max() is order-free: own clusters and related ones (at half) in one flat list.
        const factors = q.requestFitFactors[r]!;
        fit = 0;
        for (let j = 0; j < clusters.length; j++) {
          const v = factors[j]! === 1 ? this.clusterValue(slot, clusters[j]!) : 0.5 * this.clusterValue(slot, clusters[j]!);
          if (v > fit) fit = v;
        }
      }
      if (fit > 0) sum += fit;
    }
    return sum / q.requestCount;
  }

  /** complementarity(candidate → query): the candidate's requests met by the query's offers. */
  private backwardComplementarity(q: PreparedQuery, slot: number): number {
    const count = this.requestLen.data[slot]!;
    if (!count) return 0;
    const start = this.requestStart.data[slot]!;
    const met = this.metMask(q, this.country.data[slot]!);
    let sum = 0;
    for (let r = 0; r < count; r++) {
      const target = this.wishCountry.data[start + r]!;
      if (target >= 0 && target !== q.country) continue;
      if (!(met & (1 << this.wishType.data[start + r]!))) continue;
      const clStart = this.wishClStart.data[start + r]!;
      const clLen = this.wishClLen.data[start + r]!;
      let fit = 1;
      if (clLen) {
        fit = 0;
        for (let j = 0; j < clLen; j++) {
          const c = this.wishClusters.data[clStart + j]!;
          if (q.f.clusters[c]! > fit) fit = q.f.clusters[c]!;
          const related = this.space.related[c]!;
          for (let m = 0; m < related.length; m++) {
            const v = 0.5 * q.f.clusters[related[m]!]!;
            if (v > fit) fit = v;
          }
        }
      }
      if (fit > 0) sum += fit;
    }
    return sum / count;
  }

  private sizeFitOf(profile: ScoringProfile, q: PreparedQuery, slot: number, forward: boolean): number {
    const a = q.f.sizeClass;
    const b = this.sizeClass.data[slot]!;
    if (a >= 0 && b >= 0) return forward ? profile.sizeMatrix[a]![b]! : profile.sizeMatrix[b]![a]!;
    const pb = this.population.data[slot]!;
    if (q.kind === 1 && this.kind.data[slot] === 1 && q.f.population && pb) {
      return Math.exp(-Math.abs(Math.log(forward ? q.f.population / pb : pb / q.f.population)) / 3);
    }
    return NEUTRAL_SIZE;
  }

  /** The pair score, computed exactly as pairScore() in score.ts does. */
  private score(profile: ScoringProfile, q: PreparedQuery, slot: number, known?: { ind: number; fs: number; bs: number }): number {
    // The same sums in the same order as score.ts (COMPONENTS: industry, complementarity, size).
    const wi = profile.weights.industry;
    const wc = profile.weights.complementarity;
    const ws = profile.weights.size;
    const ind = known ? known.ind : this.industry(q, slot);
    const fc = this.forwardComplementarity(q, slot);
    const fs = known ? known.fs : this.sizeFitOf(profile, q, slot, true);
    const bc = this.backwardComplementarity(q, slot);
    const bs = known ? known.bs : this.sizeFitOf(profile, q, slot, false);
    const x = 0 + wi * ind + wc * fc + ws * fs;
    const y = 0 + wi * ind + wc * bc + ws * bs;
    const coefficients = fusionCoefficientsInto(profile.fusion, x, y, this.coefficients);
    const alpha = coefficients[0]!;
    const beta = coefficients[1]!;
    return 0 + wi * (alpha * ind + beta * ind) + wc * (alpha * fc + beta * bc) + ws * (alpha * fs + beta * bs);
  }

  // ---------- bounds ----------

  /** An upper bound on the Wu–Palmer half of the industry fit for any member of the block. */
  private blockCodeBound(q: PreparedQuery, block: Block): number {
    block.codeArrays ??= { ids: Int32Array.from(block.codes.keys()), sqrtWeights: Float64Array.from(block.codes.values()) };
    const { ids, sqrtWeights } = block.codeArrays;
    // max_ij wp(i, j)·√w_i·√w_j = max_j √w_j · max_i wp(i, j)·√w_i; the per-code maxima are memoised per query.
    let wp = 0;
    for (let j = 0; j < ids.length; j++) {
      const s = this.codeBestOf(q, ids[j]!) * sqrtWeights[j]!;
      if (s > wp) wp = s;
    }
    return wp;
  }

  /** An upper bound on the cluster cosine for any member of the block: the query's unit vector against the members' maxima. */
  private blockCosineBound(q: PreparedQuery, block: Block): number {
    let cos = 0;
    const maxUnit = this.blockMaxUnit.data;
    for (let i = 0; i < q.unitIdx.length; i++) cos += q.unit[q.unitIdx[i]!]! * maxUnit[block.maxAt + q.unitIdx[i]!]!;
    return Math.min(1, cos);
  }

  /** For each of the query's requests, the best cluster fit any member of the block could give; written to fits[at …]. */
  private blockRequestFit(q: PreparedQuery, block: Block, fits: Float64Array, at: number): void {
    for (let r = 0; r < q.requestCount; r++) {
      const clusters = q.requestFitClusters[r]!;
      const factors = q.requestFitFactors[r]!;
      let fit = clusters.length ? 0 : 1;
      for (let j = 0; j < clusters.length; j++) {
        const v = factors[j]! * this.blockMaxRaw.data[block.maxAt + clusters[j]!]!;
        if (v > fit) fit = v;
      }
      fits[at + r] = fit;
    }
  }

  private forwardBound(q: PreparedQuery, offerMask: number, country: number, fits: Float64Array, at: number): number {
    if (!q.requestCount) return 0;
    let sum = 0;
    for (let r = 0; r < q.requestCount; r++) {
      const target = q.requestCountries[r]!;
      if (target >= 0 && target !== country) continue;
      if (q.requestOfferMasks[r]! & offerMask) sum += fits[at + r]!;
    }
    return sum / q.requestCount;
  }

  /** Upper bounds on the forward and backward size fit for any member of the block, into out[at], out[at + 1]. */
  private sizeBounds(profile: ScoringProfile, q: PreparedQuery, block: Block, out: Float64Array, at: number): void {
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
        const fit = Math.exp(-Math.abs(Math.log(p / closest)) / 3);
        forward = Math.max(forward, fit, block.anyWithoutPopulation ? NEUTRAL_SIZE : 0);
        backward = forward;
      } else {
        forward = Math.max(forward, NEUTRAL_SIZE);
        backward = Math.max(backward, NEUTRAL_SIZE);
      }
    }
    out[at] = forward;
    out[at + 1] = backward;
  }

  // ---------- queries ----------

  private eligibleBlock(q: PreparedQuery, block: Block, options: IndexQueryOptions): boolean {
    if (!block.size) return false;
    if (options.kinds && !options.kinds.includes(block.kind === 0 ? 'company' : 'city')) return false;
    const rule = options.countries ?? 'cross';
    if (rule === 'cross' && block.country === q.country) return false;
    if (rule === 'same' && block.country !== q.country) return false;
    return true;
  }

  private eligibleSlot(q: PreparedQuery, slot: number, options: IndexQueryOptions): boolean {
    if (slot === q.slot) return false;
    if (q.group >= 0 && this.group.data[slot] === q.group) return false;
    if (options.exclude || options.accept) {
      const key = this.keys[slot]!;
      if (options.exclude?.has(key)) return false;
      if (options.accept && !options.accept(key)) return false;
    }
    return true;
  }

  /** Top k by exhaustive scan with the same kernel: the baseline the pruned query must equal. */
  scanAll(query: MatchFeatures, profile: ScoringProfile, options: IndexQueryOptions): IndexHit[] {
    const q = this.prepare(query);
    const top = new TopK(options.k);
    for (const block of this.blocks) {
      if (!this.eligibleBlock(q, block, options)) continue;
      for (const slots of block.subSlots) {
        for (let i = 0; i < slots.length; i++) {
          const slot = slots.data[i]!;
          if (!this.eligibleSlot(q, slot, options)) continue;
          top.offer(this.keys[slot]!, this.score(profile, q, slot));
        }
      }
    }
    return top.sorted();
  }

  /** Top k, exact, visiting only blocks and candidates whose upper bound can still reach the k-th score. */
  topK(query: MatchFeatures, profile: ScoringProfile, options: IndexQueryOptions): IndexHit[] {
    const q = this.prepare(query);
    const w = profile.weights;
    const stats: QueryStats = { blocks: 0, blocksVisited: 0, candidatesBounded: 0, candidatesScored: 0 };
    // Phase 1: a bound per eligible block, kept in flat arrays (one query touches hundreds of blocks).
    const R = q.requestCount;
    const entries = new BlockQueue(this.blocks.length);
    const industryBound = new Float64Array(this.blocks.length);
    const cosineBound = new Float64Array(this.blocks.length);
    const sizeBound = new Float64Array(2 * this.blocks.length);
    const fits = new Float64Array(R * this.blocks.length);
    for (let b = 0; b < this.blocks.length; b++) {
      const block = this.blocks[b]!;
      if (!this.eligibleBlock(q, block, options)) continue;
      stats.blocks++;
      const cosine = this.blockCosineBound(q, block);
      const industry = (this.blockCodeBound(q, block) + cosine) / 2;
      this.blockRequestFit(q, block, fits, b * R);
      this.sizeBounds(profile, q, block, sizeBound, 2 * b);
      const forward = this.forwardBound(q, block.offerMask, block.country, fits, b * R);
      const backward = block.requestMask & this.metMask(q, block.country) ? 1 : 0;
      const x = w.industry * industry + w.complementarity * forward + w.size * sizeBound[2 * b]!;
      const y = w.industry * industry + w.complementarity * backward + w.size * sizeBound[2 * b + 1]!;
      industryBound[b] = industry;
      cosineBound[b] = cosine;
      entries.add(b, fuse(profile.fusion, x, y) + BOUND_SLACK);
    }
    // Phase 2: blocks best bound first, until none can reach the k-th score (a heap: most are never popped).
    entries.heapify();
    const top = new TopK(options.k);
    const known = { ind: 0, fs: 0, bs: 0 };
    while (entries.size) {
      if (top.full && entries.topBound < top.threshold) break;
      const b = entries.pop();
      const block = this.blocks[b]!;
      stats.blocksVisited++;
      stats.candidatesBounded += block.size;
      const wIndustry = w.industry * industryBound[b]!;
      const cosine = cosineBound[b]!;
      const met = this.metMask(q, block.country);
      const subOffer = block.subOffer.data;
      const subRequest = block.subRequest.data;
      const subSize = block.subSize.data;
      for (let s = 0; s < block.subSlots.length; s++) {
        // One bound for the whole sub-block: its members share offer and request types and size class.
        const forward = this.forwardBound(q, subOffer[s]!, block.country, fits, b * R);
        const backward = subRequest[s]! & met ? 1 : 0;
        let fs = sizeBound[2 * b]!;
        let bs = sizeBound[2 * b + 1]!;
        const sizeClass = subSize[s]!;
        if (sizeClass >= 0 && q.f.sizeClass >= 0) {
          fs = profile.sizeMatrix[q.f.sizeClass]![sizeClass]!;
          bs = profile.sizeMatrix[sizeClass]![q.f.sizeClass]!;
        }
        const x = wIndustry + w.complementarity * forward + w.size * fs;
        const y = wIndustry + w.complementarity * backward + w.size * bs;
        if (top.full && fuse(profile.fusion, x, y) + BOUND_SLACK < top.threshold) continue;
        const slots = block.subSlots[s]!;
        for (let i = 0; i < slots.length; i++) {
          const slot = slots.data[i]!;
          if (!this.eligibleSlot(q, slot, options)) continue;
          // Second stage: sizes and the code half of the industry fit are cheap and exact; bound again
          // with the block's cosine bound, then with the exact cosine, before the wishes.
          known.fs = this.sizeFitOf(profile, q, slot, true);
          known.bs = this.sizeFitOf(profile, q, slot, false);
          const codeFit = this.codeFit(q, slot);
          if (top.full) {
            const ind = (codeFit + cosine) / 2;
            const x2 = w.industry * ind + w.complementarity * forward + w.size * known.fs;
            const y2 = w.industry * ind + w.complementarity * backward + w.size * known.bs;
            if (fuse(profile.fusion, x2, y2) + BOUND_SLACK < top.threshold) continue;
          }
          known.ind = (codeFit + this.clusterCosine(q, slot)) / 2;
          if (top.full) {
            const x2 = w.industry * known.ind + w.complementarity * forward + w.size * known.fs;
            const y2 = w.industry * known.ind + w.complementarity * backward + w.size * known.bs;
            if (fuse(profile.fusion, x2, y2) + BOUND_SLACK < top.threshold) continue;
          }
          stats.candidatesScored++;
          top.offer(this.keys[slot]!, this.score(profile, q, slot, known));
        }
      }
    }
    this.lastStats = stats;
    return top.sorted();
  }
}

/** Blocks by bound, largest first: a binary max-heap over flat arrays, built in linear time. */
class BlockQueue {
  private readonly ids: Int32Array;
  private readonly bounds: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.bounds = new Float64Array(capacity);
  }
  add(id: number, bound: number): void {
    this.ids[this.size] = id;
    this.bounds[this.size] = bound;
    this.size++;
  }
  heapify(): void {
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }
  get topBound(): number {
    return this.bounds[0]!;
  }
  pop(): number {
    const id = this.ids[0]!;
    this.size--;
    this.ids[0] = this.ids[this.size]!;
    this.bounds[0] = this.bounds[this.size]!;
    this.siftDown(0);
    return id;
  }
  /** Ties go to the lower block id, so the visiting order does not depend on the heap's shape. */
  private before(i: number, j: number): boolean {
    const a = this.bounds[i]!;
    const b = this.bounds[j]!;
    return a > b || (a === b && this.ids[i]! < this.ids[j]!);
  }
  private siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) return;
      const c = l + 1 < this.size && this.before(l + 1, l) ? l + 1 : l;
      if (!this.before(c, i)) return;
      const id = this.ids[i]!;
      const bound = this.bounds[i]!;
      this.ids[i] = this.ids[c]!;
      this.bounds[i] = this.bounds[c]!;
      this.ids[c] = id;
      this.bounds[c] = bound;
      i = c;
    }
  }
}

/** The k best (score desc, key asc) seen so far; a sorted array is fast for the small k of match lists. */
class TopK {
  private readonly items: IndexHit[] = [];
  constructor(private readonly k: number) {}
  get full(): boolean {
    return this.items.length >= this.k;
  }
  get threshold(): number {
    return this.items.length ? this.items[this.items.length - 1]!.score : -Infinity;
  }
  offer(key: string, score: number): void {
    if (this.k <= 0) return;
    if (this.full) {
      const last = this.items[this.items.length - 1]!;
      if (score < last.score || (score === last.score && key > last.key)) return;
    }
    let i = this.items.length;
    while (i > 0 && (this.items[i - 1]!.score < score || (this.items[i - 1]!.score === score && this.items[i - 1]!.key > key))) i--;
    this.items.splice(i, 0, { key, score });
    if (this.items.length > this.k) this.items.pop();
  }
  sorted(): IndexHit[] {
    return this.items.slice();
  }
}
