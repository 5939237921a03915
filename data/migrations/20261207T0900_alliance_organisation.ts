/**
 * Issue 16's fact check, for a database seeded before it: the seed facts get the citations that hold them
 * (data/seed/citations.ts and citation-fixes.json instead of a record's first source line), records'
 * source lists keep only the lines that name them, the Rhein-Kreis Neuss cooperation says that the Kreistag
 * paper only recommended membership, and LUQOM's settlement, agreed on 03.02.2021, is no longer an open
 * wish. Only what the seed alone writes is replaced (profiles' highlights, research and field citations,
 * source lists, organisations' facts, event sources); what editors maintain is changed only where it is
 * still exactly as seeded. A fresh database is seeded with all of it and has nothing to change here.
 */
import { sql, type Kysely } from 'kysely';
import { loadAllianceData } from '../seed/isaFacts.ts';
import { loadTaxonomy } from '../taxonomy.ts';

const OLD_NEUSS_MEMBERSHIP =
  'Kreistagsbeschluss vom 27.09.2017: Der Kreistag befürwortet eine kostenfreie Mitgliedschaft und ermächtigt den Landrat, die notwendigen Schritte einzuleiten.';
const LUQOM_SETTLEMENT_WISH = 'seed:004_f02afc7b51460772.txt:491';

export async function up(db: Kysely<unknown>): Promise<void> {
  const data = loadAllianceData(loadTaxonomy().taxonomy, new Date().toISOString());
  for (const city of data.cities) {
    const row = (await sql<{ profile: string }>`select profile from cities where id = ${city.id}`.execute(db)).rows[0];
    if (!row) continue;
    const profile = { ...(JSON.parse(row.profile) as Record<string, unknown>) };
    profile.highlights = city.profile.highlights;
    profile.research = city.profile.research;
    profile.provenance = city.profile.provenance;
    await sql`update cities set profile = ${JSON.stringify(profile)}, sources = ${JSON.stringify(city.sources)} where id = ${city.id}`.execute(db);
  }
  const neuss = data.cities.find((c) => c.id === 'de-rhein-kreis-neuss')?.cooperations.find((c) => c.kind === 'membership');
  if (neuss) {
    await sql`update city_cooperations set description = ${neuss.description}, since = ${neuss.since}
      where city_id = 'de-rhein-kreis-neuss' and kind = 'membership' and description = ${OLD_NEUSS_MEMBERSHIP}`.execute(db);
  }
  for (const company of data.companies) {
    await sql`update companies set facts = ${JSON.stringify(company.facts)}, provenance = ${JSON.stringify(company.provenance)}
      where id = ${company.id} and demo = 0`.execute(db);
  }
  await sql`delete from wishes where owner_type = 'company' and owner_id = 'luqom' and direction = 'request' and type = 'settlement'
    and provenance = ${LUQOM_SETTLEMENT_WISH}`.execute(db);
  for (const event of data.events) {
    await sql`update alliance_events set sources = ${event.sources} where id = ${event.id}`.execute(db);
  }
}

/** The corrected citations are not taken back: the old ones pointed at lines that do not hold the facts. */
export async function down(): Promise<void> {}
