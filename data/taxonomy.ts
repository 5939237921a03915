/** Loads the taxonomy's data files (NACE reference CSV, Chinese labels, GB/T mapping, clusters, value chain) once. */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { Taxonomy, type Cluster, type TaxonomyData } from '../engine/taxonomy.ts';
import { IndustryResolver } from '../engine/resolver.ts';
import type { ValueChainLink } from '../engine/valueChain.ts';

const here = (file: string) => new URL(`./taxonomy/${file}`, import.meta.url);
const readJson = <T>(file: string): T => JSON.parse(readFileSync(here(file), 'utf8')) as T;

export function loadTaxonomyData(): TaxonomyData {
  const rows = parse(readFileSync(here('noga2008_levels1-4_de_en_fr_it.csv'), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as { level: string; code: string; de: string; en: string }[];
  const gbt = readJson<TaxonomyData['gbt']>('gbt4754-2017.json');
  return {
    nace: rows.map((r) => ({ level: Number(r.level), code: r.code, de: r.de, en: r.en })),
    naceZh: readJson<{ labels: Record<string, string> }>('nace-rev2-zh.json').labels,
    gbt: { sections: gbt.sections, divisions: gbt.divisions },
    clusters: readJson<{ clusters: Cluster[] }>('clusters.json').clusters,
    valueChain: loadValueChainLinks(),
  };
}

/** The value-chain links as data/taxonomy/value-chain.json states them (checked by the ValueChain constructor). */
export function loadValueChainLinks(): ValueChainLink[] {
  return readJson<{ links: ValueChainLink[] }>('value-chain.json').links;
}

export interface LoadedTaxonomy {
  taxonomy: Taxonomy;
  /** Built on first use: its index takes ~0.2 s, which a starting server should not wait for. */
  readonly resolver: IndustryResolver;
}

let cached: LoadedTaxonomy | undefined;

/** The taxonomy, read once per process, and its free-text resolver. */
export function loadTaxonomy(): LoadedTaxonomy {
  if (!cached) {
    const taxonomy = new Taxonomy(loadTaxonomyData());
    let resolver: IndustryResolver | undefined;
    cached = {
      taxonomy,
      get resolver() {
        return (resolver ??= new IndustryResolver(taxonomy));
      },
    };
  }
  return cached;
}
