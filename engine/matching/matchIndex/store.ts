/**
 * The index's candidates in typed arrays, one slot per candidate: scalars per slot, pools of clusters,
 * codes and wishes, and interned strings. The kernel and the blocks read these; only add() and
 * release() write them.
 */
import type { ClusterSpace, MatchFeatures } from '../features.ts';
import { codeSimilarity, wuPalmer } from '../score.ts';
import { VALUE_CHAIN_KINDS, type ValueChain } from '../../valueChain.ts';
import { F64, I16, I32, I8, U8 } from './growable.ts';

/** Codes, wishes, a wish's clusters and the cluster count are stored in bytes. */
const BYTE = 255;

export class CandidateStore {
  /** Clusters in the space. */
  readonly C: number;
  /** 32-bit words in a bit set of clusters. */
  readonly subjectWords: number;
  readonly slotOfKey = new Map<string, number>();
  readonly keys: (string | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  // per-slot scalars
  readonly kind = new U8();
  readonly country = new I16();
  readonly group = new I32();
  readonly sizeClass = new I8();
  readonly population = new F64();
  readonly norm2 = new F64();
  readonly clusterStart = new I32();
  readonly clusterLen = new U8();
  readonly codeStart = new I32();
  readonly codeLen = new U8();
  readonly offerStart = new I32();
  readonly offerLen = new U8();
  readonly requestStart = new I32();
  readonly requestLen = new U8();
  readonly offerMask = new I32();
  readonly requestMask = new I32();
  /** 1 when the candidate trades (MatchFeatures.trades). */
  readonly trades = new U8();
  /** Each slot's block, sub-block within it and position in that (written by the blocks). */
  readonly blockOf = new I32();
  readonly subOf = new I32();
  readonly posInBlock = new I32();
  // pools (append-only: an update or removal leaves its old entries unused until the index is rebuilt)
  readonly clusterIdx = new U8();
  readonly clusterVal = new F64();
  readonly codeId = new I32();
  /** √weight of each code: the industry fit multiplies by it, and √ of the same double is always the same. */
  readonly codeSqrtW = new F64();
  readonly wishType = new U8();
  readonly wishCountry = new I16();
  readonly wishClStart = new I32();
  readonly wishClLen = new U8();
  readonly wishClusters = new U8();
  // interned values
  readonly countries = new Map<string, number>();
  readonly groups = new Map<string, number>();
  readonly codeIds = new Map<string, number>();
  /** Per code id: its path's level ids (4 per code, -1 past its depth) and its depth. */
  private readonly codePaths = new I32();
  private readonly codeDepth = new U8();
  private readonly levelIds = new Map<string, number>();
  /** The per-slot arrays, which grow together. */
  private readonly perSlot = [this.kind, this.country, this.group, this.sizeClass, this.population, this.norm2, this.clusterStart, this.clusterLen, this.codeStart, this.codeLen, this.offerStart, this.offerLen, this.requestStart, this.requestLen, this.offerMask, this.requestMask, this.trades, this.blockOf, this.subOf, this.posInBlock] as { resize(capacity: number): void }[];

  /** Codes by id, for the value chain's lookups. */
  private readonly codeNames: string[] = [];
  /** Per code id a, per code id b: the value-chain links between them (see chainLinks), filled on first need. */
  private readonly chainRows: Uint8Array[] = [];
  /** Per code id: linkedCodes' answer and the number of codes it covers. */
  private readonly linkLists: { over: number; ids: Int32Array; bits: Uint8Array }[] = [];
  private readonly valueChain: ValueChain;

  constructor(space: ClusterSpace) {
    this.valueChain = space.valueChain;
    this.C = space.size;
    this.subjectWords = Math.ceil(this.C / 32);
    if (this.C > BYTE) throw new Error('the index stores cluster indexes in bytes');
  }

  get size(): number {
    return this.slotOfKey.size;
  }

  intern(map: Map<string, number>, value: string | null): number {
    if (value == null) return -1;
    let id = map.get(value);
    if (id === undefined) {
      id = map.size;
      map.set(value, id);
    }
    return id;
  }

  internCode(code: string, path: string[]): number {
    let id = this.codeIds.get(code);
    if (id !== undefined) return id;
    id = this.codeIds.size;
    this.codeIds.set(code, id);
    this.codeNames.push(code);
    this.codePaths.reserve(4);
    for (let level = 0; level < 4; level++) this.codePaths.push(level < path.length ? this.intern(this.levelIds, path[level]!) : -1);
    this.codeDepth.push(path.length);
    return id;
  }

  /** Whether code `id` was interned with `path` (a restored store checked against today's taxonomy). */
  codeHasPath(id: number, path: string[]): boolean {
    if (this.codeDepth.data[id] !== path.length) return false;
    for (let level = 0; level < 4; level++) {
      if (this.codePaths.data[id * 4 + level] !== (level < path.length ? this.levelIds.get(path[level]!) : -1)) return false;
    }
    return true;
  }

  /** Wu–Palmer similarity of two interned codes. */
  wuPalmerOfCodes(a: number, b: number): number {
    const paths = this.codePaths.data;
    const da = this.codeDepth.data[a]!;
    const db = this.codeDepth.data[b]!;
    let common = 0;
    while (common < da && common < db && paths[a * 4 + common] === paths[b * 4 + common]) common++;
    return wuPalmer(common, da, db);
  }

  /**
   * The value-chain links between two interned codes as bits: bit k (k in VALUE_CHAIN_KINDS order) when a
   * provides to b with a link of kind k, bit 4 + k when b provides to a. Rows are memoised per code: the
   * index has at most a few thousand codes, and every query code meets many candidate codes.
   */
  chainLinks(a: number, b: number): number {
    let row = this.chainRows[a];
    if (!row || b >= row.length) row = this.fillChainRow(a, row);
    return row[b]!;
  }

  private fillChainRow(a: number, old: Uint8Array | undefined): Uint8Array {
    const row = new Uint8Array(this.codeNames.length);
    if (old) row.set(old);
    const code = this.codeNames[a]!;
    for (let b = old?.length ?? 0; b < row.length; b++) {
      const forward = this.valueChain.linkBetween(code, this.codeNames[b]!);
      const backward = this.valueChain.linkBetween(this.codeNames[b]!, code);
      row[b] = (forward ? 1 << VALUE_CHAIN_KINDS.indexOf(forward.kind) : 0) | (backward ? 1 << (4 + VALUE_CHAIN_KINDS.indexOf(backward.kind)) : 0);
    }
    this.chainRows[a] = row;
    return row;
  }

  /**
   * The codes linked with code a (chainLinks non-zero) and their bits, over the codes interned so far: a
   * query then visits its codes' few links (about nine a code) rather than every code.
   */
  linkedCodes(a: number): { ids: Int32Array; bits: Uint8Array } {
    const n = this.codeNames.length;
    const known = this.linkLists[a];
    if (known && known.over === n) return known;
    const row = this.chainRows[a] && this.chainRows[a].length >= n ? this.chainRows[a] : this.fillChainRow(a, this.chainRows[a]);
    const ids: number[] = [];
    for (let b = 0; b < n; b++) if (row[b]) ids.push(b);
    const list = { over: n, ids: Int32Array.from(ids), bits: Uint8Array.from(ids, (b) => row[b]!) };
    this.linkLists[a] = list;
    return list;
  }

  /** The code an id stands for. */
  codeOf(id: number): string {
    return this.codeNames[id]!;
  }

  /** score.ts's code similarity of two interned codes: Wu–Palmer, or the value chain's where they are linked. */
  codeSimilarityOf(a: number, b: number): number {
    const taxonomic = this.wuPalmerOfCodes(a, b);
    return codeSimilarity(taxonomic, this.chainLinks(a, b) !== 0);
  }

  /** Writes a new candidate (its key not stored yet) into a free slot; returns the slot. */
  add(f: MatchFeatures): number {
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
    this.pushClusters(slot, f.clusters);
    this.codeStart.data[slot] = this.codeId.length;
    const codeCount = Math.min(f.codes.length, BYTE);
    for (let j = 0; j < codeCount; j++) {
      const c = f.codes[j]!;
      this.codeId.push(this.internCode(c.code, c.path));
      this.codeSqrtW.push(Math.sqrt(c.weight));
    }
    this.codeLen.data[slot] = codeCount;
    this.offerStart.data[slot] = this.wishType.length;
    this.offerLen.data[slot] = Math.min(f.offers.length, BYTE);
    this.offerMask.data[slot] = this.pushWishes(f.offers);
    this.requestStart.data[slot] = this.wishType.length;
    this.requestLen.data[slot] = Math.min(f.requests.length, BYTE);
    this.requestMask.data[slot] = this.pushWishes(f.requests);
    this.trades.data[slot] = f.trades ? 1 : 0;
    return slot;
  }

  /** Sparse clusters in increasing index order: the cosine then adds the same terms as the dense loop. */
  private pushClusters(slot: number, clusters: Float64Array): void {
    this.clusterStart.data[slot] = this.clusterIdx.length;
    let n = 0;
    let norm2 = 0;
    for (let i = 0; i < this.C; i++) {
      const v = clusters[i]!;
      norm2 += v * v;
      if (v !== 0) {
        this.clusterIdx.push(i);
        this.clusterVal.push(v);
        n++;
      }
    }
    this.clusterLen.data[slot] = n;
    this.norm2.data[slot] = norm2;
  }

  /** Appends up to 255 wishes to the pools; returns their type mask. */
  private pushWishes(wishes: MatchFeatures['offers']): number {
    let mask = 0;
    const n = Math.min(wishes.length, BYTE);
    for (let i = 0; i < n; i++) {
      const w = wishes[i]!;
      this.wishType.push(w.typeIndex);
      this.wishCountry.push(this.intern(this.countries, w.targetCountry));
      this.wishClStart.push(this.wishClusters.length);
      const clusters = Math.min(w.clusters.length, BYTE);
      this.wishClLen.push(clusters);
      for (let j = 0; j < clusters; j++) this.wishClusters.push(w.clusters[j]!);
      mask |= 1 << w.typeIndex;
    }
    return mask;
  }

  /** Frees a slot for reuse (the caller takes it out of its block first). */
  release(slot: number): void {
    this.slotOfKey.delete(this.keys[slot]!);
    this.keys[slot] = undefined;
    this.freeSlots.push(slot);
  }
}
