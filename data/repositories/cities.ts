/** Cities, districts, regions and city networks of the alliance, with their facts and provenance. */
import type { Kysely, Transaction } from 'kysely';
import type { City, CityProfile, GeoPoint, KeyFigure, Page } from '../../engine/model.ts';
import type { CityStatus } from '../../engine/cooperation.ts';
import { searchKey } from '../../engine/text.ts';
import type { CityClusterRow, CityCooperationRow, CityRow, Database } from '../schema.ts';
import { chunks, containsText, parseJson, toJson } from './json.ts';
import { insertWishes, wishesOf, wishRows } from './wishes.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface CityFilters {
  country?: string;
  status?: CityStatus;
  kind?: string;
  /** Cities with at least one of these clusters (an `industry` filter is resolved to clusters by the caller). */
  clusters?: string[];
  q?: string;
  limit: number;
  offset: number;
}

const clusterRows = (cityId: string, clusters: City['clusters']): CityClusterRow[] =>
  clusters.map((c) => ({ city_id: cityId, cluster_id: c.id, provenance: c.provenance, note: c.note }));

const cooperationRows = (cityId: string, cooperations: City['cooperations']): CityCooperationRow[] =>
  cooperations.map((c, seq) => ({
    city_id: cityId,
    seq,
    partner: c.partner,
    partner_country: c.partnerCountry,
    kind: c.kind,
    since: c.since,
    description: c.description,
    provenance: c.provenance,
  }));

export async function insertCity(db: Db, city: City, now: string): Promise<void> {
  const row: CityRow = {
    id: city.id,
    name: city.profile.seedName,
    name_de: city.name.de,
    name_en: city.name.en,
    name_zh: city.name.zh,
    country: city.country,
    region: city.region,
    kind: city.kind,
    parent_id: city.parentId,
    network_id: city.networkId,
    status: city.status.current,
    status_since: city.status.since,
    status_as_of: city.status.asOf,
    // Left for the membership registry to decide (refreshCityStandings), which always writes it.
    status_detail: null,
    key_data: toJson(city.keyData),
    profile: toJson(city.profile),
    sources: toJson(city.sources),
    location: city.location ? toJson(city.location) : null,
    search_text: [city.name.de, city.name.en, city.name.zh ?? '', city.profile.seedName, ...city.profile.nameVariants, city.region ?? '']
      .map(searchKey)
      .join(' | '),
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('cities').values(row).execute();
  if (city.statusHistory.length) {
    await db
      .insertInto('city_status')
      .values(city.statusHistory.map((s, seq) => ({ city_id: city.id, seq, status: s.status, since: s.since, as_of: s.asOf, provenance: s.provenance, note: s.note })))
      .execute();
  }
  if (city.clusters.length) await db.insertInto('city_clusters').values(clusterRows(city.id, city.clusters)).execute();
  if (city.cooperations.length) {
    await db.insertInto('city_cooperations').values(cooperationRows(city.id, city.cooperations)).execute();
  }
  await insertWishes(db, wishRows('city', city.id, city.wishes));
}

function filtered(db: Db, f: Omit<CityFilters, 'limit' | 'offset'>) {
  let query = db.selectFrom('cities');
  if (f.country) query = query.where('country', '=', f.country.toUpperCase());
  if (f.status) query = query.where('status', '=', f.status);
  if (f.kind) query = query.where('kind', '=', f.kind);
  if (f.clusters) {
    const clusters = f.clusters;
    if (!clusters.length) return query.where((eb) => eb.val(1), '=', 0);
    query = query.where('id', 'in', db.selectFrom('city_clusters').select('city_id').where('cluster_id', 'in', clusters));
  }
  if (f.q) {
    for (const term of searchKey(f.q).split(/\s+/).filter(Boolean)) {
      query = query.where(containsText('search_text', term));
    }
  }
  return query;
}


export async function listCities(db: Db, f: CityFilters): Promise<Page<City>> {
  const [{ total }] = (await filtered(db, f).select((eb) => eb.fn.countAll<string | number>().as('total')).execute()) as [
    { total: string | number },
  ];
  const rows = await filtered(db, f)
    .selectAll()
    .orderBy('country', 'desc')
    .orderBy('name_en')
    .orderBy('id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { items: await hydrate(db, rows), total: Number(total), limit: f.limit, offset: f.offset };
}

export async function findCityById(db: Db, id: string): Promise<City | undefined> {
  const row = await db.selectFrom('cities').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await hydrate(db, [row]))[0] : undefined;
}

export async function findCitiesByIds(db: Db, ids: readonly string[]): Promise<City[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('cities').selectAll().where('id', 'in', [...ids]).orderBy('id').execute();
  return hydrate(db, rows);
}

export async function cityIdsExist(db: Db, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks([...new Set(ids)], 900)) {
    if (!part.length) continue;
    const rows = await db.selectFrom('cities').select('id').where('id', 'in', part).execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}

export async function countCities(db: Db): Promise<number> {
  const row = await db.selectFrom('cities').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Loads the child tables of a page of cities in four queries, not four per city. */
async function hydrate(db: Db, rows: CityRow[]): Promise<City[]> {
  const ids = rows.map((r) => r.id);
  if (!ids.length) return [];
  const [status, clusters, coops, wishes] = await Promise.all([
    db.selectFrom('city_status').selectAll().where('city_id', 'in', ids).orderBy('city_id').orderBy('seq').execute(),
    db.selectFrom('city_clusters').selectAll().where('city_id', 'in', ids).orderBy('city_id').orderBy('cluster_id').execute(),
    db.selectFrom('city_cooperations').selectAll().where('city_id', 'in', ids).orderBy('city_id').orderBy('seq').execute(),
    wishesOf(db, 'city', ids),
  ]);
  const group = <T extends { city_id: string }>(list: T[]) => {
    const map = new Map<string, T[]>();
    for (const item of list) map.set(item.city_id, [...(map.get(item.city_id) ?? []), item]);
    return map;
  };
  const statusBy = group(status);
  const clustersBy = group(clusters);
  const coopsBy = group(coops);
  return rows.map((r) => ({
    id: r.id,
    name: { de: r.name_de, en: r.name_en, zh: r.name_zh },
    country: r.country,
    region: r.region,
    kind: r.kind,
    parentId: r.parent_id,
    networkId: r.network_id,
    location: r.location ? parseJson<GeoPoint | null>(r.location, null) : null,
    status: { current: r.status as CityStatus, since: r.status_since, asOf: r.status_as_of, ...parseJson<Pick<City['status'], 'disputes' | 'note'>>(r.status_detail, { disputes: [], note: null }) },
    statusHistory: (statusBy.get(r.id) ?? []).map((s) => ({ status: s.status, since: s.since, asOf: s.as_of, provenance: s.provenance, note: s.note })),
    keyData: parseJson<{ population: KeyFigure | null; areaKm2: KeyFigure | null; gdp: KeyFigure | null }>(r.key_data, {
      population: null,
      areaKm2: null,
      gdp: null,
    }),
    clusters: (clustersBy.get(r.id) ?? []).map((c) => ({ id: c.cluster_id, provenance: c.provenance, note: c.note })),
    cooperations: (coopsBy.get(r.id) ?? []).map((c) => ({
      partner: c.partner,
      partnerCountry: c.partner_country,
      kind: c.kind,
      since: c.since,
      description: c.description,
      provenance: c.provenance,
    })),
    wishes: wishes.get(r.id) ?? [],
    profile: parseJson<CityProfile>(r.profile, {
      seedName: r.name,
      provenance: { nameZh: null, region: null },
      parentName: null,
      nameVariants: [],
      highlights: [],
      research: [],
      membershipInterest: null,
      notes: null,
    }),
    sources: parseJson<string[]>(r.sources, []),
  }));
}

export interface CityFactsUpdate {
  keyData?: City['keyData'];
  clusters?: City['clusters'];
  cooperations?: City['cooperations'];
  wishes?: City['wishes'];
}

/** Replaces the given fact lists of a city; the caller owns the transaction. */
export async function updateCityFacts(db: Db, id: string, update: CityFactsUpdate, now: string): Promise<void> {
  const set: Partial<CityRow> = { updated_at: now };
  if (update.keyData) set.key_data = toJson(update.keyData);
  await db.updateTable('cities').set(set).where('id', '=', id).execute();
  if (update.clusters) {
    await db.deleteFrom('city_clusters').where('city_id', '=', id).execute();
    if (update.clusters.length) await db.insertInto('city_clusters').values(clusterRows(id, update.clusters)).execute();
  }
  if (update.cooperations) {
    await db.deleteFrom('city_cooperations').where('city_id', '=', id).execute();
    if (update.cooperations.length) {
      await db.insertInto('city_cooperations').values(cooperationRows(id, update.cooperations)).execute();
    }
  }
  if (update.wishes) {
    await db.deleteFrom('wishes').where('owner_type', '=', 'city').where('owner_id', '=', id).execute();
    await insertWishes(db, wishRows('city', id, update.wishes));
  }
}
