/**
 * The index against the reference: on random companies and cities, for random queries, weights and
 * fusions, the pruned top k equals the exhaustive scan, and both equal the object-based reference
 * ranking to the last bit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../data/taxonomy.ts';
import { loadAllianceData } from '../../data/seed/isaFacts.ts';
import { generateDemoCompanies } from '../../data/seed/demo.ts';
import { ClusterSpace, cityFeatures, companyFeatures, type MatchFeatures } from '../../engine/matching/features.ts';
import { MatchIndex } from '../../engine/matching/index.ts';
import { rankExhaustive } from '../../engine/matching/rank.ts';
import { DEFAULT_PROFILE, type ScoringProfile } from '../../engine/matching/score.ts';
import { FUSIONS } from '../../engine/matching/fusion.ts';

const { taxonomy } = loadTaxonomy();
const space = new ClusterSpace(taxonomy);
const alliance = loadAllianceData(taxonomy, '');
const cities = alliance.cities.map((c) => cityFeatures(space, c));

function population(seed: number, count: number): MatchFeatures[] {
  const companies = generateDemoCompanies(alliance.cities, taxonomy, { count, seed, now: '' }).map((c) => companyFeatures(space, c));
  return [...companies, ...cities, ...alliance.companies.map((c) => companyFeatures(space, c))];
}

function indexOf(features: MatchFeatures[]): MatchIndex {
  const index = new MatchIndex(space);
  for (const f of features) index.upsert(f);
  return index;
}

const profileArb = fc
  .record({
    a: fc.integer({ min: 0, max: 100 }),
    b: fc.integer({ min: 0, max: 100 }),
    c: fc.integer({ min: 0, max: 100 }),
    fusion: fc.constantFrom(...FUSIONS),
  })
  .filter(({ a, b, c }) => a + b + c > 0)
  .map(({ a, b, c, fusion }): ScoringProfile => {
    const sum = a + b + c;
    return { ...DEFAULT_PROFILE, fusion, weights: { industry: a / sum, complementarity: b / sum, size: 1 - a / sum - b / sum } };
  });

describe('matching index', () => {
  const features = population(11, 1500);
  const index = indexOf(features);
  // The same candidates loaded at once, laid out by block (upsertMany): another order in memory, the same rankings.
  const laidOut = new MatchIndex(space);
  laidOut.upsertMany(features);

  it('equals the reference ranking exactly, and the pruned query equals the scan, in either layout', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: features.length - 1 }), fc.integer({ min: 1, max: 40 }), profileArb, fc.constantFrom('cross', 'same', 'any' as const), (qi, k, profile, countries) => {
        const query = features[qi]!;
        const reference = rankExhaustive(space, profile, query, features, { k, filters: { countries } }).map((r) => ({ key: r.candidate.key, score: r.score }));
        const scan = index.scanAll(query, profile, { k, countries });
        const pruned = index.topK(query, profile, { k, countries });
        expect(scan).toEqual(reference);
        expect(pruned).toEqual(reference);
        expect(laidOut.topK(query, profile, { k, countries })).toEqual(reference);
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  it('prunes: a typical query scores a fraction of the candidates', () => {
    let scored = 0;
    let total = 0;
    for (let qi = 0; qi < 200; qi += 10) {
      index.topK(features[qi]!, DEFAULT_PROFILE, { k: 20 });
      scored += index.lastStats.candidatesScored;
      total += features.length;
    }
    expect(scored / total).toBeLessThan(0.5);
  });

  it('honours kinds, exclusions, groups and an accept condition', () => {
    const query = features[3]!;
    const cityHits = index.topK(query, DEFAULT_PROFILE, { k: 10, kinds: ['city'] });
    expect(cityHits.length).toBeGreaterThan(0);
    expect(cityHits.every((h) => h.key.startsWith('city:'))).toBe(true);
    const first = index.topK(query, DEFAULT_PROFILE, { k: 5 });
    const without = index.topK(query, DEFAULT_PROFILE, { k: 5, exclude: new Set([first[0]!.key]) });
    expect(without.map((h) => h.key)).not.toContain(first[0]!.key);
    const onlyCn = index.topK(query, DEFAULT_PROFILE, { k: 5, countries: 'any', accept: (key) => key.startsWith('company:demo') });
    expect(onlyCn.every((h) => h.key.startsWith('company:demo'))).toBe(true);
    const grouped = features.find((f) => f.groupId)!;
    const sameGroup = features.filter((f) => f.groupId === grouped.groupId).map((f) => f.key);
    const hits = index.topK(grouped, DEFAULT_PROFILE, { k: 2000, countries: 'any' });
    expect(hits.some((h) => sameGroup.includes(h.key))).toBe(false);
  });

  it('follows writes: an updated, added or removed candidate is matched at once', () => {
    const local = indexOf(features.slice(0, 400));
    const query = features[0]!;
    const before = local.topK(query, DEFAULT_PROFILE, { k: 10 });
    // Make the 10th best a perfect twin of the query's needs: it must move up.
    const target = features.find((f) => f.key === before.at(-1)!.key)!;
    const twin: MatchFeatures = { ...target, clusters: Float64Array.from(query.clusters), codes: query.codes, offers: query.requests.map((r) => ({ ...r, targetCountry: null })), requests: [] };
    local.upsert(twin);
    const after = local.topK(query, DEFAULT_PROFILE, { k: 10 });
    expect(after.findIndex((h) => h.key === twin.key)).toBeLessThan(9);
    const all = features.slice(0, 400).map((f) => (f.key === twin.key ? twin : f));
    expect(after).toEqual(rankExhaustive(space, DEFAULT_PROFILE, query, all, { k: 10 }).map((r) => ({ key: r.candidate.key, score: r.score })));
    local.remove(twin.key);
    expect(local.topK(query, DEFAULT_PROFILE, { k: 10 }).map((h) => h.key)).not.toContain(twin.key);
    expect(local.size).toBe(399);
    const newcomer: MatchFeatures = { ...twin, key: 'company:newcomer', id: 'newcomer' };
    local.upsert(newcomer);
    expect(local.topK(query, DEFAULT_PROFILE, { k: 10 }).map((h) => h.key)).toContain('company:newcomer');
  });
});
