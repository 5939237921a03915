/**
 * Blocks: candidates grouped by kind, country, trading and cluster signature, each with the maxima its bounds
 * need, and within a block sub-blocks of members that share offer types, request types and size class.
 * Bounds only grow: a removal leaves them as they were, still upper bounds, merely looser until a rebuild.
 */
import { WISH_TYPES } from '../../cooperation.ts';
import type { MatchFeatures } from '../features.ts';
import { F64, I32, I8, U8, type Growable } from './growable.ts';
import type { CandidateStore } from './store.ts';

export interface Block {
  kind: number;
  country: number;
  size: number;
  /**
   * Sub-blocks, keyed by offer mask, request mask and size class. Their keys live in flat arrays because
   * a query walks them all and reads these three fields of each (objects scattered over the heap cost a
   * cache miss apiece); only a passing sub-block's slots are read.
   */
  subByKey: Map<number, number>;
  subOffer: Growable<Int32Array>;
  subRequest: Growable<Int32Array>;
  subSize: Growable<Int8Array>;
  /** The most wishes (offers and requests) any member of the sub-block has had. */
  subWishes: Growable<Uint8Array>;
  subSlots: Growable<Int32Array>[];
  /** This block's offset into maxUnit and maxRaw (block id × cluster count). */
  maxAt: number;
  /** Code id → largest √weight of that code among members. */
  codes: Map<number, number>;
  /** The largest of those √weights. */
  maxSqrtWeight: number;
  /** The same as flat arrays for the bound's inner loop; undefined when codes changed since. */
  codeArrays: { ids: Int32Array; sqrtWeights: Float64Array } | undefined;
  /**
   * Per wish type t, the clusters that some member's request of type t is about (named, or the member's
   * own where a request names none), as a bit set of CandidateStore.subjectWords words at t·W: what an
   * offer of the query's could be fitted to. `openRequests`: the types of which some request is about nothing.
   */
  subjects: Int32Array;
  /** The wish types of which some request is about a cluster (subjects has a flag for t). */
  subjectMask: number;
  openRequests: number;
  /** Some member trades (MatchFeatures.trades): its clusters answer a distribution request in full. */
  anyTrades: boolean;
  /** Size classes of members (bit 4: no class). */
  sizeMask: number;
  offerMask: number;
  requestMask: number;
  minPopulation: number;
  maxPopulation: number;
  anyWithoutPopulation: boolean;
}

/**
 * What a block reads of a member besides the store: no more, so that a restored index rebuilds its blocks
 * from the store alone (snapshot.ts makes this view of a stored row; a field added here must be added there).
 */
export type BlockMember = Pick<MatchFeatures, 'sizeClass' | 'trades' | 'population'> & { requests: readonly Pick<MatchFeatures['requests'][number], 'typeIndex' | 'clusters'>[] };

export class BlockSet {
  readonly blocks: Block[] = [];
  /** Per block and cluster, the largest unit-vector coordinate and the largest raw value among members (one array for all blocks: queries read every block's). */
  readonly maxUnit = new F64();
  readonly maxRaw = new F64();
  private readonly byKey = new Map<string, number>();

  constructor(private readonly store: CandidateStore) {}

  /** Puts a stored candidate into its block and sub-block and raises the block's bounds to cover it. */
  add(slot: number, f: BlockMember): void {
    const b = this.blockFor(slot);
    const block = this.blocks[b]!;
    const store = this.store;
    store.blockOf.data[slot] = b;
    const offerMask = store.offerMask.data[slot]!;
    const requestMask = store.requestMask.data[slot]!;
    const subKey = (offerMask * 1024 + requestMask) * 8 + (f.sizeClass + 1);
    let sub = block.subByKey.get(subKey);
    if (sub === undefined) {
      sub = block.subSlots.length;
      block.subByKey.set(subKey, sub);
      block.subOffer.push(offerMask);
      block.subRequest.push(requestMask);
      block.subSize.push(f.sizeClass);
      block.subWishes.push(0);
      block.subSlots.push(new I32(8));
    }
    store.posInBlock.data[slot] = block.subSlots[sub]!.push(slot);
    store.subOf.data[slot] = sub;
    const wishes = Math.min(255, store.offerLen.data[slot]! + store.requestLen.data[slot]!);
    if (wishes > block.subWishes.data[sub]!) block.subWishes.data[sub] = wishes;
    block.size++;
    this.raiseBounds(block, slot, f);
  }

  /** Takes a candidate out of its sub-block (the last member takes its place). */
  remove(slot: number): void {
    const store = this.store;
    const block = this.blocks[store.blockOf.data[slot]!]!;
    const slots = block.subSlots[store.subOf.data[slot]!]!;
    const pos = store.posInBlock.data[slot]!;
    const last = slots.data[slots.length - 1]!;
    slots.data[pos] = last;
    store.posInBlock.data[last] = pos;
    slots.length--;
    block.size--;
  }

  private blockFor(slot: number): number {
    const store = this.store;
    const clStart = store.clusterStart.data[slot]!;
    const clLen = store.clusterLen.data[slot]!;
    let signature = '';
    for (let j = 0; j < clLen; j++) if (store.clusterVal.data[clStart + j]! > 0) signature += `${store.clusterIdx.data[clStart + j]},`;
    // Traders apart from producers: a producer's fit to a distribution request is bounded at its credit.
    const blockKey = `${store.kind.data[slot]}|${store.country.data[slot]}|${store.trades.data[slot]}|${signature}`;
    let b = this.byKey.get(blockKey);
    if (b !== undefined) return b;
    b = this.blocks.length;
    const maxAt = this.maxUnit.length;
    for (const maxima of [this.maxUnit, this.maxRaw]) {
      maxima.reserve(store.C);
      maxima.data.fill(0, maxAt, maxAt + store.C);
      maxima.length += store.C;
    }
    this.byKey.set(blockKey, b);
    this.blocks.push({
      kind: store.kind.data[slot]!,
      country: store.country.data[slot]!,
      size: 0,
      subByKey: new Map(),
      subOffer: new I32(16),
      subRequest: new I32(16),
      subSize: new I8(16),
      subWishes: new U8(16),
      subSlots: [],
      maxAt,
      codes: new Map(),
      maxSqrtWeight: 0,
      codeArrays: undefined,
      subjects: new Int32Array(WISH_TYPES.length * store.subjectWords),
      subjectMask: 0,
      openRequests: 0,
      anyTrades: false,
      sizeMask: 0,
      offerMask: 0,
      requestMask: 0,
      minPopulation: Infinity,
      maxPopulation: 0,
      anyWithoutPopulation: false,
    });
    return b;
  }

  private raiseBounds(block: Block, slot: number, f: BlockMember): void {
    const store = this.store;
    const clStart = store.clusterStart.data[slot]!;
    const clLen = store.clusterLen.data[slot]!;
    // Maxima start at 0, so only a member's non-zero clusters can raise them.
    const norm = Math.sqrt(store.norm2.data[slot]!);
    const maxRaw = this.maxRaw.data;
    const maxUnit = this.maxUnit.data;
    for (let j = 0; j < clLen; j++) {
      const i = store.clusterIdx.data[clStart + j]!;
      const v = store.clusterVal.data[clStart + j]!;
      if (v > maxRaw[block.maxAt + i]!) maxRaw[block.maxAt + i] = v;
      if (norm > 0 && v / norm > maxUnit[block.maxAt + i]!) maxUnit[block.maxAt + i] = v / norm;
    }
    const start = store.codeStart.data[slot]!;
    for (let j = 0; j < store.codeLen.data[slot]!; j++) {
      const id = store.codeId.data[start + j]!;
      const w = store.codeSqrtW.data[start + j]!;
      if (w > (block.codes.get(id) ?? -1)) {
        block.codes.set(id, w);
        block.codeArrays = undefined;
      }
      if (w > block.maxSqrtWeight) block.maxSqrtWeight = w;
    }
    for (const request of f.requests) {
      const at = request.typeIndex * store.subjectWords;
      const flag = (c: number) => (block.subjects[at + (c >> 5)]! |= 1 << (c & 31));
      if (request.clusters.length) for (const c of request.clusters) flag(c);
      else if (clLen) for (let j = 0; j < clLen; j++) flag(store.clusterIdx.data[clStart + j]!);
      else block.openRequests |= 1 << request.typeIndex;
      if (request.clusters.length || clLen) block.subjectMask |= 1 << request.typeIndex;
    }
    if (f.trades) block.anyTrades = true;
    block.sizeMask |= f.sizeClass >= 0 ? 1 << f.sizeClass : 1 << 4;
    block.offerMask |= store.offerMask.data[slot]!;
    block.requestMask |= store.requestMask.data[slot]!;
    if (f.population) {
      block.minPopulation = Math.min(block.minPopulation, f.population);
      block.maxPopulation = Math.max(block.maxPopulation, f.population);
    } else block.anyWithoutPopulation = true;
  }
}
