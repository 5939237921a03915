import type { Kysely, Transaction } from 'kysely';
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
