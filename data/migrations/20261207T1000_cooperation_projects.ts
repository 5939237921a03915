/**
 * Cooperation projects (issue 16, deliver 4): bilateral investment and cooperation projects with their
 * parties, a dated and sourced status history (nothing is deleted: a project ends 'abandoned'), the
 * meetings, outcomes and events that led to them, and their NACE sectors as rows, so that a sector
 * filter is an indexed lookup per level as for companies. The projects the papers report are seeded by
 * data/seed/seed.ts once (meta 'projects_seeded_at'), for a fresh database and for one seeded before.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cooperation_projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('nace_codes', 'text', (c) => c.notNull())
    .addColumn('volume', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_date', 'text', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('project_parties')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('party_kind', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_parties_pk', ['project_id', 'seq'])
    .execute();
  await db.schema.createIndex('project_parties_party').on('project_parties').columns(['party_kind', 'party_id']).execute();
  await db.schema
    .createTable('project_status_history')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('quote', 'text')
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_status_history_pk', ['project_id', 'seq'])
    .execute();
  await db.schema.createIndex('project_status_history_date').on('project_status_history').columns(['date']).execute();
  await db.schema
    .createTable('project_links')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_links_pk', ['project_id', 'kind', 'ref_id'])
    .execute();
  await db.schema.createIndex('project_links_ref').on('project_links').columns(['kind', 'ref_id']).execute();
  await db.schema
    .createTable('project_sectors')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('nace_code', 'text', (c) => c.notNull())
    .addColumn('nace_section', 'text', (c) => c.notNull())
    .addColumn('nace_division', 'text')
    .addColumn('nace_group', 'text')
    .addColumn('nace_class', 'text')
    .addPrimaryKeyConstraint('project_sectors_pk', ['project_id', 'nace_code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['project_sectors', 'project_links', 'project_status_history', 'project_parties', 'cooperation_projects']) await db.schema.dropTable(table).execute();
}
