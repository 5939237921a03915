/** GET /search?q=: companies and cities by name, description, industry and cluster, in DE/EN/ZH. */
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../engine/errors.ts';
import type { AppContext } from '../context.ts';
import { countryCode, pagination, parseQuery } from '../validation.ts';

const searchQuery = z.strictObject({
  q: z.string().trim().min(1, 'q must not be empty').max(200),
  kind: z.enum(['company', 'city']).optional(),
  country: countryCode.optional(),
  ...pagination,
});

export function searchRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/search', async (req, res) => {
    const query = parseQuery(searchQuery, req);
    // Cities are public; companies need a key, like the company directory.
    const kinds: ('company' | 'city')[] = query.kind ? [query.kind] : req.principal ? ['company', 'city'] : ['city'];
    if (kinds.includes('company') && !req.principal) {
      throw new AppError('unauthenticated', 'Searching companies needs an API key (Authorization: Bearer <key>)', { field: 'authorization' });
    }
    const found = await ctx.search.search(query.q, { kinds, country: query.country, limit: query.limit, offset: query.offset });
    res.json({ query: query.q, ...found, limit: query.limit, offset: query.offset });
  });
  return router;
}

export const searchSchemas = { searchQuery };
