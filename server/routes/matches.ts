/**
 * Match lists: GET /companies/:id/matches, GET /cities/:id/matches, POST /matches/preview, and the
 * weight profiles they score with. Every item carries its score, each component's weighted
 * contribution (they add up to the score) and reasons in the requested language.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { AppError, notFound } from '../../engine/errors.ts';
import { SIZE_CLASSES, sizeClassOf, WISH_DIRECTIONS, WISH_TYPES } from '../../engine/cooperation.ts';
import type { MatchFeatures } from '../../engine/matching/features.ts';
import { checkProfile, COMPONENTS, DEFAULT_SIZE_MATRIX, FUSIONS, type ScoringProfile } from '../../engine/matching/score.ts';
import { findCityById } from '../../data/repositories/cities.ts';
import { findCompanyById } from '../../data/repositories/companies.ts';
import { activateWeightProfile, findWeightProfile, listWeightProfiles, saveWeightProfile } from '../../data/repositories/weightProfiles.ts';
import type { AppContext } from '../context.ts';
import { requirePrincipal, requireRole, type Principal } from '../auth.ts';
import { countryCode, parseBody, parseQuery } from '../validation.ts';
import { companyCreateBody } from '../schemas/companies.ts';

const country = countryCode;

const matchOptions = {
  target: z.enum(['companies', 'cities']).default('companies'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1000).default(0),
  countries: z.enum(['cross', 'same', 'any']).default('cross'),
  lang: z.enum(['de', 'en', 'zh']).default('en'),
  profile: z.string().min(1).max(80).optional(),
  /** An analyst's what-if, not saved: "industry:0.5,complementarity:0.3,size:0.2". */
  weights: z
    .string()
    .regex(/^(\w+:[0-9.]+)(,\w+:[0-9.]+)*$/, 'weights such as industry:0.5,complementarity:0.3,size:0.2')
    .optional(),
  fusion: z.enum(FUSIONS).optional(),
  country: country.optional(),
  city: z.string().min(1).max(80).optional(),
  industry: z.string().min(1).max(20).optional(),
  cluster: z.string().min(1).max(60).optional(),
  wish: z.enum(WISH_TYPES).optional(),
  direction: z.enum(WISH_DIRECTIONS).optional(),
  size: z.enum(SIZE_CLASSES).optional(),
};
const matchQuery = z.strictObject(matchOptions);
const MATCH_OPTION_NAMES = Object.keys(matchOptions).sort() as (keyof typeof matchOptions)[];
type MatchOptions = z.infer<typeof matchQuery>;

const previewBody = z.strictObject({
  company: companyCreateBody.partial({ name: true }),
  options: matchQuery.optional(),
});

const profileBody = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'lower-case letters, digits and dashes'),
  weights: z.strictObject({ industry: z.number().min(0).max(1), complementarity: z.number().min(0).max(1), size: z.number().min(0).max(1) }),
  fusion: z.enum(FUSIONS).default('harmonic'),
  sizeMatrix: z.array(z.array(z.number().min(0).max(1)).length(4)).length(4).default(DEFAULT_SIZE_MATRIX),
  note: z.string().max(1000).optional(),
  activate: z.boolean().default(true),
});

/** The profile a request scores with: a saved one by name, the default, or inline weights on top. */
async function resolveProfile(ctx: AppContext, options: Pick<MatchOptions, 'profile' | 'weights' | 'fusion'>, field: string) {
  const stored = await ctx.profileCache.find(ctx.db, options.profile);
  if (!stored) throw new AppError('bad_request', `Unknown weight profile '${options.profile ?? '(default)'}'`, { field: `${field}.profile` });
  let profile: ScoringProfile = { weights: stored.weights, fusion: options.fusion ?? stored.fusion, sizeMatrix: stored.sizeMatrix };
  if (options.weights) {
    const weights = Object.fromEntries(options.weights.split(',').map((pair) => pair.split(':')).map(([k, v]) => [k, Number(v)]));
    const unknown = Object.keys(weights).filter((k) => !(COMPONENTS as readonly string[]).includes(k));
    if (unknown.length) throw new AppError('bad_request', `Unknown component '${unknown[0]}' in weights`, { field: `${field}.weights` });
    profile = { ...profile, weights: { ...Object.fromEntries(COMPONENTS.map((c) => [c, 0])), ...weights } as ScoringProfile['weights'] };
  }
  try {
    checkProfile(profile);
  } catch (err) {
    throw new AppError('bad_request', (err as Error).message, { field: `${field}.weights` });
  }
  return {
    profile,
    described: { name: stored.name, version: stored.version, weights: profile.weights, fusion: profile.fusion, inline: !!options.weights || !!options.fusion },
  };
}

/** The candidate conditions of a match request, checked against the candidate's features. */
function acceptFor(ctx: AppContext, o: Partial<MatchOptions>, field: string): ((f: MatchFeatures) => boolean) | undefined {
  const tests: ((f: MatchFeatures) => boolean)[] = [];
  if (o.country) tests.push((f) => f.country === o.country);
  if (o.city) tests.push((f) => f.cityId === o.city);
  if (o.industry) {
    const code = ctx.taxonomy.normalizeNace(o.industry);
    if (!code) throw new AppError('bad_request', `Unknown NACE code '${o.industry}'`, { field: `${field}.industry` });
    tests.push((f) => f.codes.some((c) => c.path.includes(code)));
  }
  if (o.cluster) {
    const index = ctx.matching.space.index(o.cluster);
    if (index === undefined) throw new AppError('bad_request', `Unknown cluster '${o.cluster}'`, { field: `${field}.cluster` });
    tests.push((f) => f.clusters[index]! > 0);
  }
  if (o.wish || o.direction) {
    tests.push((f) => {
      const wishes = o.direction === 'offer' ? f.offers : o.direction === 'request' ? f.requests : [...f.offers, ...f.requests];
      return wishes.some((w) => !o.wish || w.type === o.wish);
    });
  }
  if (o.size) {
    const size = SIZE_CLASSES.indexOf(o.size);
    tests.push((f) => f.sizeClass === size);
  }
  return tests.length ? (f) => tests.every((t) => t(f)) : undefined;
}

/** The options in a fixed order, so that ?a=1&b=2 and ?b=2&a=1 share a cache entry. */
function cacheKeyOf(options: Partial<MatchOptions>): string {
  let key = '';
  for (const name of MATCH_OPTION_NAMES) {
    const value = options[name];
    if (value !== undefined) key += `${name}=${encodeURIComponent(String(value))}&`;
  }
  return key;
}

/** Sends a match list, from the result cache when the index has not changed since it was computed. */
async function sendMatches(ctx: AppContext, res: Response, query: MatchFeatures, options: Partial<MatchOptions>, field: string, cacheable: boolean) {
  const { profile, described } = await resolveProfile(ctx, options, field);
  // The resolved profile is part of the key: activating another version changes what "default" means.
  const key = cacheable ? `${query.key}|${JSON.stringify(described)}|${cacheKeyOf(options)}` : undefined;
  // Kept as bytes: a hit is then written to the socket without encoding the text again.
  let body = key ? ctx.matching.cached(key) : undefined;
  if (!body) {
    body = Buffer.from(JSON.stringify(await respond(ctx, query, options, field, profile, described)));
    if (key) ctx.matching.remember(key, body);
  }
  res.type('application/json').send(body);
}

async function respond(
  ctx: AppContext,
  query: MatchFeatures,
  options: Partial<MatchOptions>,
  field: string,
  profile: ScoringProfile,
  described: Awaited<ReturnType<typeof resolveProfile>>['described'],
) {
  const accept = acceptFor(ctx, options, field);
  const request = {
    target: options.target ?? 'companies',
    limit: options.limit ?? 20,
    offset: options.offset ?? 0,
    countries: options.countries ?? 'cross',
    lang: options.lang ?? 'en',
    accept,
  };
  const { items } = ctx.matching.match(query, profile, request);
  return {
    query: { kind: query.kind, id: query.id, name: query.name, country: query.country },
    target: request.target,
    profile: described,
    lang: request.lang,
    limit: request.limit,
    offset: request.offset,
    items,
  };
}

/** A company key sees only its own matches; a city key those of its city and its companies. */
function assertMaySeeMatches(p: Principal, subject: { kind: 'company' | 'city'; id: string; cityId: string | null }): void {
  if (p.role === 'company' && !(subject.kind === 'company' && subject.id === p.companyId)) {
    throw new AppError('forbidden', 'A company key sees only its own matches');
  }
  if (p.role === 'city' && subject.cityId !== p.cityId) throw new AppError('forbidden', 'A city key sees only the matches of its city and its companies');
}

export function matchRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/companies/:id/matches', async (req, res) => {
    const principal = requirePrincipal(req);
    const options = parseQuery(matchQuery, req);
    // The index holds every company: no database round trip on the hot path.
    let query = ctx.matching.featuresOf(`company:${req.params.id}`);
    if (!query) {
      const company = await findCompanyById(ctx.db, req.params.id);
      if (!company) throw notFound('Company', req.params.id);
      query = ctx.matching.companyFeatures(company);
    }
    assertMaySeeMatches(principal, { kind: 'company', id: query.id, cityId: query.cityId });
    await sendMatches(ctx, res, query, options, 'query', true);
  });

  router.get('/cities/:id/matches', async (req, res) => {
    const principal = requirePrincipal(req);
    const options = parseQuery(matchQuery, req);
    const city = await findCityById(ctx.db, req.params.id);
    if (!city) throw notFound('City', req.params.id);
    assertMaySeeMatches(principal, { kind: 'city', id: city.id, cityId: city.id });
    const query = ctx.matching.featuresOf(`city:${city.id}`) ?? ctx.matching.cityFeatures(city);
    await sendMatches(ctx, res, query, options, 'query', true);
  });

  /** "What would match us?": scores an unsaved company profile; nothing is stored. */
  router.post('/matches/preview', async (req, res) => {
    requirePrincipal(req);
    const body = parseBody(previewBody, req);
    const issues: { field: string; message: string }[] = [];
    const industries = (body.company.industries ?? []).map((industry, i) => {
      const nace = ctx.taxonomy.toNace(industry.scheme, industry.code);
      if (!nace.length) issues.push({ field: `company.industries.${i}.code`, message: `'${industry.code}' is not a known code` });
      return { nace };
    });
    (body.company.wishes ?? []).forEach((w, i) =>
      w.clusters.forEach((c, j) => {
        if (!ctx.taxonomy.cluster(c)) issues.push({ field: `company.wishes.${i}.clusters.${j}`, message: `unknown cluster '${c}'` });
      }),
    );
    if (issues.length) throw new AppError('validation_failed', `Invalid field ${issues[0]!.field}: ${issues[0]!.message}`, { issues });
    const employees = body.company.size?.employees;
    const sizeClass = body.company.size?.sizeClass ?? (employees != null ? sizeClassOf(employees) : null);
    const query = ctx.matching.companyFeatures({
      id: 'preview',
      name: body.company.name ?? 'preview',
      country: body.company.country,
      cityId: body.company.cityId ?? null,
      groupId: body.company.groupId ?? null,
      size: { sizeClass },
      industries,
      wishes: body.company.wishes ?? [],
    });
    // A preview is a one-off profile: never cached.
    await sendMatches(ctx, res, { ...query, key: 'preview:' }, body.options ?? {}, 'options', false);
  });

  router.get('/weight-profiles', async (req, res) => {
    requirePrincipal(req);
    const items = await listWeightProfiles(ctx.db);
    res.json({ items, total: items.length });
  });

  /** Saves a new version of a profile; earlier versions stay and can be activated again. */
  router.post('/weight-profiles', async (req, res) => {
    const principal = requireRole(req, ['admin', 'analyst']);
    const body = parseBody(profileBody, req);
    checkProfile(body);
    const saved = await ctx.db.transaction().execute((trx) => saveWeightProfile(trx, { ...body, createdBy: principal.name }));
    ctx.profileCache.clear();
    res.status(201).json(saved);
  });

  router.post('/weight-profiles/:name/activate', async (req, res) => {
    requireRole(req, ['admin', 'analyst']);
    const body = parseBody(z.strictObject({ version: z.number().int().min(1) }), req);
    const done = await ctx.db.transaction().execute((trx) => activateWeightProfile(trx, req.params.name, body.version));
    ctx.profileCache.clear();
    if (!done) throw notFound('Weight profile version', `${req.params.name}@v${body.version}`, 'version');
    res.json(await findWeightProfile(ctx.db, req.params.name));
  });

  return router;
}

export const matchSchemas = { matchQuery, previewBody, profileBody };
