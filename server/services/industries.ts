/** The industry taxonomy as the directory offers it: free text resolved to codes, and one entry per code or cluster. */
import { notFound } from '../../engine/errors.ts';
import type { ResolvedKind } from '../../engine/resolver.ts';
import { NACE_LEVEL_NAMES, type Taxonomy } from '../../engine/taxonomy.ts';
import type { AppContext } from '../context.ts';

export interface IndustryQuery {
  q?: string | undefined;
  kind?: ResolvedKind | undefined;
  limit: number;
}

/** Free text (DE/EN/ZH) or a code resolved to clusters and codes; without text, the top of the tree and the clusters to browse from. */
export function resolveIndustries(ctx: AppContext, query: IndustryQuery) {
  // ctx.resolver is read per call: building it takes a third of a second, which start should not wait for.
  if (query.q) return ctx.resolver.resolve(query.q, { limit: query.limit, kinds: query.kind ? [query.kind] : undefined });
  const { taxonomy } = ctx;
  return {
    sections: [...taxonomy.allNace()].filter((n) => n.level === 1).map((n) => ({ code: n.code, label: taxonomy.labelsOf(n.code)! })),
    clusters: taxonomy.clusters().map((c) => ({ id: c.id, label: c.names })),
  };
}

const labelled = (taxonomy: Taxonomy, codes: readonly { code: string; weight: number }[]) =>
  codes.map((t) => ({ ...t, label: taxonomy.labelsOf(t.code) ?? null }));

function naceEntry(taxonomy: Taxonomy, code: string) {
  const node = taxonomy.nace(code)!;
  const brief = (c: string) => ({ code: c, level: NACE_LEVEL_NAMES[taxonomy.nace(c)!.level], label: taxonomy.labelsOf(c)! });
  const gbt = [...taxonomy.allGbt()]
    .filter((g) => g.level === 'division' && g.nace.some((t) => taxonomy.isWithin(t.code, code) || taxonomy.isWithin(code, t.code)))
    .map((g) => ({ code: g.code, label: g.labels, weight: Math.max(...g.nace.map((t) => t.weight)) }));
  return {
    kind: 'nace' as const,
    scheme: 'NACE Rev. 2' as const,
    code,
    level: NACE_LEVEL_NAMES[node.level],
    label: taxonomy.labelsOf(code)!,
    path: taxonomy.path(code).map(brief),
    children: taxonomy.children(code).map((c) => brief(c.code)),
    clusters: taxonomy.clustersOf(code).map((c) => ({ id: c.cluster, weight: c.weight, label: taxonomy.cluster(c.cluster)!.names })),
    gbt4754: gbt,
  };
}

/** A NACE code ("29", "29.31"), a cluster id ("new-energy-vehicles") or a GB/T code ("gbt-36"). */
export function industryEntry(ctx: AppContext, raw: string) {
  const { taxonomy } = ctx;
  const cluster = taxonomy.cluster(raw);
  if (cluster) {
    return {
      kind: 'cluster' as const,
      code: cluster.id,
      label: cluster.names,
      synonyms: cluster.synonyms,
      description: cluster.description,
      nace: labelled(taxonomy, cluster.nace),
      related: cluster.related.map((id) => ({ id, label: taxonomy.cluster(id)?.names ?? null })),
      seedThemes: cluster.seedThemes,
      provenance: 'curated' as const,
    };
  }
  const gbtMatch = /^(?:gbt|gb-t|gbt4754)[-:]?(.+)$/i.exec(raw);
  if (gbtMatch) {
    const code = taxonomy.normalizeGbt(gbtMatch[1]!);
    if (!code) throw notFound('GB/T 4754 code', gbtMatch[1]!, 'code');
    const g = taxonomy.gbt(code)!;
    return { kind: 'gbt' as const, scheme: 'GB/T 4754-2017' as const, code, level: g.level, section: g.section, label: g.labels, nace: labelled(taxonomy, g.nace) };
  }
  const code = taxonomy.normalizeNace(raw);
  if (!code) throw notFound('Industry code', raw, 'code');
  return naceEntry(taxonomy, code);
}
