/**
 * The change log (migration 20261209T0900): triggers add a row per write to what server instances hold
 * in memory; each instance reads the rows after those it has seen and reloads what they name.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export type ChangedEntity = 'company' | 'city' | 'weight_profile' | 'api_key';

export interface Change {
  seq: number;
  entity: ChangedEntity;
  entityId: string;
  atMs: number;
}

const toChange = (r: { seq: number | string; entity: string; entity_id: string; at_ms: number | string }): Change => ({
  seq: Number(r.seq),
  entity: r.entity as ChangedEntity,
  entityId: r.entity_id,
  atMs: Number(r.at_ms),
});

/** The highest sequence number written so far (0 for an empty log). */
export async function lastChangeSeq(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/**
 * The changes after `after`, and those in the given ranges (sequence numbers seen missing before, which a
 * slower transaction may have committed since), in order, at most `limit` after `after`.
 */
export async function readChanges(db: Kysely<Database>, after: number, limit: number, ranges: readonly (readonly [number, number])[] = []): Promise<Change[]> {
  const newer = await db.selectFrom('changes').selectAll().where('seq', '>', after).orderBy('seq').limit(limit).execute();
  const late = ranges.length
    ? await db
        .selectFrom('changes')
        .selectAll()
        .where((eb) => eb.or(ranges.map(([lo, hi]) => eb.between('seq', lo, hi))))
        .orderBy('seq')
        .execute()
    : [];
  return [...late, ...newer].map(toChange);
}

/** Forgets the changes older than `beforeMs` (epoch milliseconds); an instance that was away longer rebuilds. */
export async function pruneChanges(db: Kysely<Database>, beforeMs: number): Promise<number> {
  const result = await db.deleteFrom('changes').where('at_ms', '<', beforeMs).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Epoch milliseconds by the database's clock, the one the log's rows are stamped with. */
export async function databaseNowMs(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<number> {
  const query =
    dialect === 'postgres'
      ? sql<{ ms: string | number }>`select (extract(epoch from clock_timestamp()) * 1000)::bigint as ms`
      : sql<{ ms: string | number }>`select cast((julianday('now') - 2440587.5) * 86400000 as integer) as ms`;
  return Number((await query.execute(db)).rows[0]!.ms);
}
