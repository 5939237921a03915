/**
 * "Not interested" marks (match_dismissals): which suggested partners a company or city does not want to
 * see again. Setting a mark twice keeps the first; taking it back deletes it.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, MatchDismissalRow } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type EntityKind = 'company' | 'city';

/** A company or a city, as match lists name them. */
export interface EntityKey {
  kind: EntityKind;
  id: string;
}

export interface Dismissal {
  subject: EntityKey;
  partner: EntityKey;
  createdBy: string | null;
  createdAt: string;
}

const toDismissal = (r: MatchDismissalRow): Dismissal => ({
  subject: { kind: r.subject_kind as EntityKind, id: r.subject_id },
  partner: { kind: r.partner_kind as EntityKind, id: r.partner_id },
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** A subject's marks, newest first. */
export async function listDismissals(db: Db, subject: EntityKey): Promise<Dismissal[]> {
  const rows = await db
    .selectFrom('match_dismissals')
    .selectAll()
    .where('subject_kind', '=', subject.kind)
    .where('subject_id', '=', subject.id)
    .orderBy('created_at', 'desc')
    .orderBy('partner_kind')
    .orderBy('partner_id')
    .execute();
  return rows.map(toDismissal);
}

/** Every mark (the matcher loads them at start). */
export async function listAllDismissals(db: Db): Promise<Dismissal[]> {
  const rows = await db.selectFrom('match_dismissals').selectAll().execute();
  return rows.map(toDismissal);
}

/** Sets a mark; one already there stays as it was. Returns the stored mark. */
export async function addDismissal(db: Db, subject: EntityKey, partner: EntityKey, createdBy: string | null, now = new Date().toISOString()): Promise<Dismissal> {
  await db
    .insertInto('match_dismissals')
    .values({ subject_kind: subject.kind, subject_id: subject.id, partner_kind: partner.kind, partner_id: partner.id, created_by: createdBy, created_at: now })
    .onConflict((oc) => oc.columns(['subject_kind', 'subject_id', 'partner_kind', 'partner_id']).doNothing())
    .execute();
  const row = await db
    .selectFrom('match_dismissals')
    .selectAll()
    .where('subject_kind', '=', subject.kind)
    .where('subject_id', '=', subject.id)
    .where('partner_kind', '=', partner.kind)
    .where('partner_id', '=', partner.id)
    .executeTakeFirstOrThrow();
  return toDismissal(row);
}

/** Takes a mark back; false when there was none. */
export async function removeDismissal(db: Db, subject: EntityKey, partner: EntityKey): Promise<boolean> {
  const result = await db
    .deleteFrom('match_dismissals')
    .where('subject_kind', '=', subject.kind)
    .where('subject_id', '=', subject.id)
    .where('partner_kind', '=', partner.kind)
    .where('partner_id', '=', partner.id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
