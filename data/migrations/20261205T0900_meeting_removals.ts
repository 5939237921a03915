/**
 * Meetings that were taken away (a re-run dropped the pair, a lock displaced it, a participant left):
 * kept so that a participant's calendar feed can cancel the entry its client imported earlier, under the
 * same UID. One row per pair (a_id < b_id), the latest removal; the names are kept because a participant
 * who left is gone from the participants table.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('event_meeting_removals')
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('a_id', 'text', (c) => c.notNull())
    .addColumn('b_id', 'text', (c) => c.notNull())
    .addColumn('a_name', 'text', (c) => c.notNull())
    .addColumn('b_name', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('removed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_meeting_removals_pk', ['event_id', 'a_id', 'b_id'])
    .execute();
  await db.schema.createIndex('event_meeting_removals_b').on('event_meeting_removals').columns(['event_id', 'b_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('event_meeting_removals').execute();
}
