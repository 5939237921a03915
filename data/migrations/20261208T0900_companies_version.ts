/**
 * A version of the companies table that every write changes, whoever makes it (the server, a CLI, an
 * import, plain SQL): derived data kept on disk between starts (the search index's snapshot) is valid
 * only for the version it was made from. With it an instance id, random per database, so that a
 * snapshot of one database is never taken for another's at the same count.
 * SQLite: a trigger adds one per written row (one writer at a time: no contention). PostgreSQL: a
 * sequence, advanced by a statement trigger (a sequence takes no row lock, so concurrent writers
 * neither wait for each other nor deadlock on a counter row).
 */
import { randomUUID } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('data_versions')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into data_versions (name, instance, version) values ('companies', ${randomUUID()}, 0)`.execute(db);
  if (isPostgres(db)) {
    await sql`create sequence companies_version_seq`.execute(db);
    await sql`create function bump_companies_version() returns trigger language plpgsql as $$ begin perform nextval('companies_version_seq'); return null; end $$`.execute(db);
    await sql`create trigger companies_version after insert or update or delete or truncate on companies for each statement execute function bump_companies_version()`.execute(db);
  } else {
    for (const event of ['insert', 'update', 'delete']) {
      await sql.raw(`create trigger companies_version_${event} after ${event} on companies begin update data_versions set version = version + 1 where name = 'companies'; end`).execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger companies_version on companies`.execute(db);
    await sql`drop function bump_companies_version()`.execute(db);
    await sql`drop sequence companies_version_seq`.execute(db);
  } else {
    for (const event of ['insert', 'update', 'delete']) await sql.raw(`drop trigger companies_version_${event}`).execute(db);
  }
  await db.schema.dropTable('data_versions').execute();
}
