/**
 * The city directory: reads for everyone, and the facts a city's editors maintain (clusters,
 * cooperations, wishes, key data) with their provenance kept where nothing changed.
 */
import { AppError, notFound, type FieldIssue } from '../../engine/errors.ts';
import type { CityStatus } from '../../engine/cooperation.ts';
import type { City, KeyFigure, Page } from '../../engine/model.ts';
import { lockRow, nowIso } from '../../data/db.ts';
import { findCityById, listCities as listCityRecords, updateCityFacts } from '../../data/repositories/cities.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../policy.ts';
import { assertMayChangeCity } from '../policy.ts';
import type { CityPatch } from '../schemas/cities.ts';

export interface CityListQuery {
  country?: string | undefined;
  status?: CityStatus | undefined;
  kind?: string | undefined;
  /** A NACE code: cities with a cluster that covers it. */
  industry?: string | undefined;
  cluster?: string | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

export async function listCities(ctx: AppContext, query: CityListQuery): Promise<Page<City>> {
  const { taxonomy } = ctx;
  let clusters: string[] | undefined;
  if (query.cluster) {
    if (!taxonomy.cluster(query.cluster)) throw new AppError('bad_request', `Unknown cluster '${query.cluster}'`, { field: 'query.cluster' });
    clusters = [query.cluster];
  }
  if (query.industry) {
    const code = taxonomy.normalizeNace(query.industry);
    if (!code) throw new AppError('bad_request', `Unknown NACE code '${query.industry}'`, { field: 'query.industry' });
    // Cities carry clusters, not codes: an industry selects the clusters that cover it.
    const touching = taxonomy.clustersTouching(code);
    clusters = clusters ? clusters.filter((c) => touching.includes(c)) : touching;
  }
  return listCityRecords(ctx.db, { country: query.country, status: query.status, kind: query.kind, q: query.q, clusters, limit: query.limit, offset: query.offset });
}

export async function getCity(ctx: AppContext, id: string): Promise<City> {
  const city = await findCityById(ctx.db, id);
  if (!city) throw notFound('City', id);
  return city;
}

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

function keyDataAfter(city: City, patch: NonNullable<CityPatch['keyData']>): City['keyData'] {
  const keyData = { ...city.keyData };
  for (const [field, value] of Object.entries(patch) as [keyof City['keyData'], Omit<KeyFigure, 'provenance'> | null][]) {
    const old = city.keyData[field];
    keyData[field] = value && { ...value, note: value.note ?? null, provenance: old && canonical(old) === canonical(value) ? old.provenance : 'api' };
  }
  return keyData;
}

/** Cluster ids zod cannot check: against the taxonomy, naming each offending field. */
function unknownClusters(ctx: AppContext, patch: CityPatch): FieldIssue[] {
  return [
    ...(patch.clusters ?? []).flatMap((c, i) => (ctx.taxonomy.cluster(c.id) ? [] : [{ field: `clusters.${i}.id`, message: `unknown cluster '${c.id}'` }])),
    ...(patch.wishes ?? []).flatMap((w, i) =>
      w.clusters.flatMap((c, j) => (ctx.taxonomy.cluster(c) ? [] : [{ field: `wishes.${i}.clusters.${j}`, message: `unknown cluster '${c}'` }])),
    ),
  ];
}

/**
 * Replaces the lists and figures the patch names. Read, check and write happen in one transaction with
 * the row locked: two concurrent patches of different figures both survive. The indexes follow after
 * the commit.
 */
export async function changeCity(ctx: AppContext, principal: Principal, id: string, patch: CityPatch): Promise<City> {
  const updated = await ctx.db.transaction().execute(async (trx) => {
    await lockRow(trx, ctx.database.dialect, 'cities', id);
    const city = await findCityById(trx, id);
    if (!city) throw notFound('City', id);
    assertMayChangeCity(principal, city.id);
    const issues = unknownClusters(ctx, patch);
    if (issues.length) throw new AppError('validation_failed', `Invalid field ${issues[0]!.field}: ${issues[0]!.message}`, { issues });
    const facts = {
      keyData: patch.keyData && keyDataAfter(city, patch.keyData),
      clusters: patch.clusters && keepProvenance(patch.clusters, city.clusters),
      cooperations: patch.cooperations && keepProvenance(patch.cooperations, city.cooperations),
      wishes: patch.wishes && keepProvenance(patch.wishes, city.wishes),
    };
    await updateCityFacts(trx, city.id, facts, nowIso());
    return (await findCityById(trx, city.id))!;
  });
  ctx.matching.upsertCity(updated);
  ctx.search.upsertCity(updated);
  return updated;
}
