/** The search index's snapshot form (state → structured clone → fromState): the same answers, and it stays writable. */
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { SearchIndex, type SearchDoc, type SearchIndexState, type SearchOptions } from '../../engine/search.ts';

const doc = (id: string, name: string, text: string, country = 'DE'): SearchDoc => ({ id: `company:${id}`, kind: 'company', name, country, cityId: null, text, clusters: '' });

const DOCS = [
  doc('a', 'Batteriewerk Sachsen GmbH', 'Lithium-Ionen-Batterien für Elektrofahrzeuge'),
  doc('b', 'Foshan Ceramics Co., Ltd.', '陶瓷 建筑材料 ceramic tiles', 'CN'),
  doc('c', 'Krause Baustoffe GmbH', 'Baustoffe, Schleifmittel und Mineralerzeugnisse'),
  doc('d', 'Shenzhen Battery Technology', '电池 battery packs for energy storage', 'CN'),
  doc('e', 'Medizintechnik Tuttlingen', 'chirurgische Instrumente, medical devices'),
];
const ALL: SearchOptions = { kinds: ['company', 'city'], limit: 10, offset: 0 };
const QUERIES = ['battery', 'batterie', 'Baustoff', '电池', 'medical', 'cerami', 'instrumente tuttlingen'];

describe('search index state', () => {
  it('restores an index that answers as the original did, and takes writes afterwards', () => {
    const original = new SearchIndex();
    for (const d of DOCS) original.upsert(d);
    original.remove('company:c');
    const restored = SearchIndex.fromState(deserialize(serialize(original.state())) as SearchIndexState);
    expect(restored.size).toBe(original.size);
    for (const q of QUERIES) expect(restored.search(q, ALL)).toEqual(original.search(q, ALL));

    for (const index of [original, restored]) {
      index.upsert(doc('f', 'Akku Systeme Ulm', 'battery modules'));
      index.upsert(doc('a', 'Batteriewerk Sachsen GmbH', 'Zellfertigung'));
      index.remove('company:d');
    }
    for (const q of [...QUERIES, 'Zellfertigung', 'akku']) expect(restored.search(q, ALL)).toEqual(original.search(q, ALL));
    expect(restored.search('battery', ALL).items.map((h) => h.id)).toContain('f');
  });

  it('refuses what is not a state', () => {
    expect(() => SearchIndex.fromState({} as SearchIndexState)).toThrow(/not a search index state/);
  });
});
