/**
 * One scoring kernel, three callers: score.ts's object-based reference (pairScore), the index's
 * typed-array kernel and the tuning's ranking set must give the same doubles, bit for bit, for every
 * fusion and for random weights and size matrices. toBe compares with Object.is.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../data/taxonomy.ts';
import { loadAllianceData } from '../../data/seed/isaFacts.ts';
import { generateDemoCompanies } from '../../data/seed/demo.ts';
import { ClusterSpace, cityFeatures, companyFeatures, type MatchFeatures } from '../../engine/matching/features.ts';
import { MatchIndex } from '../../engine/matching/index.ts';
import { COMPONENTS, DEFAULT_SIZE_MATRIX, pairScore, type ScoringProfile } from '../../engine/matching/score.ts';
import { FUSIONS, fuse } from '../../engine/matching/fusion.ts';
import { judgedLists, type PastEvent, type PastOutcome } from '../../engine/tuning/history.ts';
import { ndcgAt } from '../../engine/tuning/metrics.ts';
import { NdcgObjective, RankingSet, rankedGrades, scoreItems, weightVector } from '../../engine/tuning/rankingSet.ts';
import { FOLLOW_UP_STAGES } from '../../engine/tuning/relevance.ts';
import { testCompany } from './companyFixture.ts';

const { taxonomy } = loadTaxonomy();
const space = new ClusterSpace(taxonomy);
const alliance = loadAllianceData(taxonomy, '');
/**
 * Demo companies; `open` ones state their wishes without clusters, so that a request is about the
 * requester's own clusters and value-chain links decide more of the fit.
 */
const demo = (count: number, seed: number, open = false) =>
  generateDemoCompanies(alliance.cities, taxonomy, { count, seed, now: '' }).map((c) =>
    companyFeatures(space, open ? { ...c, id: `${c.id}-open`, wishes: c.wishes.map((w) => ({ ...w, clusters: [] })) } : c),
  );
const indexed: MatchFeatures[] = [...demo(800, 5), ...demo(200, 9, true), ...alliance.cities.map((c) => cityFeatures(space, c)), ...alliance.companies.map((c) => companyFeatures(space, c))];
/** Queries the index does not hold (own slot -1, codes it may not know). */
const outsiders = [...demo(100, 6), ...demo(50, 10, true)].map((f) => ({ ...f, key: `outsider:${f.key}` }));
const queries = [...indexed, ...outsiders];
const index = new MatchIndex(space);
for (const f of indexed) index.upsert(f);

const unit = fc.double({ min: 0, max: 1, noNaN: true });
const weight = fc.oneof(fc.constant(0), unit);
const profileArb = fc
  .record({ weights: fc.tuple(weight, weight, weight), fusion: fc.constantFrom(...FUSIONS), sizeMatrix: fc.option(fc.array(fc.array(unit, { minLength: 4, maxLength: 4 }), { minLength: 4, maxLength: 4 }), { nil: undefined }) })
  .filter(({ weights }) => weights[0] + weights[1] + weights[2] > 0)
  .map(({ weights: [a, b, c], fusion, sizeMatrix }): ScoringProfile => {
    const sum = a + b + c;
    return { fusion, sizeMatrix: sizeMatrix ?? DEFAULT_SIZE_MATRIX, weights: { industry: a / sum, complementarity: b / sum, size: c / sum } };
  });
const queryArb = fc.integer({ min: 0, max: queries.length - 1 }).map((i) => queries[i]!);
const candidateArb = fc.integer({ min: 0, max: indexed.length - 1 }).map((i) => indexed[i]!);

/** The index kernel's score and components equal the reference's, bit for bit. */
function expectSameAsReference(profile: ScoringProfile, query: MatchFeatures, candidate: MatchFeatures, score?: number): void {
  const reference = pairScore(space, profile, query, candidate);
  const kernel = index.pairScore(query, candidate.key, profile)!;
  for (const c of COMPONENTS) {
    expect(kernel.forward[c]).toBe(reference.forward.components[c]);
    expect(kernel.backward[c]).toBe(reference.backward.components[c]);
  }
  expect(kernel.score).toBe(reference.score);
  if (score !== undefined) expect(score).toBe(reference.score);
  // The reference's contributions add up to its score exactly, and its directed totals fuse to it within rounding.
  expect(reference.components.reduce((s, c) => s + c.contribution, 0)).toBe(reference.score);
  expect(fuse(profile.fusion, reference.forward.total, reference.backward.total)).toBeCloseTo(reference.score, 12);
}

describe('one scoring kernel', () => {
  it('the index kernel gives every pair the reference score and components', () => {
    fc.assert(
      fc.property(profileArb, fc.array(fc.tuple(queryArb, candidateArb), { minLength: 50, maxLength: 50 }), (profile, pairs) => {
        for (const [query, candidate] of pairs) if (query.key !== candidate.key) expectSameAsReference(profile, query, candidate);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('the pruned top k and the scan hold the reference scores and components', () => {
    fc.assert(
      fc.property(profileArb, queryArb, fc.integer({ min: 1, max: 30 }), fc.constantFrom('cross', 'same', 'any' as const), (profile, query, k, countries) => {
        const hits = index.topK(query, profile, { k, countries });
        expect(index.scanAll(query, profile, { k, countries })).toEqual(hits);
        for (const hit of hits) expectSameAsReference(profile, query, indexed.find((f) => f.key === hit.key)!, hit.score);
      }),
      { numRuns: 40, seed: 8 },
    );
  });

  it("answers a trader's sourcing by the makers of what it sells, through their codes in the clusters it names, as the reference does both ways round", () => {
    const traders = [
      testCompany('DE', ['47.91'], [{ direction: 'request', type: 'sourcing', clusters: ['consumer-goods', 'home-appliances'], targetCountry: 'CN' }]),
      testCompany('DE', ['46.90', '47.91'], [{ direction: 'request', type: 'production', clusters: ['consumer-goods'] }, { direction: 'offer', type: 'distribution' }]),
      testCompany('CN', ['46.47'], [{ direction: 'request', type: 'sourcing', clusters: ['furniture'] }]),
      testCompany('DE', ['47.91'], [{ direction: 'request', type: 'sourcing' }]),
    ];
    const makers = [
      testCompany('CN', ['10.51', '32.40'], [{ direction: 'offer', type: 'production' }]),
      testCompany('CN', ['10.51'], [{ direction: 'request', type: 'distribution' }]),
      testCompany('DE', ['31.01', '14.13'], []),
      testCompany('CN', ['27.51'], [{ direction: 'offer', type: 'sourcing' }]),
    ];
    const own = [...demo(300, 12), ...[...traders, ...makers].map((c) => companyFeatures(space, c))];
    const small = new MatchIndex(space);
    for (const f of own) small.upsert(f);
    const profile: ScoringProfile = { weights: { industry: 0.3, complementarity: 0.6, size: 0.1 }, fusion: 'geometric', sizeMatrix: DEFAULT_SIZE_MATRIX };
    for (const query of own.slice(-8)) {
      for (const candidate of own) {
        if (candidate.key === query.key) continue;
        const reference = pairScore(space, profile, query, candidate);
        const kernel = small.pairScore(query, candidate.key, profile)!;
        for (const c of COMPONENTS) expect([kernel.forward[c], kernel.backward[c]]).toEqual([reference.forward.components[c], reference.backward.components[c]]);
        expect(kernel.score).toBe(reference.score);
      }
      expect(small.topK(query, profile, { k: 15, countries: 'any' })).toEqual(small.scanAll(query, profile, { k: 15, countries: 'any' }));
    }
  });

  /** A past event among random participants: each judged a few partners (ratings and follow-ups at random). */
  const eventArb = fc
    .array(fc.tuple(candidateArb, candidateArb, fc.integer({ min: 1, max: 5 }), fc.constantFrom(...FOLLOW_UP_STAGES)), { minLength: 20, maxLength: 60 })
    .map((meetings): PastEvent => {
      const features = new Map<string, MatchFeatures>();
      const outcomes: PastOutcome[] = [];
      for (const [p, q, rating, followUp] of meetings) {
        if (p.key === q.key) continue;
        features.set(p.key, p).set(q.key, q);
        outcomes.push({ participantId: p.key, partnerId: q.key, attended: true, rating, followUp, agreementType: null, followUpDate: null });
      }
      return { eventId: 'e', features, outcomes };
    });

  it('the ranking set scores judged lists as the reference scores the pairs, and its objective ranks by them', () => {
    fc.assert(
      fc.property(profileArb, eventArb, (profile, event) => {
        const set = new RankingSet(judgedLists([event], space, profile).queries);
        const w = weightVector(profile.weights);
        const scores = scoreItems(set, w, profile.fusion);
        let ndcgSum = 0;
        let lists = 0;
        set.queries.forEach((query, q) => {
          const p = event.features.get(query.participantId)!;
          query.partners.forEach((partner, j) => expect(scores[set.start[q]! + j]!).toBe(pairScore(space, profile, p, event.features.get(partner)!).score));
          const ndcg = ndcgAt(rankedGrades(set, q, scores), 10);
          if (ndcg !== null) {
            ndcgSum += ndcg;
            lists++;
          }
        });
        const objective = new NdcgObjective(set, set.queriesOf(), profile.fusion, 10);
        expect(objective.value(w)).toBeCloseTo(lists ? ndcgSum / lists : 0, 12);
      }),
      { numRuns: 40, seed: 9 },
    );
  });
});
