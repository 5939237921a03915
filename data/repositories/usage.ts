/**
 * Usage counters: how often a company or city did something on a day (a match list requested). One row
 * per day, subject and action, bumped by one upsert, so that counting costs one statement per request.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { EntityKey } from './dismissals.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type UsageAction = 'match_list';

/** Adds one to the subject's count of `action` on the day of `now` (UTC). */
export async function countUsage(db: Db, subject: EntityKey, action: UsageAction, now = new Date()): Promise<void> {
  await db
    .insertInto('usage_counts')
    .values({ day: now.toISOString().slice(0, 10), subject_kind: subject.kind, subject_id: subject.id, action, count: 1 })
    .onConflict((oc) => oc.columns(['day', 'subject_kind', 'subject_id', 'action']).doUpdateSet({ count: sql<number>`usage_counts.count + 1` }))
    .execute();
}

export interface UsageCount {
  day: string;
  subject: EntityKey;
  count: number;
}

/**
 * The counts of `action` on the days from `from` to `to` (both included) of the given cities and of the
 * companies that sit in them.
 */
export async function usageOfCities(db: Db, filter: { from: string; to: string; cityIds: readonly string[]; action: UsageAction }): Promise<UsageCount[]> {
  if (!filter.cityIds.length) return [];
  const rows = await db
    .selectFrom('usage_counts as u')
    .select(['u.day', 'u.subject_kind', 'u.subject_id', 'u.count'])
    .where('u.action', '=', filter.action)
    .where('u.day', '>=', filter.from)
    .where('u.day', '<=', filter.to)
    .where((eb) =>
      eb.or([
        eb.and([eb('u.subject_kind', '=', 'city'), eb('u.subject_id', 'in', filter.cityIds)]),
        eb.and([eb('u.subject_kind', '=', 'company'), eb('u.subject_id', 'in', eb.selectFrom('companies').select('id').where('city_id', 'in', filter.cityIds))]),
      ]),
    )
    .orderBy('u.day')
    .orderBy('u.subject_kind')
    .orderBy('u.subject_id')
    .execute();
  return rows.map((r) => ({ day: r.day, subject: { kind: r.subject_kind as EntityKey['kind'], id: r.subject_id }, count: Number(r.count) }));
}
