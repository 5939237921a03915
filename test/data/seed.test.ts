import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../data/taxonomy.ts';
import { loadAllianceData } from '../../data/seed/isaFacts.ts';
import { generateDemoCompanies } from '../../data/seed/demo.ts';
import { sourcedText } from '../../data/seed/sources.ts';
import { sizeClassOf } from '../../engine/cooperation.ts';
import { cityStandings } from '../../engine/alliance/membership.ts';
import { loadSeedRegistry } from '../../data/seed/alliance/membership.ts';

const { taxonomy } = loadTaxonomy();
const data = loadAllianceData(taxonomy, '2026-01-01T00:00:00.000Z');
const PROVENANCE = /^(curated|seed:00[0-4]_[0-9a-f]{16}\.txt:\d+)$/;
const byId = new Map(data.cities.map((c) => [c.id, c]));
// The registry decides membership (test/data/membership.test.ts walks it).
const standing = new Map(data.cities.map((c) => [c.id, c.status]));
const seededCities = data.cities;
const members = (country: string) => data.cities.filter((c) => c.country === country && standing.get(c.id)!.current === 'member');

describe('the alliance cities', () => {
  it('has every city of the seeds, with unique slug ids', () => {
    expect(data.cities).toHaveLength(56);
    expect(new Set(data.cities.map((c) => c.id)).size).toBe(56);
    for (const c of data.cities) expect(c.id).toMatch(/^(de|cn)-[a-z0-9-]+$/);
  });

  it('counts the 25 Chinese and 19 German members the latest list names (networks once)', () => {
    expect(members('CN').length).toBe(25);
    expect(members('DE').length).toBe(19);
  });

  it('takes status and history from the membership registry', () => {
    expect(cityStandings(loadSeedRegistry(), data.cities, '2026-01-01')).toEqual(standing);
    expect(byId.get('de-koeln')!.statusHistory.map((s) => s.provenance)).toContain('seed:000_afbd4d96da3e41d4.txt:5');
  });

  it('gives every current member clusters, names in three languages and wishes', () => {
    for (const c of [...members('CN'), ...members('DE')]) {
      expect(c.clusters.length, c.id).toBeGreaterThan(0);
      expect(c.wishes.length, c.id).toBeGreaterThan(0);
      expect(c.name.de && c.name.en, c.id).toBeTruthy();
      expect(c.name.zh, c.id).toMatch(/\p{Script=Han}/u);
      for (const k of c.clusters) expect(taxonomy.cluster(k.id), `${c.id} ${k.id}`).toBeDefined();
    }
  });

  it('carries provenance on every enriched fact', () => {
    for (const c of data.cities) {
      for (const k of c.clusters) expect(k.provenance, c.id).toMatch(PROVENANCE);
      for (const k of c.cooperations) expect(k.provenance, c.id).toMatch(PROVENANCE);
      for (const w of c.wishes) expect(w.provenance, c.id).toMatch(PROVENANCE);
      for (const s of c.statusHistory) expect(s.provenance, c.id).toMatch(PROVENANCE);
      for (const fig of [c.keyData.population, c.keyData.areaKm2, c.keyData.gdp]) {
        if (fig) expect(fig.provenance, c.id).toMatch(PROVENANCE);
      }
      if (c.name.zh) expect(c.profile.provenance.nameZh, c.id).toMatch(PROVENANCE);
      for (const h of [...c.profile.highlights, ...c.profile.research]) expect(h.provenance, c.id).toMatch(PROVENANCE);
    }
  });

  it('keeps the seed figures exactly and marks curated figures approximate', () => {
    expect(byId.get('cn-baoding')!.keyData.population).toMatchObject({ value: 9_390_000, approx: false });
    expect(byId.get('cn-baoding')!.keyData.population!.provenance).toMatch(/^seed:004_/);
    for (const c of data.cities) {
      const p = c.keyData.population;
      if (p?.provenance === 'curated') expect(p.approx, c.id).toBe(true);
    }
  });

  it('maps the seeded clusters of the four 2020 members and Rhein-Kreis Neuss with seed provenance', () => {
    for (const id of ['cn-baoding', 'cn-huzhou', 'cn-luoyang', 'cn-xuchang', 'de-rhein-kreis-neuss']) {
      const seeded = byId.get(id)!.clusters.filter((k) => k.provenance.startsWith('seed:'));
      expect(seeded.length, id).toBeGreaterThan(0);
    }
  });

  it('splits quoted seed statements into text and provenance', () => {
    expect(sourcedText('Repräsentanzbüro eröffnet (004 L1345)', 'curated')).toEqual({
      text: 'Repräsentanzbüro eröffnet',
      provenance: 'seed:004_f02afc7b51460772.txt:1345',
    });
  });
});

describe('the seed organisations and events', () => {
  it('imports every organisation as a real (not demo) company record with its sources', () => {
    expect(data.companies).toHaveLength(88);
    for (const c of data.companies) {
      expect(c.demo).toBe(false);
      expect(c.provenance.length, c.id).toBeGreaterThan(0);
      for (const p of c.provenance) expect(p, c.id).toMatch(PROVENANCE);
    }
    const luqom = data.companies.find((c) => c.name.startsWith('LUQOM'))!;
    // A German company settled in Foshan: Foshan is not its home city, the tie stays a sourced fact.
    expect(luqom).toMatchObject({ country: 'DE', cityId: null });
    expect(luqom.facts.some((f) => f.text.includes('cn-foshan'))).toBe(true);
    for (const c of data.companies) {
      if (c.cityId) expect(byId.get(c.cityId)!.country, c.id).toBe(c.country);
    }
    // NACE weights of the enrichment survive the import.
    expect(luqom.industries.map((i) => i.nace[0]!.weight).sort()).not.toEqual(luqom.industries.map(() => 1));
  });

  it('imports every event with its seed sources and participating city ids', () => {
    expect(data.events).toHaveLength(71);
    const cityIds = data.events.flatMap((e) => JSON.parse(e.city_ids) as string[]);
    for (const id of cityIds) expect(byId.has(id), id).toBe(true);
  });
});

describe('demo generator', () => {
  const now = '2026-01-01T00:00:00.000Z';
  const demo = generateDemoCompanies(seededCities, taxonomy, { count: 500, seed: 7, now });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateDemoCompanies(seededCities, taxonomy, { count: 500, seed: 7, now })).toEqual(demo);
    expect(generateDemoCompanies(seededCities, taxonomy, { count: 500, seed: 8, now })[0]!.name).not.toBe(demo[0]!.name);
  });

  it("flags every company demo and places it in a place of the alliance's lists in its country", () => {
    for (const c of demo) {
      expect(c.demo).toBe(true);
      expect(c.provenance).toEqual(['demo']);
      const city = byId.get(c.cityId!)!;
      expect(['member', 'network', 'guest', 'former']).toContain(standing.get(city.id)!.current);
      expect(city.country).toBe(c.country);
      expect(c.size.sizeClass).toBe(sizeClassOf(c.size.employees!));
      expect(c.industries.length).toBeGreaterThan(0);
      for (const i of c.industries) for (const t of i.nace) expect(taxonomy.nace(t.code), t.code).toBeDefined();
    }
  });

  it('mostly follows the host city clusters and uses GB/T codes for some Chinese companies', () => {
    const inOwnCluster = demo.filter((c) => {
      const city = byId.get(c.cityId!)!;
      const own = new Set(city.clusters.map((k) => k.id));
      return c.industries.some((i) => i.nace.some((t) => taxonomy.clustersOf(t.code).some((k) => own.has(k.cluster))));
    });
    expect(inOwnCluster.length / demo.length).toBeGreaterThan(0.7);
    expect(demo.some((c) => c.industries.some((i) => i.scheme === 'GBT4754'))).toBe(true);
    expect(new Set(demo.map((c) => c.country))).toEqual(new Set(['DE', 'CN']));
  });
});
