/**
 * Full-text search over companies and cities in German, English and Chinese: one MiniSearch index with
 * the project's text pipeline (German folding and stems, Chinese words and bigrams). It is built after
 * the server starts, in slices that yield to requests, and follows every write; until it is ready the
 * route answers 503 with Retry-After.
 */
import MiniSearch from 'minisearch';
import type { Logger } from 'pino';
import type { Kysely } from 'kysely';
import type { City, Company, EntityRef } from '../../engine/model.ts';
import type { Taxonomy } from '../../engine/taxonomy.ts';
import { hasHan, processTerm, tokenize } from '../../engine/text.ts';
import { listCities } from '../../data/repositories/cities.ts';
import type { Database } from '../../data/schema.ts';

interface SearchDoc {
  id: string;
  kind: 'company' | 'city';
  name: string;
  country: string;
  cityId: string | null;
  text: string;
  /** Cluster names in three languages: few distinct texts, so their tokens are remembered. */
  clusters: string;
}

const clusterTokens = new Map<string, string[]>();
/** Tokenizes a field; the clusters field repeats across companies and is tokenized once per text. */
function tokenizeField(text: string, field?: string): string[] {
  if (field !== 'clusters') return tokenize(text);
  let tokens = clusterTokens.get(text);
  if (!tokens) {
    tokens = tokenize(text);
    if (clusterTokens.size > 10_000) clusterTokens.clear();
    clusterTokens.set(text, tokens);
  }
  return tokens;
}

export interface SearchHit extends EntityRef {
  score: number;
}

/** Documents per slice: small enough that a request never waits long behind the build. */
const SLICE = 200;

export class SearchService {
  private index = SearchService.empty();
  private building: Promise<void> | undefined;
  /** Writes that arrive while the index is being built, replayed onto it when it is ready. */
  private pending: ((index: MiniSearch<SearchDoc>) => void)[] = [];
  ready = false;

  constructor(
    private readonly taxonomy: Taxonomy,
    private readonly log: Logger,
  ) {}

  private static empty(): MiniSearch<SearchDoc> {
    return new MiniSearch<SearchDoc>({
      fields: ['name', 'text', 'clusters'],
      storeFields: ['kind', 'name', 'country', 'cityId'],
      tokenize: tokenizeField,
      processTerm: (term) => processTerm(term),
      searchOptions: {
        boost: { name: 3 },
        combineWith: 'AND',
        fuzzy: (term) => (hasHan(term) || term.length < 6 ? false : 0.15),
        prefix: (term) => !hasHan(term) && term.length >= 4,
      },
    });
  }

  private clusterNames(ids: string[]): string {
    return ids
      .map((id) => this.taxonomy.cluster(id))
      .filter((c) => !!c)
      .map((c) => `${c.names.de} ${c.names.en} ${c.names.zh}`)
      .join(' ');
  }

  companyDoc(c: Pick<Company, 'id' | 'name' | 'country' | 'cityId' | 'cityName' | 'industryText' | 'description' | 'industries'>): SearchDoc {
    // Companies are found by their own words; their clusters' names in three languages would triple the
    // index (2 GB at 100k companies) and are served by /industries and the `cluster` filters instead.
    return {
      id: `company:${c.id}`,
      kind: 'company',
      name: c.name,
      country: c.country,
      cityId: c.cityId,
      text: [c.industryText ?? '', c.cityName ?? '', c.description.de ?? '', c.description.en ?? '', c.description.zh ?? ''].join(' | '),
      clusters: '',
    };
  }

  cityDoc(c: City): SearchDoc {
    return {
      id: `city:${c.id}`,
      kind: 'city',
      name: [c.name.de, c.name.en, c.name.zh ?? ''].join(' | '),
      country: c.country,
      cityId: c.id,
      text: [c.region ?? '', ...c.profile.nameVariants].join(' | '),
      clusters: this.clusterNames(c.clusters.map((k) => k.id)),
    };
  }

  /** Builds the index in slices; resolves when it is ready. Safe to call once. */
  build(db: Kysely<Database>): Promise<void> {
    this.building ??= (async () => {
      const started = Date.now();
      const fresh = SearchService.empty();
      const cities = await listCities(db, { limit: 100_000, offset: 0 });
      fresh.addAll(cities.items.map((c) => this.cityDoc(c)));
      let count = 0;
      for (let after = ''; ; ) {
        const rows = await db
          .selectFrom('companies')
          .select(['id', 'name', 'country', 'city_id', 'city_name', 'industry_text', 'description'])
          .where('id', '>', after)
          .orderBy('id')
          .limit(SLICE)
          .execute();
        if (!rows.length) break;
        const codes = await db
          .selectFrom('company_industries')
          .select(['company_id', 'nace_code'])
          .where('company_id', 'in', rows.map((r) => r.id))
          .execute();
        const byCompany = new Map<string, string[]>();
        for (const c of codes) byCompany.set(c.company_id, [...(byCompany.get(c.company_id) ?? []), c.nace_code]);
        fresh.addAll(
          rows.map((r) =>
            this.companyDoc({
              id: r.id,
              name: r.name,
              country: r.country,
              cityId: r.city_id,
              cityName: r.city_name,
              industryText: r.industry_text,
              description: JSON.parse(r.description || '{}') as Company['description'],
              industries: [{ scheme: 'NACE', code: '', nace: (byCompany.get(r.id) ?? []).map((code) => ({ code, weight: 1 })) }],
            }),
          ),
        );
        count += rows.length;
        after = rows.at(-1)!.id;
        // Let requests through between slices: the index is built beside the server, not in its way.
        await new Promise((resolve) => setImmediate(resolve));
      }
      for (const write of this.pending) write(fresh);
      this.pending = [];
      this.index = fresh;
      this.ready = true;
      this.log.info({ companies: count, cities: cities.items.length, ms: Date.now() - started }, 'built the search index');
    })();
    return this.building;
  }

  private write(apply: (index: MiniSearch<SearchDoc>) => void): void {
    if (this.building && !this.ready) this.pending.push(apply);
    else apply(this.index);
  }

  upsertCompany(c: Company): void {
    const doc = this.companyDoc(c);
    this.write((index) => (index.has(doc.id) ? index.replace(doc) : index.add(doc)));
  }

  removeCompany(id: string): void {
    this.write((index) => {
      if (index.has(`company:${id}`)) index.discard(`company:${id}`);
    });
  }

  upsertCity(c: City): void {
    const doc = this.cityDoc(c);
    this.write((index) => (index.has(doc.id) ? index.replace(doc) : index.add(doc)));
  }

  search(q: string, options: { kinds: ('company' | 'city')[]; country?: string; limit: number; offset: number }): { items: SearchHit[]; total: number } {
    const hits = this.index.search(q, {
      filter: (r) => options.kinds.includes(r.kind as 'company' | 'city') && (!options.country || r.country === options.country),
    });
    const items = hits.slice(options.offset, options.offset + options.limit).map((h) => ({
      kind: h.kind as 'company' | 'city',
      id: String(h.id).slice(String(h.id).indexOf(':') + 1),
      name: h.name as string,
      country: h.country as string,
      cityId: (h.cityId as string | null) ?? null,
      score: Math.round(h.score * 1000) / 1000,
    }));
    return { items, total: hits.length };
  }
}
