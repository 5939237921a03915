/** The industry taxonomy: the free-text resolver and one entry per code or cluster. Public. */
import { z } from 'zod';
import { defineRoute, ok } from '../routing.ts';
import { industryEntrySchema, industryOverviewSchema, industryResolutionSchema } from '../schemas/industries.ts';
import { industryEntry, resolveIndustries } from '../services/industries.ts';

const resolveQuery = z.strictObject({
  q: z.string().trim().min(1, 'q must not be empty').max(200).optional().meta({ description: 'free text in German, English or Chinese, or a code' }),
  kind: z.enum(['cluster', 'nace', 'gbt']).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10).meta({ description: 'how many items at most (the best first)' }),
});

export const industryRoutes = [
  defineRoute({
    method: 'get',
    path: '/industries',
    operationId: 'resolveIndustries',
    summary: 'Resolve free text (DE/EN/ZH) or a code to clusters, NACE and GB/T codes; without q: sections and clusters',
    tags: ['industries'],
    access: 'public',
    query: resolveQuery,
    responses: {
      200: { description: 'with q: the ranked resolution; without: the overview to browse from', schema: z.union([industryResolutionSchema, industryOverviewSchema]) },
    },
    handler: ({ ctx, query }) => ok(resolveIndustries(ctx, query)),
  }),
  defineRoute({
    method: 'get',
    path: '/industries/:code',
    operationId: 'getIndustry',
    summary: 'A NACE code (29, 29.31), a cluster id or a GB/T code (gbt-36)',
    tags: ['industries'],
    access: 'public',
    params: z.strictObject({ code: z.string().min(1).max(80).meta({ example: '29.31' }) }),
    responses: { 200: { description: 'the entry', schema: industryEntrySchema } },
    problems: [404],
    handler: ({ ctx, params }) => ok(industryEntry(ctx, params.code)),
  }),
];
