import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy, loadValueChainLinks } from '../../data/taxonomy.ts';
import { dottedNaceCode } from '../../engine/taxonomy.ts';

const { taxonomy } = loadTaxonomy();
const { valueChain } = taxonomy;
const links = loadValueChainLinks();

// The official English titles straight from the reference file, not through the Taxonomy.
const englishTitle = new Map(
  (parse(readFileSync(new URL('../../data/taxonomy/noga2008_levels1-4_de_en_fr_it.csv', import.meta.url), 'utf8'), { columns: true }) as { code: string; en: string }[]).map(
    (row) => [dottedNaceCode(row.code), row.en],
  ),
);
const wholeWord = (term: string) => new RegExp(`\\b${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');

describe('data/taxonomy/value-chain.json', () => {
  it('loads into a ValueChain (every code exists, no self-link or duplicate, kinds and bases known)', () => {
    expect(valueChain.size).toBe(links.length);
    for (const l of links) {
      expect(taxonomy.nace(l.from), l.from).toBeDefined();
      expect(taxonomy.nace(l.to), l.to).toBeDefined();
    }
  });

  it('shows the evidence of every class-title link, as whole words, in both official English titles', () => {
    const titled = links.filter((l) => l.basis === 'class-title');
    expect(titled.length).toBeGreaterThan(50);
    for (const l of titled) {
      for (const term of l.evidence!.split('; ')) {
        for (const code of [l.from, l.to]) expect(englishTitle.get(code), `${l.from} → ${l.to}: "${term}" in ${code}`).toMatch(wholeWord(term));
      }
    }
  });

  it('gives every curated link a reason of one sentence, without figures', () => {
    for (const l of links.filter((x) => x.basis === 'curated')) {
      expect(l.reason, `${l.from} → ${l.to}`).toMatch(/^\S.*\.$/);
      // Codes and NACE class numbers may appear; no percentages, shares or coefficients.
      expect(l.reason, `${l.from} → ${l.to}`).not.toMatch(/%|\bper cent\b|\bcoefficient\b|\bshare of\b/i);
    }
  });

  it('links furniture wholesale and retail to furniture making', () => {
    for (const trade of ['46.47', '47.59']) {
      for (const maker of ['31.01', '31.02', '31.03', '31.09']) {
        expect(valueChain.linkBetween(trade, maker), `${trade} → ${maker}`).toMatchObject({ kind: 'sells', basis: 'class-title', evidence: 'furniture' });
      }
    }
    expect(valueChain.linkBetween('46.47', '13.93')).toMatchObject({ kind: 'sells', evidence: 'carpets' });
    expect(valueChain.linkBetween('46.47', '27.40')).toMatchObject({ kind: 'sells', evidence: 'lighting equipment' });
    expect(valueChain.linkBetween('46.65', '31.01')).toMatchObject({ kind: 'sells', to: '31.01' });
  });

  it('links medical wholesale and retail to medical instrument making', () => {
    expect(valueChain.linkBetween('46.46', '32.50')).toMatchObject({ kind: 'sells', basis: 'curated' });
    expect(valueChain.linkBetween('47.74', '32.50')).toMatchObject({ kind: 'sells', basis: 'class-title', evidence: 'medical' });
    expect(valueChain.linkBetween('46.46', '21.20')).toMatchObject({ kind: 'sells', evidence: 'pharmaceutical' });
  });

  it('links abrasives and synthetic abrasive grains to tool and machine tool makers', () => {
    for (const supplier of ['23.91', '23.99']) {
      for (const user of ['25.73', '28.41', '28.49']) {
        expect(valueChain.linkBetween(supplier, user), `${supplier} → ${user}`).toMatchObject({ kind: 'supplies', basis: 'curated' });
      }
    }
  });

  it('links battery cells to vehicle makers, and machine tools to the metal working they equip', () => {
    expect(valueChain.linkBetween('27.20', '29.10')).toMatchObject({ kind: 'supplies' });
    expect(valueChain.linkBetween('27.20', '29.31')).toMatchObject({ kind: 'supplies' });
    expect(valueChain.linkBetween('28.41', '25.62')).toMatchObject({ kind: 'equips', from: '28.4', to: '25' });
  });

  it('tells equipment from materials and components, and marks every link reclassified by its reason', () => {
    // Machinery the customer industry works with: equips; what goes into its products: supplies.
    expect(valueChain.linkBetween('28.49', '28.15')).toMatchObject({ kind: 'equips', reclassifiedFrom: 'supplies' });
    expect(valueChain.linkBetween('28.93', '10.71')).toMatchObject({ kind: 'equips' });
    expect(valueChain.linkBetween('24.51', '28.15')).toMatchObject({ kind: 'supplies' });
    expect(valueChain.linkBetween('28.15', '28.49')).toMatchObject({ kind: 'supplies' });
    const equips = links.filter((l) => l.kind === 'equips');
    expect(equips.length).toBeGreaterThan(40);
    for (const l of equips) {
      expect(l, `${l.from} → ${l.to}`).toMatchObject({ basis: 'curated', reclassifiedFrom: 'supplies' });
      // Its own reason says it: machinery, equipment, plant or what the customer works with.
      expect(l.reason, `${l.from} → ${l.to}`).toMatch(/equip|machine|instrument|rolling stock|aircraft|ships|furnaces|pumps|meters|storage systems|turbines|robots/i);
    }
  });

  it('reads one way and leaves unrelated industries unlinked', () => {
    expect(valueChain.linkBetween('31.01', '46.47')).toBeNull();
    expect(valueChain.linkBetween('32.50', '46.46')).toBeNull();
    expect(valueChain.linkBetween('10.11', '46.47')).toBeNull();
    expect(valueChain.linkBetween('46.47', '10.11')).toBeNull();
    expect(valueChain.linkBetween('46.31', '31.01')).toBeNull();
  });

  it('works on group and division codes as the taxonomy gives them', () => {
    expect(valueChain.linkBetween('46.4', '31.01')).toBeNull();
    expect(valueChain.linkBetween('46.47', '31')).toMatchObject({ to: '31' });
    expect(valueChain.linkBetween('24', '29')).toMatchObject({ kind: 'supplies', from: '24', to: '29' });
    expect(valueChain.linkBetween('24.10', '29.10')).toMatchObject({ from: '24', to: '29' });
    expect(valueChain.linkBetween('52.10', '46.47')).toMatchObject({ kind: 'serves', to: '46' });
  });

  it('links every trade class that names goods made in sections A to C', () => {
    const selling = new Set(links.filter((l) => l.kind === 'sells').map((l) => l.from));
    const tradeClasses = [...taxonomy.allNace()].filter((n) => n.level === 4 && ['45', '46', '47'].includes(n.code.slice(0, 2)));
    // The trade classes whose titles name no particular goods of sections A to C (or a repair service);
    // the general traders among them sell a variety of consumer goods by their NACE notes (curated links).
    const nameNoGoods = ['45.20', '46.18', '46.19', '46.77', '46.90', '47.19', '47.79', '47.89', '47.91', '47.99'];
    const general = ['46.19', '46.90', '47.19', '47.91', '47.99'];
    expect(tradeClasses.filter((n) => !selling.has(n.code)).map((n) => n.code)).toEqual(nameNoGoods.filter((c) => !general.includes(c)));
  });
});
