/** The city directory: public reads, no key needed. */
import { Router } from 'express';
import { z } from 'zod';
import { AppError, notFound } from '../../engine/errors.ts';
import { CITY_STATUSES } from '../../engine/cooperation.ts';
import { findCityById, listCities } from '../../data/repositories/cities.ts';
import type { AppContext } from '../context.ts';
import { presentCity } from '../present.ts';
import { pagination, parseQuery } from '../validation.ts';

const listQuery = z.object({
  country: z.string().regex(/^[A-Za-z]{2}$/, 'a two-letter country code such as DE or CN').transform((s) => s.toUpperCase()).optional(),
  status: z.enum(CITY_STATUSES).optional(),
  industry: z.string().min(1).max(20).optional(),
  cluster: z.string().min(1).max(60).optional(),
  q: z.string().min(1).max(200).optional(),
  ...pagination,
});

export function cityRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/cities', async (req, res) => {
    const query = parseQuery(listQuery, req);
    let clusters: string[] | undefined;
    if (query.cluster) {
      if (!ctx.taxonomy.cluster(query.cluster)) throw new AppError('bad_request', `Unknown cluster '${query.cluster}'`, { field: 'query.cluster' });
      clusters = [query.cluster];
    }
    if (query.industry) {
      const code = ctx.taxonomy.normalizeNace(query.industry);
      if (!code) throw new AppError('bad_request', `Unknown NACE code '${query.industry}'`, { field: 'query.industry' });
      // Cities carry clusters, not codes: an industry selects the clusters that cover it.
      const touching = ctx.taxonomy.clustersTouching(code);
      clusters = clusters ? clusters.filter((c) => touching.includes(c)) : touching;
    }
    const page = await listCities(ctx.db, { ...query, clusters });
    res.json({ ...page, items: page.items.map((c) => presentCity(ctx.taxonomy, c)) });
  });

  router.get('/cities/:id', async (req, res) => {
    const city = await findCityById(ctx.db, req.params.id);
    if (!city) throw notFound('City', req.params.id);
    res.json(presentCity(ctx.taxonomy, city));
  });

  return router;
}
