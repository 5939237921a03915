/**
 * What happened after meetings, the analysts' evaluations, and the metrics a fitted weight profile was
 * saved with. An outcome is one side's account of its meeting with one partner: keyed by the pair rather
 * than the meeting row, since a pair meets once per event and a re-run may replace the row.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('meeting_outcomes')
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('participant_id', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text')
    .addColumn('attended', 'integer', (c) => c.notNull())
    .addColumn('rating', 'integer')
    .addColumn('follow_up', 'text', (c) => c.notNull())
    .addColumn('agreement_type', 'text')
    .addColumn('follow_up_date', 'text')
    .addColumn('note', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_outcomes_pk', ['event_id', 'participant_id', 'partner_id'])
    .execute();
  await db.schema
    .createTable('evaluations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_key_id', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('weight_profiles').addColumn('metrics', 'text').execute();
  await db.schema.createIndex('jobs_kind').on('jobs').columns(['kind', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_kind').execute();
  await db.schema.alterTable('weight_profiles').dropColumn('metrics').execute();
  await db.schema.dropTable('evaluations').execute();
  await db.schema.dropTable('meeting_outcomes').execute();
}
