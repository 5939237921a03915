/**
 * The alliance's membership registry: the member lists the papers print (rolls), the counts they
 * state, dated statements about single cities (seeded from data/seed/alliance/membership.json, every
 * citation's line containing its quote), and applications with the member cities' votes. Nothing is
 * ever deleted: a change is a new statement. A city's served status (cities.status*) is derived from
 * the registry; status_detail keeps its disputes and a note.
 */
import { sql, type Kysely } from 'kysely';
import { loadSeedRegistry } from '../seed/alliance/membership.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('membership_rolls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('date_as_written', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('stated', 'text', (c) => c.notNull())
    .addColumn('unnamed', 'text', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('quote', 'text')
    .execute();
  await db.schema
    .createTable('membership_counts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('date_as_written', 'text')
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('quote', 'text')
    .execute();
  await db.schema
    .createTable('membership_statements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('city_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('date_as_written', 'text')
    .addColumn('status', 'text')
    .addColumn('roll_id', 'text')
    .addColumn('application_id', 'text')
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('quote', 'text')
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('membership_statements_city').on('membership_statements').columns(['city_id', 'date']).execute();
  await db.schema
    .createTable('membership_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('city_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('filed_on', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('consent_rule', 'text')
    .addColumn('circulated_on', 'text')
    .addColumn('electorate', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('decision', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('membership_applications_city').on('membership_applications').columns(['city_id', 'state']).execute();
  await db.schema
    .createTable('membership_votes')
    .addColumn('application_id', 'text', (c) => c.notNull())
    .addColumn('city_id', 'text', (c) => c.notNull())
    .addColumn('vote', 'text', (c) => c.notNull())
    .addColumn('in_writing', 'integer', (c) => c.notNull())
    .addColumn('document', 'text')
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('membership_votes_pk', ['application_id', 'city_id'])
    .execute();
  await db.schema.alterTable('cities').addColumn('status_detail', 'text').execute();

  const registry = loadSeedRegistry();
  const now = new Date().toISOString();
  for (const r of registry.rolls) {
    await sql`insert into membership_rolls (id, date, date_as_written, title, stated, unnamed, provenance, quote)
      values (${r.id}, ${r.date}, ${r.dateAsWritten}, ${JSON.stringify(r.title)}, ${JSON.stringify(r.stated)}, ${JSON.stringify(r.unnamed)}, ${r.provenance}, ${r.quote})`.execute(db);
  }
  for (const c of registry.counts) {
    await sql`insert into membership_counts (id, date, date_as_written, counts, provenance, quote)
      values (${c.id}, ${c.date}, ${c.dateAsWritten}, ${JSON.stringify(c.counts)}, ${c.provenance}, ${c.quote})`.execute(db);
  }
  for (const s of registry.statements) {
    await sql`insert into membership_statements (id, city_id, kind, date, date_as_written, status, roll_id, application_id, provenance, quote, note, recorded_by, recorded_at)
      values (${s.id}, ${s.cityId}, ${s.kind}, ${s.date}, ${s.dateAsWritten}, ${s.status}, ${s.rollId}, ${null}, ${s.provenance}, ${s.quote}, ${s.note}, ${null}, ${now})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cities').dropColumn('status_detail').execute();
  for (const t of ['membership_votes', 'membership_applications', 'membership_statements', 'membership_counts', 'membership_rolls']) {
    await db.schema.dropTable(t).execute();
  }
}
