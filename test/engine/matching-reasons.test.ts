/**
 * Every reason a match item gives is true of the pair: each claim behind a reason is checked against the
 * two entities' own codes, clusters, wishes and sizes and against the value chain, for random pairs of
 * demo companies (with and without clusters named in their wishes), seed companies and cities.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../data/taxonomy.ts';
import { loadAllianceData } from '../../data/seed/isaFacts.ts';
import { generateDemoCompanies } from '../../data/seed/demo.ts';
import { meets, MUTUAL_OFFERS, MUTUAL_REQUESTS } from '../../engine/cooperation.ts';
import { ClusterSpace, cityFeatures, companyFeatures, type MatchFeatures } from '../../engine/matching/features.ts';
import { claimsOf, explainPair, MATERIAL_WISH_FIT, type Claim } from '../../engine/matching/explain.ts';
import { DEFAULT_PROFILE, pairScore, RELATED_CLUSTER_CREDIT, requestSubject } from '../../engine/matching/score.ts';
import { CHAIN_ROLES_FOR_REQUEST, clusterCreditFor, tradeRequestsMeet } from '../../engine/matching/roles.ts';
import { LANGS } from '../../engine/taxonomy.ts';

const { taxonomy } = loadTaxonomy();
const space = new ClusterSpace(taxonomy);
const alliance = loadAllianceData(taxonomy, '');
const demo = generateDemoCompanies(alliance.cities, taxonomy, { count: 600, seed: 11, now: '' });
const entities: MatchFeatures[] = [
  ...demo.map((c) => companyFeatures(space, c)),
  ...demo.slice(0, 200).map((c) => companyFeatures(space, { ...c, id: `${c.id}-open`, wishes: c.wishes.map((w) => ({ ...w, clusters: [] })) })),
  ...alliance.companies.map((c) => companyFeatures(space, c)),
  ...alliance.cities.map((c) => cityFeatures(space, c)),
];

const hasCodeUnder = (f: MatchFeatures, code: string) => f.codes.some((c) => c.path.includes(code));
const hasCode = (f: MatchFeatures, code: string) => f.codes.some((c) => c.code === code);

/** Throws unless the claim holds for (query, candidate). */
function expectTrue(claim: Claim, query: MatchFeatures, candidate: MatchFeatures): void {
  switch (claim.about) {
    case 'shared-code':
      expect(taxonomy.nace(claim.code)!.level).toBeGreaterThanOrEqual(2);
      expect(hasCodeUnder(query, claim.code) && hasCodeUnder(candidate, claim.code)).toBe(true);
      return;
    case 'shared-cluster':
      expect(query.clusters[claim.cluster]).toBeGreaterThan(0);
      expect(candidate.clusters[claim.cluster]).toBeGreaterThan(0);
      return;
    case 'chain': {
      const [provider, customer] = claim.provider === 'query' ? [query, candidate] : [candidate, query];
      expect(hasCode(provider, claim.providerCode) && hasCode(customer, claim.customerCode)).toBe(true);
      expect(taxonomy.valueChain.linkBetween(claim.providerCode, claim.customerCode)?.kind).toBe(claim.kind);
      return;
    }
    case 'wish': {
      const [requester, provider] = claim.requester === 'query' ? [query, candidate] : [candidate, query];
      const request = requester.requests.find((r) => r.type === claim.request && r.targetCountry === claim.targetCountry);
      expect(request, 'the requester has the request').toBeDefined();
      if (claim.targetCountry) expect(provider.country).toBe(claim.targetCountry);
      const toRequester = (w: { targetCountry: string | null }) => !w.targetCountry || w.targetCountry === requester.country;
      if (claim.answeredBy === 'offer') expect(provider.offers.some((o) => o.type === claim.offer && meets(o.type, claim.request) && toRequester(o))).toBe(true);
      else if (claim.answeredBy === 'request') {
        const meeting = (type: string) => MUTUAL_REQUESTS[claim.request].includes(type as never) || tradeRequestsMeet(claim.request, requester.trades, type as never, provider.trades);
        expect(provider.requests.some((r) => r.type === claim.offer && meeting(r.type) && toRequester(r))).toBe(true);
      }
      else expect(claim.basis.by, 'only a value-chain role answers without a stated wish').toBe('chain');
      expect(claim.fit).toBeGreaterThanOrEqual(MATERIAL_WISH_FIT);
      const basis = claim.basis;
      if (basis.by === 'cluster') {
        expect((basis.related ? RELATED_CLUSTER_CREDIT * provider.clusters[basis.cluster]! : provider.clusters[basis.cluster]!) * clusterCreditFor(claim.request, provider.trades)).toBe(claim.fit);
        const subjects = requester.requests.filter((r) => r.type === claim.request).flatMap((r) => requestSubject(r, requester));
        const ok = basis.related ? subjects.some((s) => space.related[s]!.includes(basis.cluster)) : subjects.includes(basis.cluster);
        expect(ok, 'the cluster is what the request is about, or related to it').toBe(true);
      } else if (basis.by === 'chain') {
        expect(CHAIN_ROLES_FOR_REQUEST[claim.request]).toContain(basis.role);
        expect(hasCode(provider, basis.providerCode) && hasCode(requester, basis.requesterCode)).toBe(true);
        // 'makes': the requester's code sells what the provider's makes; any other role is the provider's link.
        if (basis.role === 'makes') expect(taxonomy.valueChain.linkBetween(basis.requesterCode, basis.providerCode)?.kind).toBe('sells');
        else expect(taxonomy.valueChain.linkBetween(basis.providerCode, basis.requesterCode)?.kind).toBe(basis.role);
      } else {
        expect(requester.requests.some((r) => r.type === claim.request && requestSubject(r, requester).length === 0)).toBe(true);
      }
      return;
    }
    case 'offers-meet': {
      expect(MUTUAL_OFFERS[claim.query]).toContain(claim.candidate);
      const ours = query.offers.find((o) => o.type === claim.query && (!o.targetCountry || o.targetCountry === candidate.country));
      const theirs = candidate.offers.find((o) => o.type === claim.candidate && (!o.targetCountry || o.targetCountry === query.country));
      expect(ours && theirs, 'both offers are there, each aimed at the other').toBeTruthy();
      expect(claim.fit).toBeGreaterThanOrEqual(MATERIAL_WISH_FIT);
      // The fitted side fits the other's offer (what it is about) as it would fit a request of that type.
      const [fitted, other, wish] = claim.fitted === 'query' ? [query, candidate, theirs!] : [candidate, query, ours!];
      const basis = claim.basis;
      if (basis.by === 'cluster') {
        expect((basis.related ? RELATED_CLUSTER_CREDIT * fitted.clusters[basis.cluster]! : fitted.clusters[basis.cluster]!) * clusterCreditFor(wish.type, fitted.trades)).toBe(claim.fit);
        const subjects = other.offers.filter((o) => o.type === wish.type).flatMap((o) => requestSubject(o, other));
        expect(basis.related ? subjects.some((c) => space.related[c]!.includes(basis.cluster)) : subjects.includes(basis.cluster)).toBe(true);
      } else {
        expect(basis.by, 'offers that meet are fitted by clusters').toBe('open');
        expect(requestSubject(wish, other)).toHaveLength(0);
      }
      return;
    }
    case 'no-requests':
      expect(candidate.requests).toHaveLength(0);
      return;
    case 'size-class':
      expect([claim.query, claim.candidate]).toEqual([query.sizeClass, candidate.sizeClass]);
      expect(Math.min(claim.query, claim.candidate)).toBeGreaterThanOrEqual(0);
      return;
    case 'population':
      expect([claim.query, claim.candidate]).toEqual([query.population, candidate.population]);
      return;
  }
}

const entity = fc.integer({ min: 0, max: entities.length - 1 }).map((i) => entities[i]!);

describe('reasons', () => {
  it('every claim behind a reason is true of the pair, in every language', () => {
    let chainClaims = 0;
    let wishClaims = 0;
    let offerClaims = 0;
    let makerClaims = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(entity, entity), { minLength: 100, maxLength: 100 }), (pairs) => {
        for (const [query, candidate] of pairs) {
          if (query.key === candidate.key) continue;
          const pair = pairScore(space, DEFAULT_PROFILE, query, candidate);
          for (const { claim } of claimsOf(space, query, candidate, pair)) {
            expectTrue(claim, query, candidate);
            if (claim.about === 'chain' || (claim.about === 'wish' && claim.basis.by === 'chain')) chainClaims++;
            if (claim.about === 'wish') wishClaims++;
            if (claim.about === 'offers-meet') offerClaims++;
            if (claim.about === 'wish' && claim.basis.by === 'chain' && claim.basis.role === 'makes') makerClaims++;
          }
          for (const lang of LANGS) {
            const reasons = explainPair(taxonomy, space, query, candidate, pair, lang);
            expect(reasons.every((r) => r.text.length > 0 && !r.text.includes('{'))).toBe(true);
          }
        }
      }),
      { numRuns: 60, seed: 17 },
    );
    // The random pairs reached the claims that matter (the property is not vacuous).
    expect(wishClaims).toBeGreaterThan(50);
    expect(chainClaims).toBeGreaterThan(0);
    expect(offerClaims).toBeGreaterThan(0);
    expect(makerClaims).toBeGreaterThan(0);
  });

  it('never calls a pair related for sharing a NACE section alone', () => {
    for (let i = 0; i < 2000; i++) {
      const query = entities[(i * 7919) % entities.length]!;
      const candidate = entities[(i * 104729 + 13) % entities.length]!;
      if (query.key === candidate.key) continue;
      const pair = pairScore(space, DEFAULT_PROFILE, query, candidate);
      for (const reason of explainPair(taxonomy, space, query, candidate, pair, 'en')) expect(reason.text).not.toMatch(/related industries/);
    }
  });
});
