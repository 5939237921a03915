/**
 * Jobs that any instance may run: the input the runner needs (kept in the database, not in the process
 * that took the request), the instance that holds the job and until when (a lease it renews while it
 * runs; an expired lease means the instance is gone), and a cancel flag that reaches whichever instance
 * holds the job.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('input', 'text').execute();
  await db.schema.alterTable('jobs').addColumn('lease_owner', 'text').execute();
  await db.schema.alterTable('jobs').addColumn('lease_until_ms', 'bigint').execute();
  await db.schema.alterTable('jobs').addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('jobs_queue').on('jobs').columns(['kind', 'status', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_queue').execute();
  for (const column of ['cancel_requested', 'lease_until_ms', 'lease_owner', 'input']) await db.schema.alterTable('jobs').dropColumn(column).execute();
}
