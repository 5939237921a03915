/**
 * A company's industries and wishes are part of what is derived from it (the search index, the matcher's
 * rows: snapshots kept between starts), so a write to them changes the companies' version too, even one
 * that leaves the company's own row alone (plain SQL; the server always writes the row with them).
 * City wishes do not count on SQLite; PostgreSQL's statement triggers cannot tell, and count them too.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;
const BUMP = `update data_versions set version = version + 1 where name = 'companies'`;
const WISH_OF_COMPANY = { insert: `new.owner_type = 'company'`, update: `old.owner_type = 'company' or new.owner_type = 'company'`, delete: `old.owner_type = 'company'` };

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    for (const table of ['company_industries', 'wishes']) {
      await sql.raw(`create trigger ${table}_companies_version after insert or update or delete or truncate on ${table} for each statement execute function bump_companies_version()`).execute(db);
    }
    return;
  }
  for (const event of ['insert', 'update', 'delete'] as const) {
    await sql.raw(`create trigger company_industries_version_${event} after ${event} on company_industries begin ${BUMP}; end`).execute(db);
    await sql.raw(`create trigger company_wishes_version_${event} after ${event} on wishes when ${WISH_OF_COMPANY[event]} begin ${BUMP}; end`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    for (const table of ['company_industries', 'wishes']) await sql.raw(`drop trigger ${table}_companies_version on ${table}`).execute(db);
    return;
  }
  for (const event of ['insert', 'update', 'delete']) {
    await sql.raw(`drop trigger company_industries_version_${event}`).execute(db);
    await sql.raw(`drop trigger company_wishes_version_${event}`).execute(db);
  }
}
