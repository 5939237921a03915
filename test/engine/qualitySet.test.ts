/**
 * The judged set of the quality benchmark (test/bench/quality/README.md) is kept fixed: its digest is
 * pinned, so an edit must be a deliberate commit; its shape, coverage and feasibility on the dataset are
 * checked here so that `npm run bench:quality` never fails on the set itself. The protocol's grading
 * and staleness checks are pinned too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  coverageGaps,
  digestOf,
  DIGEST_FILE,
  gradeOf,
  idealDcg10,
  idealGrades,
  loadQualityData,
  precision10,
  principalCodes,
  queryFeatures,
  readSearchesText,
  searchesSchema,
  staleness,
  type JudgedEntity,
  type Search,
} from '../bench/quality/judge.ts';

const text = readSearchesText();
const parsed = searchesSchema.safeParse(JSON.parse(text));
const searches = parsed.data ?? [];
const data = loadQualityData();

describe('the judged set of the quality benchmark', () => {
  it('is the committed one (an edit must update searches.sha256 in a commit of its own)', () => {
    expect(digestOf(text)).toBe(readFileSync(DIGEST_FILE, 'utf8').trim());
  });

  it('has the documented shape', () => {
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('covers pair kinds, countries, wish types, sizes, cities and the issue’s three cases', () => {
    expect(coverageGaps(searches)).toEqual([]);
  });

  it('is current and feasible on the dataset: no stale city, every search has ideal DCG > 0', () => {
    const problems: string[] = [];
    for (const s of searches) {
      problems.push(...staleness(data, s));
      if (!(idealDcg10(idealGrades(data, s, queryFeatures(data, s))) > 0)) problems.push(`${s.id}: no relevant partner in the data`);
    }
    expect(problems).toEqual([]);
  });
});

describe('the protocol', () => {
  const firm = (over: Partial<JudgedEntity>): JudgedEntity => ({
    key: 'company:x',
    kind: 'company',
    id: 'x',
    name: 'x',
    country: 'DE',
    nace: [],
    offers: new Set(),
    requests: new Set(),
    size: 'small',
    clusters: [],
    ...over,
  });
  const furniture = searches.find((s) => s.id === 'cn-furniture-maker-seeks-german-distribution')!;

  it('grades by the first rule that holds, from codes at or below the rule’s, the country and the wishes', () => {
    expect(gradeOf(data.taxonomy, furniture, firm({ nace: ['46.47'] })).grade).toBe(3);
    expect(gradeOf(data.taxonomy, furniture, firm({ nace: ['46.47'], country: 'US' })).grade).toBe(0);
    expect(gradeOf(data.taxonomy, furniture, firm({ nace: ['46.90'], offers: new Set(['distribution']) })).grade).toBe(2);
    expect(gradeOf(data.taxonomy, furniture, firm({ nace: ['46.90'] })).grade).toBe(1);
    // The issue's case: a metal fabricator that merely offers distribution is no answer.
    expect(gradeOf(data.taxonomy, furniture, firm({ nace: ['25.11'], offers: new Set(['distribution']) })).grade).toBe(0);
    // A division-level code is not below a class: a generic wholesaler is not a furniture wholesaler.
    expect(gradeOf(data.taxonomy, furniture, firm({ nace: ['46'] })).grade).toBe(0);
  });

  it('counts a GB/T industry as its principal NACE codes', () => {
    expect(principalCodes({ nace: [{ code: '28', weight: 0.88 }, { code: '25', weight: 0.07 }, { code: '26', weight: 0.05 }] })).toEqual(['28']);
    expect(principalCodes({ nace: [{ code: '46.47', weight: 1 }] })).toEqual(['46.47']);
  });

  it('takes precision@10 over ten places, with 0 when nothing relevant is listed', () => {
    expect(precision10([3, 2, 1, 0])).toBe(0.2);
    expect(precision10([1, 0])).toBe(0);
  });

  it('finds a city search stale when the city’s clusters or wishes changed since it was judged', () => {
    const citySearch = searches.find((s) => 'city' in s.query)! as Search & { query: { city: string; asJudged: { clusters: string[]; wishes: unknown[] } } };
    expect(staleness(data, citySearch)).toEqual([]);
    const moved = { ...citySearch, query: { ...citySearch.query, asJudged: { ...citySearch.query.asJudged, clusters: [...citySearch.query.asJudged.clusters, 'tourism'] } } };
    expect(staleness(data, moved as Search)).toEqual([expect.stringContaining('clusters are now')]);
    const noWishes = { ...citySearch, query: { ...citySearch.query, asJudged: { ...citySearch.query.asJudged, wishes: [] } } };
    expect(staleness(data, noWishes as Search)).toEqual([expect.stringContaining('wishes are now')]);
  });

  it('names what a set fails to cover', () => {
    const onlyCompanies = searches.filter((s) => s.pairKind === 'company-company');
    expect(coverageGaps(onlyCompanies)).toEqual(expect.arrayContaining(['no city-city search', 'no search requests settlement']));
  });
});
