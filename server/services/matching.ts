/**
 * The matcher as the server runs it: one index of every company and member city, built at start from
 * lean table scans and kept in step with every write, so a new or changed company is matchable at once.
 */
import type { Logger } from 'pino';
import type { Kysely } from 'kysely';
import { AppError } from '../../engine/errors.ts';
import type { City, Company, EntityRef } from '../../engine/model.ts';
import type { Lang, Taxonomy } from '../../engine/taxonomy.ts';
import { ClusterSpace, cityFeatures, companyFeatures, type CompanyMatchSource, type MatchFeatures } from '../../engine/matching/features.ts';
import { MatchIndex, type IndexQueryOptions, type IndexState } from '../../engine/matching/index.ts';
import { pairScore, type ComponentScore, type ScoringProfile } from '../../engine/matching/score.ts';
import { explainPair, type Reason } from '../../engine/matching/explain.ts';
import { excluded, type CountryRule } from '../../engine/matching/rank.ts';
import { listCities } from '../../data/repositories/cities.ts';
import { listAllDismissals } from '../../data/repositories/dismissals.ts';
import { loadCompanyMatchSources } from '../../data/repositories/matching.ts';
import type { Database } from '../../data/schema.ts';
import { indexCompanyRows, MatchSourceSnapshots, rowsOf, type CompanyRows, type MatchSources } from '../../data/snapshots/match.ts';

/** Cities that take part in matching: the alliance's members and observers, and the towns of member networks. */
const MATCHABLE_STATUSES = new Set(['member', 'observer', 'network']);

export interface MatchItem extends EntityRef {
  /** The candidate's city in the requested language (a company's city; null when it is not in the directory). */
  cityName: string | null;
  rank: number;
  score: number;
  components: ComponentScore[];
  reasons: Reason[];
}

export interface MatchRequest {
  target: 'companies' | 'cities';
  limit: number;
  offset: number;
  countries: CountryRule;
  lang: Lang;
  accept?: (candidate: MatchFeatures) => boolean;
  /** Candidate keys left out, by reason: marked "not interested", met at an event, a declined request. */
  exclusions?: Partial<Record<ExclusionReason, ReadonlySet<string>>>;
}

export type ExclusionReason = 'dismissed' | 'met' | 'declined';

/** Match lists kept per (subject, options, profile); any write to the index makes them all stale. */
const RESULT_CACHE_SIZE = 5000;
/** A snapshot is written this long after the build, so that writing it does not hold up the first answers. */
const SNAPSHOT_DELAY_MS = 1000;
/** A restored index is checked against the features of every this-many-th company (matchIndex/snapshot.ts). */
const RESTORE_SAMPLE_EVERY = 100;
/** Features made per turn of the event loop when filling in after a restore (some milliseconds). */
const FILL_SLICE = 2000;

/**
 * Features by key. After a restored start, a company's are made from its row when first asked for (a
 * list's candidates, a filter's) and the rest a slice at a time in the background; until then the rows
 * are kept. A write replaces or removes a company's features whether they were made or not.
 */
class FeatureTable {
  private readonly made = new Map<string, MatchFeatures>();
  /** Company ids (not keys: no string made per company) whose features are still to be made, and their row numbers. */
  private readonly deferred = new Map<string, number>();
  private rows: CompanyRows | undefined;

  constructor(private readonly make: (row: CompanyMatchSource) => MatchFeatures) {}

  /** The companies of `rows` have features, to be made when needed. */
  defer(rows: CompanyRows): void {
    this.rows = rows;
    for (let n = 0; n < rows.size; n++) this.deferred.set(rows.idAt(n), n);
  }

  get(key: string): MatchFeatures | undefined {
    const made = this.made.get(key);
    if (made || !this.deferred.size || !key.startsWith(COMPANY_PREFIX)) return made;
    const n = this.deferred.get(key.slice(COMPANY_PREFIX.length));
    return n === undefined ? undefined : this.makeNow(n);
  }

  set(key: string, features: MatchFeatures): void {
    this.forget(key);
    this.made.set(key, features);
  }

  delete(key: string): void {
    this.forget(key);
    this.made.delete(key);
  }

  /** Makes the deferred features a slice per turn of the event loop, then lets the rows go. */
  fillInBackground(): void {
    let left = FILL_SLICE;
    for (const n of this.deferred.values()) {
      if (left-- === 0) {
        // A timer, not setImmediate: an unref'd immediate does not wake an idle event loop, a due timer does.
        setTimeout(() => this.fillInBackground(), 0).unref();
        return;
      }
      this.makeNow(n);
    }
  }

  private forget(key: string): void {
    if (this.deferred.size && key.startsWith(COMPANY_PREFIX) && this.deferred.delete(key.slice(COMPANY_PREFIX.length)) && !this.deferred.size) this.rows = undefined;
  }

  private makeNow(n: number): MatchFeatures {
    const features = this.make(this.rows!.at(n));
    this.set(features.key, features);
    return features;
  }
}

const COMPANY_PREFIX = 'company:';

export class MatchService {
  readonly space: ClusterSpace;
  /** Replaced only by build(), when it restores the index from a snapshot. */
  private index: MatchIndex;
  private readonly features = new FeatureTable((row) => companyFeatures(this.space, row));
  /** Every city's names, matchable or not, so that lists name cities in the reader's language. */
  private readonly cityNames = new Map<string, City['name']>();
  /** Bumped by every write to the index: a cached list from an older version is never served. */
  private version = 0;
  private readonly results = new Map<string, { version: number; body: Buffer }>();
  /** "Not interested" marks by subject key, kept in step with the table like the index itself. */
  private readonly dismissed = new Map<string, Set<string>>();
  /** MATCH_CACHE=0 turns the result cache off (for measuring the engine alone). */
  cacheEnabled = process.env.MATCH_CACHE !== '0';

  private readonly snapshots: MatchSourceSnapshots | undefined;
  /** Settles when the snapshot a build decided to write is written (or could not be). */
  snapshotSaved: Promise<void> = Promise.resolve();

  /** With a snapshot directory, the companies' rows are kept there between starts (data/snapshots/match.ts). */
  constructor(
    private readonly taxonomy: Taxonomy,
    private readonly log: Logger,
    options: { snapshotDir?: string | undefined } = {},
  ) {
    this.space = new ClusterSpace(taxonomy);
    this.index = new MatchIndex(this.space);
    this.snapshots = options.snapshotDir ? new MatchSourceSnapshots(options.snapshotDir) : undefined;
  }

  get size(): number {
    return this.index.size;
  }

  async build(db: Kysely<Database>): Promise<void> {
    const started = Date.now();
    const sources: MatchSources = this.snapshots
      ? await this.snapshots.read(db, (err, file) => this.log.warn({ err, file }, 'could not read a match snapshot; building without it'))
      : { companies: rowsOf(await loadCompanyMatchSources(db)), fromSnapshot: false };
    const loaded = Date.now();
    const rows = sources.companies;
    const restored = sources.index !== undefined && this.restoreIndex(sources.index, rows);
    if (!restored) this.upsertCompanies(rows);
    // The companies alone, as they are now: cities are not of the companies' version, and writes may follow.
    const state = !restored && sources.saveIndex ? this.exportIndex() : undefined;
    const cities = await listCities(db, { limit: 100_000, offset: 0 });
    for (const c of cities.items) this.upsertCity(c);
    for (const d of await listAllDismissals(db)) this.dismiss(`${d.subject.kind}:${d.subject.id}`, `${d.partner.kind}:${d.partner.id}`);
    const ms = Date.now() - started;
    const { fromSnapshot, save, saveIndex } = sources;
    this.log.info({ companies: rows.size, cities: cities.items.length, snapshot: fromSnapshot, indexSnapshot: restored, ms, loadMs: loaded - started, indexMs: ms - (loaded - started) }, 'built the matching index');
    const saves = [save && (() => save()), state && saveIndex && (() => saveIndex(state))].filter((s) => s !== undefined);
    if (saves.length) {
      this.snapshotSaved = new Promise((resolve) => setTimeout(resolve, SNAPSHOT_DELAY_MS)).then(async () => {
        for (const write of saves) {
          await write().then(
            (file) => this.log.info({ file }, 'saved the match snapshot'),
            (err: unknown) => this.log.warn({ err }, 'could not save the match snapshot'),
          );
        }
      });
    }
    // After a restore, the features no request has asked for yet are made a slice at a time beside the serving.
    if (restored) setTimeout(() => this.features.fillInBackground(), SNAPSHOT_DELAY_MS).unref();
  }

  /** A copy of the index's state to save; undefined (and said in the log) when the index cannot give one. */
  private exportIndex(): IndexState | undefined {
    try {
      return this.index.exportState();
    } catch (err) {
      this.log.warn({ err }, 'could not export the match index for a snapshot');
      return undefined;
    }
  }

  /**
   * The index of the companies of `rows` from a saved state, their features left to be made when first
   * asked for (a sample is made now and checked against the state). False, and nothing changed, when the
   * state is not of these rows.
   */
  private restoreIndex(state: IndexState, rows: CompanyRows): boolean {
    try {
      const sample: MatchFeatures[] = [];
      for (let n = 0; n < rows.size; n += RESTORE_SAMPLE_EVERY) sample.push(this.companyFeatures(rows.at(n)));
      const index = MatchIndex.restore(this.space, state, sample);
      if (index.size !== rows.size) throw new Error(`an index snapshot of ${index.size} companies for ${rows.size}`);
      // Of the same companies, then: the file is keyed by their version, and the sample's keys were found.
      this.version++;
      this.index = index;
      this.features.defer(rows);
      for (const f of sample) this.features.set(f.key, f);
      return true;
    } catch (err) {
      this.log.warn({ err }, 'the match index snapshot does not fit the companies; building the index');
      return false;
    }
  }

  /** A serialised response for `key`, if one was stored since the last write to the index. */
  cached(key: string): Buffer | undefined {
    if (!this.cacheEnabled) return undefined;
    const hit = this.results.get(key);
    if (!hit || hit.version !== this.version) return undefined;
    // Re-insert to keep the Map in least-recently-used order.
    this.results.delete(key);
    this.results.set(key, hit);
    return hit.body;
  }

  remember(key: string, body: Buffer): void {
    if (!this.cacheEnabled) return;
    if (this.results.size >= RESULT_CACHE_SIZE) this.results.delete(this.results.keys().next().value!);
    this.results.set(key, { version: this.version, body });
  }

  upsertCompany(company: CompanyMatchSource): void {
    this.version++;
    const f = companyFeatures(this.space, company);
    this.features.set(f.key, f);
    this.index.upsert(f);
  }

  /** Many companies at once (a start's load): the index lays them out by block for faster searches. */
  private upsertCompanies(companies: Iterable<CompanyMatchSource>): void {
    this.version++;
    indexCompanyRows(this.index, this.space, companies, (f) => this.features.set(f.key, f));
  }

  removeCompany(id: string): void {
    this.version++;
    this.features.delete(`company:${id}`);
    this.index.remove(`company:${id}`);
  }

  upsertCity(city: City): void {
    this.version++;
    this.cityNames.set(city.id, city.name);
    const f = cityFeatures(this.space, city);
    if (MATCHABLE_STATUSES.has(city.status.current)) {
      this.features.set(f.key, f);
      this.index.upsert(f);
    } else {
      this.features.delete(f.key);
      this.index.remove(f.key);
    }
  }

  /** A city's names in the three languages, for answers that leave the choice to the reader. */
  cityNamesOf(id: string): City['name'] | undefined {
    return this.cityNames.get(id);
  }

  /** A city's name in `lang` (English where it has none in that language); undefined for an unknown city. */
  cityName(id: string, lang: Lang): string | undefined {
    const names = this.cityNames.get(id);
    return names ? (names[lang] ?? names.en) : undefined;
  }

  /** A subject's or candidate's name as a reader of `lang` knows it: cities by their name in that language. */
  localName(features: MatchFeatures, lang: Lang): string {
    return features.kind === 'city' ? (this.cityName(features.id, lang) ?? features.name) : features.name;
  }

  /** `features` under its name in `lang`: a copy only where the name differs (a city's), not for every company on a list. */
  private named(features: MatchFeatures, lang: Lang): MatchFeatures {
    const name = this.localName(features, lang);
    return name === features.name ? features : { ...features, name };
  }

  /** Leaves `partnerKey` out of `subjectKey`'s lists from now on (after the mark is stored). */
  dismiss(subjectKey: string, partnerKey: string): void {
    this.version++;
    let marks = this.dismissed.get(subjectKey);
    if (!marks) this.dismissed.set(subjectKey, (marks = new Set()));
    marks.add(partnerKey);
  }

  /** Takes a mark back (after it is deleted). */
  undismiss(subjectKey: string, partnerKey: string): void {
    this.version++;
    const marks = this.dismissed.get(subjectKey);
    marks?.delete(partnerKey);
    if (marks?.size === 0) this.dismissed.delete(subjectKey);
  }

  /** The candidates `subjectKey` marked "not interested". */
  dismissedBy(subjectKey: string): ReadonlySet<string> | undefined {
    return this.dismissed.get(subjectKey);
  }

  featuresOf(key: string): MatchFeatures | undefined {
    return this.features.get(key);
  }

  companyFeatures(company: Company | CompanyMatchSource): MatchFeatures {
    return companyFeatures(this.space, company);
  }

  cityFeatures(city: City): MatchFeatures {
    return cityFeatures(this.space, city);
  }

  /** Ranked, explained matches for `query`; the index ranks, the reference scorer explains (same numbers). */
  match(query: MatchFeatures, profile: ScoringProfile, request: MatchRequest): { items: MatchItem[]; considered: number; excluded: Partial<Record<ExclusionReason, number>> } {
    const options: IndexQueryOptions = {
      k: request.offset + request.limit,
      countries: request.countries,
      kinds: [request.target === 'cities' ? 'city' : 'company'],
      accept: request.accept ? (key) => request.accept!(this.features.get(key)!) : undefined,
      exclude: excludedKeys(request.exclusions),
    };
    const hits = this.index.topK(query, profile, options);
    // Whatever names the reasons print, they print as the reader knows them: both sides named in `lang`.
    const namedQuery = this.named(query, request.lang);
    const items = hits.slice(request.offset).map((hit, i) => {
      const stored = this.features.get(hit.key)!;
      // The reasons name the candidate too: in the reader's language.
      const candidate = this.named(stored, request.lang);
      const pair = pairScore(this.space, profile, query, stored);
      if (pair.score !== hit.score) {
        // Cannot happen while both score through score.ts's terms (a property test pins them); if it ever does, say so loudly.
        throw new AppError('internal', `index and reference disagree for ${hit.key}: ${hit.score} vs ${pair.score}`);
      }
      return {
        rank: request.offset + i + 1,
        kind: candidate.kind,
        id: candidate.id,
        name: candidate.name,
        country: candidate.country,
        cityId: candidate.kind === 'company' ? candidate.cityId : null,
        cityName: candidate.kind === 'company' && candidate.cityId ? (this.cityName(candidate.cityId, request.lang) ?? null) : null,
        score: pair.score,
        components: pair.components,
        reasons: explainPair(this.taxonomy, this.space, namedQuery, candidate, pair, request.lang).map(({ component, text }) => ({ component, text })),
      };
    });
    return { items, considered: this.index.lastStats.candidatesScored, excluded: this.excludedCounts(query, request) };
  }

  /**
   * Per reason, how many of its keys would have been ranked otherwise: indexed, of the target kind, and
   * passing the country rule and the request's filters (so a user can tell why a partner is absent).
   */
  private excludedCounts(query: MatchFeatures, request: MatchRequest): Partial<Record<ExclusionReason, number>> {
    const kind = request.target === 'cities' ? 'city' : 'company';
    const counts: Partial<Record<ExclusionReason, number>> = {};
    for (const [reason, keys] of Object.entries(request.exclusions ?? {}) as [ExclusionReason, ReadonlySet<string> | undefined][]) {
      let count = 0;
      for (const key of keys ?? []) {
        const candidate = this.features.get(key);
        if (candidate?.kind === kind && !excluded(query, candidate, { countries: request.countries, accept: request.accept })) count++;
      }
      counts[reason] = count;
    }
    return counts;
  }
}

/** The keys a list leaves out, whatever the reason (undefined when there are none). */
function excludedKeys(exclusions: MatchRequest['exclusions']): ReadonlySet<string> | undefined {
  const sets = Object.values(exclusions ?? {}).filter((keys) => keys?.size);
  if (sets.length <= 1) return sets[0];
  return new Set(sets.flatMap((keys) => [...keys!]));
}
