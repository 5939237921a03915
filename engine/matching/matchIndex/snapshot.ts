/**
 * The index's candidates as plain data, to be kept between starts (the server writes and reads the file):
 * every field of the candidate store as typed arrays, lists and map entries. Restoring one skips the
 * whole build: the features of every candidate (the server computes a company's when it is first asked
 * for), the layout's sort, interning, the pools' growth. The blocks are rebuilt from the restored store
 * (blockMemberOf), so whatever fields a Block has, they come out as a build makes them.
 * A state is for one set of candidates made by one version of the code and taxonomy: the server keys its
 * file by both. Restoring checks what it cheaply can besides: the cluster space, every code's path in the
 * taxonomy, and sampled rows against their features (rowMatches).
 */
import type { ClusterSpace, MatchFeatures } from '../features.ts';
import type { Taxonomy } from '../../taxonomy.ts';
import type { BlockMember } from './blocks.ts';
import { F64, I16, I32, I8, U8, type Growable } from './growable.ts';
import type { CandidateStore } from './store.ts';

const FORMAT = 1;

/**
 * Fields of the store that are not state: fixed by the space, derived from other fields (slotOfKey from
 * keys) or memos filled on first need (the value chain's rows). A restored store starts them afresh.
 */
const NOT_STATE = new Set(['C', 'subjectWords', 'valueChain', 'perSlot', 'slotOfKey', 'chainRows', 'linkLists']);

type Typed = Float64Array | Int32Array | Uint8Array | Int16Array | Int8Array;

export interface IndexState {
  format: number;
  /** The cluster space's ids, in order: cluster indexes mean nothing in another space. */
  clusters: string[];
  /** Slots, live or free. */
  slots: number;
  /** Typed-array fields: per-slot ones cut to `slots`, pools to their length. */
  arrays: Record<string, { data: Typed; length: number }>;
  lists: Record<string, unknown[]>;
  maps: Record<string, [string, number][]>;
}

const GROWABLES = [F64, I16, I32, I8, U8];
const isGrowable = (value: unknown): value is Growable<Typed> => GROWABLES.some((G) => value instanceof G);

/** Copies of the store's state (the store may change right after, the copy not). */
export function exportStore(store: CandidateStore, space: ClusterSpace): IndexState {
  const slots = store.keys.length;
  const perSlot = (store as unknown as { perSlot: unknown[] }).perSlot;
  const state: IndexState = { format: FORMAT, clusters: [...space.ids], slots, arrays: {}, lists: {}, maps: {} };
  for (const [name, value] of Object.entries(store)) {
    if (NOT_STATE.has(name)) continue;
    if (isGrowable(value)) {
      state.arrays[name] = { data: value.data.slice(0, perSlot.includes(value) ? slots : value.length), length: value.length };
    } else if (value instanceof Map) {
      state.maps[name] = [...(value as Map<string, number>)];
    } else if (Array.isArray(value)) {
      state.lists[name] = [...value];
    } else {
      throw new Error(`the index store's field ${name} is of a kind a snapshot does not know`);
    }
  }
  return state;
}

/**
 * Fills an empty store with `state`, after checking that it has exactly the store's fields of the same
 * kinds and was made in the same cluster space; throws otherwise.
 */
export function restoreStore(store: CandidateStore, space: ClusterSpace, state: IndexState): void {
  const fail = (why: string): never => {
    throw new Error(`an index snapshot that does not fit: ${why}`);
  };
  if (state.format !== FORMAT) fail('another format');
  if (store.keys.length) fail('the store is not empty');
  if (state.clusters.length !== space.ids.length || state.clusters.some((id, i) => id !== space.ids[i])) fail('another cluster space');
  const fields = Object.entries(store).filter(([name]) => !NOT_STATE.has(name));
  const stated = Object.keys(state.arrays).length + Object.keys(state.lists).length + Object.keys(state.maps).length;
  if (fields.length !== stated) fail('other fields');
  for (const [name, value] of fields) {
    if (isGrowable(value)) {
      const saved = state.arrays[name] ?? fail(`no ${name}`);
      if (saved.data.constructor !== value.data.constructor) fail(`${name} of another type`);
      value.data = saved.data;
      value.length = saved.length;
    } else if (value instanceof Map) {
      const saved = state.maps[name] ?? fail(`no ${name}`);
      value.clear();
      for (const [k, v] of saved) value.set(k, v);
    } else if (Array.isArray(value)) {
      const saved = state.lists[name] ?? fail(`no ${name}`);
      value.length = 0;
      for (let i = 0; i < saved.length; i++) value[i] = saved[i];
    }
  }
  if (store.keys.length !== state.slots) fail('a slot count that does not add up');
  for (let slot = 0; slot < store.keys.length; slot++) {
    const key = store.keys[slot];
    if (key !== undefined) store.slotOfKey.set(key, slot);
  }
}

/** Every interned code has the path the taxonomy gives it today (a few thousand codes); throws otherwise. */
export function checkCodePaths(store: CandidateStore, taxonomy: Taxonomy): void {
  for (const [code, id] of store.codeIds) {
    if (!store.codeHasPath(id, taxonomy.path(code))) throw new Error(`an index snapshot that does not fit: code ${code} has moved in the taxonomy`);
  }
}

/**
 * What a block reads of slot's candidate (BlockMember), read back from the store into `view` (reused:
 * blocks keep nothing of it). Exact: the store keeps these fields as add() was given them (a population
 * of 0 stands for none, and blocks read it as "has a population" or not).
 */
export function blockMemberOf(store: CandidateStore, slot: number, view: BlockView): BlockMember {
  view.sizeClass = store.sizeClass.data[slot]!;
  view.trades = store.trades.data[slot] === 1;
  const population = store.population.data[slot]!;
  view.population = population === 0 ? null : population;
  const start = store.requestStart.data[slot]!;
  const n = store.requestLen.data[slot]!;
  // The view's request objects and their cluster lists are reused from slot to slot.
  for (let i = view.requests.length; i < n; i++) view.requests.push({ typeIndex: 0, clusters: [] });
  view.requests.length = n;
  for (let i = 0; i < n; i++) {
    const request = view.requests[i]!;
    request.typeIndex = store.wishType.data[start + i]!;
    const clStart = store.wishClStart.data[start + i]!;
    const clLen = store.wishClLen.data[start + i]!;
    request.clusters.length = clLen;
    for (let j = 0; j < clLen; j++) request.clusters[j] = store.wishClusters.data[clStart + j]!;
  }
  return view;
}

export type BlockView = BlockMember & { requests: { typeIndex: number; clusters: number[] }[] };
export const blockView = (): BlockView => ({ sizeClass: -1, trades: false, population: null, requests: [] });

/**
 * Whether slot's row holds exactly what CandidateStore.add writes for `f` (the restored state checked
 * against the features it must stand for). Mirrors add(): a test changes one and sees this fail.
 * `codesChecked`: per code id, 1 once its path was checked (one check per code, not per use).
 */
export function rowMatches(store: CandidateStore, slot: number, f: MatchFeatures, codesChecked: Uint8Array): boolean {
  if (store.keys[slot] !== f.key) return false;
  if (store.kind.data[slot] !== (f.kind === 'company' ? 0 : 1)) return false;
  if (store.country.data[slot] !== internedId(store.countries, f.country)) return false;
  if (store.group.data[slot] !== internedId(store.groups, f.groupId)) return false;
  if (store.sizeClass.data[slot] !== f.sizeClass || store.population.data[slot] !== (f.population ?? 0)) return false;
  if (store.trades.data[slot] !== (f.trades ? 1 : 0)) return false;
  // Clusters: the non-zero ones in index order, and the squared norm summed as add() sums it.
  let at = store.clusterStart.data[slot]!;
  const end = at + store.clusterLen.data[slot]!;
  let norm2 = 0;
  for (let i = 0; i < store.C; i++) {
    const v = f.clusters[i]!;
    norm2 += v * v;
    if (v === 0) continue;
    if (at === end || store.clusterIdx.data[at] !== i || store.clusterVal.data[at] !== v) return false;
    at++;
  }
  if (at !== end || store.norm2.data[slot] !== norm2) return false;
  const codeCount = Math.min(f.codes.length, 255);
  if (store.codeLen.data[slot] !== codeCount) return false;
  const codeStart = store.codeStart.data[slot]!;
  for (let j = 0; j < codeCount; j++) {
    const c = f.codes[j]!;
    const id = store.codeId.data[codeStart + j]!;
    if (store.codeIds.get(c.code) !== id || store.codeSqrtW.data[codeStart + j] !== Math.sqrt(c.weight)) return false;
    if (!codesChecked[id]) {
      if (!store.codeHasPath(id, c.path)) return false;
      codesChecked[id] = 1;
    }
  }
  return wishesMatch(store, store.offerStart.data[slot]!, store.offerLen.data[slot]!, store.offerMask.data[slot]!, f.offers) && wishesMatch(store, store.requestStart.data[slot]!, store.requestLen.data[slot]!, store.requestMask.data[slot]!, f.requests);
}

function wishesMatch(store: CandidateStore, start: number, length: number, mask: number, wishes: MatchFeatures['offers']): boolean {
  const n = Math.min(wishes.length, 255);
  if (length !== n) return false;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const w = wishes[i]!;
    if (store.wishType.data[start + i] !== w.typeIndex || store.wishCountry.data[start + i] !== internedId(store.countries, w.targetCountry)) return false;
    const clStart = store.wishClStart.data[start + i]!;
    const clusters = Math.min(w.clusters.length, 255);
    if (store.wishClLen.data[start + i] !== clusters) return false;
    for (let j = 0; j < clusters; j++) if (store.wishClusters.data[clStart + j] !== w.clusters[j]) return false;
    m |= 1 << w.typeIndex;
  }
  return m === mask;
}

/** The id add() gave `value` (-1 for null; undefined, never equal to a stored id, when it was never interned). */
const internedId = (map: Map<string, number>, value: string | null) => (value == null ? -1 : map.get(value));
