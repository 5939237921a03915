/**
 * The matching index: every candidate's features in typed arrays (matchIndex/store.ts), grouped in
 * blocks of candidates that share kind, country, trading and cluster signature (matchIndex/blocks.ts). A
 * query scores blocks by an upper bound (matchIndex/bounds.ts: by wish types for all, worked out further
 * for those that come to the top), visits them best first, bounds each sub-block and then each candidate
 * cheaply before scoring it in full, and stops when no block can reach the current k-th score. The full
 * score comes from the same kernel as the exhaustive scan (matchIndex/kernel.ts), which computes it
 * through score.ts's terms as the reference does, so rankings are identical (tests check both).
 */
import type { ClusterSpace, MatchFeatures } from './features.ts';
import type { CountryRule } from './rank.ts';
import { industryTerm, unmetCreditOf, type ComponentName, type ScoringProfile } from './score.ts';
import { BlockSet, type Block } from './matchIndex/blocks.ts';
import { backwardBound, blockCodeBound, blockCosineBound, BlockBounds, blockBackwardFits, blockRequestFit, forwardBound, pairBound, sizeBounds } from './matchIndex/bounds.ts';
import { clusterCosine, codeFit, complementarities, industryOf, scoreCandidate, scoreOfParts, sizeFitOf } from './matchIndex/kernel.ts';
import { metMask, prepareQuery, tradeMetMask, type PreparedQuery } from './matchIndex/query.ts';
import { BlockQueue, TopK, type IndexHit } from './matchIndex/queues.ts';
import { CandidateStore } from './matchIndex/store.ts';
import { blockMemberOf, blockView, checkCodePaths, exportStore, restoreStore, rowMatches, type IndexState } from './matchIndex/snapshot.ts';

export type { IndexHit } from './matchIndex/queues.ts';
export type { IndexState } from './matchIndex/snapshot.ts';

export interface IndexQueryOptions {
  k: number;
  countries?: CountryRule;
  kinds?: ('company' | 'city')[];
  /** Candidate keys to leave out (blocked, "no thanks", already met). */
  exclude?: ReadonlySet<string>;
  /** A further condition on candidates, by key; the server's filters (city, industry, size …). */
  accept?: (key: string) => boolean;
}

export interface QueryStats {
  blocks: number;
  /** Blocks whose bound by wish types reached the top of the queue and whose wish fits were worked out. */
  blocksFitted: number;
  /** Of those, blocks whose coarse bound reached the top again and were bounded exactly. */
  blocksRefined: number;
  blocksVisited: number;
  candidatesBounded: number;
  candidatesScored: number;
}

/** The kernel's view of one pair: both directions' components and the pair score it ranks by. */
export interface IndexPairScore {
  score: number;
  forward: Record<ComponentName, number>;
  backward: Record<ComponentName, number>;
}

/**
 * What decides a candidate's block and then its sub-block (blocks.ts), as one string: sorted keys put a
 * block's members together and, within it, each sub-block's.
 */
function layoutKey(f: MatchFeatures): string {
  let key = `${f.kind}|${f.country}|${f.trades ? 1 : 0}|`;
  for (let c = 0; c < f.clusters.length; c++) if (f.clusters[c]! > 0) key += `${c},`;
  const offers = f.offers.reduce((mask, o) => mask | (1 << o.typeIndex), 0);
  const requests = f.requests.reduce((mask, r) => mask | (1 << r.typeIndex), 0);
  return `${key}|${offers}|${requests}|${f.sizeClass}`;
}

export class MatchIndex {
  private readonly store: CandidateStore;
  private readonly blocks: BlockSet;
  lastStats: QueryStats = { blocks: 0, blocksFitted: 0, blocksRefined: 0, blocksVisited: 0, candidatesBounded: 0, candidatesScored: 0 };
  /** A candidate's two complementarities, reused by every candidate of a search. */
  private readonly fits = new Float64Array(2);
  /** The search's per-block bounds, reused by every query (a search runs to its end before the next starts). */
  private readonly bounds = new BlockBounds();

  constructor(private readonly space: ClusterSpace) {
    this.store = new CandidateStore(space);
    this.blocks = new BlockSet(this.store);
  }

  get size(): number {
    return this.store.size;
  }

  has(key: string): boolean {
    return this.store.slotOfKey.has(key);
  }

  /** Adds a candidate, or replaces the one with the same key: the index follows writes at once. */
  upsert(f: MatchFeatures): void {
    if (this.has(f.key)) this.remove(f.key);
    this.blocks.add(this.store.add(f), f);
  }

  /**
   * Adds many candidates (a start's whole load), grouped by block and sub-block first: a search reads a
   * block's members one after the other, and members stored side by side share cache lines (a third less
   * time per query at 100,000 than in arrival order). Any order gives the same rankings.
   */
  upsertMany(features: Iterable<MatchFeatures>): void {
    const groups = new Map<string, MatchFeatures[]>();
    for (const f of features) {
      const key = layoutKey(f);
      const group = groups.get(key);
      if (group) group.push(f);
      else groups.set(key, [f]);
    }
    for (const key of [...groups.keys()].sort()) for (const f of groups.get(key)!) this.upsert(f);
  }

  /** The candidates as plain data, copied (matchIndex/snapshot.ts): what restore() takes back. */
  exportState(): IndexState {
    return exportStore(this.store, this.space);
  }

  /**
   * The index exportState() saved, its blocks rebuilt from the restored store (the layout the saved index
   * had). Checks the cluster space and every code's path against today's taxonomy, and the rows of
   * `sample` (features of some of the saved candidates, computed today) against their features; throws
   * when any does not fit, and the caller builds instead. Writes after a restore work as after a build.
   */
  static restore(space: ClusterSpace, state: IndexState, sample: readonly MatchFeatures[] = []): MatchIndex {
    const index = new MatchIndex(space);
    const { store } = index;
    restoreStore(store, space, state);
    checkCodePaths(store, space.taxonomy);
    const codesChecked = new Uint8Array(store.codeIds.size);
    for (const f of sample) {
      const slot = store.slotOfKey.get(f.key);
      if (slot === undefined || !rowMatches(store, slot, f, codesChecked)) throw new Error(`an index snapshot whose ${f.key} is not today's`);
    }
    const view = blockView();
    for (let slot = 0; slot < store.keys.length; slot++) if (store.keys[slot] !== undefined) index.blocks.add(slot, blockMemberOf(store, slot, view));
    return index;
  }

  remove(key: string): boolean {
    const slot = this.store.slotOfKey.get(key);
    if (slot === undefined) return false;
    this.blocks.remove(slot);
    this.store.release(slot);
    return true;
  }

  /** The pair score of the query and an indexed candidate with its components (undefined when not indexed). */
  pairScore(query: MatchFeatures, key: string, profile: ScoringProfile): IndexPairScore | undefined {
    const { store, space } = this;
    const slot = store.slotOfKey.get(key);
    if (slot === undefined) return undefined;
    const q = prepareQuery(store, space, query);
    const industry = industryOf(store, q, slot);
    const forwardSize = sizeFitOf(store, profile, q, slot, true);
    const backwardSize = sizeFitOf(store, profile, q, slot, false);
    const fits = new Float64Array(2);
    complementarities(store, space, q, slot, fits);
    return {
      score: scoreCandidate(store, space, profile, q, slot, industry, forwardSize, backwardSize),
      forward: { industry, complementarity: fits[0]!, size: forwardSize },
      backward: { industry, complementarity: fits[1]!, size: backwardSize },
    };
  }

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
    if (q.group >= 0 && this.store.group.data[slot] === q.group) return false;
    if (options.exclude || options.accept) {
      const key = this.store.keys[slot]!;
      if (options.exclude?.has(key)) return false;
      if (options.accept && !options.accept(key)) return false;
    }
    return true;
  }

  /** Top k by exhaustive scan with the same kernel: the baseline the pruned query must equal. */
  scanAll(query: MatchFeatures, profile: ScoringProfile, options: IndexQueryOptions): IndexHit[] {
    const { store, space } = this;
    const q = prepareQuery(store, space, query);
    const top = new TopK(options.k);
    for (const block of this.blocks.blocks) {
      if (!this.eligibleBlock(q, block, options)) continue;
      for (const slots of block.subSlots) {
        for (let i = 0; i < slots.length; i++) {
          const slot = slots.data[i]!;
          if (!this.eligibleSlot(q, slot, options)) continue;
          const score = scoreCandidate(store, space, profile, q, slot, industryOf(store, q, slot), sizeFitOf(store, profile, q, slot, true), sizeFitOf(store, profile, q, slot, false));
          top.offer(store.keys[slot]!, score);
        }
      }
    }
    return top.sorted();
  }

  /**
   * Top k, exact, visiting only blocks and candidates whose upper bound can still reach the k-th score.
   * Every block's first bound takes its industry and sizes and, for the wishes, only its members' wish
   * types (every fit at 1); a block that comes to the top of the queue gets its wish fits worked out,
   * coarsely (the value chain by the query's best link), then exactly (code by code), and goes back in
   * each time: at 100,000 a query works out fits for about a quarter of its blocks and exactly for a tenth.
   */
  topK(query: MatchFeatures, profile: ScoringProfile, options: IndexQueryOptions): IndexHit[] {
    const q = prepareQuery(this.store, this.space, query);
    const stats: QueryStats = { blocks: 0, blocksFitted: 0, blocksRefined: 0, blocksVisited: 0, candidatesBounded: 0, candidatesScored: 0 };
    const bounds = this.bounds.prepare(this.blocks.blocks.length, q.requestCount, q.offerTypes.length);
    const queue = this.boundBlocks(q, profile, options, bounds, stats);
    // Blocks best bound first, until none can reach the k-th score (a heap: most are never popped).
    queue.heapify();
    const top = new TopK(options.k);
    while (queue.size) {
      if (top.full && queue.topBound < top.threshold) break;
      const b = queue.topId;
      const level = bounds.level[b]!;
      if (level < 2) {
        // Work the bound out one step further (the smaller of two upper bounds is one too).
        if (level === 0) stats.blocksFitted++;
        else stats.blocksRefined++;
        queue.replaceTop(Math.min(queue.topBound, this.blockBound(q, profile, b, bounds, level === 1)));
        continue;
      }
      queue.pop();
      this.searchBlock(q, profile, options, b, bounds, top, stats);
    }
    this.lastStats = stats;
    return top.sorted();
  }

  /** Per eligible block, its industry and size bounds into `bounds` and its bound by wish types into the queue. */
  private boundBlocks(q: PreparedQuery, profile: ScoringProfile, options: IndexQueryOptions, bounds: BlockBounds, stats: QueryStats): BlockQueue {
    const { blocks } = this.blocks;
    const queue = new BlockQueue(blocks.length);
    for (let b = 0; b < blocks.length; b++) {
      const block = blocks[b]!;
      if (!this.eligibleBlock(q, block, options)) continue;
      stats.blocks++;
      const cosine = blockCosineBound(this.blocks, q, block);
      bounds.industry[b] = industryTerm(blockCodeBound(this.store, q, block), cosine);
      bounds.cosine[b] = cosine;
      sizeBounds(profile, q, block, bounds.size, 2 * b);
      queue.add(b, this.typesBound(q, profile, b, bounds));
    }
    return queue;
  }

  /** Block b's bound with every wish fit at its most, 1: what its members' wish types allow. */
  private typesBound(q: PreparedQuery, profile: ScoringProfile, b: number, bounds: BlockBounds): number {
    const block = this.blocks.blocks[b]!;
    const ones = bounds.onesRow;
    const forward = forwardBound(q, block.offerMask, block.requestMask, block.country, bounds, ones);
    const backward = backwardBound(q, block.requestMask, block.offerMask, metMask(q, block.country) | tradeMetMask(q, block.country, block.anyTrades), bounds, ones);
    return pairBound(profile, bounds.industry[b]!, forward, bounds.size[2 * b]!, backward, bounds.size[2 * b + 1]!, unmetCreditOf(q.kind, block.kind));
  }

  /**
   * Block b's bound on the pair score, its wish fits computed exactly or coarsely (industry and sizes are
   * in `bounds` already); its level becomes 2 when exact, or when no value-chain link entered the coarse
   * fits (only they differ), else 1.
   */
  private blockBound(q: PreparedQuery, profile: ScoringProfile, b: number, bounds: BlockBounds, exact: boolean): number {
    const block = this.blocks.blocks[b]!;
    const forwardChained = blockRequestFit(this.store, this.blocks, q, block, exact, bounds, b);
    const backwardChained = blockBackwardFits(this.store, q, block, exact, bounds, b);
    bounds.level[b] = exact || !(forwardChained || backwardChained) ? 2 : 1;
    const forward = forwardBound(q, block.offerMask, block.requestMask, block.country, bounds, b);
    const backward = backwardBound(q, block.requestMask, block.offerMask, metMask(q, block.country) | tradeMetMask(q, block.country, block.anyTrades), bounds, b);
    return pairBound(profile, bounds.industry[b]!, forward, bounds.size[2 * b]!, backward, bounds.size[2 * b + 1]!, unmetCreditOf(q.kind, block.kind));
  }

  /** Offers the block's candidates to `top`, skipping sub-blocks and candidates whose bound cannot reach it. */
  private searchBlock(q: PreparedQuery, profile: ScoringProfile, options: IndexQueryOptions, b: number, bounds: BlockBounds, top: TopK, stats: QueryStats): void {
    const { store, space } = this;
    const block = this.blocks.blocks[b]!;
    stats.blocksVisited++;
    const industryBound = bounds.industry[b]!;
    const unmet = unmetCreditOf(q.kind, block.kind);
    const cosineBound = bounds.cosine[b]!;
    const fits = this.fits;
    // Members of a block all trade or all do not (blocks.ts).
    const met = metMask(q, block.country) | tradeMetMask(q, block.country, block.anyTrades);
    const subOffer = block.subOffer.data;
    const subRequest = block.subRequest.data;
    const subSize = block.subSize.data;
    // Sub-blocks that differ only in size class share their wish bounds; a block laid out by upsertMany
    // holds them one after the other, so the last pair's bounds are kept.
    const subWishes = block.subWishes.data;
    let lastOffer = -1;
    let lastRequest = -1;
    let lastWishes = -1;
    let forward = 0;
    let backward = 0;
    for (let s = 0; s < block.subSlots.length; s++) {
      // One bound for the whole sub-block: its members share offer and request types and size class.
      if (subOffer[s] !== lastOffer || subRequest[s] !== lastRequest || subWishes[s] !== lastWishes) {
        if (subOffer[s] !== lastOffer || subRequest[s] !== lastRequest) forward = forwardBound(q, subOffer[s]!, subRequest[s]!, block.country, bounds, b);
        lastOffer = subOffer[s]!;
        lastRequest = subRequest[s]!;
        lastWishes = subWishes[s]!;
        backward = backwardBound(q, lastRequest, lastOffer, met, bounds, b, lastWishes);
      }
      let fs = bounds.size[2 * b]!;
      let bs = bounds.size[2 * b + 1]!;
      const sizeClass = subSize[s]!;
      if (sizeClass >= 0 && q.f.sizeClass >= 0) {
        fs = profile.sizeMatrix[q.f.sizeClass]![sizeClass]!;
        bs = profile.sizeMatrix[sizeClass]![q.f.sizeClass]!;
      }
      if (top.full && pairBound(profile, industryBound, forward, fs, backward, bs, unmet) < top.threshold) continue;
      const slots = block.subSlots[s]!;
      stats.candidatesBounded += slots.length;
      for (let i = 0; i < slots.length; i++) {
        const slot = slots.data[i]!;
        if (!this.eligibleSlot(q, slot, options)) continue;
        // Second stage: sizes and the code half of the industry fit are cheap and exact; bound again
        // with the block's cosine bound, then with the exact cosine, before the wishes.
        const forwardSize = sizeFitOf(store, profile, q, slot, true);
        const backwardSize = sizeFitOf(store, profile, q, slot, false);
        const codes = codeFit(store, q, slot);
        if (top.full && pairBound(profile, industryTerm(codes, cosineBound), forward, forwardSize, backward, backwardSize, unmet) < top.threshold) continue;
        const industry = industryTerm(codes, clusterCosine(store, q, slot));
        if (top.full && pairBound(profile, industry, forward, forwardSize, backward, backwardSize, unmet) < top.threshold) continue;
        // The wishes last: exact, and what the block's bounds are loosest about.
        complementarities(store, space, q, slot, fits);
        if (top.full && pairBound(profile, industry, fits[0]!, forwardSize, fits[1]!, backwardSize, unmet) < top.threshold) continue;
        stats.candidatesScored++;
        top.offer(store.keys[slot]!, scoreOfParts(profile, industry, fits[0]!, fits[1]!, forwardSize, backwardSize, unmet));
      }
    }
  }
}
