import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function getMeta(db: Db, key: string): Promise<string | undefined> {
  return (await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export async function setMeta(db: Db, key: string, value: string): Promise<void> {
  const existing = await getMeta(db, key);
  if (existing === undefined) await db.insertInto('meta').values({ key, value }).execute();
  else await db.updateTable('meta').set({ value }).where('key', '=', key).execute();
}

/**
 * The companies table's version: the database's instance id and a number that every write to the table
 * changes (triggers, migration 20261208T0900). What is derived from the table and kept between starts is
 * valid while both are what they were when it was made.
 */
export async function companiesVersion(db: Db): Promise<string> {
  const row = await db.selectFrom('data_versions').select(['instance', 'version']).where('name', '=', 'companies').executeTakeFirstOrThrow();
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return `${row.instance}:${row.version}`;
  // PostgreSQL counts in a sequence (no row lock on writes); a sequence never advanced reads as 0.
  const { rows } = await sql<{ last_value: string; is_called: boolean }>`select last_value, is_called from companies_version_seq`.execute(db);
  return `${row.instance}:${rows[0]!.is_called ? rows[0]!.last_value : 0}`;
}
