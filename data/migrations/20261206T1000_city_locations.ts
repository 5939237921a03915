/**
 * Where each city is drawn on the map: a JSON column { lat, lon, provenance, note }. A database seeded
 * before this migration gets the curated points of data/cities/enrichment.json, by city id; a fresh one
 * is seeded with them.
 */
import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';

interface Enrichment {
  cities: Record<string, { id: string; location?: { lat: number; lon: number; provenance: string; note: string | null } | null }>;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cities').addColumn('location', 'text').execute();
  const enrichment = JSON.parse(readFileSync(new URL('../cities/enrichment.json', import.meta.url), 'utf8')) as Enrichment;
  for (const city of Object.values(enrichment.cities)) {
    if (!city.location) continue;
    await sql`update cities set location = ${JSON.stringify(city.location)} where id = ${city.id}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cities').dropColumn('location').execute();
}
