/** Chinese labels for NACE classes: derived from GB/T 4754 where it corresponds one-to-one, else from the group, marked. */
import { describe, expect, it } from 'vitest';
import { loadTaxonomy, loadTaxonomyData } from '../../data/taxonomy.ts';
import { Taxonomy, type TaxonomyData } from '../../engine/taxonomy.ts';

const { taxonomy } = loadTaxonomy();

/** The shipped NACE tree with a hand-made GB/T mapping, to pin each rule on its own. */
function withGbt(divisions: TaxonomyData['gbt']['divisions']): Taxonomy {
  const data = loadTaxonomyData();
  return new Taxonomy({ ...data, gbt: { sections: [], divisions }, clusters: [] });
}

describe('Chinese labels of NACE classes', () => {
  it('labels every code in Chinese and says where each label comes from', () => {
    const sources: Record<string, number> = {};
    for (const node of taxonomy.allNace()) {
      const shown = taxonomy.labelsOf(node.code)!;
      expect(shown.zh, node.code).toMatch(/\p{Script=Han}/u);
      expect(shown.de).toBe(node.labels.de);
      if (node.level < 4) expect(shown.zhSource, node.code).toBe('curated');
      sources[shown.zhSource!] = (sources[shown.zhSource!] ?? 0) + 1;
    }
    // The shipped data: 381 curated codes (sections to groups); of 615 classes 6 from GB/T, 132 sole classes of their group.
    expect(sources).toEqual({ curated: 381, gbt4754: 6, group: 132, 'group-approx': 477 });
  });

  it('takes a GB/T division that maps wholly and alone to the class (through a group and division holding only it)', () => {
    // GB/T 16 (tobacco) maps to NACE 12 with weight 1; 12 holds one group, 12.0, which holds one class, 12.00.
    expect(taxonomy.labelsOf('12.00')).toMatchObject({ zh: '烟草制品业', zhSource: 'gbt4754' });
    // GB/T 28 → NACE group 20.6 (one class).
    expect(taxonomy.labelsOf('20.60')).toMatchObject({ zh: '化学纤维制造业', zhSource: 'gbt4754' });
  });

  it('does not take a GB/T division that maps to several codes, or one that shares its target', () => {
    const split = withGbt([{ code: '16', section: 'C', zh: '烟草制品业', en: 'Tobacco', nace: [{ code: '12', weight: 0.9 }, { code: '11', weight: 0.1 }] }]);
    expect(split.labelsOf('12.00')).toMatchObject({ zh: '烟草制品制造', zhSource: 'group' });
    const shared = withGbt([
      { code: '16', section: 'C', zh: '烟草制品业', en: 'Tobacco', nace: [{ code: '12', weight: 1 }] },
      { code: '99', section: 'C', zh: '别的', en: 'Other', nace: [{ code: '12', weight: 1 }] },
    ]);
    expect(shared.labelsOf('12.00')!.zhSource).toBe('group');
  });

  it("gives a class of a group with several classes the group's label, marked approximate", () => {
    expect(taxonomy.labelsOf('29.31')).toMatchObject({ zh: taxonomy.nace('29.3')!.labels.zh, zhSource: 'group-approx' });
    // A GB/T division mapping to a group with several classes is no one-to-one correspondence for any of them.
    const toGroup = withGbt([{ code: '36', section: 'C', zh: '汽车零部件', en: 'Parts', nace: [{ code: '29.3', weight: 1 }] }]);
    expect(toGroup.labelsOf('29.32')!.zhSource).toBe('group-approx');
  });

  it("gives the sole class of a group the group's label (same activities)", () => {
    expect(taxonomy.labelsOf('29.10')).toMatchObject({ zh: taxonomy.nace('29.1')!.labels.zh, zhSource: 'group' });
  });

  it("names classes in Chinese in running text, an approximate label marked as the group's", () => {
    expect(taxonomy.label('12.00', 'zh')).toBe('烟草制品业');
    expect(taxonomy.label('29.31', 'zh')).toBe(`${taxonomy.nace('29.3')!.labels.zh}（所属组）`);
    expect(taxonomy.label('29.31', 'en')).toBe(taxonomy.nace('29.31')!.labels.en);
  });
});
