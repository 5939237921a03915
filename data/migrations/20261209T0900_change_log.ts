/**
 * The change log that keeps several server instances over one database in step: every write to what an
 * instance holds in memory (the matcher's and the search's companies and cities, the weight profiles, the
 * API keys) adds a row naming the entity, written by a trigger in the writer's own transaction, whoever
 * writes (a server, a CLI import, plain SQL). Each instance tails the log and reloads what it names.
 * `seq` orders the rows; `at_ms` (epoch milliseconds) lets old rows be pruned and a gap in `seq`
 * (PostgreSQL's concurrent writers may commit out of order) be waited for a bounded time.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** Table → the entity it belongs to ('owner': the row's owner_type) and the column naming it. */
const TRACKED: readonly { table: string; entity: 'company' | 'city' | 'owner' | 'weight_profile' | 'api_key'; column: string }[] = [
  { table: 'companies', entity: 'company', column: 'id' },
  { table: 'company_industries', entity: 'company', column: 'company_id' },
  { table: 'wishes', entity: 'owner', column: 'owner_id' },
  { table: 'cities', entity: 'city', column: 'id' },
  { table: 'city_status', entity: 'city', column: 'city_id' },
  { table: 'city_clusters', entity: 'city', column: 'city_id' },
  { table: 'city_cooperations', entity: 'city', column: 'city_id' },
  { table: 'weight_profiles', entity: 'weight_profile', column: 'name' },
  { table: 'api_keys', entity: 'api_key', column: 'id' },
];

/** An API key's use is recorded on its row once a minute: only a change of what it may do counts. */
const API_KEY_COLUMNS = 'role, company_id, city_id, revoked_at, key_hash';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`create table changes (seq bigserial primary key, entity text not null, entity_id text not null, at_ms bigint not null default (extract(epoch from clock_timestamp()) * 1000)::bigint)`.execute(db);
    await sql`create function record_change() returns trigger language plpgsql as $$
      declare
        r jsonb := case when TG_OP = 'DELETE' then to_jsonb(OLD) else to_jsonb(NEW) end;
        entity text := TG_ARGV[0];
      begin
        if entity = 'owner' then entity := r->>'owner_type'; end if;
        insert into changes (entity, entity_id) values (entity, r->>TG_ARGV[1]);
        return null;
      end $$`.execute(db);
    for (const { table, entity, column } of TRACKED) {
      const events = table === 'api_keys' ? `insert or delete or update of ${API_KEY_COLUMNS}` : 'insert or update or delete';
      await sql.raw(`create trigger ${table}_changes after ${events} on ${table} for each row execute function record_change('${entity}', '${column}')`).execute(db);
    }
    return;
  }
  await sql`create table changes (seq integer primary key autoincrement, entity text not null, entity_id text not null, at_ms integer not null default (cast((julianday('now') - 2440587.5) * 86400000 as integer)))`.execute(db);
  for (const { table, entity, column } of TRACKED) {
    for (const event of ['insert', 'update', 'delete'] as const) {
      const row = event === 'delete' ? 'old' : 'new';
      const name = entity === 'owner' ? `${row}.owner_type` : `'${entity}'`;
      const on = table === 'api_keys' && event === 'update' ? `update of ${API_KEY_COLUMNS}` : event;
      await sql.raw(`create trigger ${table}_changes_${event} after ${on} on ${table} begin insert into changes (entity, entity_id) values (${name}, ${row}.${column}); end`).execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    for (const { table } of TRACKED) await sql.raw(`drop trigger ${table}_changes on ${table}`).execute(db);
    await sql`drop function record_change()`.execute(db);
  } else {
    for (const { table } of TRACKED) for (const event of ['insert', 'update', 'delete']) await sql.raw(`drop trigger ${table}_changes_${event}`).execute(db);
  }
  await db.schema.dropTable('changes').execute();
}
