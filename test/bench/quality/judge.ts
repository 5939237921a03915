/**
 * The quality benchmark's judged set and protocol (test/bench/quality/README.md): the searches' shape,
 * the dataset `npm start` serves indexed by the server's own matcher, grading by attributes of the raw
 * entity, eligibility as the product has it, and the figures (DCG, NDCG and precision at 10).
 * Shared by the bench (test/bench/quality.ts) and the unit test that keeps the set fixed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { z } from 'zod';
import { SIZE_CLASSES, WISH_DIRECTIONS, WISH_TYPES, type SizeClass, type WishType } from '../../../engine/cooperation.ts';
import type { City, Company } from '../../../engine/model.ts';
import type { MatchFeatures } from '../../../engine/matching/features.ts';
import type { Taxonomy } from '../../../engine/taxonomy.ts';
import { dcgAt, idealDcgAt, precisionAt } from '../../../engine/tuning/metrics.ts';
import { generateDemoCompanies } from '../../../data/seed/demo.ts';
import { loadAllianceData } from '../../../data/seed/isaFacts.ts';
import { loadTaxonomy } from '../../../data/taxonomy.ts';
import { MatchService } from '../../../server/services/matching.ts';

export const SEARCHES_FILE = new URL('./searches.json', import.meta.url);
export const DIGEST_FILE = new URL('./searches.sha256', import.meta.url);

/** The day the dataset is built for: fixed, so that city standings (and so eligibility) do not drift with the calendar. */
export const DATASET_DAY = '2026-12-06T00:00:00.000Z';
export const DEMO_COUNT = 2000;
export const CUTOFF = 10;

// ---------- the judged set's shape ----------

const wishType = z.enum(WISH_TYPES);
const naceCode = z.string().regex(/^\d{2}(\.\d{1,2})?$/, 'a NACE division, group or class such as "46" or "46.47"');

const rule = z
  .object({
    grade: z.union([z.literal(3), z.literal(2), z.literal(1)]),
    why: z.string().min(3),
    kind: z.enum(['company', 'city']).optional(),
    country: z.union([z.string().length(2), z.array(z.string().length(2)).min(1)]).optional(),
    nace: z.array(naceCode).min(1).optional(),
    notNace: z.array(naceCode).min(1).optional(),
    clusters: z.array(z.string()).min(1).optional(),
    offers: z.array(wishType).min(1).optional(),
    requests: z.array(wishType).min(1).optional(),
    sizes: z.array(z.enum(SIZE_CLASSES)).min(1).optional(),
  })
  .strict();
export type Rule = z.infer<typeof rule>;

const queryWish = z
  .object({
    direction: z.enum(WISH_DIRECTIONS),
    type: wishType,
    clusters: z.array(z.string()).optional(),
    targetCountry: z.string().length(2).optional(),
  })
  .strict();

const cityWish = z.object({ direction: z.enum(WISH_DIRECTIONS), type: wishType, clusters: z.array(z.string()) }).strict();

const companyQuery = z
  .object({
    company: z
      .object({
        country: z.enum(['CN', 'DE']),
        cityId: z.string().optional(),
        employees: z.number().int().positive(),
        industries: z.array(naceCode).min(1),
        wishes: z.array(queryWish).min(1),
      })
      .strict(),
  })
  .strict();

const cityQuery = z
  .object({
    city: z.string(),
    asJudged: z.object({ clusters: z.array(z.string()), wishes: z.array(cityWish) }).strict(),
  })
  .strict();

export const PAIR_KINDS = ['company-company', 'company-city', 'city-company', 'city-city'] as const;
export type PairKind = (typeof PAIR_KINDS)[number];

const search = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a descriptive slug'),
    about: z.string().min(10),
    pairKind: z.enum(PAIR_KINDS),
    query: z.union([companyQuery, cityQuery]),
    target: z.enum(['companies', 'cities']),
    countries: z.enum(['cross', 'same', 'any']).optional(),
    grades: z.array(rule).min(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    const [from, to] = s.pairKind.split('-') as ['company' | 'city', 'company' | 'city'];
    if (('company' in s.query ? 'company' : 'city') !== from) ctx.addIssue({ code: 'custom', message: `${s.id}: the query is no ${from}`, path: ['query'] });
    if ((s.target === 'companies' ? 'company' : 'city') !== to) ctx.addIssue({ code: 'custom', message: `${s.id}: target ${s.target} does not fit ${s.pairKind}`, path: ['target'] });
    s.grades.forEach((r, i) => {
      // Company clusters would have to be derived as the engine derives them; companies are judged by their codes.
      if (to === 'company' && r.clusters) ctx.addIssue({ code: 'custom', message: `${s.id}: judge companies by nace, not clusters`, path: ['grades', i, 'clusters'] });
      if (to === 'city' && (r.nace || r.notNace || r.sizes)) ctx.addIssue({ code: 'custom', message: `${s.id}: cities are judged by clusters and wishes`, path: ['grades', i] });
    });
  });
export type Search = z.infer<typeof search>;

export const searchesSchema = z
  .array(search)
  .min(40)
  .superRefine((all, ctx) => {
    const seen = new Set<string>();
    for (const s of all) {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', message: `duplicate search id ${s.id}` });
      seen.add(s.id);
    }
  });

export function readSearchesText(): string {
  return readFileSync(SEARCHES_FILE, 'utf8');
}

export function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function readSearches(): Search[] {
  return searchesSchema.parse(JSON.parse(readSearchesText()));
}

// ---------- the dataset ----------

/** What grading reads of an entity: its raw attributes, never engine features or scores. */
export interface JudgedEntity {
  key: string;
  kind: 'company' | 'city';
  id: string;
  name: string;
  country: string;
  /** Companies: each industry's principal NACE codes (see principalCodes). Cities: none. */
  nace: string[];
  offers: Set<WishType>;
  requests: Set<WishType>;
  size: SizeClass | null;
  /** Cities: their clusters. Companies: none (judged by code). */
  clusters: string[];
}

export interface QualityData {
  taxonomy: Taxonomy;
  matching: MatchService;
  cities: City[];
  companies: Company[];
  entities: Map<string, JudgedEntity>;
}

/**
 * An industry's principal NACE codes: those of the highest weight in its NACE correspondence. A NACE
 * code is its own; a GB/T 4754 division counts as what it mainly is (GB/T 34, general machinery, maps
 * to 28 at 0.88, 25 at 0.07 and 26 at 0.05: it counts as 28, not as an electronics firm).
 */
export function principalCodes(industry: { nace: { code: string; weight: number }[] }): string[] {
  const top = Math.max(...industry.nace.map((n) => n.weight));
  return industry.nace.filter((n) => n.weight === top).map((n) => n.code);
}

/** What grading reads of a company or a city. */
function judged(entity: { kind: 'company'; of: Company } | { kind: 'city'; of: City }): JudgedEntity {
  const c = entity.of;
  const wishTypes = (direction: string) => new Set(c.wishes.filter((w) => w.direction === direction).map((w) => w.type));
  const company = entity.kind === 'company' ? entity.of : null;
  const city = entity.kind === 'city' ? entity.of : null;
  return {
    key: `${entity.kind}:${c.id}`,
    kind: entity.kind,
    id: c.id,
    name: typeof c.name === 'string' ? c.name : c.name.en,
    country: c.country,
    nace: company ? [...new Set(company.industries.flatMap(principalCodes))] : [],
    offers: wishTypes('offer'),
    requests: wishTypes('request'),
    size: company ? ((company.size.sizeClass as SizeClass | null) ?? null) : null,
    clusters: city ? city.clusters.map((k) => k.id) : [],
  };
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The cities as the seeding reads them back from the database before it makes the demo companies
 * (data/repositories/cities.ts listCities: by country descending, English name, id; each city's
 * clusters by id). The demo generator draws host cities and clusters in list order, so the file's
 * order would give other companies than `npm start` serves.
 */
export function asListed(cities: City[]): City[] {
  return [...cities]
    .sort((a, b) => byCode(b.country, a.country) || byCode(a.name.en, b.name.en) || byCode(a.id, b.id))
    .map((c) => ({ ...c, clusters: [...c.clusters].sort((x, y) => byCode(x.id, y.id)) }));
}

/** Exactly what `npm start` serves (alliance data and 2,000 demo companies, default seed), indexed by the server's matcher. */
export function loadQualityData(): QualityData {
  const { taxonomy } = loadTaxonomy();
  const alliance = loadAllianceData(taxonomy, DATASET_DAY);
  const demo = generateDemoCompanies(asListed(alliance.cities), taxonomy, { count: DEMO_COUNT, now: DATASET_DAY });
  const companies = [...alliance.companies, ...demo];
  const matching = new MatchService(taxonomy, pino({ level: 'silent' }));
  for (const c of companies) matching.upsertCompany(c);
  for (const c of alliance.cities) matching.upsertCity(c);
  const entities = new Map<string, JudgedEntity>();
  for (const c of companies) entities.set(`company:${c.id}`, judged({ kind: 'company', of: c }));
  for (const c of alliance.cities) entities.set(`city:${c.id}`, judged({ kind: 'city', of: c }));
  return { taxonomy, matching, cities: alliance.cities, companies, entities };
}

// ---------- queries ----------

const wishKey = (w: { direction: string; type: string; clusters: string[] }) => `${w.direction}:${w.type}:${[...w.clusters].sort().join(',')}`;

/** The query as the product sees it: an unsaved profile (as the preview builds it) or a stored city. */
export function queryFeatures(data: QualityData, s: Search): MatchFeatures {
  if ('company' in s.query) {
    const q = s.query.company;
    const f = data.matching.companyFeatures({
      id: 'preview',
      name: 'preview',
      country: q.country,
      cityId: q.cityId ?? null,
      groupId: null,
      size: { sizeClass: sizeOf(q.employees) },
      industries: q.industries.map((code) => ({ nace: data.taxonomy.toNace('NACE', code) })),
      wishes: q.wishes.map((w) => ({ direction: w.direction, type: w.type, clusters: w.clusters ?? [], targetCountry: w.targetCountry ?? null })),
    });
    return { ...f, key: 'preview:' };
  }
  const f = data.matching.featuresOf(`city:${s.query.city}`);
  if (!f) throw new Error(`${s.id}: city ${s.query.city} is not in the matching index`);
  return f;
}

function sizeOf(employees: number): SizeClass {
  return employees < 10 ? 'micro' : employees < 50 ? 'small' : employees < 250 ? 'medium' : 'large';
}

/** Problems that make a search's judgment stale or impossible: unknown codes, clusters or cities, a city changed since it was judged. */
export function staleness(data: QualityData, s: Search): string[] {
  const problems: string[] = [];
  const clusterKnown = (c: string) => !!data.taxonomy.cluster(c);
  for (const r of s.grades) {
    for (const code of [...(r.nace ?? []), ...(r.notNace ?? [])]) if (!data.taxonomy.nace(code)) problems.push(`${s.id}: unknown NACE code ${code}`);
    for (const c of r.clusters ?? []) if (!clusterKnown(c)) problems.push(`${s.id}: unknown cluster ${c}`);
  }
  if ('company' in s.query) {
    const q = s.query.company;
    for (const code of q.industries) if (!data.taxonomy.nace(code)) problems.push(`${s.id}: unknown NACE code ${code}`);
    for (const w of q.wishes) for (const c of w.clusters ?? []) if (!clusterKnown(c)) problems.push(`${s.id}: unknown cluster ${c}`);
    if (q.cityId && !data.cities.some((c) => c.id === q.cityId)) problems.push(`${s.id}: unknown city ${q.cityId}`);
  } else {
    const city = data.cities.find((c) => c.id === (s.query as { city: string }).city);
    if (!city) return [...problems, `${s.id}: unknown city ${s.query.city}`];
    const judged = s.query.asJudged;
    const clusters = city.clusters.map((c) => c.id);
    if ([...clusters].sort().join() !== [...judged.clusters].sort().join()) {
      problems.push(`${s.id}: ${city.id}'s clusters are now [${clusters.join(', ')}], judged as [${judged.clusters.join(', ')}]`);
    }
    const now = city.wishes.map(wishKey).sort().join(' ');
    if (now !== judged.wishes.map(wishKey).sort().join(' ')) problems.push(`${s.id}: ${city.id}'s wishes are now ${now}, judged as ${judged.wishes.map(wishKey).sort().join(' ')}`);
  }
  return problems;
}

// ---------- grading ----------

function holds(taxonomy: Taxonomy, r: Rule, e: JudgedEntity): boolean {
  if (r.kind && e.kind !== r.kind) return false;
  if (r.country && !(Array.isArray(r.country) ? r.country : [r.country]).includes(e.country)) return false;
  const within = (codes: string[]) => e.nace.some((own) => codes.some((c) => taxonomy.isWithin(own, c)));
  if (r.nace && !within(r.nace)) return false;
  if (r.notNace && within(r.notNace)) return false;
  if (r.clusters && !e.clusters.some((c) => r.clusters!.includes(c))) return false;
  if (r.offers && !r.offers.some((t) => e.offers.has(t))) return false;
  if (r.requests && !r.requests.some((t) => e.requests.has(t))) return false;
  if (r.sizes && !(e.size && r.sizes.includes(e.size))) return false;
  return true;
}

/** The grade of the first rule that holds for the entity; 0 when none does. */
export function gradeOf(taxonomy: Taxonomy, s: Search, e: JudgedEntity): { grade: number; why: string | null } {
  for (const r of s.grades) if (holds(taxonomy, r, e)) return { grade: r.grade, why: r.why };
  return { grade: 0, why: null };
}

/** The entities the product could return for the search: the target kind in the index, the country rule, not the query itself. */
export function eligible(data: QualityData, s: Search, query: MatchFeatures): JudgedEntity[] {
  const kind = s.target === 'companies' ? 'company' : 'city';
  const rule = s.countries ?? 'cross';
  const out: JudgedEntity[] = [];
  for (const e of data.entities.values()) {
    if (e.kind !== kind || e.key === query.key) continue;
    if (!data.matching.featuresOf(e.key)) continue; // not matchable (a city that is no member, observer or network town)
    if (rule === 'cross' && e.country === query.country) continue;
    if (rule === 'same' && e.country !== query.country) continue;
    out.push(e);
  }
  return out;
}

// ---------- figures ----------
// DCG with gain 2^g − 1 and discount 1 / log2(rank + 1), as the tuning's metrics compute it.

/** The grades of all eligible entities, best first: what an ideal ranking would list. */
export function idealGrades(data: QualityData, s: Search, query: MatchFeatures): number[] {
  return eligible(data, s, query)
    .map((e) => gradeOf(data.taxonomy, s, e).grade)
    .sort((a, b) => b - a);
}

export const dcg10 = (grades: number[]): number => dcgAt(grades, CUTOFF);
export const idealDcg10 = (grades: number[]): number => idealDcgAt(grades, CUTOFF);
/** Items with grade ≥ 2 among the first ten, over ten (0, not "no value", when there are none). */
export const precision10 = (grades: number[]): number => precisionAt(grades, CUTOFF, 2) ?? 0;

// ---------- coverage ----------

/** What the judged set must cover (the issue's list); returns what is missing. */
export function coverageGaps(searches: Search[]): string[] {
  const gaps: string[] = [];
  for (const kind of PAIR_KINDS) if (!searches.some((s) => s.pairKind === kind)) gaps.push(`no ${kind} search`);
  const countries = new Set<string>();
  for (const s of searches) {
    if ('company' in s.query) countries.add(s.query.company.country);
    else countries.add(s.query.city.slice(0, 2).toUpperCase());
  }
  for (const c of ['CN', 'DE']) if (!countries.has(c)) gaps.push(`no query from ${c}`);
  const companyWishes = searches.flatMap((s) => ('company' in s.query ? s.query.company.wishes : []));
  for (const t of WISH_TYPES) {
    if (!companyWishes.some((w) => w.direction === 'request' && w.type === t) && !searches.some((s) => 'city' in s.query && s.query.asJudged.wishes.some((w) => w.direction === 'request' && w.type === t))) {
      gaps.push(`no search requests ${t}`);
    }
  }
  if (!companyWishes.some((w) => w.direction === 'offer')) gaps.push('no search offers anything');
  const sizes = new Set(searches.flatMap((s) => ('company' in s.query ? [sizeOf(s.query.company.employees)] : [])));
  if (!sizes.has('micro') && !sizes.has('small')) gaps.push('no small or micro firm');
  if (!sizes.has('large')) gaps.push('no large firm');
  const cities = new Set(searches.flatMap((s) => ('city' in s.query ? [s.query.city] : [])));
  if (cities.size < 4) gaps.push(`only ${cities.size} cities as queries (at least 4)`);
  if (![...cities].some((c) => c.startsWith('cn-')) || ![...cities].some((c) => c.startsWith('de-'))) gaps.push('cities from only one country');
  for (const required of ['cn-furniture-maker-seeks-german-distribution', 'cn-synthetic-diamond-supplier-offers-supply', 'de-medtech-seeks-chinese-distribution']) {
    if (!searches.some((s) => s.id === required)) gaps.push(`the issue's case ${required} is missing`);
  }
  return gaps;
}
