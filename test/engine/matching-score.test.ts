import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../data/taxonomy.ts';
import { loadAllianceData } from '../../data/seed/isaFacts.ts';
import { testCompany } from './companyFixture.ts';
import { ClusterSpace, cityFeatures, companyFeatures } from '../../engine/matching/features.ts';
import { UNMET_INDUSTRY_CREDIT, unmetCreditOf, VALUE_CHAIN_SIMILARITY, checkProfile, complementarity, DEFAULT_PROFILE, fusionCoefficients, industryFit, pairScore, sizeFit, wuPalmerPaths, type ScoringProfile } from '../../engine/matching/score.ts';
import { fuse, FUSIONS } from '../../engine/matching/fusion.ts';
import { IMPLIED_ROLE_CREDIT, PRODUCER_DISTRIBUTION_CREDIT } from '../../engine/matching/roles.ts';
import { excluded, rankExhaustive } from '../../engine/matching/rank.ts';
import { explainPair } from '../../engine/matching/explain.ts';

const { taxonomy } = loadTaxonomy();
const space = new ClusterSpace(taxonomy);

const company = testCompany;

// The case: a German battery-parts supplier seeking a Chinese distributor.
const supplier = companyFeatures(
  space,
  company('DE', ['27.20', '29.31'], [
    { direction: 'request', type: 'distribution', targetCountry: 'CN', clusters: ['new-energy-vehicles', 'batteries'] },
    { direction: 'offer', type: 'licensing' },
  ], { name: 'Rhein Batteriekomponenten GmbH' }),
);
const nevDistributor = companyFeatures(space, company('CN', ['29.10'], [{ direction: 'offer', type: 'distribution' }, { direction: 'request', type: 'licensing' }], { name: 'Liuzhou EV Co.' }));
const batteryOneSided = companyFeatures(space, company('CN', ['27.20'], [{ direction: 'offer', type: 'distribution' }, { direction: 'request', type: 'settlement' }], { name: 'Battery One-sided Co.' }));
const unrelated = companyFeatures(space, company('CN', ['10.71'], [{ direction: 'offer', type: 'distribution' }, { direction: 'request', type: 'licensing' }], { name: 'Bakery Co.' }));
const noDistribution = companyFeatures(space, company('CN', ['29.10'], [{ direction: 'request', type: 'licensing' }], { name: 'EV maker, no distribution' }));
const german = companyFeatures(space, company('DE', ['29.10'], [{ direction: 'offer', type: 'distribution' }]));

describe('components', () => {
  it('computes Wu–Palmer on code paths', () => {
    expect(wuPalmerPaths(['C', '29', '29.3', '29.31'], ['C', '29', '29.3', '29.32'])).toBeCloseTo(6 / 8);
    expect(wuPalmerPaths(['C', '29'], ['C', '29', '29.1', '29.10'])).toBeCloseTo(4 / 6);
    expect(wuPalmerPaths(['C'], ['J'])).toBe(0);
  });

  it('scores industry fit as the mean of the best code pair and the cluster cosine', () => {
    const fit = industryFit(space, supplier, nevDistributor);
    // 29.31 vs 29.10 share C and 29 (2·2/8 = 0.5), but battery cells (27.20) supply vehicle makers
    // (29.10): a value-chain link, as close as one group.
    expect(fit.best!.similarity).toBe(VALUE_CHAIN_SIMILARITY);
    expect(fit.best!.chain).toMatchObject({ kind: 'supplies', provider: 'a', providerCode: '27.20', customerCode: '29.10' });
    expect(fit.score).toBeCloseTo((VALUE_CHAIN_SIMILARITY + fit.clusterCosine) / 2);
    const noChain = industryFit(space, supplier, companyFeatures(space, company('CN', ['29.20'], [])));
    expect(noChain.best!.similarity).toBeCloseTo(0.5);
    expect(noChain.best!.commonPath).toEqual(['C', '29']);
    expect(fit.sharedClusters.map((i) => space.ids[i])).toContain('new-energy-vehicles');
    // Bakery (10.71) shares only section C: Wu–Palmer 2·1/8, no shared cluster.
    expect(industryFit(space, supplier, unrelated).score).toBeCloseTo(0.25 / 2);
    expect(industryFit(space, supplier, supplier).score).toBeCloseTo(1);
  });

  it('scores complementarity as the share of wishes fulfilled: requests answered, offers taken up', () => {
    const forward = complementarity(space, supplier, nevDistributor);
    // The supplier's wishes: a distribution request and a licensing offer.
    expect(forward.wishes).toBe(2);
    expect(forward.met).toHaveLength(1);
    // A vehicle maker offering to distribute: its new-energy-vehicle membership (1) at a producer's credit.
    expect(forward.met[0]!.fit).toBe(PRODUCER_DISTRIBUTION_CREDIT);
    // Its licensing request takes up the supplier's licensing offer: a request naming no cluster is about
    // the requester's own clusters (29.10: automotive, new-energy vehicles), where the supplier is at 0.9 (29.31).
    expect(forward.taken).toHaveLength(1);
    expect(forward.taken[0]!.fit).toBe(0.9);
    expect(forward.score).toBe((PRODUCER_DISTRIBUTION_CREDIT + 0.9) / 2);
    // Seen from the vehicle maker: its licensing request answered (0.9), its distribution offer taken up (0.5).
    expect(complementarity(space, nevDistributor, supplier).score).toBe((0.9 + PRODUCER_DISTRIBUTION_CREDIT) / 2);
    // A trade distributes in full.
    const trader = companyFeatures(space, company('CN', ['46.90', '29.10'], [{ direction: 'offer', type: 'distribution' }]));
    expect(complementarity(space, supplier, trader).met[0]!.fit).toBe(1);
    // The bakery offers distribution but nothing the request is about, and seeks no licence the supplier has.
    expect(complementarity(space, supplier, unrelated).score).toBe(0);
    // The target country must match.
    expect(complementarity(space, supplier, german).score).toBe(0);
    // The battery maker's distribution offer is taken up (batteries 1, a producer's credit); its request for a site is not answered.
    expect(complementarity(space, batteryOneSided, supplier).score).toBe(PRODUCER_DISTRIBUTION_CREDIT / 2);
    // Nothing wished, nothing fulfilled.
    const silent = companyFeatures(space, company('DE', ['29.10'], []));
    expect(complementarity(space, silent, supplier)).toMatchObject({ score: 0, wishes: 0 });
  });

  it('lets two requests for the same joint undertaking meet, and a role in the value chain answer a request at a share', () => {
    const seeker = companyFeatures(space, company('CN', ['62.01'], [{ direction: 'request', type: 'joint-venture', targetCountry: 'DE' }]));
    const peer = companyFeatures(space, company('DE', ['62.01'], [{ direction: 'request', type: 'joint-venture' }]));
    expect(complementarity(space, seeker, peer).met[0]).toMatchObject({ fit: 1, offer: { direction: 'request', type: 'joint-venture' } });
    const maker = companyFeatures(space, company('CN', ['31.01'], [{ direction: 'request', type: 'distribution', targetCountry: 'DE' }]));
    const wholesaler = companyFeatures(space, company('DE', ['46.47'], [{ direction: 'request', type: 'licensing' }]));
    const role = complementarity(space, maker, wholesaler).met[0]!;
    expect(role.offer).toBeNull();
    expect(role.fit).toBe(IMPLIED_ROLE_CREDIT);
    expect(role.basis).toMatchObject({ by: 'chain', role: 'sells', providerCode: '46.47', requesterCode: '31.01' });
  });

  it('answers a request naming clusters along the value chain through the requester\'s codes in them only', () => {
    const dealer = companyFeatures(space, company('CN', ['45.31'], [{ direction: 'offer', type: 'distribution' }]));
    const builder = (clusters: string[]) => companyFeatures(space, company('DE', ['28.22', '29.32'], [{ direction: 'request', type: 'distribution', clusters }]));
    // Naming none, the request is about all it makes: a car-parts dealer sells its car parts (29.32).
    expect(complementarity(space, builder([]), dealer).met[0]).toMatchObject({ fit: 1, basis: { by: 'chain', role: 'sells', requesterCode: '29.32' } });
    // Naming mechanical engineering, it is about its handling equipment (28.22), which a car-parts dealer does not sell.
    const named = complementarity(space, builder(['mechanical-engineering']), dealer).met[0];
    expect(named?.basis.by).not.toBe('chain');
    expect(named?.fit ?? 0).toBeLessThan(1);
    // A request naming clusters none of its codes is in names what it needs: its industries' chain still answers it.
    expect(complementarity(space, builder(['consumer-goods']), dealer).met[0]).toMatchObject({ fit: 1, basis: { by: 'chain', requesterCode: '29.32' } });
  });

  it('answers a request for supply by suppliers of materials and components, not by the makers of machinery the requester uses', () => {
    const gearMaker = companyFeatures(space, company('DE', ['28.15'], [{ direction: 'request', type: 'sourcing', targetCountry: 'CN' }]));
    const foundry = companyFeatures(space, company('CN', ['24.51'], [{ direction: 'offer', type: 'production' }]));
    const machineTools = companyFeatures(space, company('CN', ['28.49'], [{ direction: 'offer', type: 'production' }]));
    expect(complementarity(space, gearMaker, foundry).met[0]).toMatchObject({ fit: 1, basis: { by: 'chain', role: 'supplies', providerCode: '24.51' } });
    // Machine tools equip machine builders (28.4 → 28): the industries are close, but no castings come of it.
    expect(industryFit(space, gearMaker, machineTools).best!.chain).toMatchObject({ kind: 'supplies', providerCode: '28.15' });
    expect(taxonomy.valueChain.linkBetween('28.49', '28.15')?.kind).toBe('equips');
    expect(complementarity(space, gearMaker, machineTools).met.every((m) => m.basis.by !== 'chain')).toBe(true);
    // A reason names the relation as it is.
    const bakery = companyFeatures(space, company('DE', ['10.71'], []));
    const ovens = companyFeatures(space, company('CN', ['28.93'], []));
    const reasons = explainPair(taxonomy, space, bakery, ovens, pairScore(space, DEFAULT_PROFILE, bakery, ovens), 'en').map((r) => r.text);
    expect(reasons).toContainEqual(expect.stringMatching(/^value chain: .* \(28\.93\) makes machinery and equipment for .* \(10\.71\)$/));
  });

  it("answers a trader's request for supply by the makers of what it sells, through their codes in the clusters it names", () => {
    const retailer = (clusters: string[]) => companyFeatures(space, company('DE', ['47.91'], [{ direction: 'request', type: 'sourcing', clusters, targetCountry: 'CN' }]));
    const toys = companyFeatures(space, company('CN', ['32.40'], [{ direction: 'offer', type: 'production' }], { name: 'Toy Co.' }));
    const dairy = companyFeatures(space, company('CN', ['10.51'], [{ direction: 'offer', type: 'production' }]));
    const quiet = companyFeatures(space, company('CN', ['32.40'], []));
    // Online retail sells toys (47.91 → 32.40): the toy maker answers in full (naming consumer goods, its cluster
    // does too), one with no offer at the implied share.
    expect(complementarity(space, retailer([]), toys).met[0]).toMatchObject({ fit: 1, basis: { by: 'chain', role: 'makes', providerCode: '32.40', requesterCode: '47.91' } });
    expect(complementarity(space, retailer(['consumer-goods']), toys).met[0]).toMatchObject({ fit: 1 });
    expect(complementarity(space, retailer(['consumer-goods']), quiet).met[0]).toMatchObject({ fit: IMPLIED_ROLE_CREDIT, offer: null, basis: { role: 'makes' } });
    // It sells food too, but seeks consumer goods: a dairy is no answer by its role; naming nothing, it is.
    expect(complementarity(space, retailer(['consumer-goods']), dairy).met.every((m) => m.basis.by !== 'chain')).toBe(true);
    expect(complementarity(space, retailer([]), dairy).met[0]).toMatchObject({ fit: 1, basis: { role: 'makes' } });
    // A maker's own request for supply wants inputs: a retailer of its goods is no answer.
    const toyMakerSeeking = companyFeatures(space, company('CN', ['32.40'], [{ direction: 'request', type: 'sourcing' }]));
    const shop = companyFeatures(space, company('DE', ['47.91'], [{ direction: 'offer', type: 'sourcing' }]));
    expect(complementarity(space, toyMakerSeeking, shop).met.every((m) => m.basis.by !== 'chain')).toBe(true);
    // The reason says who makes what, from either side.
    const forward = explainPair(taxonomy, space, retailer([]), toys, pairScore(space, DEFAULT_PROFILE, retailer([]), toys), 'en').map((r) => r.text);
    expect(forward).toContainEqual(expect.stringMatching(/ – in manufacture of games and toys, Toy Co\. makes goods you sell \(retail sale via mail order houses or via internet\)$/i));
    const backward = explainPair(taxonomy, space, toys, retailer([]), pairScore(space, DEFAULT_PROFILE, toys, retailer([])), 'de').map((r) => r.text);
    expect(backward).toContainEqual(expect.stringMatching(/stellen Sie Waren her, die .* vertreibt/));
  });

  it('counts the industry fit of a pair meeting no wish at a share for two firms, in full when a city is a side', () => {
    expect(unmetCreditOf(0, 0)).toBe(UNMET_INDUSTRY_CREDIT);
    expect(unmetCreditOf(0, 1)).toBe(1);
    expect(unmetCreditOf(1, 1)).toBe(1);
    const quiet = (country: string) => companyFeatures(space, company(country, ['29.10'], [], { size: { employees: 80, sizeClass: 'medium', revenueBand: null } }));
    const [a, b] = [quiet('CN'), quiet('DE')];
    const firms = pairScore(space, DEFAULT_PROFILE, a, b);
    expect(firms.score).toBeCloseTo(DEFAULT_PROFILE.weights.industry * UNMET_INDUSTRY_CREDIT * firms.forward.components.industry + DEFAULT_PROFILE.weights.size * 1);
    const city = cityFeatures(space, loadAllianceData(taxonomy, '').cities.find((c) => c.id === 'de-ingolstadt')!);
    const withCity = pairScore(space, DEFAULT_PROFILE, a, city);
    expect(withCity.forward.components.complementarity + withCity.backward.components.complementarity).toBe(0);
    expect(withCity.score).toBeCloseTo(DEFAULT_PROFILE.weights.industry * withCity.forward.components.industry + DEFAULT_PROFILE.weights.size * 0.5);
  });

  it('scores size by the matrix for companies and by population ratio for cities', () => {
    expect(sizeFit(DEFAULT_PROFILE, supplier, nevDistributor)).toEqual({ score: 1, basis: 'class' });
    const cities = loadAllianceData(taxonomy, '').cities;
    const koeln = cityFeatures(space, cities.find((c) => c.id === 'de-koeln')!);
    const foshan = cityFeatures(space, cities.find((c) => c.id === 'cn-foshan')!);
    const ratio = koeln.population! / foshan.population!;
    expect(sizeFit(DEFAULT_PROFILE, koeln, foshan).score).toBeCloseTo(Math.exp(-Math.abs(Math.log(ratio)) / 3));
    expect(sizeFit(DEFAULT_PROFILE, supplier, foshan)).toEqual({ score: 0.5, basis: 'none' });
  });
});

describe('fusion and contributions', () => {
  it('fuses two directions as each fusion says', () => {
    expect(fuse('harmonic', 0.8, 0.2)).toBeCloseTo((2 * 0.8 * 0.2) / 1.0);
    expect(fuse('geometric', 0.8, 0.2)).toBeCloseTo(Math.sqrt(0.16));
    expect(fuse('arithmetic', 0.8, 0.2)).toBeCloseTo(0.5);
    expect(fuse('min', 0.8, 0.2)).toBeCloseTo(0.2);
    expect(fuse('harmonic', 0, 0)).toBe(0);
    for (const f of FUSIONS) {
      const [a, b] = fusionCoefficients(f, 0.3, 0.6);
      expect(a * 0.3 + b * 0.6).toBeCloseTo(fuse(f, 0.3, 0.6));
    }
  });

  it('gives contributions that add up to the score, within [0, 1], for every fusion', () => {
    for (const fusion of FUSIONS) {
      const profile: ScoringProfile = { ...DEFAULT_PROFILE, fusion };
      for (const other of [nevDistributor, batteryOneSided, unrelated, noDistribution]) {
        const pair = pairScore(space, profile, supplier, other);
        const sum = pair.components.reduce((s, c) => s + c.contribution, 0);
        expect(sum).toBeCloseTo(pair.score, 12);
        expect(pair.score).toBeCloseTo(fuse(fusion, pair.forward.total, pair.backward.total), 12);
        expect(pair.score).toBeGreaterThanOrEqual(0);
        expect(pair.score).toBeLessThanOrEqual(1);
      }
    }
  });

  it('refuses weights that do not sum to 1 and a malformed size matrix', () => {
    expect(() => checkProfile({ ...DEFAULT_PROFILE, weights: { industry: 0.5, complementarity: 0.5, size: 0.5 } })).toThrow(/sum to 1/);
    expect(() => checkProfile({ ...DEFAULT_PROFILE, weights: { industry: -0.1, complementarity: 0.6, size: 0.5 } })).toThrow(/non-negative/);
    expect(() => checkProfile({ ...DEFAULT_PROFILE, sizeMatrix: [[1]] })).toThrow(/4×4/);
  });
});

describe('ranking the battery supplier', () => {
  const candidates = [unrelated, batteryOneSided, noDistribution, nevDistributor, german];

  it('puts the reciprocal Chinese EV distributor above one-sided and unrelated companies', () => {
    const ranked = rankExhaustive(space, DEFAULT_PROFILE, supplier, candidates, { k: 10 });
    const order = ranked.map((r) => r.candidate.name);
    expect(order[0]).toBe('Liuzhou EV Co.');
    expect(order).not.toContain(german.name); // same country: excluded by default
    expect(order.indexOf('Battery One-sided Co.')).toBeGreaterThan(0);
    expect(order.indexOf('Bakery Co.')).toBeGreaterThan(order.indexOf('Battery One-sided Co.'));
  });

  it('excludes same entity, same group, blocked and met pairs; allows same country on request', () => {
    expect(excluded(supplier, supplier, {})).toBe(true);
    expect(excluded(supplier, german, {})).toBe(true);
    expect(excluded(supplier, german, { countries: 'same' })).toBe(false);
    expect(excluded(supplier, nevDistributor, { blocked: new Set([nevDistributor.key]) })).toBe(true);
    expect(excluded(supplier, nevDistributor, { met: new Set([nevDistributor.key]) })).toBe(true);
    const grouped = { ...nevDistributor, groupId: 'g1' };
    expect(excluded({ ...supplier, groupId: 'g1' }, grouped, {})).toBe(true);
  });

  it('orders ties by key, stably', () => {
    const twin = { ...nevDistributor, key: 'company:a-twin', id: 'a-twin' };
    const ranked = rankExhaustive(space, DEFAULT_PROFILE, supplier, [nevDistributor, twin], { k: 2 });
    expect(ranked[0]!.score).toBe(ranked[1]!.score);
    expect(ranked.map((r) => r.candidate.key)).toEqual(['company:a-twin', nevDistributor.key]);
  });

  it('explains the top match in German, English and Chinese', () => {
    const pair = pairScore(space, DEFAULT_PROFILE, supplier, nevDistributor);
    const en = explainPair(taxonomy, space, supplier, nevDistributor, pair, 'en').map((r) => r.text);
    const de = explainPair(taxonomy, space, supplier, nevDistributor, pair, 'de').map((r) => r.text);
    const zh = explainPair(taxonomy, space, supplier, nevDistributor, pair, 'zh').map((r) => r.text);
    expect(en).toEqual([
      'both in the Automotive and auto parts cluster',
      'value chain: manufacture of batteries and accumulators (27.20) supplies manufacture of motor vehicles (29.10)',
      'you seek distribution / trade intermediary in China; Liuzhou EV Co. offers distribution / trade intermediary in the New-energy vehicles cluster',
      'Liuzhou EV Co. seeks licensing / technology transfer; you offer licensing / technology transfer in the Automotive and auto parts cluster',
      'both medium-sized enterprise',
    ]);
    expect(de[0]).toMatch(/^beide im Cluster /);
    expect(de[1]).toBe('Wertschöpfungskette: Herstellung von Batterien und Akkumulatoren (27.20) beliefert Herstellung von Automobilen und Automobilmotoren (29.10)');
    expect(de[2]).toContain('Sie suchen Vertrieb / Handelsvermittlung in China');
    expect(zh[1]).toMatch(/^价值链：.*（27.20）为.*（29.10）供货$/);
    expect(zh[2]).toContain('您寻求分销 / 贸易代理（中国）');
    expect(zh.at(-1)).toBe('双方均为中型企业');
  });
});

describe('cities for the battery supplier', () => {
  it('ranks Chinese cities with a new-energy-vehicle cluster first', () => {
    const cities = loadAllianceData(taxonomy, '').cities.filter((c) => c.status.current === 'member');
    const features = cities.map((c) => cityFeatures(space, c));
    const ranked = rankExhaustive(space, DEFAULT_PROFILE, supplier, features, { k: 5 });
    expect(ranked.length).toBe(5);
    expect(ranked.every((r) => r.candidate.country === 'CN')).toBe(true);
    const nev = space.index('new-energy-vehicles')!;
    expect(ranked[0]!.candidate.clusters[nev]).toBe(1);
  });
});
