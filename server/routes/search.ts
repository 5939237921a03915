/** GET /search?q=: companies and cities by name, description, industry and cluster, in DE/EN/ZH. */
import { z } from 'zod';
import { defineRoute, ok } from '../routing.ts';
import { pagination } from '../schemas/common.ts';
import { searchResultSchema } from '../schemas/search.ts';
import { searchDirectory } from '../services/search.ts';
import { countryCode } from '../validation.ts';

const searchQuery = z.strictObject({
  q: z.string().trim().min(1, 'q must not be empty').max(200),
  kind: z.enum(['company', 'city']).optional().meta({ description: 'companies need a key; without a kind: cities, and companies too with a key' }),
  country: countryCode.optional(),
  lang: z.enum(['de', 'en', 'zh']).optional().meta({ description: "cities named in this language (English where the city has no name in it); without it, all three joined by ' | '" }),
  ...pagination,
});

export const searchRoutes = [
  defineRoute({
    method: 'get',
    path: '/search',
    operationId: 'search',
    summary: 'Full-text search over cities (public) and companies (with a key), in German, English and Chinese',
    description: 'While the index is being built (after start, or after its worker failed) the answer is 503 with Retry-After.',
    tags: ['search'],
    access: 'public',
    query: searchQuery,
    responses: { 200: { description: 'hits, best first', schema: searchResultSchema } },
    problems: [503],
    handler: async ({ ctx, principal, query }) => ok(await searchDirectory(ctx, principal, query)),
  }),
];
