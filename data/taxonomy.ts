/** Loads the taxonomy's data files (NACE reference CSV, Chinese labels, GB/T mapping, clusters) once. */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { Taxonomy, type Cluster, type TaxonomyData } from '../engine/taxonomy.ts';
import { IndustryResolver } from '../engine/resolver.ts';

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
  };
}

let cached: { taxonomy: Taxonomy; resolver: IndustryResolver } | undefined;

/** The taxonomy and its resolver, built on first use (the resolver index takes ~100 ms). */
export function loadTaxonomy(): { taxonomy: Taxonomy; resolver: IndustryResolver } {
  if (!cached) {
    const taxonomy = new Taxonomy(loadTaxonomyData());
    cached = { taxonomy, resolver: new IndustryResolver(taxonomy) };
  }
  return cached;
}
