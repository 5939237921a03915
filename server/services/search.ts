/**
 * Search as the server runs it: the index lives in a worker thread (engine/search.ts, search.worker.ts),
 * fed from the database after start in slices and kept in step with every write. Until the first build
 * is done, and while a crashed worker is rebuilt, the route answers 503 with Retry-After.
 * With a snapshot directory, a build that no write overlapped is saved (data/snapshots/search.ts), and a
 * later start whose companies are still at that version loads it instead of building (seconds at 100,000
 * companies); the seed and import CLIs save it too, so a first start after them loads it as well. Cities
 * are few and always read afresh.
 */
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Kysely } from 'kysely';
import { AppError } from '../../engine/errors.ts';
import type { City, Company } from '../../engine/model.ts';
import type { Lang, Taxonomy } from '../../engine/taxonomy.ts';
import { cityDoc, companyDoc, type SearchDoc, type SearchHit, type SearchOptions } from '../../engine/search.ts';
import { companiesVersion } from '../../data/repositories/meta.ts';
import type { SnapshotFiles } from '../../data/snapshots/files.ts';
import { searchDocuments, searchSnapshots } from '../../data/snapshots/search.ts';
import type { Database } from '../../data/schema.ts';
import { Thread } from '../../runtime/threads.ts';
import type { Principal } from '../policy.ts';
import { searchableKinds } from '../policy.ts';
import type { MatchService } from './matching.ts';
import type searchWorker from './search.worker.ts';
import type { ToSearchWorker } from './search.worker.ts';

const SEARCH_WORKER = new URL('./search.worker.ts', import.meta.url);

/** A query the worker has not answered by then is reported as unavailable, not left hanging. */
const QUERY_TIMEOUT_MS = 10_000;
const MAX_RESTARTS = 3;

export class SearchService {
  ready = false;
  private worker: Thread<typeof searchWorker> | undefined;
  private building: Promise<void> | undefined;
  /** Ids written while a build reads the database: the write's own message is newer than the build's row. */
  private touched: Set<string> | undefined;
  private restarts = 0;
  private closed = false;
  private readonly snapshots: SnapshotFiles | undefined;

  constructor(
    private readonly taxonomy: Taxonomy,
    private readonly log: Logger,
    options: { snapshotDir?: string | undefined } = {},
  ) {
    this.snapshots = options.snapshotDir ? searchSnapshots(options.snapshotDir) : undefined;
  }

  /** Starts the worker and feeds it every city and company; resolves when it can answer. Safe to call again. */
  build(db: Kysely<Database>): Promise<void> {
    this.building ??= this.run(db);
    return this.building;
  }

  private async run(db: Kysely<Database>): Promise<void> {
    const started = Date.now();
    this.touched = new Set();
    const worker = this.start(db);
    try {
      const version = this.snapshots ? await companiesVersion(db) : undefined;
      const snapshot = version === undefined ? undefined : this.snapshots!.fileFor(version);
      const loaded = snapshot && existsSync(snapshot) ? await this.load(snapshot) : undefined;
      let count = 0;
      let cities = 0;
      // The order the CLIs build in (data/snapshots/search.ts); the event loop serves requests between slices.
      for await (const { kind, docs } of searchDocuments(db, this.taxonomy, { companies: loaded === undefined })) {
        if (this.closed || this.worker !== worker) return;
        this.post({ type: 'upsert', docs: this.fresh(docs) });
        if (kind === 'city') cities += docs.length;
        else count += docs.length;
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (this.closed || this.worker !== worker) return;
      // The worker answers once it has indexed every slice before this message: no time limit here.
      await this.call({ type: 'sync' }, Infinity);
      this.touched = undefined;
      this.ready = true;
      this.log.info({ companies: count, documents: loaded, cities, snapshot: loaded !== undefined, ms: Date.now() - started }, loaded !== undefined ? 'loaded the search index' : 'built the search index');
      // Saved only when no write to the companies overlapped the build: then it is exactly that version.
      if (loaded === undefined && snapshot && version === (await companiesVersion(db))) void this.save(snapshot);
    } catch (err) {
      // Closed, or the worker died and lost() has already started over: nothing more to do here.
      if (this.closed || this.worker !== worker) return;
      this.log.error({ err, restarts: this.restarts }, 'could not build the search index');
      // Start over with a fresh worker a little later (the database may have been busy or away).
      this.worker = undefined;
      this.building = undefined;
      void worker.terminate();
      if (this.restarts++ < MAX_RESTARTS) setTimeout(() => void this.build(db), 5000).unref();
    }
  }

  /** The snapshot's document count, or undefined when it cannot be used (then the index is built). */
  private async load(file: string): Promise<number | undefined> {
    try {
      return (await this.call({ type: 'load', file }, Infinity)) as number;
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'unavailable') throw err;
      this.log.warn({ err, file }, 'could not load the search snapshot; building the index');
      return undefined;
    }
  }

  private async save(file: string): Promise<void> {
    const started = Date.now();
    try {
      await this.call({ type: 'save', file }, Infinity);
      this.snapshots!.removeAllBut(file);
      this.log.info({ file, ms: Date.now() - started }, 'saved the search index');
    } catch (err) {
      if (!this.closed) this.log.warn({ err, file }, 'could not save the search snapshot');
    }
  }

  /** The build's documents, less those a write has replaced or removed since the build began. */
  private fresh(docs: SearchDoc[]): SearchDoc[] {
    const touched = this.touched;
    return touched?.size ? docs.filter((d) => !touched.has(d.id)) : docs;
  }

  private start(db: Kysely<Database>): Thread<typeof searchWorker> {
    const worker = new Thread<typeof searchWorker>(SEARCH_WORKER, { onExit: (reason) => this.lost(worker, db, reason) }).unref();
    this.worker = worker;
    return worker;
  }

  /** A crashed worker takes its index with it: answer 503 and rebuild from the database. */
  private lost(worker: Thread<typeof searchWorker>, db: Kysely<Database>, err: Error): void {
    if (this.worker !== worker || this.closed) return;
    this.log.error({ err, restarts: this.restarts }, 'the search worker stopped');
    this.worker = undefined;
    this.ready = false;
    this.building = undefined;
    if (this.restarts++ < MAX_RESTARTS) void this.build(db);
  }

  private post(message: ToSearchWorker): void {
    this.worker?.post(message);
  }

  /** The worker's answer; calls still waiting when it stops are unavailable, not failed. */
  private async call(message: ToSearchWorker, timeoutMs = QUERY_TIMEOUT_MS): Promise<unknown> {
    const worker = this.worker;
    if (!worker) throw new AppError('unavailable', 'The search index is not running');
    const timeout = Number.isFinite(timeoutMs) ? { ms: timeoutMs, error: () => new AppError('unavailable', 'The search index did not answer in time; try again') } : undefined;
    return worker.call(message, { timeout }).catch((err: unknown) => {
      if (err instanceof AppError) throw err;
      throw new AppError('unavailable', this.closed ? 'The server is shutting down' : 'The search index is being rebuilt; try again in a few seconds');
    });
  }

  /** Writes go to the worker in order, so a search after a write's response sees it. */
  private write(id: string, message: ToSearchWorker): void {
    this.touched?.add(id);
    this.post(message);
  }

  upsertCompany(c: Company): void {
    const doc = companyDoc(c);
    this.write(doc.id, { type: 'upsert', docs: [doc] });
  }

  removeCompany(id: string): void {
    this.write(`company:${id}`, { type: 'remove', id: `company:${id}` });
  }

  upsertCity(c: City): void {
    const doc = cityDoc(this.taxonomy, c);
    this.write(doc.id, { type: 'upsert', docs: [doc] });
  }

  async search(q: string, options: SearchOptions): Promise<{ items: SearchHit[]; total: number }> {
    if (!this.ready) throw new AppError('unavailable', 'The search index is being built; try again in a few seconds');
    return (await this.call({ type: 'search', q, options })) as { items: SearchHit[]; total: number };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.ready = false;
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}

export interface DirectoryQuery {
  q: string;
  kind?: 'company' | 'city' | undefined;
  country?: string | undefined;
  /** Cities named in this language; without it, in all three (de | en | zh). */
  lang?: Lang | undefined;
  limit: number;
  offset: number;
}

/** A search of what the caller may see (cities for anyone, companies with a key), as a page with its query. */
export async function searchDirectory(ctx: { search: SearchService; matching: Pick<MatchService, 'cityName'> }, principal: Principal | undefined, query: DirectoryQuery) {
  const kinds = searchableKinds(principal, query.kind);
  const found = await ctx.search.search(query.q, { kinds, country: query.country, limit: query.limit, offset: query.offset });
  const lang = query.lang;
  const items = lang ? found.items.map((hit) => (hit.kind === 'city' ? { ...hit, name: ctx.matching.cityName(hit.id, lang) ?? hit.name } : hit)) : found.items;
  return { query: query.q, items, total: found.total, limit: query.limit, offset: query.offset };
}
