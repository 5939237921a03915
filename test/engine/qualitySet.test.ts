/**
 * The judged set of the quality benchmark (test/bench/quality/README.md) is kept fixed: its digest is
 * pinned, so an edit must be a deliberate commit; its shape, coverage and feasibility on the dataset are
 * checked here so that `npm run bench:quality` never fails on the set itself.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  coverageGaps,
  digestOf,
  DIGEST_FILE,
  idealDcg10,
  idealGrades,
  loadQualityData,
  queryFeatures,
  readSearchesText,
  searchesSchema,
  staleness,
} from '../bench/quality/judge.ts';

const text = readSearchesText();

describe('the judged set of the quality benchmark', () => {
  it('is the committed one (an edit must update searches.sha256 in a commit of its own)', () => {
    expect(digestOf(text)).toBe(readFileSync(DIGEST_FILE, 'utf8').trim());
  });

  const parsed = searchesSchema.safeParse(JSON.parse(text));
  it('has the documented shape', () => {
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('covers pair kinds, countries, wish types, sizes, cities and the issue’s three cases', () => {
    expect(coverageGaps(parsed.data ?? [])).toEqual([]);
  });

  it('is current and feasible on the dataset: no stale city, every search has ideal DCG > 0', () => {
    const data = loadQualityData();
    const problems: string[] = [];
    for (const s of parsed.data ?? []) {
      problems.push(...staleness(data, s));
      if (!(idealDcg10(idealGrades(data, s, queryFeatures(data, s))) > 0)) problems.push(`${s.id}: no relevant partner in the data`);
    }
    expect(problems).toEqual([]);
  });
});
