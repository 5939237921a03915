/**
 * Company actions: the list with its filters resolved against the taxonomy; writes that check what zod
 * cannot (codes against the taxonomy, the city against the directory, size class against head count)
 * before anything is written, then write in one transaction. Who may do what is asked of policy.ts.
 */
import { randomUUID } from 'node:crypto';
import { AppError, notFound, type FieldIssue } from '../../engine/errors.ts';
import { sizeClassOf, type OrgType, type SizeClass, type WishDirection, type WishType } from '../../engine/cooperation.ts';
import type { Company, CompanyInput, Page, Wish } from '../../engine/model.ts';
import type { NaceLevel } from '../../engine/taxonomy.ts';
import { lockRow, nowIso } from '../../data/db.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../data/schema.ts';
import { findCityById } from '../../data/repositories/cities.ts';
import { deleteCompany, findCompanyById, insertCompanies, listCompanies as listCompanyRecords, updateCompany, type CodeAtLevel } from '../../data/repositories/companies.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../policy.ts';
import { assertMayChangeCompany, assertMayCreateCompany, assertMayDeleteCompany } from '../policy.ts';

export interface CompanyListQuery {
  country?: string | undefined;
  city?: string | undefined;
  /** A NACE code: companies with a code inside it. */
  industry?: string | undefined;
  /** A cluster: companies with a code inside one of its NACE codes. */
  cluster?: string | undefined;
  size?: SizeClass | undefined;
  orgType?: OrgType | undefined;
  wish?: WishType | undefined;
  direction?: WishDirection | undefined;
  demo?: boolean | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** The NACE subtrees an industry and a cluster filter select, or undefined for neither. */
function industryFilter(ctx: AppContext, industry: string | undefined, clusterId: string | undefined): CodeAtLevel[] | undefined {
  const { taxonomy } = ctx;
  let industries: CodeAtLevel[] | undefined;
  if (industry) {
    const code = taxonomy.normalizeNace(industry);
    if (!code) throw new AppError('bad_request', `Unknown NACE code '${industry}'`, { field: 'query.industry' });
    industries = [{ code, level: taxonomy.nace(code)!.level }];
  }
  if (clusterId) {
    const cluster = taxonomy.cluster(clusterId);
    if (!cluster) throw new AppError('bad_request', `Unknown cluster '${clusterId}'`, { field: 'query.cluster' });
    const codes = cluster.nace.map((t) => ({ code: t.code, level: taxonomy.nace(t.code)!.level as NaceLevel }));
    // Both filters: the cluster's codes that lie inside the industry (or cover it).
    const within = industries?.[0]?.code;
    industries = within ? codes.filter((c) => taxonomy.isWithin(c.code, within) || taxonomy.isWithin(within, c.code)) : codes;
  }
  return industries;
}

export async function listCompanies(ctx: AppContext, query: CompanyListQuery): Promise<Page<Company>> {
  return listCompanyRecords(ctx.db, {
    country: query.country,
    cityId: query.city,
    industries: industryFilter(ctx, query.industry, query.cluster),
    sizeClass: query.size,
    orgType: query.orgType,
    demo: query.demo,
    wish: query.wish || query.direction ? { type: query.wish, direction: query.direction } : undefined,
    q: query.q,
    limit: query.limit,
    offset: query.offset,
  });
}

export async function getCompany(ctx: AppContext, id: string): Promise<Company> {
  const company = await findCompanyById(ctx.db, id);
  if (!company) throw notFound('Company', id);
  return company;
}

/** Turns validated input into a complete record, or throws 422 naming every offending field. */
interface BuildBase {
  id: string;
  createdAt: string;
  demo: boolean;
  provenance: string[];
  fieldProvenance: Company['fieldProvenance'];
  facts: Company['facts'];
  /** Check that the city lies in the company's country (always on create; on PATCH when either changes). */
  checkCityCountry: boolean;
}

async function buildCompany(ctx: AppContext, db: Kysely<Database>, input: CompanyInput, base: BuildBase): Promise<Company> {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const industries: Company['industries'] = [];
  (input.industries ?? []).forEach((industry, i) => {
    const nace = ctx.taxonomy.toNace(industry.scheme, industry.code);
    if (!nace.length) issues.push({ field: `industries.${i}.code`, message: `'${industry.code}' is not a ${industry.scheme === 'NACE' ? 'NACE Rev. 2' : 'GB/T 4754-2017'} code` });
    const code = (industry.scheme === 'NACE' ? ctx.taxonomy.normalizeNace(industry.code) : ctx.taxonomy.normalizeGbt(industry.code)) ?? industry.code;
    // "36" and "3612" are the same GB/T division once normalised: keep one.
    if (seen.has(`${industry.scheme}:${code}`)) return;
    seen.add(`${industry.scheme}:${code}`);
    industries.push({ scheme: industry.scheme, code, nace });
  });
  const wishes: Wish[] = (input.wishes ?? []).map((w, i) => {
    w.clusters.forEach((c, j) => {
      if (!ctx.taxonomy.cluster(c)) issues.push({ field: `wishes.${i}.clusters.${j}`, message: `unknown cluster '${c}'` });
    });
    return { ...w, provenance: 'provenance' in w && typeof w.provenance === 'string' ? w.provenance : 'api' };
  });
  const city = input.cityId ? await findCityById(db, input.cityId) : undefined;
  if (input.cityId && !city) issues.push({ field: 'cityId', message: `city '${input.cityId}' does not exist` });
  else if (city && base.checkCityCountry && city.country !== input.country) {
    issues.push({ field: 'country', message: `city '${city.id}' is in ${city.country}, not ${input.country}` });
  }
  const employees = input.size?.employees ?? null;
  let sizeClass = input.size?.sizeClass ?? null;
  if (employees != null) {
    const derived = sizeClassOf(employees);
    if (sizeClass && sizeClass !== derived) issues.push({ field: 'size.sizeClass', message: `${employees} employees make a ${derived} enterprise, not ${sizeClass}` });
    sizeClass = derived;
  }
  if (issues.length) throw new AppError('validation_failed', `Invalid field ${issues[0]!.field}: ${issues[0]!.message}`, { issues });
  const cityName = input.cityName ?? city?.name.en ?? null;
  return {
    id: base.id,
    name: input.name,
    orgType: input.orgType ?? 'company',
    country: input.country,
    cityId: input.cityId ?? null,
    cityName,
    groupId: input.groupId ?? null,
    size: { employees, sizeClass, revenueBand: input.size?.revenueBand ?? null },
    foundedYear: input.foundedYear ?? null,
    industries,
    industryText: input.industryText ?? null,
    description: input.description ?? {},
    languages: input.languages ?? [],
    wishes,
    contact: input.contact ?? {},
    facts: base.facts,
    demo: base.demo,
    provenance: base.provenance,
    fieldProvenance: base.fieldProvenance,
    createdAt: base.createdAt,
    updatedAt: nowIso(),
  };
}

export async function createCompany(ctx: AppContext, principal: Principal, input: CompanyInput): Promise<Company> {
  assertMayCreateCompany(principal, input.cityId);
  const now = nowIso();
  return ctx.db.transaction().execute(async (trx) => {
    const company = await buildCompany(ctx, trx, input, {
      id: randomUUID(),
      createdAt: now,
      demo: false,
      provenance: ['api'],
      fieldProvenance: {},
      facts: [],
      checkCityCountry: true,
    });
    await insertCompanies(trx, [company], ctx.taxonomy);
    return company;
  }).then((company) => {
    ctx.matching.upsertCompany(company);
    ctx.search.upsertCompany(company);
    return company;
  });
}

/** PATCH: the given top-level fields replace the stored ones; null clears an optional field. */
export async function patchCompany(ctx: AppContext, principal: Principal, id: string, patch: Partial<CompanyInput>): Promise<Company> {
  // Read, check, merge and write in one transaction with the row locked: two concurrent PATCHes of
  // different fields must both survive, and a permission checked must still hold at the write.
  return ctx.db.transaction().execute(async (trx) => {
    await lockRow(trx, ctx.database.dialect, 'companies', id);
    const existing = await findCompanyById(trx, id);
    if (!existing) throw notFound('Company', id);
    assertMayChangeCompany(principal, existing, patch.cityId);
    const merged: CompanyInput = {
      name: existing.name,
      orgType: existing.orgType,
      country: existing.country,
      cityId: existing.cityId,
      cityName: patch.cityId !== undefined && patch.cityName === undefined ? null : existing.cityName,
      groupId: existing.groupId,
      size: existing.size,
      foundedYear: existing.foundedYear,
      industries: existing.industries.map((i) => ({ scheme: i.scheme, code: i.code })),
      industryText: existing.industryText,
      description: existing.description,
      languages: existing.languages,
      wishes: existing.wishes,
      contact: existing.contact,
    };
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
    }
    // size merges field by field: {"size": {"revenueBand": null}} clears the band, not the head count.
    if (patch.size) merged.size = { ...existing.size, ...patch.size };
    const provenance = existing.provenance.includes('api') ? existing.provenance : [...existing.provenance, 'api'];
    // A field the caller set is the caller's statement now.
    const fieldProvenance = Object.fromEntries(Object.entries(existing.fieldProvenance).filter(([field]) => !(field in patch)));
    const company = await buildCompany(ctx, trx, merged, {
      id,
      createdAt: existing.createdAt,
      demo: existing.demo,
      provenance,
      fieldProvenance,
      facts: existing.facts,
      checkCityCountry: patch.cityId !== undefined || patch.country !== undefined,
    });
    await updateCompany(trx, company, ctx.taxonomy);
    return company;
  }).then((company) => {
    // After the commit: the indexes never show what the database did not keep.
    ctx.matching.upsertCompany(company);
    ctx.search.upsertCompany(company);
    return company;
  });
}

export async function removeCompany(ctx: AppContext, principal: Principal, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await lockRow(trx, ctx.database.dialect, 'companies', id);
    const existing = await findCompanyById(trx, id);
    if (!existing) throw notFound('Company', id);
    assertMayDeleteCompany(principal, existing);
    await deleteCompany(trx, id);
  });
  ctx.matching.removeCompany(id);
  ctx.search.removeCompany(id);
}

