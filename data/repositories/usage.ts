/**
 * Usage counters: how often a company or city did something on a day (a match list requested). One row
 * per day, subject and action. A count is kept in memory and written with the others of the last second
 * in one statement (a match list is served in well under a millisecond from the cache: a write per
 * request cost more than the request), and whatever reads the counts writes the pending ones first.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { EntityKey } from './dismissals.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type UsageAction = 'match_list';

/** How long a count may wait in memory; a crash loses at most this much counting, a clean stop nothing (flushUsage). */
const FLUSH_MS = 1000;
/** Rows per statement (5 parameters each: well under every driver's limit). */
const FLUSH_ROWS = 500;

interface PendingRow {
  day: string;
  subject_kind: string;
  subject_id: string;
  action: UsageAction;
  count: number;
}

interface Pending {
  rows: Map<string, PendingRow>;
  timer: NodeJS.Timeout | undefined;
}

/** Counts not yet written, per database handle. */
const pendingByDb = new WeakMap<Kysely<Database>, Pending>();

/** Adds one to the subject's count of `action` on the day of `now` (UTC), written within FLUSH_MS. */
export async function countUsage(db: Db, subject: EntityKey, action: UsageAction, now = new Date()): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  // Inside a transaction the count belongs to it: written at once, as part of it.
  if (db.isTransaction) return writeCounts(db, [{ day, subject_kind: subject.kind, subject_id: subject.id, action, count: 1 }]);
  let pending = pendingByDb.get(db);
  if (!pending) pendingByDb.set(db, (pending = { rows: new Map(), timer: undefined }));
  const key = `${day}|${subject.kind}|${subject.id}|${action}`;
  const row = pending.rows.get(key);
  if (row) row.count++;
  else pending.rows.set(key, { day, subject_kind: subject.kind, subject_id: subject.id, action, count: 1 });
  // Unref'd: pending counts never keep a process alive; a clean stop writes them with flushUsage.
  pending.timer ??= setTimeout(() => void flushUsage(db).catch(() => undefined), FLUSH_MS).unref();
}

/** Writes the counts waiting in memory for `db` (before reading them, and before closing the database). */
export async function flushUsage(db: Kysely<Database>): Promise<void> {
  const pending = pendingByDb.get(db);
  if (!pending?.rows.size) return;
  clearTimeout(pending.timer);
  pending.timer = undefined;
  const rows = [...pending.rows.values()];
  pending.rows.clear();
  await writeCounts(db, rows);
}

async function writeCounts(db: Db, rows: PendingRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += FLUSH_ROWS) {
    await db
      .insertInto('usage_counts')
      .values(rows.slice(i, i + FLUSH_ROWS))
      .onConflict((oc) => oc.columns(['day', 'subject_kind', 'subject_id', 'action']).doUpdateSet({ count: sql<number>`usage_counts.count + excluded.count` }))
      .execute();
  }
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
  if (!db.isTransaction) await flushUsage(db as Kysely<Database>);
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
