/**
 * Maps free text in German, English or Chinese (or a code) to ranked clusters and industry codes.
 * One MiniSearch index over the cluster vocabulary, the NACE tree and GB/T 4754; the text pipeline of
 * text.ts folds German, stems, and segments Chinese with bigrams. Fuzzy and prefix matching apply to
 * Latin terms only: a one-character edit in Chinese changes the meaning.
 */
import MiniSearch from 'minisearch';
import { hasHan, normalize, phraseKey, processTerm, tokenize } from './text.ts';
import { NACE_LEVEL_NAMES, type Labels, type Taxonomy, type WeightedCode } from './taxonomy.ts';

export type ResolvedKind = 'cluster' | 'nace' | 'gbt';

export interface ResolvedItem {
  kind: ResolvedKind;
  code: string;
  level: string;
  label: Labels;
  /** Relative to the best item of this query: 1 for the first, in (0, 1] for the rest. */
  score: number;
  nace: WeightedCode[];
}

export interface ResolvedDivision {
  code: string;
  label: Labels;
  score: number;
}

export interface Resolution {
  query: string;
  items: ResolvedItem[];
  /** NACE divisions ranked by the evidence of all items (clusters and GB/T spread over their codes). */
  divisions: ResolvedDivision[];
}

interface Doc {
  id: string;
  kind: ResolvedKind;
  code: string;
  name: string;
  synonyms: string;
  label: string;
  /** Whole names, synonyms and labels, for exact-phrase matching. */
  phrases: string[];
}

// Clusters are the curated vocabulary people type; NACE labels are long official wording.
const KIND_BOOST: Record<ResolvedKind, number> = { cluster: 1.6, nace: 1, gbt: 1 };

/** A query that is exactly a name, synonym or label (up to folding and stemming) outranks partial matches. */
const PHRASE_BONUS = 2;

export class IndustryResolver {
  private readonly index: MiniSearch<Doc>;
  /** Phrase key → ids of the documents that have that phrase as a name, synonym or label. */
  private readonly phrases = new Map<string, Set<string>>();

  constructor(private readonly taxonomy: Taxonomy) {
    this.index = new MiniSearch<Doc>({
      fields: ['name', 'synonyms', 'label', 'code'],
      storeFields: ['kind', 'code'],
      tokenize,
      processTerm: (term) => processTerm(term),
      searchOptions: {
        boost: { name: 3, synonyms: 2.5, label: 1, code: 4 },
        combineWith: 'OR',
        fuzzy: (term) => (hasHan(term) || term.length < 6 ? false : 0.15),
        prefix: (term) => !hasHan(term) && term.length >= 4,
        boostDocument: (_id, _term, stored) => KIND_BOOST[(stored?.kind as ResolvedKind) ?? 'nace'],
      },
    });
    const docs = this.documents();
    this.index.addAll(docs);
    for (const doc of docs) {
      for (const phrase of doc.phrases) {
        const key = phraseKey(phrase);
        if (!key) continue;
        const ids = this.phrases.get(key) ?? new Set<string>();
        ids.add(doc.id);
        this.phrases.set(key, ids);
      }
    }
  }

  private documents(): Doc[] {
    const docs: Doc[] = [];
    for (const c of this.taxonomy.clusters()) {
      docs.push({
        id: `cluster:${c.id}`,
        kind: 'cluster',
        code: c.id,
        name: [c.names.de, c.names.en, c.names.zh].join(' | '),
        synonyms: [...c.synonyms.de, ...c.synonyms.en, ...c.synonyms.zh].join(' | '),
        label: '',
        phrases: [c.names.de, c.names.en, c.names.zh, ...c.synonyms.de, ...c.synonyms.en, ...c.synonyms.zh],
      });
    }
    for (const n of this.taxonomy.allNace()) {
      docs.push({
        id: `nace:${n.code}`,
        kind: 'nace',
        code: n.code,
        name: '',
        synonyms: '',
        label: [n.labels.de, n.labels.en, n.labels.zh ?? ''].join(' | '),
        phrases: [n.labels.de, n.labels.en, n.labels.zh ?? ''],
      });
    }
    for (const g of this.taxonomy.allGbt()) {
      docs.push({
        id: `gbt:${g.code}`,
        kind: 'gbt',
        code: g.code,
        name: '',
        synonyms: '',
        label: `${g.labels.zh} | ${g.labels.en}`,
        phrases: [g.labels.zh, g.labels.en],
      });
    }
    return docs;
  }

  private item(kind: ResolvedKind, code: string, score: number): ResolvedItem {
    if (kind === 'cluster') {
      const c = this.taxonomy.cluster(code)!;
      return { kind, code, level: 'cluster', label: { ...c.names }, score, nace: c.nace };
    }
    if (kind === 'gbt') {
      const g = this.taxonomy.gbt(code)!;
      return { kind, code, level: g.level, label: { de: g.labels.en, en: g.labels.en, zh: g.labels.zh }, score, nace: g.nace };
    }
    const n = this.taxonomy.nace(code)!;
    return { kind, code, level: NACE_LEVEL_NAMES[n.level], label: this.taxonomy.labelsOf(code)!, score, nace: [{ code, weight: 1 }] };
  }

  /** An exact code typed as the query ("29", "29.31", "C", "GB/T 36") comes first. */
  private exactCode(query: string): ResolvedItem | undefined {
    const q = query.trim();
    const gbtPrefixed = /^gb\/?t/i.test(q);
    if (!gbtPrefixed && /^[A-Ua-u]?\d{2}([.,]?\d{1,2})?$|^[A-Ua-u]$/.test(q)) {
      const nace = this.taxonomy.normalizeNace(q);
      if (nace) return this.item('nace', nace, 1);
    }
    if (gbtPrefixed) {
      const gbt = this.taxonomy.normalizeGbt(q);
      if (gbt) return this.item('gbt', gbt, 1);
    }
    if (this.taxonomy.cluster(normalize(q))) return this.item('cluster', normalize(q), 1);
    return undefined;
  }

  resolve(query: string, options: { limit?: number; kinds?: ResolvedKind[] } = {}): Resolution {
    const limit = options.limit ?? 10;
    const kinds = new Set(options.kinds ?? ['cluster', 'nace', 'gbt']);
    const exact = this.exactCode(query);
    const phraseHits = this.phrases.get(phraseKey(query)) ?? new Set<string>();
    const raw = this.index.search(query);
    const best = raw[0]?.score ?? 1;
    const hits = raw
      .map((h) => ({ ...h, score: phraseHits.has(h.id) ? h.score + best * PHRASE_BONUS : h.score }))
      .sort((a, b) => b.score - a.score);
    const top = hits[0]?.score ?? 1;
    const items: ResolvedItem[] = [];
    if (exact && kinds.has(exact.kind)) items.push(exact);
    for (const hit of hits) {
      const id = String(hit.id);
      const separator = id.indexOf(':');
      const kind = id.slice(0, separator) as ResolvedKind;
      if (!kinds.has(kind) || (exact && id === `${exact.kind}:${exact.code}`)) continue;
      items.push(this.item(kind, id.slice(separator + 1), Math.round((hit.score / top) * 1000) / 1000));
    }
    return { query, items: items.slice(0, limit), divisions: this.divisions(items.slice(0, 25)) };
  }

  /** Spreads the evidence of items over NACE divisions: clusters and GB/T by their weights. */
  private divisions(items: ResolvedItem[]): ResolvedDivision[] {
    const score = new Map<string, number>();
    for (const item of items) {
      // An item counts once per division, with its strongest code there: a cluster with five codes in
      // division 27 is not five times the evidence for 27.
      const strongest = new Map<string, number>();
      for (const target of item.nace) {
        const division = this.taxonomy.ancestorAt(target.code, 2);
        if (division) strongest.set(division, Math.max(strongest.get(division) ?? 0, target.weight));
      }
      for (const [division, weight] of strongest) score.set(division, (score.get(division) ?? 0) + item.score * weight);
    }
    const ranked = [...score.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const best = ranked[0]?.[1] ?? 1;
    return ranked.slice(0, 10).map(([code, s]) => ({
      code,
      label: this.taxonomy.nace(code)!.labels,
      score: Math.round((s / best) * 1000) / 1000,
    }));
  }
}
