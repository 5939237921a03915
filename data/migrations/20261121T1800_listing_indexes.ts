/** Indexes for listings: companies sorted by name, and the wish filter answered from the index alone. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('companies_name').on('companies').columns(['name', 'id']).execute();
  await db.schema.createIndex('wishes_owner_type_direction').on('wishes').columns(['owner_type', 'type', 'direction', 'owner_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('wishes_owner_type_direction').execute();
  await db.schema.dropIndex('companies_name').execute();
}
