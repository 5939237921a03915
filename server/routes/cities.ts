/** The city directory: public reads; a city's editors maintain its clusters, cooperations, wishes and key data. */
import { z } from 'zod';
import { CITY_STATUSES } from '../../engine/cooperation.ts';
import { DIRECTORY_EDITORS } from '../policy.ts';
import { presentCity } from '../present.ts';
import { defineRoute, ok } from '../routing.ts';
import { cityPatchBody, citySchema } from '../schemas/cities.ts';
import { idParam, pageOf, pagination } from '../schemas/common.ts';
import { changeCity, getCity, listCities } from '../services/cities.ts';
import { countryCode } from '../validation.ts';

const listQuery = z.strictObject({
  country: countryCode.optional(),
  status: z.enum(CITY_STATUSES).optional(),
  kind: z.string().min(1).max(40).optional().meta({ description: 'city, county, district, region or city-network' }),
  industry: z.string().min(1).max(20).optional().meta({ description: 'a NACE code: cities with a cluster that covers it' }),
  cluster: z.string().min(1).max(60).optional(),
  q: z.string().min(1).max(200).optional().meta({ description: 'a name in any language' }),
  ...pagination,
});

const cityId = z.strictObject({ id: idParam.meta({ description: 'a city id, e.g. cn-foshan' }) });

export const cityRoutes = [
  defineRoute({
    method: 'get',
    path: '/cities',
    operationId: 'listCities',
    summary: 'The city directory (public)',
    tags: ['cities'],
    access: 'public',
    query: listQuery,
    responses: { 200: { description: 'a page of cities', schema: pageOf(citySchema) } },
    handler: async ({ ctx, query }) => {
      const page = await listCities(ctx, query);
      return ok({ ...page, items: page.items.map((c) => presentCity(ctx.taxonomy, c)) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/cities/:id',
    operationId: 'getCity',
    summary: 'One city (public)',
    tags: ['cities'],
    access: 'public',
    params: cityId,
    responses: { 200: { description: 'the city', schema: citySchema } },
    problems: [404],
    handler: async ({ ctx, params }) => ok(presentCity(ctx.taxonomy, await getCity(ctx, params.id))),
  }),
  defineRoute({
    method: 'patch',
    path: '/cities/:id',
    operationId: 'changeCity',
    summary: "Replace a city's clusters, cooperations, wishes or key data (admin, organiser, the city's own key)",
    description: 'A fact sent back unchanged keeps its provenance (a seed line stays a seed line); a new or changed one gets provenance "api".',
    tags: ['cities'],
    access: DIRECTORY_EDITORS,
    params: cityId,
    body: cityPatchBody,
    responses: { 200: { description: 'the city as changed', schema: citySchema } },
    problems: [404],
    handler: async ({ ctx, principal, params, body }) => ok(presentCity(ctx.taxonomy, await changeCity(ctx, principal, params.id, body))),
  }),
];
