/** Companies: reads for any key, writes for the roles policy.ts names; contact data only for the company itself and admins. */
import { z } from 'zod';
import { ORG_TYPES, SIZE_CLASSES, WISH_DIRECTIONS, WISH_TYPES } from '../../engine/cooperation.ts';
import { COMPANY_EDITORS, DIRECTORY_EDITORS, ORGANISERS } from '../policy.ts';
import { presentCompany } from '../present.ts';
import { created, defineRoute, noContent, ok } from '../routing.ts';
import { idParam, pageOf, pagination } from '../schemas/common.ts';
import { companyCreateBody, companyPatchBody, companySchema } from '../schemas/companies.ts';
import { createCompany, getCompany, listCompanies, patchCompany, removeCompany } from '../services/companies.ts';
import { countryCode, queryBoolean } from '../validation.ts';

const listQuery = z.strictObject({
  country: countryCode.optional(),
  city: z.string().min(1).max(80).optional().meta({ description: 'a city id' }),
  industry: z.string().min(1).max(20).optional().meta({ description: 'a NACE code: companies with a code inside it' }),
  cluster: z.string().min(1).max(60).optional().meta({ description: "a cluster id: companies with a code inside one of the cluster's" }),
  size: z.enum(SIZE_CLASSES).optional(),
  orgType: z.enum(ORG_TYPES).optional(),
  wish: z.enum(WISH_TYPES).optional().meta({ description: 'companies with a wish of this type' }),
  direction: z.enum(WISH_DIRECTIONS).optional().meta({ description: 'companies with a wish in this direction' }),
  demo: queryBoolean.optional().meta({ description: 'only generated (true) or only real (false) companies' }),
  q: z.string().min(1).max(200).optional().meta({ description: 'words in the name, industry text, city or description' }),
  ...pagination,
});

const companyId = z.strictObject({ id: idParam.meta({ description: 'a company id' }) });

export const companyRoutes = [
  defineRoute({
    method: 'get',
    path: '/companies',
    operationId: 'listCompanies',
    summary: 'Companies (any key)',
    tags: ['companies'],
    access: 'key',
    query: listQuery,
    responses: { 200: { description: 'a page of companies', schema: pageOf(companySchema) } },
    handler: async ({ ctx, principal, query }) => {
      const page = await listCompanies(ctx, query);
      const names = (id: string) => ctx.matching.cityNamesOf(id);
      return ok({ ...page, items: page.items.map((c) => presentCompany(ctx.taxonomy, c, principal, names)) });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/companies',
    operationId: 'createCompany',
    summary: 'Create a company (admin, organiser, a city key in its city)',
    tags: ['companies'],
    access: DIRECTORY_EDITORS,
    body: companyCreateBody,
    responses: { 201: { description: 'the company', schema: companySchema, headers: { Location: 'the company' } } },
    handler: async ({ ctx, principal, body }) => {
      const company = await createCompany(ctx, principal, body);
      return created(presentCompany(ctx.taxonomy, company, principal), `/companies/${company.id}`);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/companies/:id',
    operationId: 'getCompany',
    summary: 'One company; contact data only for itself and admins',
    tags: ['companies'],
    access: 'key',
    params: companyId,
    responses: { 200: { description: 'the company', schema: companySchema } },
    problems: [404],
    handler: async ({ ctx, principal, params }) => ok(presentCompany(ctx.taxonomy, await getCompany(ctx, params.id), principal, (id) => ctx.matching.cityNamesOf(id))),
  }),
  defineRoute({
    method: 'patch',
    path: '/companies/:id',
    operationId: 'changeCompany',
    summary: 'Change a company (admin, organiser, itself, its city)',
    description: 'The given top-level fields replace the stored ones (size merges field by field); null clears an optional field. A city key may not move a company to another city.',
    tags: ['companies'],
    access: COMPANY_EDITORS,
    params: companyId,
    body: companyPatchBody,
    responses: { 200: { description: 'the company as changed', schema: companySchema } },
    problems: [404],
    handler: async ({ ctx, principal, params, body }) => ok(presentCompany(ctx.taxonomy, await patchCompany(ctx, principal, params.id, body), principal)),
  }),
  defineRoute({
    method: 'delete',
    path: '/companies/:id',
    operationId: 'deleteCompany',
    summary: 'Delete a company (admin, organiser)',
    tags: ['companies'],
    access: ORGANISERS,
    params: companyId,
    responses: { 204: { description: 'deleted' } },
    problems: [404],
    handler: async ({ ctx, principal, params }) => {
      await removeCompany(ctx, principal, params.id);
      return noContent();
    },
  }),
];
