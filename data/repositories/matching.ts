/** Lean reads for the matching index: three table scans instead of hydrating every company. */
import type { Kysely } from 'kysely';
import type { CompanyMatchSource } from '../../engine/matching/features.ts';
import type { WishDirection, WishType } from '../../engine/cooperation.ts';
import type { Database } from '../schema.ts';
import { parseJson } from './json.ts';

export async function loadCompanyMatchSources(db: Kysely<Database>): Promise<CompanyMatchSource[]> {
  const [companies, industries, wishes] = await Promise.all([
    db.selectFrom('companies').select(['id', 'name', 'country', 'city_id', 'group_id', 'size_class']).orderBy('id').execute(),
    db.selectFrom('company_industries').select(['company_id', 'nace_code', 'weight']).orderBy('company_id').orderBy('seq').execute(),
    db
      .selectFrom('wishes')
      .select(['owner_id', 'direction', 'type', 'clusters', 'target_country'])
      .where('owner_type', '=', 'company')
      .orderBy('owner_id')
      .orderBy('seq')
      .execute(),
  ]);
  const byId = new Map<string, CompanyMatchSource>();
  for (const c of companies) {
    byId.set(c.id, {
      id: c.id,
      name: c.name,
      country: c.country,
      cityId: c.city_id,
      groupId: c.group_id,
      size: { sizeClass: c.size_class },
      industries: [],
      wishes: [],
    });
  }
  for (const row of industries) byId.get(row.company_id)?.industries.push({ nace: [{ code: row.nace_code, weight: row.weight }] });
  for (const row of wishes) {
    byId.get(row.owner_id)?.wishes.push({
      direction: row.direction as WishDirection,
      type: row.type as WishType,
      clusters: parseJson<string[]>(row.clusters, []),
      targetCountry: row.target_country,
    });
  }
  return [...byId.values()];
}
