/**
 * One shared industry tree: NACE Rev. 2 (section → division → group → class), with GB/T 4754-2017
 * divisions mapped onto it and the alliance's cluster vocabulary above it. Pure: the data arrives as
 * plain objects (loaded by data/taxonomy.ts).
 */
import { AppError } from './errors.ts';
import { ValueChain, type ValueChainLink } from './valueChain.ts';

export type Lang = 'de' | 'en' | 'zh';
export const LANGS: readonly Lang[] = ['de', 'en', 'zh'];
export type Labels = { de: string; en: string; zh: string | null };
export type NaceLevel = 1 | 2 | 3 | 4;
export const NACE_LEVEL_NAMES = { 1: 'section', 2: 'division', 3: 'group', 4: 'class' } as const;
export type IndustryScheme = 'NACE' | 'GBT4754';

/**
 * Where a shown Chinese NACE label comes from. The curated Chinese file stops at groups, so a class is
 * labelled: from the GB/T 4754 division that corresponds to it one-to-one ('gbt4754'); else, when it is
 * its group's only class, with the group's label, which then names the same activities ('group'); else
 * with its group's label as a visible approximation ('group-approx': the class is a part of that group).
 */
export const ZH_SOURCES = ['curated', 'gbt4754', 'group', 'group-approx'] as const;
export type ZhSource = (typeof ZH_SOURCES)[number];

/** A NACE code's labels as shown: the Chinese one derived for classes, and where it comes from (null: none). */
export interface ShownLabels extends Labels {
  zhSource: ZhSource | null;
}

export interface WeightedCode {
  code: string;
  weight: number;
}

export interface NaceNode {
  code: string;
  level: NaceLevel;
  parent: string | null;
  section: string;
  labels: Labels;
}

export interface GbtEntry {
  code: string;
  level: 'section' | 'division';
  section: string;
  labels: { zh: string; en: string };
  nace: WeightedCode[];
}

export interface Cluster {
  id: string;
  names: Record<Lang, string>;
  synonyms: Record<Lang, string[]>;
  description: Record<Lang, string>;
  nace: WeightedCode[];
  related: string[];
  seedThemes: string[];
}

export interface TaxonomyData {
  /** Value-chain links between codes (engine/valueChain.ts); none when absent. */
  valueChain?: ValueChainLink[];
  /** NACE rows as the reference file has them: level 1–4, code without dots ("293", "2931"). */
  nace: { level: number; code: string; de: string; en: string }[];
  /** Chinese labels keyed by dotted NACE code. */
  naceZh: Record<string, string>;
  gbt: {
    sections: { code: string; zh: string; en: string; nace: WeightedCode[] }[];
    divisions: { code: string; section: string; zh: string; en: string; nace: WeightedCode[] }[];
  };
  clusters: Cluster[];
}

/** "2931" → "29.31", "293" → "29.3", "29" → "29", "C" → "C". */
export function dottedNaceCode(raw: string): string {
  const code = raw.trim().toUpperCase();
  if (/^\d{3,4}$/.test(code)) return `${code.slice(0, 2)}.${code.slice(2)}`;
  return code;
}

/**
 * NACE Rev. 2 sections by their first and last division (the reference file lists all sections before
 * all divisions, so the tree cannot be read off the row order).
 */
const SECTION_RANGES: [section: string, first: number, last: number][] = [
  ['A', 1, 3], ['B', 5, 9], ['C', 10, 33], ['D', 35, 35], ['E', 36, 39], ['F', 41, 43], ['G', 45, 47],
  ['H', 49, 53], ['I', 55, 56], ['J', 58, 63], ['K', 64, 66], ['L', 68, 68], ['M', 69, 75], ['N', 77, 82],
  ['O', 84, 84], ['P', 85, 85], ['Q', 86, 88], ['R', 90, 93], ['S', 94, 96], ['T', 97, 98], ['U', 99, 99],
];

export function sectionOfDivision(division: string): string | undefined {
  const n = Number(division);
  return SECTION_RANGES.find(([, first, last]) => n >= first && n <= last)?.[0];
}

export class Taxonomy {
  private readonly naceNodes = new Map<string, NaceNode>();
  private readonly gbtEntries = new Map<string, GbtEntry>();
  private readonly clusterById = new Map<string, Cluster>();
  private readonly childrenOf = new Map<string, string[]>();
  // The tree never changes after construction: paths and cluster memberships are computed once per code.
  private readonly pathCache = new Map<string, string[]>();
  private readonly clustersOfCache = new Map<string, { cluster: string; weight: number }[]>();
  private readonly shownLabels = new Map<string, ShownLabels>();
  /** Who sells, supplies or serves whom, between codes of this taxonomy. */
  readonly valueChain: ValueChain;

  constructor(data: TaxonomyData) {
    for (const row of data.nace) {
      const level = row.level as NaceLevel;
      const code = dottedNaceCode(row.code);
      const section = level === 1 ? code : sectionOfDivision(code.slice(0, 2));
      if (!section) throw new AppError('internal', `NACE code ${code} lies in no section`);
      const parent = level === 1 ? null : level === 2 ? section : level === 3 ? code.slice(0, 2) : code.slice(0, 4);
      const node: NaceNode = {
        code,
        level,
        parent,
        section,
        labels: { de: row.de, en: row.en, zh: data.naceZh[code] ?? null },
      };
      this.naceNodes.set(code, node);
      if (parent) {
        const siblings = this.childrenOf.get(parent) ?? [];
        siblings.push(code);
        this.childrenOf.set(parent, siblings);
      }
    }
    for (const s of data.gbt.sections) {
      this.gbtEntries.set(s.code, { code: s.code, level: 'section', section: s.code, labels: { zh: s.zh, en: s.en }, nace: s.nace });
    }
    for (const d of data.gbt.divisions) {
      this.gbtEntries.set(d.code, { code: d.code, level: 'division', section: d.section, labels: { zh: d.zh, en: d.en }, nace: d.nace });
    }
    for (const c of data.clusters) this.clusterById.set(c.id, c);
    this.check();
    this.valueChain = new ValueChain(data.valueChain ?? [], this);
    for (const node of this.naceNodes.values()) this.shownLabels.set(node.code, { ...node.labels, ...this.chineseLabel(node) });
  }

  /** The Chinese label a code is shown with and its source (see ZhSource). */
  private chineseLabel(node: NaceNode): { zh: string | null; zhSource: ZhSource | null } {
    if (node.labels.zh) return { zh: node.labels.zh, zhSource: 'curated' };
    if (node.level !== 4 || !node.parent) return { zh: null, zhSource: null };
    const group = this.naceNodes.get(node.parent)!;
    const onlyClass = this.children(group.code).length === 1;
    // The codes that name exactly this class's activities: itself, and its group and division while they hold nothing else.
    const sameScope = [node.code];
    if (onlyClass) {
      sameScope.push(group.code);
      if (this.children(group.parent!).length === 1) sameScope.push(group.parent!);
    }
    for (const code of sameScope) {
      const mappedFrom = [...this.gbtEntries.values()].filter((g) => g.level === 'division' && g.nace.some((t) => t.code === code));
      const only = mappedFrom[0];
      // One-to-one: a single GB/T division maps to the code, and wholly to it alone.
      if (mappedFrom.length === 1 && only && only.nace.length === 1 && only.nace[0]!.weight === 1) return { zh: only.labels.zh, zhSource: 'gbt4754' };
    }
    if (!group.labels.zh) return { zh: null, zhSource: null };
    return { zh: group.labels.zh, zhSource: onlyClass ? 'group' : 'group-approx' };
  }

  /** A code's labels as the directory shows them, with a Chinese label for classes too (see ZhSource). */
  labelsOf(code: string): ShownLabels | undefined {
    return this.shownLabels.get(code);
  }

  /** Every code the mappings and clusters point at must exist: a typo in data fails at start, not later. */
  private check(): void {
    const missing: string[] = [];
    for (const g of this.gbtEntries.values()) for (const t of g.nace) if (!this.naceNodes.has(t.code)) missing.push(`GB/T ${g.code} → ${t.code}`);
    for (const c of this.clusterById.values()) {
      for (const t of c.nace) if (!this.naceNodes.has(t.code)) missing.push(`cluster ${c.id} → ${t.code}`);
      for (const r of c.related) if (!this.clusterById.has(r)) missing.push(`cluster ${c.id} related ${r}`);
    }
    if (missing.length) throw new AppError('internal', `taxonomy data points at unknown codes: ${missing.slice(0, 10).join(', ')}`);
  }

  get naceCount(): number {
    return this.naceNodes.size;
  }

  nace(code: string): NaceNode | undefined {
    return this.naceNodes.get(code);
  }

  allNace(): IterableIterator<NaceNode> {
    return this.naceNodes.values();
  }

  children(code: string): NaceNode[] {
    return (this.childrenOf.get(code) ?? []).map((c) => this.naceNodes.get(c)!);
  }

  gbt(code: string): GbtEntry | undefined {
    return this.gbtEntries.get(code);
  }

  allGbt(): IterableIterator<GbtEntry> {
    return this.gbtEntries.values();
  }

  cluster(id: string): Cluster | undefined {
    return this.clusterById.get(id);
  }

  clusters(): Cluster[] {
    return [...this.clusterById.values()];
  }

  /**
   * Accepts the ways people write a NACE code ("29.31", "2931", "29,31", "c29.31", "C") and returns the
   * dotted code if it exists.
   */
  normalizeNace(input: string): string | undefined {
    let code = input.trim().toUpperCase().replace(',', '.');
    if (/^[A-U]\d/.test(code)) code = code.slice(1);
    code = code.includes('.') ? code : dottedNaceCode(code);
    return this.naceNodes.has(code) ? code : undefined;
  }

  /** GB/T codes: a section letter or a division; finer native codes ("3612") fall back to their division. */
  normalizeGbt(input: string): string | undefined {
    const code = input.trim().toUpperCase().replace(/^GB\/?T\s*(4754(-2017)?)?\s*[:-]?\s*/i, '').replace(/\./g, '');
    if (/^[A-T]$/.test(code)) return this.gbtEntries.has(code) ? code : undefined;
    if (/^\d{2,4}$/.test(code)) {
      const division = code.slice(0, 2);
      return this.gbtEntries.has(division) ? division : undefined;
    }
    return undefined;
  }

  /** Maps a native code of either scheme to weighted NACE codes (NACE maps to itself). */
  toNace(scheme: IndustryScheme, code: string): WeightedCode[] {
    if (scheme === 'NACE') {
      const nace = this.normalizeNace(code);
      return nace ? [{ code: nace, weight: 1 }] : [];
    }
    const gbt = this.normalizeGbt(code);
    return gbt ? this.gbtEntries.get(gbt)!.nace : [];
  }

  /** Path from the section down to the code: ["C", "29", "29.3", "29.31"]. */
  path(code: string): string[] {
    const cached = this.pathCache.get(code);
    if (cached) return cached;
    const out: string[] = [];
    for (let node = this.naceNodes.get(code); node; node = node.parent ? this.naceNodes.get(node.parent) : undefined) {
      out.unshift(node.code);
    }
    if (out.length) this.pathCache.set(code, out);
    return out;
  }

  /** The ancestor of `code` at `level`, or undefined if the code is coarser than that. */
  ancestorAt(code: string, level: NaceLevel): string | undefined {
    return this.path(code)[level - 1];
  }

  /** Wu–Palmer similarity on the NACE tree: 2·depth(lca) / (depth(a) + depth(b)); section = depth 1. */
  wuPalmer(a: string, b: string): number {
    const pa = this.path(a);
    const pb = this.path(b);
    if (!pa.length || !pb.length) return 0;
    let common = 0;
    while (common < pa.length && common < pb.length && pa[common] === pb[common]) common++;
    return (2 * common) / (pa.length + pb.length);
  }

  /** True when `code` lies in the subtree of `ancestor` (or is it). */
  isWithin(code: string, ancestor: string): boolean {
    return this.path(code).includes(ancestor);
  }

  /**
   * Clusters a NACE code belongs to, with the weight of the cluster code that covers it. A code coarser
   * than a cluster's code counts for the share of its classes the cluster's code holds: a company that
   * says only "26" (computers, electronics and optics, 16 classes) may or may not make medical devices
   * (26.60), and counts in medical technology at a sixteenth of the weight, not in full.
   */
  clustersOf(code: string): { cluster: string; weight: number }[] {
    const cached = this.clustersOfCache.get(code);
    if (cached) return cached;
    const out: { cluster: string; weight: number }[] = [];
    const classes = this.classCount(code);
    for (const c of this.clusterById.values()) {
      let best = 0;
      for (const t of c.nace) {
        if (this.isWithin(code, t.code)) best = Math.max(best, t.weight);
        else if (this.isWithin(t.code, code)) best = Math.max(best, (t.weight * this.classCount(t.code)) / classes);
      }
      if (best > 0) out.push({ cluster: c.id, weight: best });
    }
    out.sort((x, y) => y.weight - x.weight || x.cluster.localeCompare(y.cluster));
    if (this.naceNodes.has(code)) this.clustersOfCache.set(code, out);
    return out;
  }

  private readonly classCounts = new Map<string, number>();
  /** How many NACE classes lie at or below `code` (1 for a class). */
  classCount(code: string): number {
    let n = this.classCounts.get(code);
    if (n === undefined) {
      const children = this.childrenOf.get(code) ?? [];
      n = children.length ? children.reduce((sum, child) => sum + this.classCount(child), 0) : 1;
      this.classCounts.set(code, n);
    }
    return n;
  }

  /** Clusters with any code inside the subtree of `code`, or covering it. */
  clustersTouching(code: string): string[] {
    return this.clustersOf(code).map((c) => c.cluster);
  }

  /** A code's label in running text (reasons): a Chinese class label borrowed from its group says so. */
  label(code: string, lang: Lang): string | undefined {
    const shown = this.shownLabels.get(code);
    if (!shown) return undefined;
    if (lang === 'zh' && shown.zh) return shown.zhSource === 'group-approx' ? `${shown.zh}（所属组）` : shown.zh;
    return shown[lang] ?? shown.en;
  }
}
