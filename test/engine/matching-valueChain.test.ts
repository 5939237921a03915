/**
 * The three searches issue 17 measured, pinned: a Chinese furniture maker seeking German distribution, a
 * Chinese synthetic-diamond supplier offering supply, a German medical-technology firm seeking Chinese
 * distribution. Each ranks a field built like the one the issue saw (the partners who fit the value
 * chain, and those who merely carry the right wish label) through the index, as the server does, and
 * reads the reasons it gives.
 */
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../data/taxonomy.ts';
import type { Wish } from '../../engine/model.ts';
import { testCompany } from './companyFixture.ts';
import { ClusterSpace, companyFeatures, type MatchFeatures } from '../../engine/matching/features.ts';
import { MatchIndex } from '../../engine/matching/index.ts';
import { DEFAULT_PROFILE, pairScore } from '../../engine/matching/score.ts';
import { explainPair } from '../../engine/matching/explain.ts';

const { taxonomy } = loadTaxonomy();
const space = new ClusterSpace(taxonomy);

function firm(id: string, country: string, codes: string[], wishes: Partial<Wish>[], employees = 80): MatchFeatures {
  const sizeClass = employees < 50 ? 'small' : employees < 250 ? 'medium' : 'large';
  return companyFeatures(space, testCompany(country, codes, wishes, { id, name: id, size: { employees, sizeClass, revenueBand: null } }));
}

/** The query's ranking of the field, best first, with each item's English reasons. */
function rank(query: MatchFeatures, field: MatchFeatures[]): { id: string; reasons: string[] }[] {
  const index = new MatchIndex(space);
  for (const f of field) index.upsert(f);
  return index.topK(query, DEFAULT_PROFILE, { k: field.length }).map((hit) => {
    const candidate = field.find((f) => f.key === hit.key)!;
    const reasons = explainPair(taxonomy, space, query, candidate, pairScore(space, DEFAULT_PROFILE, query, candidate), 'en');
    return { id: candidate.id, reasons: reasons.map((r) => r.text) };
  });
}

const offersDistribution = { direction: 'offer' as const, type: 'distribution' as const };

describe('value chains in the three searches of issue 17', () => {
  it('puts German furniture wholesalers and retailers above firms that merely offer distribution, and says why', () => {
    const maker = firm('foshan-furniture', 'CN', ['31.01', '31.09'], [{ direction: 'request', type: 'distribution', targetCountry: 'DE' }]);
    const ranked = rank(maker, [
      firm('furniture-wholesaler', 'DE', ['46.47'], [{ direction: 'request', type: 'sourcing' }]),
      firm('furniture-retailer', 'DE', ['47.59'], [offersDistribution]),
      firm('metal-fabricator', 'DE', ['25.99'], [offersDistribution]),
      firm('food-company', 'DE', ['10.89'], [offersDistribution]),
      firm('machine-builder', 'DE', ['28.29'], [offersDistribution]),
      firm('electronics-firm', 'DE', ['26.30'], [offersDistribution]),
    ]);
    expect(ranked.slice(0, 2).map((r) => r.id).sort()).toEqual(['furniture-retailer', 'furniture-wholesaler']);
    const retailer = ranked.find((r) => r.id === 'furniture-retailer')!;
    expect(retailer.reasons).toContain(
      'you seek distribution / trade intermediary in Germany; furniture-retailer offers distribution / trade intermediary – in retail sale of furniture, lighting equipment and other household articles in specialised stores, furniture-retailer sells what you make',
    );
    // The wholesaler states no offer of distribution: its trade implies it, and the reason says so.
    expect(ranked.find((r) => r.id === 'furniture-wholesaler')!.reasons.some((t) => t.includes('has not offered it') && t.includes('sells what you make'))).toBe(true);
    // Sharing section C is no relation worth a reason.
    for (const r of ranked) expect(r.reasons.join(' ')).not.toMatch(/related industries/);
    // A producer that offers distribution of goods unlike these is not a distributor of them.
    const food = ranked.find((r) => r.id === 'food-company')!;
    expect(food.reasons.some((t) => t.startsWith('you seek distribution'))).toBe(false);
  });

  it('puts German tool and machine makers that seek supply above chemicals and steel companies for a diamond supplier', () => {
    const diamonds = firm('xuchang-diamonds', 'CN', ['23.99'], [
      { direction: 'offer', type: 'sourcing', targetCountry: 'DE' },
      { direction: 'offer', type: 'production', targetCountry: 'DE' },
    ]);
    const seeksSupply = { direction: 'request' as const, type: 'sourcing' as const, clusters: ['new-materials'] };
    const ranked = rank(diamonds, [
      firm('chemicals', 'DE', ['20.13', '20.16'], [seeksSupply]),
      firm('steel', 'DE', ['24.10'], [seeksSupply]),
      firm('tool-maker', 'DE', ['25.73'], [{ direction: 'request', type: 'sourcing', clusters: ['metal-processing'] }]),
      firm('machine-tool-maker', 'DE', ['28.41'], [{ direction: 'request', type: 'production', clusters: ['mechanical-engineering'] }]),
    ]);
    expect(ranked.slice(0, 2).map((r) => r.id).sort()).toEqual(['machine-tool-maker', 'tool-maker']);
    expect(ranked.find((r) => r.id === 'tool-maker')!.reasons).toContain(
      'value chain: manufacture of other non-metallic mineral products n.e.c. (23.99) supplies manufacture of tools (25.73)',
    );
  });

  it('puts Chinese medical distributors above manufacturers that offer distribution for a German medical-technology firm', () => {
    const medtech = firm('bad-homburg-medtech', 'DE', ['32.50'], [{ direction: 'request', type: 'distribution', targetCountry: 'CN' }]);
    const ranked = rank(medtech, [
      firm('device-maker-a', 'CN', ['26.60'], [offersDistribution]),
      firm('device-maker-b', 'CN', ['32.50'], [offersDistribution]),
      firm('medical-wholesaler', 'CN', ['46.46'], [offersDistribution]),
      firm('medical-retailer', 'CN', ['47.74'], [offersDistribution]),
    ]);
    expect(ranked.slice(0, 2).map((r) => r.id).sort()).toEqual(['medical-retailer', 'medical-wholesaler']);
    expect(ranked.find((r) => r.id === 'medical-wholesaler')!.reasons.some((t) => t.includes('sells what you make'))).toBe(true);
  });
});
