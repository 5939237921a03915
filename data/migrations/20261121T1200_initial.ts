/**
 * Initial schema. Landed migrations are never edited: change the schema with a new, later file.
 * Only portable column types (text, integer, real) so the same file runs on SQLite and PostgreSQL.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_de', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_zh', 'text')
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('network_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_since', 'text')
    .addColumn('status_as_of', 'text')
    .addColumn('key_data', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cities_country_status').on('cities').columns(['country', 'status']).execute();

  await db.schema
    .createTable('city_status')
    .addColumn('city_id', 'text', (c) => c.notNull().references('cities.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('since', 'text')
    .addColumn('as_of', 'text')
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('city_status_pk', ['city_id', 'seq'])
    .execute();

  await db.schema
    .createTable('city_clusters')
    .addColumn('city_id', 'text', (c) => c.notNull().references('cities.id').onDelete('cascade'))
    .addColumn('cluster_id', 'text', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('city_clusters_pk', ['city_id', 'cluster_id'])
    .execute();
  await db.schema.createIndex('city_clusters_cluster').on('city_clusters').column('cluster_id').execute();

  await db.schema
    .createTable('city_cooperations')
    .addColumn('city_id', 'text', (c) => c.notNull().references('cities.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('partner', 'text', (c) => c.notNull())
    .addColumn('partner_country', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('since', 'text')
    .addColumn('description', 'text')
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('city_cooperations_pk', ['city_id', 'seq'])
    .execute();

  await db.schema
    .createTable('companies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('org_type', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('city_id', 'text', (c) => c.references('cities.id'))
    .addColumn('city_name', 'text')
    .addColumn('group_id', 'text')
    .addColumn('employees', 'integer')
    .addColumn('size_class', 'text')
    .addColumn('revenue_band', 'text')
    .addColumn('founded_year', 'integer')
    .addColumn('industry_text', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('demo', 'integer', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('field_provenance', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('companies_country_city').on('companies').columns(['country', 'city_id']).execute();
  await db.schema.createIndex('companies_city').on('companies').column('city_id').execute();
  await db.schema.createIndex('companies_demo').on('companies').column('demo').execute();

  await db.schema
    .createTable('company_industries')
    .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('nace_code', 'text', (c) => c.notNull())
    .addColumn('nace_section', 'text', (c) => c.notNull())
    .addColumn('nace_division', 'text')
    .addColumn('nace_group', 'text')
    .addColumn('nace_class', 'text')
    .addColumn('weight', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('company_industries_pk', ['company_id', 'seq'])
    .execute();
  for (const level of ['section', 'division', 'group', 'class']) {
    await db.schema
      .createIndex(`company_industries_${level}`)
      .on('company_industries')
      .columns([`nace_${level}`, 'company_id'])
      .execute();
  }

  await db.schema
    .createTable('wishes')
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('clusters', 'text', (c) => c.notNull())
    .addColumn('target_country', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wishes_pk', ['owner_type', 'owner_id', 'seq'])
    .execute();
  await db.schema.createIndex('wishes_type').on('wishes').columns(['type', 'direction', 'owner_type']).execute();

  await db.schema
    .createTable('alliance_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('date_start', 'text')
    .addColumn('date_end', 'text')
    .addColumn('date_as_written', 'text')
    .addColumn('place', 'text')
    .addColumn('organiser', 'text')
    .addColumn('type', 'text')
    .addColumn('format', 'text')
    .addColumn('status', 'text')
    .addColumn('relevance', 'text')
    .addColumn('topic', 'text')
    .addColumn('city_ids', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('company_id', 'text', (c) => c.references('companies.id').onDelete('cascade'))
    .addColumn('city_id', 'text', (c) => c.references('cities.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .execute();

  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'meta',
    'api_keys',
    'alliance_events',
    'wishes',
    'company_industries',
    'companies',
    'city_cooperations',
    'city_clusters',
    'city_status',
    'cities',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
