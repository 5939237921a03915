/**
 * Periodic reports for the member cities and investment-promotion organisations (003 L244: the company
 * database "gibt diese Daten regelmäßig an die Mitgliedsstädte und die Investitionsförderungsorganisationen
 * weiter"): the reports produced and kept, the schedules that produce them without anyone asking, and a
 * small counter of requested match lists (nothing recorded them before).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('report_schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope_kind', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('cadence', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope_kind', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('scope_name', 'text', (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('schedule_id', 'text')
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // A schedule's period is produced once, however many ticks or server instances race for it; reports
  // asked for by hand (no schedule) are NULL here, and NULLs never collide.
  await db.schema.createIndex('reports_schedule_period').on('reports').columns(['schedule_id', 'period_from']).unique().execute();
  await db.schema.createIndex('reports_scope').on('reports').columns(['scope_kind', 'scope_id', 'period_from']).execute();
  await db.schema
    .createTable('usage_counts')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_counts_pk', ['day', 'subject_kind', 'subject_id', 'action'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('usage_counts').execute();
  await db.schema.dropIndex('reports_scope').execute();
  await db.schema.dropIndex('reports_schedule_period').execute();
  await db.schema.dropTable('reports').execute();
  await db.schema.dropTable('report_schedules').execute();
}
