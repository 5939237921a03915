/** Company records: profile, industry codes (native and mapped to NACE), wishes, private contact. */
import type { Kysely, Transaction } from 'kysely';
import type { Company, CompanyIndustry, Page } from '../../engine/model.ts';
import type { OrgType, RevenueBand, SizeClass, WishDirection, WishType } from '../../engine/cooperation.ts';
import type { IndustryScheme, NaceLevel, Taxonomy } from '../../engine/taxonomy.ts';
import type { CompanySearchSource } from '../../engine/search.ts';
import { searchKey } from '../../engine/text.ts';
import type { CompanyIndustryRow, CompanyRow, Database } from '../schema.ts';
import { chunks, containsText, parseJson, toJson } from './json.ts';
import { insertWishes, replaceWishes, wishesOf, wishRows } from './wishes.ts';

type Db = Kysely<Database> | Transaction<Database>;

const LEVEL_COLUMN = { 1: 'nace_section', 2: 'nace_division', 3: 'nace_group', 4: 'nace_class' } as const;

export interface CodeAtLevel {
  code: string;
  level: NaceLevel;
}

export interface CompanyFilters {
  country?: string;
  cityId?: string;
  /** Companies with a code inside any of these NACE subtrees (an industry or a cluster's codes). */
  industries?: CodeAtLevel[];
  sizeClass?: SizeClass;
  orgType?: OrgType;
  demo?: boolean;
  wish?: { type?: WishType; direction?: WishDirection };
  q?: string;
  limit: number;
  offset: number;
}

function companyRow(c: Company): CompanyRow {
  return {
    id: c.id,
    name: c.name,
    org_type: c.orgType,
    country: c.country,
    city_id: c.cityId,
    city_name: c.cityName,
    group_id: c.groupId,
    employees: c.size.employees,
    size_class: c.size.sizeClass,
    revenue_band: c.size.revenueBand,
    founded_year: c.foundedYear,
    industry_text: c.industryText,
    description: toJson(c.description),
    languages: toJson(c.languages),
    contact: toJson(c.contact),
    facts: toJson(c.facts),
    demo: c.demo ? 1 : 0,
    provenance: toJson(c.provenance),
    field_provenance: toJson(c.fieldProvenance),
    search_text: [c.name, c.industryText ?? '', c.cityName ?? '', c.description.de ?? '', c.description.en ?? '', c.description.zh ?? '']
      .filter(Boolean)
      .map(searchKey)
      .join(' | '),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

function industryRows(c: Company, taxonomy: Taxonomy): CompanyIndustryRow[] {
  const rows: CompanyIndustryRow[] = [];
  for (const industry of c.industries) {
    for (const target of industry.nace) {
      const path = taxonomy.path(target.code);
      rows.push({
        company_id: c.id,
        seq: rows.length,
        scheme: industry.scheme,
        code: industry.code,
        nace_code: target.code,
        nace_section: path[0]!,
        nace_division: path[1] ?? null,
        nace_group: path[2] ?? null,
        nace_class: path[3] ?? null,
        weight: target.weight,
      });
    }
  }
  return rows;
}

/** Inserts many companies with their industries and wishes; the caller owns the transaction. */
export async function insertCompanies(db: Db, companies: Company[], taxonomy: Taxonomy): Promise<void> {
  // SQLite allows 32766 bound parameters, PostgreSQL 65535: 20 columns × 400 rows stays well below both.
  for (const part of chunks(companies, 400)) {
    await db.insertInto('companies').values(part.map(companyRow)).execute();
    const industries = part.flatMap((c) => industryRows(c, taxonomy));
    for (const rows of chunks(industries, 1000)) await db.insertInto('company_industries').values(rows).execute();
    await insertWishes(db, part.flatMap((c) => wishRows('company', c.id, c.wishes)));
  }
}

export async function updateCompany(db: Db, c: Company, taxonomy: Taxonomy): Promise<void> {
  const { id: _id, created_at: _created, ...row } = companyRow(c);
  await db.updateTable('companies').set(row).where('id', '=', c.id).execute();
  await db.deleteFrom('company_industries').where('company_id', '=', c.id).execute();
  const industries = industryRows(c, taxonomy);
  if (industries.length) await db.insertInto('company_industries').values(industries).execute();
  await replaceWishes(db, 'company', c.id, c.wishes);
}

export async function deleteCompany(db: Db, id: string): Promise<boolean> {
  await db.deleteFrom('wishes').where('owner_type', '=', 'company').where('owner_id', '=', id).execute();
  await db.deleteFrom('company_industries').where('company_id', '=', id).execute();
  await db.deleteFrom('api_keys').where('company_id', '=', id).execute();
  // Its "not interested" marks, and the marks others set on it.
  await db
    .deleteFrom('match_dismissals')
    .where((eb) => eb.or([eb.and([eb('subject_kind', '=', 'company'), eb('subject_id', '=', id)]), eb.and([eb('partner_kind', '=', 'company'), eb('partner_id', '=', id)])]))
    .execute();
  const result = await db.deleteFrom('companies').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteDemoCompanies(db: Db): Promise<number> {
  const demo = db.selectFrom('companies').select('id').where('demo', '=', 1);
  await db.deleteFrom('wishes').where('owner_type', '=', 'company').where('owner_id', 'in', demo).execute();
  await db.deleteFrom('company_industries').where('company_id', 'in', demo).execute();
  await db.deleteFrom('api_keys').where('company_id', 'in', demo).execute();
  const result = await db.deleteFrom('companies').where('demo', '=', 1).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function filtered(db: Db, f: Omit<CompanyFilters, 'limit' | 'offset'>) {
  let query = db.selectFrom('companies');
  if (f.country) query = query.where('country', '=', f.country.toUpperCase());
  if (f.cityId) query = query.where('city_id', '=', f.cityId);
  if (f.sizeClass) query = query.where('size_class', '=', f.sizeClass);
  if (f.orgType) query = query.where('org_type', '=', f.orgType);
  if (f.demo !== undefined) query = query.where('demo', '=', f.demo ? 1 : 0);
  if (f.industries) {
    const codes = f.industries;
    if (!codes.length) return query.where((eb) => eb.val(1), '=', 0);
    // One indexed IN-lookup per NACE level, united: an OR across the four columns defeats the indexes.
    const byLevel = new Map<NaceLevel, string[]>();
    for (const c of codes) byLevel.set(c.level, [...(byLevel.get(c.level) ?? []), c.code]);
    const lookups = [...byLevel].map(([level, list]) =>
      db.selectFrom('company_industries').select('company_id').where(LEVEL_COLUMN[level], 'in', list),
    );
    const united = lookups.slice(1).reduce((acc, next) => acc.union(next), lookups[0]!);
    query = query.where('id', 'in', united);
  }
  if (f.wish) {
    const { type, direction } = f.wish;
    let wishes = db.selectFrom('wishes').select('owner_id').where('owner_type', '=', 'company');
    if (type) wishes = wishes.where('type', '=', type);
    if (direction) wishes = wishes.where('direction', '=', direction);
    query = query.where('id', 'in', wishes);
  }
  if (f.q) {
    for (const term of searchKey(f.q).split(/\s+/).filter(Boolean)) {
      query = query.where(containsText('search_text', term));
    }
  }
  return query;
}

export async function listCompanies(db: Db, f: CompanyFilters): Promise<Page<Company>> {
  const counted = await filtered(db, f).select((eb) => eb.fn.countAll<string | number>().as('total')).executeTakeFirstOrThrow();
  const rows = await filtered(db, f).selectAll().orderBy('name').orderBy('id').limit(f.limit).offset(f.offset).execute();
  return { items: await hydrate(db, rows), total: Number(counted.total), limit: f.limit, offset: f.offset };
}

export async function findCompanyById(db: Db, id: string): Promise<Company | undefined> {
  const row = await db.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await hydrate(db, [row]))[0] : undefined;
}

/** The companies with these ids that exist (in no particular order): one query per 500 ids. */
export async function findCompaniesByIds(db: Db, ids: readonly string[]): Promise<Company[]> {
  const found: Company[] = [];
  for (const part of chunks([...new Set(ids)], 500)) {
    if (part.length) found.push(...(await hydrate(db, await db.selectFrom('companies').selectAll().where('id', 'in', part).execute())));
  }
  return found;
}

/** Name and country of the companies with these ids (those that exist), by id: one query per 500 ids. */
export async function companyNamesByIds(db: Db, ids: readonly string[]): Promise<Map<string, { name: string; country: string }>> {
  const found = new Map<string, { name: string; country: string }>();
  for (const part of chunks([...new Set(ids)], 500)) {
    if (!part.length) continue;
    for (const row of await db.selectFrom('companies').select(['id', 'name', 'country']).where('id', 'in', part).execute()) found.set(row.id, { name: row.name, country: row.country });
  }
  return found;
}

/** What the search index needs of companies, a slice at a time in id order (keyset pagination). */
export async function listCompanySearchSources(db: Db, afterId: string, limit: number): Promise<CompanySearchSource[]> {
  const rows = await db
    .selectFrom('companies')
    .select(['id', 'name', 'country', 'city_id', 'city_name', 'industry_text', 'description'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    country: r.country,
    cityId: r.city_id,
    cityName: r.city_name,
    industryText: r.industry_text,
    description: parseJson<Company['description']>(r.description, {}),
  }));
}

export async function countCompanies(db: Db, demo?: boolean): Promise<number> {
  let query = db.selectFrom('companies').select((eb) => eb.fn.countAll<string | number>().as('n'));
  if (demo !== undefined) query = query.where('demo', '=', demo ? 1 : 0);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

async function hydrate(db: Db, rows: CompanyRow[]): Promise<Company[]> {
  const ids = rows.map((r) => r.id);
  if (!ids.length) return [];
  const industriesBy = new Map<string, CompanyIndustry[]>();
  for (const part of chunks(ids, 900)) {
    const list = await db.selectFrom('company_industries').selectAll().where('company_id', 'in', part).orderBy('company_id').orderBy('seq').execute();
    for (const r of list) {
      const industries = industriesBy.get(r.company_id) ?? [];
      const last = industries.at(-1);
      if (last && last.scheme === r.scheme && last.code === r.code) last.nace.push({ code: r.nace_code, weight: r.weight });
      else industries.push({ scheme: r.scheme as IndustryScheme, code: r.code, nace: [{ code: r.nace_code, weight: r.weight }] });
      industriesBy.set(r.company_id, industries);
    }
  }
  const wishes = await wishesOf(db, 'company', ids);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    orgType: r.org_type as OrgType,
    country: r.country,
    cityId: r.city_id,
    cityName: r.city_name,
    groupId: r.group_id,
    size: { employees: r.employees, sizeClass: r.size_class as SizeClass | null, revenueBand: r.revenue_band as RevenueBand | null },
    foundedYear: r.founded_year,
    industries: industriesBy.get(r.id) ?? [],
    industryText: r.industry_text,
    description: parseJson(r.description, {}),
    languages: parseJson<string[]>(r.languages, []),
    wishes: wishes.get(r.id) ?? [],
    contact: parseJson(r.contact, {}),
    facts: parseJson(r.facts, []),
    demo: r.demo === 1,
    provenance: parseJson<string[]>(r.provenance, []),
    fieldProvenance: parseJson(r.field_provenance, {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}
