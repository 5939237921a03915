/**
 * Search as the server runs it: the index lives in a worker thread (engine/search.ts), fed from the
 * database after start in slices and kept in step with every write. Until the first build is done,
 * and while a crashed worker is rebuilt, the route answers 503 with Retry-After.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Kysely } from 'kysely';
import { AppError } from '../../engine/errors.ts';
import type { City, Company } from '../../engine/model.ts';
import type { Taxonomy } from '../../engine/taxonomy.ts';
import { cityDoc, companyDoc, type SearchDoc, type SearchHit, type SearchOptions } from '../../engine/search.ts';
import { listCities } from '../../data/repositories/cities.ts';
import { listCompanySearchSources } from '../../data/repositories/companies.ts';
import type { Database } from '../../data/schema.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../auth.ts';
import { searchableKinds } from '../policy.ts';
import type { FromSearchWorker, ToSearchWorker } from './search.worker.ts';

/** Companies read and posted per slice: the event loop serves requests between slices. */
const SLICE = 1000;
/** A query the worker has not answered by then is reported as unavailable, not left hanging. */
const QUERY_TIMEOUT_MS = 10_000;
const MAX_RESTARTS = 3;

export class SearchService {
  ready = false;
  private worker: Worker | undefined;
  private building: Promise<void> | undefined;
  /** Ids written while a build reads the database: the write's own message is newer than the build's row. */
  private touched: Set<string> | undefined;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void; timer: NodeJS.Timeout | undefined }>();
  private nextId = 1;
  private restarts = 0;
  private closed = false;

  constructor(
    private readonly taxonomy: Taxonomy,
    private readonly log: Logger,
  ) {}

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
      const cities = await listCities(db, { limit: 100_000, offset: 0 });
      this.post({ type: 'upsert', docs: this.fresh(cities.items.map((c) => cityDoc(this.taxonomy, c))) });
      let count = 0;
      for (let after = ''; !this.closed && this.worker === worker; ) {
        const rows = await listCompanySearchSources(db, after, SLICE);
        if (!rows.length) break;
        this.post({ type: 'upsert', docs: this.fresh(rows.map(companyDoc)) });
        count += rows.length;
        after = rows.at(-1)!.id;
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (this.closed || this.worker !== worker) return;
      // The worker answers once it has indexed every slice before this message: no time limit here.
      await this.call({ type: 'sync', id: 0 }, Infinity);
      this.touched = undefined;
      this.ready = true;
      this.log.info({ companies: count, cities: cities.items.length, ms: Date.now() - started }, 'built the search index');
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

  /** The build's documents, less those a write has replaced or removed since the build began. */
  private fresh(docs: SearchDoc[]): SearchDoc[] {
    const touched = this.touched;
    return touched?.size ? docs.filter((d) => !touched.has(d.id)) : docs;
  }

  private start(db: Kysely<Database>): Worker {
    // execArgv [] : the worker registers its own TypeScript loader (see search.worker.mjs).
    const worker = new Worker(new URL('./search.worker.mjs', import.meta.url), { execArgv: [] });
    worker.unref();
    worker.on('message', (message: FromSearchWorker) => {
      const waiter = this.waiting.get(message.id);
      if (!waiter) return;
      this.waiting.delete(message.id);
      clearTimeout(waiter.timer);
      if (message.type === 'done') waiter.resolve(message.result);
      else waiter.reject(new AppError('internal', `search failed: ${message.message}`));
    });
    worker.on('error', (err) => this.lost(worker, db, err));
    worker.on('exit', (code) => {
      if (!this.closed) this.lost(worker, db, new Error(`the search worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  /** A crashed worker takes its index with it: answer 503 and rebuild from the database. */
  private lost(worker: Worker, db: Kysely<Database>, err: Error): void {
    if (this.worker !== worker || this.closed) return;
    this.log.error({ err, restarts: this.restarts }, 'the search worker stopped');
    this.worker = undefined;
    this.ready = false;
    this.building = undefined;
    this.rejectWaiting('The search index is being rebuilt; try again in a few seconds');
    if (this.restarts++ < MAX_RESTARTS) void this.build(db);
  }

  private rejectWaiting(reason: string): void {
    for (const waiter of this.waiting.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new AppError('unavailable', reason));
    }
    this.waiting.clear();
  }

  private post(message: ToSearchWorker): void {
    this.worker?.postMessage(message);
  }

  private call(message: Extract<ToSearchWorker, { id: number }>, timeoutMs = QUERY_TIMEOUT_MS): Promise<unknown> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new AppError('unavailable', 'The search index is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            this.waiting.delete(id);
            reject(new AppError('unavailable', 'The search index did not answer in time; try again'));
          }, timeoutMs)
        : undefined;
      this.waiting.set(id, { resolve, reject, timer });
      worker.postMessage({ ...message, id });
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
    return (await this.call({ type: 'search', id: 0, q, options })) as { items: SearchHit[]; total: number };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.ready = false;
    const worker = this.worker;
    this.worker = undefined;
    this.rejectWaiting('The server is shutting down');
    await worker?.terminate();
  }
}

export interface DirectoryQuery {
  q: string;
  kind?: 'company' | 'city' | undefined;
  country?: string | undefined;
  limit: number;
  offset: number;
}

/** A search of what the caller may see (cities for anyone, companies with a key), as a page with its query. */
export async function searchDirectory(ctx: AppContext, principal: Principal | undefined, query: DirectoryQuery) {
  const kinds = searchableKinds(principal, query.kind);
  const found = await ctx.search.search(query.q, { kinds, country: query.country, limit: query.limit, offset: query.offset });
  return { query: query.q, ...found, limit: query.limit, offset: query.offset };
}
