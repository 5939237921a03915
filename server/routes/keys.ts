/** API keys over HTTP, for admins: issue keys to organisers, analysts, companies and cities; list; revoke. */
import { z } from 'zod';
import { ROLES } from '../../engine/model.ts';
import { ADMINS } from '../policy.ts';
import { created, defineRoute, noContent, ok } from '../routing.ts';
import { isoDateTime, pageOf, paginationQuery, pathParams } from '../schemas/common.ts';
import { issueKey, listKeys, revokeKey } from '../services/keys.ts';

const createBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    companyId: z.string().max(80).optional().meta({ description: 'for a company key: the company it acts for' }),
    cityId: z.string().max(80).optional().meta({ description: 'for a city key: the city it acts for' }),
  })
  .meta({ example: { name: 'Foshan investment promotion', role: 'city', cityId: 'cn-foshan' } });

export const apiKeySchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    prefix: z.string().meta({ description: 'the first characters of the secret, to tell keys apart' }),
    companyId: z.string().nullable(),
    cityId: z.string().nullable(),
    createdAt: isoDateTime,
    revokedAt: isoDateTime.nullable(),
    lastUsedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'ApiKey' });

export const keyRoutes = [
  defineRoute({
    method: 'get',
    path: '/keys',
    operationId: 'listKeys',
    summary: 'API keys, without secrets (admin)',
    tags: ['keys'],
    access: ADMINS,
    query: paginationQuery,
    responses: { 200: { description: 'a page of keys', schema: pageOf(apiKeySchema) } },
    handler: async ({ ctx, query }) => ok(await listKeys(ctx, query)),
  }),
  defineRoute({
    method: 'post',
    path: '/keys',
    operationId: 'issueKey',
    summary: 'Issue a key; the secret is in this response only (admin)',
    tags: ['keys'],
    access: ADMINS,
    body: createBody,
    responses: {
      201: {
        description: 'the key with its secret, shown this once',
        schema: apiKeySchema.extend({ secret: z.string() }).meta({ id: 'IssuedApiKey' }),
        headers: { Location: 'the key' },
      },
    },
    handler: async ({ ctx, body }) => {
      const key = await issueKey(ctx, body);
      return created(key, `/keys/${key.id}`);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/keys/:id',
    operationId: 'revokeKey',
    summary: 'Revoke a key (admin)',
    tags: ['keys'],
    access: ADMINS,
    params: pathParams('id'),
    responses: { 204: { description: 'revoked' } },
    problems: [404],
    handler: async ({ ctx, params }) => {
      await revokeKey(ctx, params.id);
      return noContent();
    },
  }),
];
