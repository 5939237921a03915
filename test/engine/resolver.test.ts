import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../data/taxonomy.ts';

const { resolver } = loadTaxonomy();
const first = (q: string) => resolver.resolve(q).items[0];
const firstDivision = (q: string) => resolver.resolve(q).divisions[0]?.code;

describe('industry resolver', () => {
  it('puts the same cluster first for new-energy vehicles in Chinese, German and English', () => {
    for (const q of ['新能源汽车', 'Elektromobilität', 'electric vehicles', 'Elektromobilitaet', '电动汽车', 'E-Mobilität']) {
      expect(first(q), q).toMatchObject({ kind: 'cluster', code: 'new-energy-vehicles' });
      expect(firstDivision(q), q).toBe('29');
    }
  });

  it.each([
    ['Maschinenbau', 'mechanical-engineering'],
    ['machine building', 'mechanical-engineering'],
    ['机械制造', 'mechanical-engineering'],
    ['Medizintechnik', 'medical-technology'],
    ['medical devices', 'medical-technology'],
    ['医疗器械', 'medical-technology'],
    ['Robotik', 'robotics'],
    ['industrial robots', 'robotics'],
    ['工业机器人', 'robotics'],
    ['Wasserstoff', 'hydrogen'],
    ['fuel cells', 'hydrogen'],
    ['氢能', 'hydrogen'],
    ['Haushaltsgeräte', 'home-appliances'],
    ['家电', 'home-appliances'],
    ['Künstliche Intelligenz', 'artificial-intelligence'],
    ['人工智能', 'artificial-intelligence'],
    ['Lithium-Ionen-Batterie', 'batteries'],
    ['锂电池', 'batteries'],
    ['Logistik', 'logistics'],
    ['中欧班列', 'logistics'],
  ])('resolves %s to the cluster %s', (q, cluster) => {
    expect(first(q)).toMatchObject({ kind: 'cluster', code: cluster });
  });

  it('resolves official NACE wording to the NACE code when no cluster is closer', () => {
    const items = resolver.resolve('Herstellung von Karosserien', { kinds: ['nace'] }).items;
    expect(items[0]!.code).toMatch(/^29\.2/);
  });

  it('answers exact codes first', () => {
    expect(first('29.31')).toMatchObject({ kind: 'nace', code: '29.31', level: 'class' });
    expect(first('2931')).toMatchObject({ kind: 'nace', code: '29.31' });
    expect(first('GB/T 36')).toMatchObject({ kind: 'gbt', code: '36' });
    expect(first('new-energy-vehicles')).toMatchObject({ kind: 'cluster', code: 'new-energy-vehicles' });
  });

  it('reads Chinese GB/T names', () => {
    const items = resolver.resolve('汽车制造业', { kinds: ['gbt'] }).items;
    expect(items[0]).toMatchObject({ kind: 'gbt', code: '36' });
  });

  it('tolerates a typo in Latin script but not a wrong Chinese character', () => {
    expect(first('Elektromobilität')?.code).toBe('new-energy-vehicles');
    expect(first('Elektromobilitaät')?.code).toBe('new-energy-vehicles');
    expect(resolver.resolve('氢能').items[0]?.code).toBe('hydrogen');
  });

  it('scores relative to the best hit and returns nothing for gibberish', () => {
    const { items } = resolver.resolve('electric vehicles');
    expect(items[0]!.score).toBe(1);
    for (const item of items) expect(item.score).toBeLessThanOrEqual(1);
    expect(resolver.resolve('qqqxxyzzy').items).toEqual([]);
  });
});
