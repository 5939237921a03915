import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../data/taxonomy.ts';
import { ValueChain, type ValueChainLink } from '../../engine/valueChain.ts';

const { taxonomy } = loadTaxonomy();

const link = (from: string, to: string, kind: ValueChainLink['kind'] = 'supplies', extra: Partial<ValueChainLink> = {}): ValueChainLink => ({
  from,
  to,
  kind,
  basis: 'curated',
  reason: `${from} provides to ${to}`,
  ...extra,
});

describe('ValueChain.linkBetween', () => {
  const chain = new ValueChain(
    [
      link('46.47', '31', 'sells', { basis: 'class-title', evidence: 'furniture', reason: undefined }),
      link('46.4', '31.02', 'sells'),
      link('23.91', '25'),
      link('23.91', '25.73'),
      link('24', '28'),
      link('71.12', '28', 'serves'),
      link('28.15', '28'),
    ],
    taxonomy,
  );

  it('applies a link stated at a division or group to every code below it, on either side', () => {
    for (const customer of ['31.01', '31.03', '31.09', '31.0', '31']) expect(chain.linkBetween('46.47', customer)?.to, customer).toBe('31');
    expect(chain.linkBetween('24.10', '28.41')).toMatchObject({ from: '24', to: '28' });
    expect(chain.linkBetween('24.4', '28.4')).toMatchObject({ from: '24', to: '28' });
    expect(chain.linkBetween('24', '28')).toMatchObject({ from: '24', to: '28' });
  });

  it('matches a coarse query code only by links stated at it or above it', () => {
    // A company that says only "46" is not known to sell furniture.
    expect(chain.linkBetween('46', '31.01')).toBeNull();
    expect(chain.linkBetween('46.4', '31.01')).toBeNull();
    expect(chain.linkBetween('46.4', '31.02')).toMatchObject({ from: '46.4', to: '31.02' });
    expect(chain.linkBetween('23.9', '25.73')).toBeNull();
  });

  it('gives the most specific link', () => {
    expect(chain.linkBetween('23.91', '25.73')).toMatchObject({ from: '23.91', to: '25.73' });
    expect(chain.linkBetween('23.91', '25.62')).toMatchObject({ from: '23.91', to: '25' });
    // 46.4 → 31.02 (group + class) is more specific than 46.47 → 31 (class + division).
    expect(chain.linkBetween('46.47', '31.02')).toMatchObject({ from: '46.4', to: '31.02' });
  });

  it('breaks ties between equally specific links by kind: sells, supplies, serves', () => {
    const tied = new ValueChain([link('71.12', '28', 'serves'), link('71.12', '28', 'supplies')], taxonomy);
    expect(tied.linkBetween('71.12', '28.41')?.kind).toBe('supplies');
  });

  it('reads one way: from the provider to the customer', () => {
    expect(chain.linkBetween('31.01', '46.47')).toBeNull();
    expect(chain.linkBetween('25.73', '23.91')).toBeNull();
  });

  it('does not link a code to itself, and knows no unknown codes', () => {
    expect(chain.linkBetween('28.15', '28.15')).toBeNull();
    expect(chain.linkBetween('28.15', '28.12')).toMatchObject({ from: '28.15', to: '28' });
    expect(chain.linkBetween('99.99', '28')).toBeNull();
    expect(chain.linkBetween('24', 'banana')).toBeNull();
  });

  it('lists the links that hold for a provider or a customer, the most specific first', () => {
    expect(chain.linksFrom('23.91').map((l) => l.to)).toEqual(['25.73', '25']);
    expect(chain.linksFrom('24.10').map((l) => l.to)).toEqual(['28']);
    expect(chain.linksTo('28.41').map((l) => l.from)).toEqual(['28.15', '71.12', '24']);
    expect(chain.linksTo('31.02').map((l) => l.from)).toEqual(['46.4', '46.47']);
    expect(chain.linksFrom('10.11')).toEqual([]);
  });
});

describe('ValueChain checks its links', () => {
  const invalid: [string, ValueChainLink, RegExp][] = [
    ['an unknown code', link('46.47', '31.99'), /#0 \(46\.47 → 31\.99, supplies\) to is no NACE code/],
    ['a section', link('C', '46'), /from is a section/],
    ['a self-link', link('28', '28'), /links a code to itself/],
    ['an unknown kind', link('24', '28', 'buys' as ValueChainLink['kind']), /kind must be one of/],
    ['an unknown basis', link('24', '28', 'supplies', { basis: 'guess' as ValueChainLink['basis'] }), /basis must be one of/],
    ['a class-title link without evidence', link('46.47', '31', 'sells', { basis: 'class-title' }), /needs its evidence/],
    ['a curated link without reason', link('24', '28', 'supplies', { reason: ' ' }), /needs its reason/],
    ['a non-trade code that sells', link('24', '28', 'sells'), /only a trade code/],
  ];
  for (const [what, bad, message] of invalid) {
    it(`rejects ${what}`, () => {
      expect(() => new ValueChain([bad], taxonomy)).toThrow(message);
    });
  }

  it('rejects a duplicate (from, to, kind) and names it', () => {
    expect(() => new ValueChain([link('24', '28'), link('24', '28', 'serves'), link('24', '28')], taxonomy)).toThrow(
      /#2 \(24 → 28, supplies\) states the same \(from, to, kind\) twice/,
    );
  });
});
