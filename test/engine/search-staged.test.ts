/**
 * SearchIndex.upsertAll() stages new documents' terms (engine/search.ts): pinned to MiniSearch's own one
 * document at a time (`staged: false`) by the index's whole state, byte for byte as a snapshot stores it,
 * and by the answers, over random batches of new, repeated and removed documents in three languages.
 */
import { serialize } from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SearchIndex, type SearchDoc, type SearchOptions } from '../../engine/search.ts';

const WORDS = ['Batterie', 'battery', 'Werkzeugbau', 'Schleifmittel', 'Möbel', 'furniture', 'Straße', 'GmbH', 'Co.', 'Ltd.', 'e-Mobilität', 'Foshan', 'Köln', 'medical', 'devices', 'und', 'the', '电池', '新能源汽车', '家具', '有限公司', '位于佛山市的微型企业', '陶瓷', '1200', 'Ｆｕｌｌ'];
const QUERIES = ['battery', 'batterie', 'moebel', 'mobel', 'werkzeug', '电池', '新能源', 'koln', 'medical devices', 'gmbh'];
const ALL: SearchOptions = { kinds: ['company', 'city'], limit: 50, offset: 0 };

const text = fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((words) => words.join(' '));
const doc = fc.record({
  id: fc.integer({ min: 1, max: 40 }).map((n) => `company:c${n}`),
  kind: fc.constant('company' as const),
  name: text,
  country: fc.constantFrom('DE', 'CN'),
  cityId: fc.constant(null),
  text,
  clusters: fc.constantFrom('', 'Elektromobilität electric vehicles 新能源汽车'),
}) satisfies fc.Arbitrary<SearchDoc>;
/** A batch of documents (ids repeat: some replace what is there or was earlier in the batch), or a removal. */
const step = fc.oneof(fc.array(doc, { maxLength: 30 }).map((docs) => ({ docs })), fc.integer({ min: 1, max: 40 }).map((n) => ({ remove: `company:c${n}` })));

function apply(index: SearchIndex, steps: ({ docs: SearchDoc[] } | { remove: string })[]): SearchIndex {
  for (const s of steps) {
    if ('docs' in s) index.upsertAll(s.docs);
    else index.remove(s.remove);
  }
  return index;
}

describe('staged adding', () => {
  it('makes the state and the answers of adding one document at a time', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 6 }), (steps) => {
        const staged = apply(new SearchIndex(), steps);
        const reference = apply(new SearchIndex(undefined, { staged: false }), steps);
        expect(serialize(staged.state()).equals(serialize(reference.state()))).toBe(true);
        for (const q of QUERIES) expect(staged.search(q, ALL)).toEqual(reference.search(q, ALL));
      }),
      { numRuns: 150 },
    );
  });

  it('leaves the index usable after a document it cannot add', () => {
    const index = new SearchIndex();
    const bad = { kind: 'company', name: 'x' } as unknown as SearchDoc;
    expect(() => index.upsertAll([{ id: 'company:a', kind: 'company', name: 'Batteriewerk', country: 'DE', cityId: null, text: 'battery', clusters: '' }, bad])).toThrow();
    index.upsert({ id: 'company:b', kind: 'company', name: 'Akkuwerk', country: 'DE', cityId: null, text: 'battery', clusters: '' });
    expect(index.search('battery', ALL).items.map((h) => h.id)).toEqual(['a', 'b']);
  });
});
