/** The industry taxonomy: the free-text resolver and one entry per code or cluster. Public. */
import { Router } from 'express';
import { z } from 'zod';
import { notFound } from '../../engine/errors.ts';
import { NACE_LEVEL_NAMES, type Taxonomy } from '../../engine/taxonomy.ts';
import type { AppContext } from '../context.ts';
import { parseQuery } from '../validation.ts';

const resolveQuery = z.strictObject({
  q: z.string().trim().min(1, 'q must not be empty').max(200).optional(),
  kind: z.enum(['cluster', 'nace', 'gbt']).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

function naceEntry(taxonomy: Taxonomy, code: string) {
  const node = taxonomy.nace(code)!;
  const brief = (c: string) => ({ code: c, level: NACE_LEVEL_NAMES[taxonomy.nace(c)!.level], label: taxonomy.nace(c)!.labels });
  const gbt = [...taxonomy.allGbt()]
    .filter((g) => g.level === 'division' && g.nace.some((t) => taxonomy.isWithin(t.code, code) || taxonomy.isWithin(code, t.code)))
    .map((g) => ({ code: g.code, label: g.labels, weight: Math.max(...g.nace.map((t) => t.weight)) }));
  return {
    kind: 'nace' as const,
    scheme: 'NACE Rev. 2',
    code,
    level: NACE_LEVEL_NAMES[node.level],
    label: node.labels,
    path: taxonomy.path(code).map(brief),
    children: taxonomy.children(code).map((c) => brief(c.code)),
    clusters: taxonomy.clustersOf(code).map((c) => ({ id: c.cluster, weight: c.weight, label: taxonomy.cluster(c.cluster)!.names })),
    gbt4754: gbt,
  };
}

export function industryRoutes(ctx: AppContext): Router {
  const router = Router();
  // ctx.resolver is read per request: building it takes a third of a second, which start should not wait for.
  const { taxonomy } = ctx;

  router.get('/industries', (req, res) => {
    const query = parseQuery(resolveQuery, req);
    if (query.q) {
      res.json(ctx.resolver.resolve(query.q, { limit: query.limit, kinds: query.kind ? [query.kind] : undefined }));
      return;
    }
    // Without a query: the top of the tree and the cluster vocabulary, to browse from.
    res.json({
      sections: [...taxonomy.allNace()].filter((n) => n.level === 1).map((n) => ({ code: n.code, label: n.labels })),
      clusters: taxonomy.clusters().map((c) => ({ id: c.id, label: c.names })),
    });
  });

  /** A NACE code ("29", "29.31"), a cluster id ("new-energy-vehicles") or a GB/T code ("gbt-36"). */
  router.get('/industries/:code', (req, res) => {
    const raw = req.params.code;
    const cluster = taxonomy.cluster(raw);
    if (cluster) {
      res.json({
        kind: 'cluster',
        code: cluster.id,
        label: cluster.names,
        synonyms: cluster.synonyms,
        description: cluster.description,
        nace: cluster.nace.map((t) => ({ ...t, label: taxonomy.nace(t.code)?.labels ?? null })),
        related: cluster.related.map((id) => ({ id, label: taxonomy.cluster(id)?.names ?? null })),
        seedThemes: cluster.seedThemes,
        provenance: 'curated',
      });
      return;
    }
    const gbtMatch = /^(?:gbt|gb-t|gbt4754)[-:]?(.+)$/i.exec(raw);
    if (gbtMatch) {
      const code = taxonomy.normalizeGbt(gbtMatch[1]!);
      if (!code) throw notFound('GB/T 4754 code', gbtMatch[1]!, 'code');
      const g = taxonomy.gbt(code)!;
      res.json({
        kind: 'gbt',
        scheme: 'GB/T 4754-2017',
        code,
        level: g.level,
        section: g.section,
        label: g.labels,
        nace: g.nace.map((t) => ({ ...t, label: taxonomy.nace(t.code)?.labels ?? null })),
      });
      return;
    }
    const code = taxonomy.normalizeNace(raw);
    if (!code) throw notFound('Industry code', raw, 'code');
    res.json(naceEntry(taxonomy, code));
  });

  return router;
}

/** The schemas behind this route, for the OpenAPI document. */
export const industrySchemas = { resolveQuery };
