/**
 * The data migration of issue 16's fact check on a database seeded before it: old citations, the
 * Rhein-Kreis Neuss overstatement and LUQOM's open settlement wish are put right; editors' changes stay.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up } from '../../data/migrations/20261207T0900_alliance_organisation.ts';
import { findCityById } from '../../data/repositories/cities.ts';
import { findCompanyById } from '../../data/repositories/companies.ts';
import { seedDatabase } from '../../data/seed/seed.ts';
import { loadTaxonomy } from '../../data/taxonomy.ts';
import { availableDialects, freshDatabase, type TestDatabase } from '../helpers.ts';

const OLD_MEMBERSHIP =
  'Kreistagsbeschluss vom 27.09.2017: Der Kreistag befürwortet eine kostenfreie Mitgliedschaft und ermächtigt den Landrat, die notwendigen Schritte einzuleiten.';
const L9 = 'seed:004_f02afc7b51460772.txt:9';

for (const dialect of await availableDialects('alliance facts migration')) {
  describe(`the fact-check migration (${dialect})`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await freshDatabase(dialect);
      await seedDatabase(t.handle, { taxonomy: loadTaxonomy().taxonomy, demoCompanies: 0, pastEvents: 0 });
      const db = t.handle.db;
      // The state an earlier seed left: first-source citations, the overstatement, the open wish.
      const luoyang = (await findCityById(db, 'cn-luoyang'))!;
      const oldProfile = { ...luoyang.profile, research: luoyang.profile.research.map((r) => ({ text: r.text, provenance: L9 })) };
      await sql`update cities set profile = ${JSON.stringify(oldProfile)} where id = 'cn-luoyang'`.execute(db);
      await sql`update city_cooperations set description = ${OLD_MEMBERSHIP}, since = '2017' where city_id = 'de-rhein-kreis-neuss' and kind = 'membership'`.execute(db);
      await sql`insert into wishes (owner_type, owner_id, seq, direction, type, clusters, target_country, description, provenance)
        values ('company', 'luqom', 0, 'request', 'settlement', '[]', null, '{"de":"Ansiedlung in der Foshan Service Zone"}', 'seed:004_f02afc7b51460772.txt:491')`.execute(db);
      await sql`update companies set facts = '[{"text":"Jens Hildebrandt","provenance":"seed:004_f02afc7b51460772.txt:508"}]' where id = 'ahk-china'`.execute(db);
      // An editor's own cooperation text is not the seeded one and must survive.
      await sql`update city_cooperations set description = 'edited by the city' where city_id = 'cn-luoyang' and kind = 'membership'`.execute(db);
      await up(db as never);
    });
    afterAll(async () => t?.cleanup());

    it('cites the facts to the lines that hold them', async () => {
      const luoyang = (await findCityById(t.handle.db, 'cn-luoyang'))!;
      expect(luoyang.profile.research.map((r) => r.provenance)).toEqual(Array(5).fill('seed:004_f02afc7b51460772.txt:650'));
      expect(luoyang.profile.provenance.region).toBe('seed:004_f02afc7b51460772.txt:640');
      const ahk = (await findCompanyById(t.handle.db, 'ahk-china'))!;
      expect(ahk.facts.find((f) => f.text === 'Jens Hildebrandt')?.provenance).toBe('seed:004_f02afc7b51460772.txt:808');
    });

    it('says the Kreistag paper only recommended membership, and drops LUQOM’s settled wish', async () => {
      const neuss = (await findCityById(t.handle.db, 'de-rhein-kreis-neuss'))!;
      const membership = neuss.cooperations.find((c) => c.kind === 'membership')!;
      expect(membership.description).toContain('Beschlussempfehlung');
      expect(membership.since).toBeNull();
      expect((await findCompanyById(t.handle.db, 'luqom'))!.wishes).toEqual([]);
    });

    it('leaves what editors changed', async () => {
      const luoyang = (await findCityById(t.handle.db, 'cn-luoyang'))!;
      expect(luoyang.cooperations.find((c) => c.kind === 'membership')?.description).toBe('edited by the city');
    });
  });
}
