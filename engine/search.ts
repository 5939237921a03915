/**
 * Full-text search over companies and cities in German, English and Chinese: one MiniSearch index with
 * the project's text pipeline (German folding and stems, Chinese words and bigrams). Pure: the server
 * runs it in a worker thread and feeds it documents.
 */
import MiniSearch, { type Options } from 'minisearch';
import type { City, Company, EntityRef } from './model.ts';
import type { Taxonomy } from './taxonomy.ts';
import { hasHan, processTerm, tokenize } from './text.ts';

export interface SearchDoc {
  id: string;
  kind: 'company' | 'city';
  name: string;
  country: string;
  cityId: string | null;
  text: string;
  /** Cluster names in three languages (cities only): few distinct texts, so their tokens are remembered. */
  clusters: string;
}

export interface SearchHit extends EntityRef {
  score: number;
}

export interface SearchOptions {
  kinds: ('company' | 'city')[];
  country?: string;
  limit: number;
  offset: number;
}

export type CompanySearchSource = Pick<Company, 'id' | 'name' | 'country' | 'cityId' | 'cityName' | 'industryText' | 'description'>;

export function companyDoc(c: CompanySearchSource): SearchDoc {
  // Companies are found by their own words; their clusters' names in three languages would triple the
  // index (2 GB at 100k companies) and are served by /industries and the `cluster` filters instead.
  return {
    id: `company:${c.id}`,
    kind: 'company',
    name: c.name,
    country: c.country,
    cityId: c.cityId,
    text: [c.industryText ?? '', c.cityName ?? '', c.description.de ?? '', c.description.en ?? '', c.description.zh ?? ''].join(' | '),
    clusters: '',
  };
}

export function cityDoc(taxonomy: Taxonomy, c: City): SearchDoc {
  const clusters = c.clusters
    .map((k) => taxonomy.cluster(k.id))
    .filter((k) => !!k)
    .map((k) => `${k.names.de} ${k.names.en} ${k.names.zh}`)
    .join(' ');
  return {
    id: `city:${c.id}`,
    kind: 'city',
    name: [c.name.de, c.name.en, c.name.zh ?? ''].join(' | '),
    country: c.country,
    cityId: c.id,
    text: [c.region ?? '', ...c.profile.nameVariants].join(' | '),
    clusters,
  };
}

const clusterTokens = new Map<string, string[]>();
/** Tokenizes a field; the clusters field repeats across cities and is tokenized once per text. */
function tokenizeField(text: string, field?: string): string[] {
  if (field !== 'clusters') return tokenize(text);
  let tokens = clusterTokens.get(text);
  if (!tokens) {
    tokens = tokenize(text);
    if (clusterTokens.size > 10_000) clusterTokens.clear();
    clusterTokens.set(text, tokens);
  }
  return tokens;
}

const INDEX_OPTIONS: Options<SearchDoc> = {
  fields: ['name', 'text', 'clusters'],
  storeFields: ['kind', 'name', 'country', 'cityId'],
  tokenize: tokenizeField,
  processTerm: (term) => processTerm(term),
  searchOptions: {
    boost: { name: 3 },
    combineWith: 'AND',
    fuzzy: (term: string) => (hasHan(term) || term.length < 6 ? false : 0.15),
    prefix: (term: string) => !hasHan(term) && term.length >= 4,
  },
};

/** MiniSearch's fields that hold an index's data besides its term tree (minisearch 7). */
const STATE_FIELDS = ['_documentCount', '_nextId', '_documentIds', '_idToShortId', '_fieldIds', '_fieldLength', '_avgFieldLength', '_storedFields', '_dirtCount'] as const;
type StateField = (typeof STATE_FIELDS)[number];
/** MiniSearch's term tree (a SearchableMap): what addTerm() asks of it is fetch(). */
interface TermTree {
  _tree: Map<string, unknown>;
  _size: number | undefined;
  get(term: string): unknown;
  fetch(term: string, initial: () => unknown): unknown;
}
/** A term's postings: by field id, the documents' short ids and the term's frequency in that field. */
type Postings = Map<number, Map<number, number>>;
type MiniSearchInternals = Record<StateField, unknown> & {
  _index: TermTree;
  /** MiniSearch's method that add() calls for each occurrence (an own property overrides it while staging). */
  addTerm?: (fieldId: number, documentId: number, term: string) => void;
};
export type SearchIndexState = Record<StateField, unknown> & { tree: Map<string, unknown> };

export class SearchIndex {
  /**
   * `staged: false` adds one document at a time as MiniSearch does (the reference that upsertAll()'s
   * staged adding is pinned to by test/engine/search-staged.test.ts); the default stages batches.
   */
  constructor(
    private readonly index = new MiniSearch<SearchDoc>(INDEX_OPTIONS),
    private readonly options: { staged?: boolean } = {},
  ) {}

  /**
   * An index from its snapshot (state()'s structures, structured-cloned): the terms come back as they were
   * stored, so a snapshot is only valid for the code that made it (the caller keys it by that code, the
   * package's version and the data). The structures are put in place, not rebuilt: several times faster
   * than reloading MiniSearch's JSON form, which inserts every term into a new tree.
   */
  static fromState(state: SearchIndexState): SearchIndex {
    const index = new MiniSearch<SearchDoc>(INDEX_OPTIONS);
    const internals = index as unknown as MiniSearchInternals;
    for (const field of STATE_FIELDS) {
      if (!(field in state)) throw new Error(`not a search index state: no ${field}`);
      internals[field] = state[field];
    }
    if (!(state.tree instanceof Map)) throw new Error('not a search index state: no term tree');
    const tree = internals._index;
    tree._tree = state.tree;
    tree._size = undefined;
    return new SearchIndex(index);
  }

  /**
   * The index's own data structures (Maps and arrays that structured clone keeps), for a snapshot that
   * fromState() restores. They are MiniSearch's undocumented fields: each is checked to be there.
   */
  state(): SearchIndexState {
    const internals = this.index as unknown as MiniSearchInternals;
    for (const field of STATE_FIELDS) if (!(field in internals)) throw new Error(`MiniSearch has no field ${field}`);
    const tree = internals._index as TermTree | undefined;
    if (!(tree?._tree instanceof Map)) throw new Error('MiniSearch has no term tree');
    return { ...(Object.fromEntries(STATE_FIELDS.map((field) => [field, internals[field]])) as Record<StateField, unknown>), tree: tree._tree };
  }

  get size(): number {
    return this.index.documentCount;
  }

  /** Adds a document or replaces the one with the same id. */
  upsert(doc: SearchDoc): void {
    this.upsertAll([doc]);
  }

  /**
   * Adds or replaces documents in order. New documents are staged: MiniSearch files every occurrence of a
   * term on its own, walking its radix tree to the term (createPath) and updating the term's postings, which
   * grow to one entry per document; that was most of a build (9 million occurrences of 2,800 terms at
   * 100,000 demo companies). Staged, a document's occurrences are counted per field first (a small map) and
   * noted under their term; at the end of the batch each distinct term is put into the tree once, in the
   * order of its first occurrence, and its notes are entered into its postings. The tree, the postings and
   * every order in them come out exactly as adding one at a time makes them (pinned by
   * test/engine/search-staged.test.ts). A document already indexed is replaced after the terms staged
   * before it are in the tree.
   */
  upsertAll(docs: Iterable<SearchDoc>): void {
    const internals = this.index as unknown as MiniSearchInternals;
    const tree = internals._index;
    /** Postings of the batch's terms, by term in the order of first occurrence (those already in the tree too). */
    let staged: Map<string, number[]> | undefined;
    /** The occurrences in one field of one document, by term in the order of first occurrence. */
    const counts = new Map<string, number>();
    let countedField = -1;
    let countedDoc = -1;
    const post = () => {
      for (const [term, n] of counts) {
        let entries = staged!.get(term);
        if (!entries) staged!.set(term, (entries = []));
        entries.push(countedField, countedDoc, n);
      }
      counts.clear();
    };
    // A term's postings are changed by its own entries only: applied term by term (one large map after
    // another, far fewer cache misses than document by document), each term's in their order, they come
    // out as they would have one document at a time.
    const settle = () => {
      if (!staged) return;
      if (counts.size) post();
      delete internals.addTerm;
      for (const [term, entries] of staged) {
        const postings = tree.fetch(term, () => new Map()) as Postings;
        for (let i = 0; i < entries.length; i += 3) {
          let field = postings.get(entries[i]!);
          if (!field) postings.set(entries[i]!, (field = new Map()));
          // A new document's id, and each field of a document is added at once: a new entry.
          field.set(entries[i + 1]!, entries[i + 2]!);
        }
      }
      staged = undefined;
    };
    try {
      for (const doc of docs) {
        if (this.index.has(doc.id)) {
          settle();
          this.index.replace(doc);
          continue;
        }
        if (!staged && this.options.staged !== false) {
          staged = new Map();
          // MiniSearch.add() calls addTerm() for every occurrence, field by field, document by document.
          internals.addTerm = (fieldId, documentId, term) => {
            if (fieldId !== countedField || documentId !== countedDoc) {
              if (counts.size) post();
              countedField = fieldId;
              countedDoc = documentId;
            }
            counts.set(term, (counts.get(term) ?? 0) + 1);
          };
        }
        this.index.add(doc);
      }
    } finally {
      // Also after a failed add: the index is never left staged.
      settle();
    }
  }

  remove(id: string): void {
    if (this.index.has(id)) this.index.discard(id);
  }

  search(q: string, options: SearchOptions): { items: SearchHit[]; total: number } {
    const hits = this.index.search(q, {
      filter: (r) => options.kinds.includes(r.kind as 'company' | 'city') && (!options.country || r.country === options.country),
    });
    const items = hits.slice(options.offset, options.offset + options.limit).map((h) => ({
      kind: h.kind as 'company' | 'city',
      id: String(h.id).slice(String(h.id).indexOf(':') + 1),
      name: h.name as string,
      country: h.country as string,
      cityId: (h.cityId as string | null) ?? null,
      score: Math.round(h.score * 1000) / 1000,
    }));
    return { items, total: hits.length };
  }
}
