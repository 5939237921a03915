/** Companies CRUD. Reads need any key; writes follow the roles in auth.ts. */
import { Router } from 'express';
import { z } from 'zod';
import { AppError, notFound } from '../../engine/errors.ts';
import { ORG_TYPES, REVENUE_BANDS, SIZE_CLASSES, WISH_DIRECTIONS, WISH_TYPES } from '../../engine/cooperation.ts';
import type { NaceLevel } from '../../engine/taxonomy.ts';
import { findCompanyById, listCompanies, type CodeAtLevel } from '../../data/repositories/companies.ts';
import type { AppContext } from '../context.ts';
import { requirePrincipal } from '../auth.ts';
import { presentCompany } from '../present.ts';
import { createCompany, patchCompany, removeCompany } from '../services/companies.ts';
import { countryCode, pagination, parseBody, parseQuery, queryBoolean } from '../validation.ts';

const country = countryCode;
const text = (max: number) => z.string().trim().min(1).max(max);
const localized = z.strictObject({ de: text(5000).optional(), en: text(5000).optional(), zh: text(5000).optional() });

/** A cooperation wish as the API takes it (companies and cities alike). */
export const wishBody = z.strictObject({
  direction: z.enum(WISH_DIRECTIONS),
  type: z.enum(WISH_TYPES),
  clusters: z.array(z.string().max(60)).max(10).default([]),
  targetCountry: country.nullable().default(null),
  description: localized.default({}),
});

const fields = {
  name: text(200),
  orgType: z.enum(ORG_TYPES),
  country,
  cityId: z.string().max(80).nullable(),
  cityName: text(120).nullable(),
  groupId: text(80).nullable(),
  size: z.strictObject({
    employees: z.number().int().min(0).max(10_000_000).nullable().optional(),
    sizeClass: z.enum(SIZE_CLASSES).nullable().optional(),
    revenueBand: z.enum(REVENUE_BANDS).nullable().optional(),
  }),
  foundedYear: z
    .number()
    .int()
    .min(1500)
    .refine((year) => year <= new Date().getUTCFullYear(), 'a founding year cannot lie in the future')
    .nullable(),
  industries: z
    .array(z.strictObject({ scheme: z.enum(['NACE', 'GBT4754']).default('NACE'), code: z.string().trim().min(1).max(20) }))
    .max(20),
  industryText: text(500).nullable(),
  description: localized,
  languages: z.array(z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 code such as de, en or zh')).max(20),
  wishes: z.array(wishBody).max(30),
  contact: z.strictObject({
    person: text(200).optional(),
    email: z.email().max(254).optional(),
    phone: z.string().regex(/^[+0-9 ()\-/]{4,40}$/, 'a phone number').optional(),
    website: z.url().max(500).optional(),
  }),
};

const createBody = z.strictObject({
  name: fields.name,
  country: fields.country,
  orgType: fields.orgType.optional(),
  cityId: fields.cityId.optional(),
  cityName: fields.cityName.optional(),
  groupId: fields.groupId.optional(),
  size: fields.size.optional(),
  foundedYear: fields.foundedYear.optional(),
  industries: fields.industries.optional(),
  industryText: fields.industryText.optional(),
  description: fields.description.optional(),
  languages: fields.languages.optional(),
  wishes: fields.wishes.optional(),
  contact: fields.contact.optional(),
});

const patchBody = createBody.partial().refine((b) => Object.keys(b).length > 0, { message: 'the patch is empty', path: [] });

const listQuery = z.strictObject({
  country: country.optional(),
  city: z.string().min(1).max(80).optional(),
  industry: z.string().min(1).max(20).optional(),
  cluster: z.string().min(1).max(60).optional(),
  size: z.enum(SIZE_CLASSES).optional(),
  orgType: z.enum(ORG_TYPES).optional(),
  wish: z.enum(WISH_TYPES).optional(),
  direction: z.enum(WISH_DIRECTIONS).optional(),
  demo: queryBoolean.optional(),
  q: z.string().min(1).max(200).optional(),
  ...pagination,
});

export function companyRoutes(ctx: AppContext): Router {
  const router = Router();
  const { taxonomy } = ctx;

  router.get('/companies', async (req, res) => {
    const principal = requirePrincipal(req);
    const query = parseQuery(listQuery, req);
    let industries: CodeAtLevel[] | undefined;
    if (query.industry) {
      const code = taxonomy.normalizeNace(query.industry);
      if (!code) throw new AppError('bad_request', `Unknown NACE code '${query.industry}'`, { field: 'query.industry' });
      industries = [{ code, level: taxonomy.nace(code)!.level }];
    }
    if (query.cluster) {
      const cluster = taxonomy.cluster(query.cluster);
      if (!cluster) throw new AppError('bad_request', `Unknown cluster '${query.cluster}'`, { field: 'query.cluster' });
      const codes = cluster.nace.map((t) => ({ code: t.code, level: taxonomy.nace(t.code)!.level as NaceLevel }));
      // Both filters: the cluster's codes that lie inside the industry (or cover it).
      industries = industries
        ? codes.filter((c) => taxonomy.isWithin(c.code, industries![0]!.code) || taxonomy.isWithin(industries![0]!.code, c.code))
        : codes;
    }
    const page = await listCompanies(ctx.db, {
      country: query.country,
      cityId: query.city,
      industries,
      sizeClass: query.size,
      orgType: query.orgType,
      demo: query.demo,
      wish: query.wish || query.direction ? { type: query.wish, direction: query.direction } : undefined,
      q: query.q,
      limit: query.limit,
      offset: query.offset,
    });
    res.json({ ...page, items: page.items.map((c) => presentCompany(taxonomy, c, principal)) });
  });

  router.get('/companies/:id', async (req, res) => {
    const principal = requirePrincipal(req);
    const company = await findCompanyById(ctx.db, req.params.id);
    if (!company) throw notFound('Company', req.params.id);
    res.json(presentCompany(taxonomy, company, principal));
  });

  router.post('/companies', async (req, res) => {
    const principal = requirePrincipal(req);
    const body = parseBody(createBody, req);
    const company = await createCompany(ctx, principal, body);
    res.status(201).location(`/companies/${company.id}`).json(presentCompany(taxonomy, company, principal));
  });

  router.patch('/companies/:id', async (req, res) => {
    const principal = requirePrincipal(req);
    const body = parseBody(patchBody, req);
    const company = await patchCompany(ctx, principal, req.params.id, body);
    res.json(presentCompany(taxonomy, company, principal));
  });

  router.delete('/companies/:id', async (req, res) => {
    const principal = requirePrincipal(req);
    await removeCompany(ctx, principal, req.params.id);
    res.status(204).end();
  });

  return router;
}

/** The schemas behind this route, for the OpenAPI document. */
export const companySchemas = { listQuery, createBody, patchBody };
