/** The city directory: public reads, no key needed. */
import { Router } from 'express';
import { z } from 'zod';
import { AppError, notFound } from '../../engine/errors.ts';
import { CITY_STATUSES } from '../../engine/cooperation.ts';
import { findCityById, listCities, updateCityFacts } from '../../data/repositories/cities.ts';
import { nowIso } from '../../data/db.ts';
import { requireRole } from '../auth.ts';
import { parseBody } from '../validation.ts';
import { wishBody } from './companies.ts';
import type { City, KeyFigure } from '../../engine/model.ts';
import type { AppContext } from '../context.ts';
import { presentCity } from '../present.ts';
import { countryCode, pagination, parseQuery } from '../validation.ts';

const figure = z.strictObject({
  value: z.number().positive(),
  year: z.number().int().min(1900).max(2100).nullable().default(null),
  approx: z.boolean().default(true),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  note: z.string().max(500).nullable().optional(),
});

const patchBody = z
  .strictObject({
    keyData: z.strictObject({ population: figure.nullable(), areaKm2: figure.nullable(), gdp: figure.nullable() }).partial(),
    clusters: z
      .array(z.strictObject({ id: z.string().max(60), note: z.string().max(500).nullable().default(null) }))
      .max(40)
      .refine((list) => new Set(list.map((c) => c.id)).size === list.length, 'each cluster may appear once'),
    cooperations: z
      .array(
        z.strictObject({
          partner: z.string().trim().min(1).max(200),
          partnerCountry: z.string().regex(/^[A-Z]{2}$/).nullable().default(null),
          kind: z.enum(['city-partnership', 'representative-office', 'agreement', 'project', 'membership', 'other']),
          since: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date such as 2019, 2019-10 or 2019-10-16').nullable().default(null),
          description: z.string().max(2000).nullable().default(null),
        }),
      )
      .max(100),
    wishes: z.array(wishBody).max(50),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'the patch is empty', path: [] });

/** A canonical text of a fact without its provenance: objects with sorted keys, missing as null. */
function canonical(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([k, x]) => k !== 'provenance' && x !== undefined && x !== null)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, x]) => [k, norm(x)]),
      );
    }
    return v;
  };
  return JSON.stringify(norm(value));
}

/**
 * A fact sent back unchanged in every field keeps the provenance it had (a seed line stays a seed
 * line); a new or changed one is the caller's statement, provenance "api".
 */
function keepProvenance<T extends { provenance: string }>(incoming: Omit<T, 'provenance'>[], existing: T[]): T[] {
  const known = new Map(existing.map((e) => [canonical(e), e.provenance]));
  return incoming.map((item) => ({ ...item, provenance: known.get(canonical(item)) ?? 'api' }) as T);
}

const listQuery = z.strictObject({
  country: countryCode.optional(),
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

  /** Admins, organisers and the city's own key maintain its clusters, cooperations, wishes and key data. */
  router.patch('/cities/:id', async (req, res) => {
    const principal = requireRole(req, ['admin', 'organiser', 'city']);
    const city = await findCityById(ctx.db, req.params.id);
    if (!city) throw notFound('City', req.params.id);
    if (principal.role === 'city' && principal.cityId !== city.id) throw new AppError('forbidden', 'A city key may change only its own city');
    const body = parseBody(patchBody, req);
    const issues = [
      ...(body.clusters ?? []).flatMap((c, i) => (ctx.taxonomy.cluster(c.id) ? [] : [{ field: `clusters.${i}.id`, message: `unknown cluster '${c.id}'` }])),
      ...(body.wishes ?? []).flatMap((w, i) =>
        w.clusters.flatMap((c, j) => (ctx.taxonomy.cluster(c) ? [] : [{ field: `wishes.${i}.clusters.${j}`, message: `unknown cluster '${c}'` }])),
      ),
    ];
    if (issues.length) throw new AppError('validation_failed', `Invalid field ${issues[0]!.field}: ${issues[0]!.message}`, { issues });
    let keyData: City['keyData'] | undefined;
    if (body.keyData) {
      keyData = { ...city.keyData };
      for (const [field, value] of Object.entries(body.keyData) as [keyof City['keyData'], Omit<KeyFigure, 'provenance'> | null][]) {
        const old = city.keyData[field];
        keyData[field] = value && { ...value, note: value.note ?? null, provenance: old && canonical(old) === canonical(value) ? old.provenance : 'api' };
      }
    }
    await ctx.db.transaction().execute((trx) =>
      updateCityFacts(
        trx,
        city.id,
        {
          keyData,
          clusters: body.clusters && keepProvenance(body.clusters, city.clusters),
          cooperations: body.cooperations && keepProvenance(body.cooperations, city.cooperations),
          wishes: body.wishes && keepProvenance(body.wishes, city.wishes),
        },
        nowIso(),
      ),
    );
    const updated = (await findCityById(ctx.db, city.id))!;
    ctx.matching.upsertCity(updated);
    ctx.search.upsertCity(updated);
    res.json(presentCity(ctx.taxonomy, updated));
  });

  return router;
}

/** The schemas behind this route, for the OpenAPI document. */
export const citySchemas = { listQuery, patchBody };
