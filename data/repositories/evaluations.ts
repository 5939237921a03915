/** Stored evaluations of weight profiles: written once, read back whole (the charts are drawn from them). */
import type { Kysely, Transaction } from 'kysely';
import type { Page } from '../../engine/model.ts';
import type { Database } from '../schema.ts';
import { newId } from './events.ts';
import { parseJson, toJson } from './json.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredEvaluation<R = unknown> {
  id: string;
  ownerKeyId: string;
  params: Record<string, unknown>;
  result: R;
  createdAt: string;
}

export async function saveEvaluation<R>(db: Db, spec: { ownerKeyId: string; params: Record<string, unknown>; result: R }, now = new Date().toISOString()): Promise<StoredEvaluation<R>> {
  const row = { id: newId('eval'), owner_key_id: spec.ownerKeyId, params: toJson(spec.params), result: toJson(spec.result), created_at: now };
  await db.insertInto('evaluations').values(row).execute();
  return { id: row.id, ownerKeyId: spec.ownerKeyId, params: spec.params, result: spec.result, createdAt: now };
}

export async function findEvaluation<R>(db: Db, id: string): Promise<StoredEvaluation<R> | undefined> {
  const row = await db.selectFrom('evaluations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, ownerKeyId: row.owner_key_id, params: parseJson(row.params, {}), result: parseJson(row.result, null as R), createdAt: row.created_at };
}

/** Newest first, a page at a time, without results (they can be large). */
export async function listEvaluations(db: Db, page: { limit: number; offset: number }): Promise<Page<Omit<StoredEvaluation, 'result'>>> {
  const counted = await db.selectFrom('evaluations').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('evaluations').select(['id', 'owner_key_id', 'params', 'created_at']).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  const items = rows.map((r) => ({ id: r.id, ownerKeyId: r.owner_key_id, params: parseJson(r.params, {}), createdAt: r.created_at }));
  return { items, total: Number(counted.n), limit: page.limit, offset: page.offset };
}
