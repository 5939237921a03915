import { describe, expect, it } from 'vitest';
import { loadTaxonomy, loadTaxonomyData } from '../../data/taxonomy.ts';
import { dottedNaceCode, Taxonomy } from '../../engine/taxonomy.ts';

const { taxonomy } = loadTaxonomy();

describe('NACE tree', () => {
  it('holds all four levels of NACE Rev. 2', () => {
    const counts = [1, 2, 3, 4].map((level) => [...taxonomy.allNace()].filter((n) => n.level === level).length);
    expect(counts).toEqual([21, 88, 272, 615]);
  });

  it('has German, English and Chinese labels for every section and division', () => {
    for (const node of taxonomy.allNace()) {
      if (node.level > 2) continue;
      expect(node.labels.de, node.code).toBeTruthy();
      expect(node.labels.en, node.code).toBeTruthy();
      expect(node.labels.zh, node.code).toMatch(/\p{Script=Han}/u);
    }
    expect(taxonomy.nace('29')!.labels.zh).toContain('汽车');
  });

  it('normalises the ways people write codes', () => {
    expect(dottedNaceCode('2931')).toBe('29.31');
    expect(taxonomy.normalizeNace('2931')).toBe('29.31');
    expect(taxonomy.normalizeNace('29,31')).toBe('29.31');
    expect(taxonomy.normalizeNace('C29.31')).toBe('29.31');
    expect(taxonomy.normalizeNace('c')).toBe('C');
    expect(taxonomy.normalizeNace('29.99')).toBeUndefined();
    expect(taxonomy.normalizeNace('banana')).toBeUndefined();
  });

  it('knows paths, parents and sections', () => {
    expect(taxonomy.path('29.31')).toEqual(['C', '29', '29.3', '29.31']);
    expect(taxonomy.nace('62.01')!.section).toBe('J');
    expect(taxonomy.children('29.3').map((c) => c.code)).toEqual(['29.31', '29.32']);
  });

  it('measures Wu–Palmer similarity on the tree', () => {
    expect(taxonomy.wuPalmer('29.31', '29.31')).toBe(1);
    expect(taxonomy.wuPalmer('29.31', '29.32')).toBeCloseTo((2 * 3) / 8);
    expect(taxonomy.wuPalmer('29.31', '29.10')).toBeCloseTo((2 * 2) / 8);
    expect(taxonomy.wuPalmer('29.31', '27.20')).toBeCloseTo((2 * 1) / 8);
    expect(taxonomy.wuPalmer('29.31', '62.01')).toBe(0);
    expect(taxonomy.wuPalmer('29', '29.31')).toBeCloseTo((2 * 2) / 6);
  });
});

describe('GB/T 4754-2017', () => {
  const data = loadTaxonomyData();

  it('has 20 sections and 97 divisions, each mapped to NACE with weights summing to 1', () => {
    expect(data.gbt.sections).toHaveLength(20);
    expect(data.gbt.divisions).toHaveLength(97);
    for (const entry of [...data.gbt.sections, ...data.gbt.divisions]) {
      const sum = entry.nace.reduce((s, t) => s + t.weight, 0);
      expect(sum, entry.code).toBeCloseTo(1, 2);
    }
  });

  it('maps motor vehicles (GB/T 36) to NACE 29', () => {
    expect(taxonomy.gbt('36')!.labels.zh).toBe('汽车制造业');
    expect(taxonomy.toNace('GBT4754', '36')).toEqual([{ code: '29', weight: 1 }]);
    // A finer native code falls back to its division.
    expect(taxonomy.toNace('GBT4754', '3612')).toEqual([{ code: '29', weight: 1 }]);
    expect(taxonomy.normalizeGbt('GB/T 36')).toBe('36');
    expect(taxonomy.toNace('GBT4754', '00')).toEqual([]);
  });
});

describe('cluster vocabulary', () => {
  it('covers the alliance clusters with names in three languages', () => {
    const ids = taxonomy.clusters().map((c) => c.id);
    for (const id of ['intelligent-manufacturing', 'new-energy-vehicles', 'hydrogen', 'medical-technology', 'biomedicine', 'artificial-intelligence', 'robotics', 'chemicals', 'metal-processing', 'food', 'furniture', 'textiles', 'home-appliances', 'logistics']) {
      expect(ids).toContain(id);
    }
    for (const c of taxonomy.clusters()) {
      expect(c.names.zh, c.id).toMatch(/\p{Script=Han}/u);
      expect(c.synonyms.de.length + c.synonyms.en.length + c.synonyms.zh.length, c.id).toBeGreaterThan(5);
    }
  });

  it('finds the clusters of a code, also for a coarser code', () => {
    expect(taxonomy.clustersOf('29.10').map((c) => c.cluster)).toContain('new-energy-vehicles');
    expect(taxonomy.clustersTouching('29')).toEqual(expect.arrayContaining(['automotive', 'new-energy-vehicles']));
    expect(taxonomy.clustersTouching('01.11')).not.toContain('automotive');
  });

  it('refuses data that points at codes that do not exist', () => {
    const data = loadTaxonomyData();
    data.clusters = [{ ...data.clusters[0]!, nace: [{ code: '99.99', weight: 1 }] }];
    expect(() => new Taxonomy(data)).toThrow(/unknown codes.*99\.99/);
  });
});
