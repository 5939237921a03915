import type { Kysely, Transaction } from 'kysely';
import type { Wish } from '../../engine/model.ts';
import type { WishDirection, WishType } from '../../engine/cooperation.ts';
import type { Database, WishRow } from '../schema.ts';
import { chunks, parseJson, toJson } from './json.ts';

type Db = Kysely<Database> | Transaction<Database>;

export function wishRows(ownerType: WishRow['owner_type'], ownerId: string, wishes: Wish[]): WishRow[] {
  return wishes.map((w, seq) => ({
    owner_type: ownerType,
    owner_id: ownerId,
    seq,
    direction: w.direction,
    type: w.type,
    clusters: toJson(w.clusters ?? []),
    target_country: w.targetCountry ?? null,
    description: toJson(w.description ?? {}),
    provenance: w.provenance,
  }));
}

export function toWish(row: WishRow): Wish {
  return {
    direction: row.direction as WishDirection,
    type: row.type as WishType,
    clusters: parseJson<string[]>(row.clusters, []),
    targetCountry: row.target_country,
    description: parseJson(row.description, {}),
    provenance: row.provenance,
  };
}

export async function insertWishes(db: Db, rows: WishRow[]): Promise<void> {
  for (const part of chunks(rows, 500)) await db.insertInto('wishes').values(part).execute();
}

export async function replaceWishes(db: Db, ownerType: WishRow['owner_type'], ownerId: string, wishes: Wish[]): Promise<void> {
  await db.deleteFrom('wishes').where('owner_type', '=', ownerType).where('owner_id', '=', ownerId).execute();
  await insertWishes(db, wishRows(ownerType, ownerId, wishes));
}

/** Wishes of many owners at once, grouped by owner id, in their stored order. */
export async function wishesOf(db: Db, ownerType: WishRow['owner_type'], ownerIds: string[]): Promise<Map<string, Wish[]>> {
  const byOwner = new Map<string, Wish[]>();
  for (const part of chunks(ownerIds, 900)) {
    if (!part.length) continue;
    const rows = await db
      .selectFrom('wishes')
      .selectAll()
      .where('owner_type', '=', ownerType)
      .where('owner_id', 'in', part)
      .orderBy('owner_id')
      .orderBy('seq')
      .execute();
    for (const row of rows) {
      const list = byOwner.get(row.owner_id) ?? [];
      list.push(toWish(row));
      byOwner.set(row.owner_id, list);
    }
  }
  return byOwner;
}
