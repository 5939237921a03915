/**
 * The quality benchmark builds its dataset in memory (test/bench/quality/judge.ts); this pins that it is
 * the one a fresh `npm start` serves: the same companies with the same codes, sizes and wishes, and the
 * same cities with the same standing, clusters and wishes, as the seeding stores and the matcher loads.
 */
import { describe, expect, it } from 'vitest';
import { loadCompanyMatchSources } from '../../data/repositories/matching.ts';
import { listCities } from '../../data/repositories/cities.ts';
import { seedDatabase } from '../../data/seed/seed.ts';
import { loadTaxonomy } from '../../data/taxonomy.ts';
import { DEMO_COUNT, loadQualityData } from '../bench/quality/judge.ts';
import { freshDatabase } from '../helpers.ts';

/** What matching reads of a company, in an order-free form (the database stores a GB/T industry's NACE codes as rows). */
function matchView(c: { id: string; country: string; cityId: string | null; groupId: string | null; size: { sizeClass: string | null }; industries: { nace: { code: string; weight: number }[] }[]; wishes: { direction: string; type: string; clusters: string[]; targetCountry: string | null }[] }) {
  return {
    id: c.id,
    country: c.country,
    cityId: c.cityId,
    groupId: c.groupId,
    size: c.size.sizeClass,
    codes: c.industries.flatMap((i) => i.nace.map((n) => `${n.code}@${n.weight}`)).sort(),
    wishes: c.wishes.map((w) => `${w.direction}:${w.type}:${[...w.clusters].sort().join(',')}:${w.targetCountry}`).sort(),
  };
}

describe('the quality benchmark’s dataset', () => {
  it('is what a freshly seeded server matches over', async () => {
    const t = await freshDatabase('sqlite');
    try {
      await seedDatabase(t.handle, { taxonomy: loadTaxonomy().taxonomy, demoCompanies: DEMO_COUNT, pastEvents: 0 });
      const stored = await loadCompanyMatchSources(t.handle.db);
      const cities = (await listCities(t.handle.db, { limit: 10_000, offset: 0 })).items;
      const bench = loadQualityData();
      const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(byId(bench.companies).map(matchView)).toEqual(byId(stored).map(matchView));
      const cityView = (c: (typeof cities)[number]) => ({ id: c.id, status: c.status.current, clusters: c.clusters.map((k) => k.id).sort(), wishes: c.wishes.map((w) => `${w.direction}:${w.type}:${w.clusters.join(',')}`) });
      expect(byId(bench.cities).map(cityView)).toEqual(byId(cities).map(cityView));
    } finally {
      await t.cleanup();
    }
  }, 120_000);
});
