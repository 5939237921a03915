/**
 * What the matcher knows of a company or a city, in one shape for both: NACE codes with their paths,
 * a dense cluster vector, typed offers and requests, and size. Built once per entity; scoring reads
 * only this, so the exhaustive reference and the fast index score from the same numbers.
 */
import type { City, Company } from '../model.ts';
import { SIZE_CLASSES, WISH_TYPES, type SizeClass, type WishType } from '../cooperation.ts';
import type { Taxonomy } from '../taxonomy.ts';
import { isTrade, type ValueChain } from '../valueChain.ts';

export type EntityKind = 'company' | 'city';

export interface FeatureCode {
  code: string;
  /** Section … class, as far as the code goes. */
  path: string[];
  weight: number;
}

export interface FeatureWish {
  direction: 'offer' | 'request';
  type: WishType;
  typeIndex: number;
  /** Cluster indexes the wish names; empty means "any". */
  clusters: number[];
  targetCountry: string | null;
}

export interface MatchFeatures {
  /** "company:<id>" or "city:<id>": unique across kinds. */
  key: string;
  kind: EntityKind;
  id: string;
  name: string;
  country: string;
  cityId: string | null;
  groupId: string | null;
  codes: FeatureCode[];
  /** Membership in each cluster of the vocabulary, in [0, 1], indexed like ClusterSpace.ids. */
  clusters: Float64Array;
  offers: FeatureWish[];
  requests: FeatureWish[];
  /** 0 micro … 3 large; -1 unknown or not a company. */
  sizeClass: number;
  /** Has a code in NACE section G (trade): distributing goods is its business. */
  trades: boolean;
  population: number | null;
}

/** The cluster vocabulary as vector coordinates. */
export class ClusterSpace {
  readonly ids: string[];
  private readonly indexOf: Map<string, number>;
  /** For each cluster, its related clusters' indexes (partial credit in wish fit). */
  readonly related: number[][];
  /** Who sells, supplies or serves whom: the taxonomy's links between codes. */
  readonly valueChain: ValueChain;

  constructor(readonly taxonomy: Taxonomy) {
    this.valueChain = taxonomy.valueChain;
    this.ids = taxonomy.clusters().map((c) => c.id);
    this.indexOf = new Map(this.ids.map((id, i) => [id, i]));
    this.related = taxonomy.clusters().map((c) => c.related.map((r) => this.indexOf.get(r)!).filter((i) => i !== undefined));
  }

  get size(): number {
    return this.ids.length;
  }

  private slab = new Float64Array(0);
  private slabUsed = 0;

  /**
   * A zeroed cluster vector. Vectors are views into shared slabs: 100k small typed arrays with their
   * own backing stores cost the garbage collector more than building the whole index.
   */
  vector(): Float64Array {
    if (this.slabUsed + this.size > this.slab.length) {
      this.slab = new Float64Array(this.size * 4096);
      this.slabUsed = 0;
    }
    const v = this.slab.subarray(this.slabUsed, this.slabUsed + this.size);
    this.slabUsed += this.size;
    return v;
  }

  index(id: string): number | undefined {
    return this.indexOf.get(id);
  }

  private readonly codeClusters = new Map<string, Int32Array>();

  /** The indexes of the clusters a NACE code belongs to (the taxonomy's clustersOf), memoised. */
  clustersOfCode(code: string): Int32Array {
    let out = this.codeClusters.get(code);
    if (!out) {
      out = Int32Array.from(this.taxonomy.clustersOf(code).map((m) => this.indexOf.get(m.cluster)).filter((i): i is number => i !== undefined));
      this.codeClusters.set(code, out);
    }
    return out;
  }

  /** Does the code belong to one of these clusters? */
  codeInClusters(code: string, clusters: readonly number[] | Int32Array): boolean {
    const own = this.clustersOfCode(code);
    for (let i = 0; i < own.length; i++) if (clusters.includes(own[i]!)) return true;
    return false;
  }
}

const typeIndex = (type: WishType) => WISH_TYPES.indexOf(type);

const tradesIn = (codes: FeatureCode[]) => codes.some((c) => isTrade(c.path));

/** What the matcher needs of a company: a full Company fits, and so do the lean rows the index loads. */
export interface CompanyMatchSource {
  id: string;
  name: string;
  country: string;
  cityId: string | null;
  groupId: string | null;
  size: { sizeClass: string | null };
  industries: { nace: { code: string; weight: number }[] }[];
  wishes: Pick<Company['wishes'][number], 'direction' | 'type' | 'clusters' | 'targetCountry'>[];
}

function wishFeatures(space: ClusterSpace, wishes: CompanyMatchSource['wishes'], direction: 'offer' | 'request'): FeatureWish[] {
  return wishes
    .filter((w) => w.direction === direction)
    .map((w) => ({
      direction,
      type: w.type,
      typeIndex: typeIndex(w.type),
      clusters: w.clusters.map((c) => space.index(c)).filter((i): i is number => i !== undefined),
      targetCountry: w.targetCountry,
    }));
}

export function companyFeatures(space: ClusterSpace, company: CompanyMatchSource): MatchFeatures {
  const { taxonomy } = space;
  const clusters = space.vector();
  const codes: FeatureCode[] = [];
  for (const industry of company.industries) {
    for (const target of industry.nace) {
      codes.push({ code: target.code, path: taxonomy.path(target.code), weight: target.weight });
      for (const c of taxonomy.clustersOf(target.code)) {
        const i = space.index(c.cluster)!;
        clusters[i] = Math.max(clusters[i]!, c.weight * target.weight);
      }
    }
  }
  return {
    key: `company:${company.id}`,
    kind: 'company',
    id: company.id,
    name: company.name,
    country: company.country,
    cityId: company.cityId,
    groupId: company.groupId,
    codes,
    clusters,
    offers: wishFeatures(space, company.wishes, 'offer'),
    requests: wishFeatures(space, company.wishes, 'request'),
    sizeClass: company.size.sizeClass ? SIZE_CLASSES.indexOf(company.size.sizeClass as SizeClass) : -1,
    trades: tradesIn(codes),
    population: null,
  };
}

/** A city's codes are its clusters' codes: what its industry consists of. */
export function cityFeatures(space: ClusterSpace, city: City): MatchFeatures {
  const { taxonomy } = space;
  const clusters = space.vector();
  const codes = new Map<string, FeatureCode>();
  for (const k of city.clusters) {
    const i = space.index(k.id);
    const cluster = taxonomy.cluster(k.id);
    if (i === undefined || !cluster) continue;
    clusters[i] = 1;
    for (const t of cluster.nace) {
      const known = codes.get(t.code);
      if (!known || known.weight < t.weight) codes.set(t.code, { code: t.code, path: taxonomy.path(t.code), weight: t.weight });
    }
  }
  return {
    key: `city:${city.id}`,
    kind: 'city',
    id: city.id,
    name: city.name.en,
    country: city.country,
    cityId: city.id,
    groupId: null,
    codes: [...codes.values()],
    clusters,
    offers: wishFeatures(space, city.wishes, 'offer'),
    requests: wishFeatures(space, city.wishes, 'request'),
    sizeClass: -1,
    trades: tradesIn([...codes.values()]),
    population: city.keyData.population?.value ?? null,
  };
}
