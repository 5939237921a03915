/**
 * The index restored from its exported state (matchIndex/snapshot.ts) against the index built from the
 * features: for random queries, profiles and country rules the same top k, to the last bit, before and
 * after later writes to both; the blocks rebuilt from the store equal the built ones; a state that does
 * not stand for the features it is checked against is refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../data/taxonomy.ts';
import { loadAllianceData } from '../../data/seed/isaFacts.ts';
import { generateDemoCompanies } from '../../data/seed/demo.ts';
import { ClusterSpace, cityFeatures, companyFeatures, type MatchFeatures } from '../../engine/matching/features.ts';
import { MatchIndex, type IndexState } from '../../engine/matching/index.ts';
import { rankExhaustive } from '../../engine/matching/rank.ts';
import { DEFAULT_PROFILE, type ScoringProfile } from '../../engine/matching/score.ts';
import { FUSIONS } from '../../engine/matching/fusion.ts';

const { taxonomy } = loadTaxonomy();
const space = new ClusterSpace(taxonomy);
const alliance = loadAllianceData(taxonomy, '');
const companies = generateDemoCompanies(alliance.cities, taxonomy, { count: 1200, seed: 7, now: '' }).map((c) => companyFeatures(space, c));
const cities = alliance.cities.map((c) => cityFeatures(space, c));

const profileArb = fc
  .record({ a: fc.integer({ min: 0, max: 100 }), b: fc.integer({ min: 0, max: 100 }), c: fc.integer({ min: 0, max: 100 }), fusion: fc.constantFrom(...FUSIONS) })
  .filter(({ a, b, c }) => a + b + c > 0)
  .map(({ a, b, c, fusion }): ScoringProfile => {
    const sum = a + b + c;
    return { ...DEFAULT_PROFILE, fusion, weights: { industry: a / sum, complementarity: b / sum, size: 1 - a / sum - b / sum } };
  });

/** The state as it comes back from a file: the structured clone is what v8.serialize writes and reads. */
const roundTrip = (state: IndexState): IndexState => structuredClone(state);

describe('index snapshot', () => {
  const built = new MatchIndex(space);
  built.upsertMany(companies);
  const state = roundTrip(built.exportState());
  const restored = MatchIndex.restore(space, state, companies);

  it('rebuilds the blocks as the build made them, from the store alone', () => {
    type Blocks = { blocks: unknown[]; maxUnit: { data: Float64Array; length: number }; maxRaw: { data: Float64Array; length: number }; byKey: unknown };
    const blocksOf = (index: MatchIndex) => {
      const set = (index as unknown as { blocks: Blocks }).blocks;
      return { blocks: set.blocks, byKey: set.byKey, maxUnit: set.maxUnit.data.slice(0, set.maxUnit.length), maxRaw: set.maxRaw.data.slice(0, set.maxRaw.length) };
    };
    expect(blocksOf(MatchIndex.restore(space, roundTrip(state)))).toEqual(blocksOf(built));
  });

  it('ranks exactly as the index built from the features, and both as the reference', () => {
    expect(restored.size).toBe(built.size);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: companies.length - 1 }), fc.integer({ min: 1, max: 40 }), profileArb, fc.constantFrom('cross', 'same', 'any' as const), (qi, k, profile, countries) => {
        const query = companies[qi]!;
        const expected = built.topK(query, profile, { k, countries });
        expect(restored.topK(query, profile, { k, countries })).toEqual(expected);
        expect(restored.scanAll(query, profile, { k, countries })).toEqual(expected);
      }),
      { numRuns: 80, seed: 17 },
    );
    const query = companies[5]!;
    expect(restored.topK(query, DEFAULT_PROFILE, { k: 20 })).toEqual(rankExhaustive(space, DEFAULT_PROFILE, query, companies, { k: 20 }).map((r) => ({ key: r.candidate.key, score: r.score })));
  });

  it('follows later writes as the built index does: cities added, companies changed and removed', () => {
    const a = MatchIndex.restore(space, roundTrip(state), companies);
    const b = new MatchIndex(space);
    b.upsertMany(companies);
    const changed = companies.slice(0, 60).map((f, i): MatchFeatures => ({ ...companies[(i * 37) % companies.length]!, key: f.key, id: f.id }));
    const writes: ((index: MatchIndex) => void)[] = [
      (index) => cities.forEach((c) => index.upsert(c)),
      (index) => changed.forEach((f) => index.upsert(f)),
      (index) => companies.slice(100, 160).forEach((f) => index.remove(f.key)),
      (index) => companies.slice(100, 130).forEach((f) => index.upsert(f)),
    ];
    for (const write of writes) {
      write(a);
      write(b);
      expect(a.size).toBe(b.size);
      for (let qi = 0; qi < companies.length; qi += 97) {
        for (const countries of ['cross', 'any'] as const) {
          expect(a.topK(companies[qi]!, DEFAULT_PROFILE, { k: 20, countries })).toEqual(b.topK(companies[qi]!, DEFAULT_PROFILE, { k: 20, countries }));
        }
      }
    }
    // A snapshot of a written index (free slots, pools with unused entries) restores as well.
    const live = [...cities, ...changed, ...companies.slice(60, 100), ...companies.slice(100, 130), ...companies.slice(160)];
    const c = MatchIndex.restore(space, roundTrip(a.exportState()), live);
    expect(c.size).toBe(a.size);
    for (let qi = 0; qi < live.length; qi += 89) expect(c.topK(live[qi]!, DEFAULT_PROFILE, { k: 20, countries: 'any' })).toEqual(a.topK(live[qi]!, DEFAULT_PROFILE, { k: 20, countries: 'any' }));
  });

  it('is refused for features it was not made from', () => {
    const restore = (features: MatchFeatures[], s: IndexState = roundTrip(state)) => () => MatchIndex.restore(space, s, features);
    expect(restore(companies)).not.toThrow();
    const one = (change: (f: MatchFeatures) => MatchFeatures) => companies.map((f, i) => (i === 300 ? change(f) : f));
    expect(restore(one((f) => ({ ...f, key: 'company:someone-else' })))).toThrow();
    expect(restore(one((f) => ({ ...f, sizeClass: (f.sizeClass + 2) % 4 })))).toThrow();
    expect(restore(one((f) => ({ ...f, trades: !f.trades })))).toThrow();
    expect(restore(one((f) => ({ ...f, clusters: f.clusters.map((v) => v / 2) })))).toThrow();
    expect(restore(one((f) => ({ ...f, codes: f.codes.map((c) => ({ ...c, weight: c.weight / 2 })) })))).toThrow();
    // A code moved in the taxonomy: checked for every code, with or without features.
    const moved = roundTrip(state);
    const levels = new Map(moved.maps.levelIds);
    moved.maps.levelIds = [...levels].map(([level, id]) => [level === companies[300]!.codes[0]!.path.at(-1) ? 'X' : level, id]);
    expect(restore([], moved)).toThrow();
    expect(restore(one((f) => ({ ...f, requests: [...f.requests, { direction: 'request', type: 'distribution', typeIndex: 0, clusters: [1], targetCountry: null }] })))).toThrow();
    expect(restore(one((f) => ({ ...f, offers: f.offers.map((o) => ({ ...o, targetCountry: 'XX' })) })))).toThrow();
    // Another cluster space (a changed taxonomy), another format, a field missing.
    expect(restore(companies, { ...roundTrip(state), clusters: [...state.clusters].reverse() })).toThrow();
    expect(restore(companies, { ...roundTrip(state), format: 0 })).toThrow();
    const { codeSqrtW: _, ...arrays } = roundTrip(state).arrays;
    expect(restore(companies, { ...roundTrip(state), arrays })).toThrow();
  });

  it('exports no store with a field of a kind it does not know (the server then saves no snapshot)', () => {
    const index = new MatchIndex(space);
    index.upsertMany(companies.slice(0, 50));
    (index as unknown as { store: Record<string, unknown> }).store.somethingNew = { a: 1 };
    expect(() => index.exportState()).toThrow(/somethingNew/);
  });
});
