/**
 * "Not interested" marks: a company or city (the subject) says it does not want a suggested partner
 * (a company or city) in its match lists. One row per pair; taking the mark back deletes the row.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('match_dismissals')
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('partner_kind', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('match_dismissals_pk', ['subject_kind', 'subject_id', 'partner_kind', 'partner_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('match_dismissals').execute();
}
