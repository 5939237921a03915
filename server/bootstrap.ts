/** Opens, migrates and seeds the database and builds the context every route uses. */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { openDatabase, migrateToLatest, type DatabaseOptions } from '../data/db.ts';
import { loadTaxonomy } from '../data/taxonomy.ts';
import { snapshotDirOf } from '../data/snapshots/files.ts';
import { seedDatabase, type SeedReport } from '../data/seed/seed.ts';
import { countAdminKeys, createApiKey } from '../data/repositories/apiKeys.ts';
import type { AppContext } from './context.ts';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './limits.ts';
import { MatchService } from './services/matching.ts';
import { SearchService } from './services/search.ts';
import { ScheduleService } from './services/scheduling.ts';
import { TuningService } from './services/tuning.ts';
import { ReportScheduler } from './services/reportScheduler.ts';
import { flushUsage } from '../data/repositories/usage.ts';
import { KeyCache, ProfileCache } from './caches.ts';
import { ChangeFeed } from './services/changeFeed.ts';
import type { ConsentRule } from '../engine/alliance/applications.ts';

export interface BootOptions extends DatabaseOptions {
  log: Logger;
  demoCompanies: number;
  /** Simulated past events among the demo companies (default 12). */
  demoPastEvents?: number;
  bodyLimit?: string;
  /** Express's `trust proxy` (default false: the socket's address is the client's). */
  trustProxy?: boolean | number | string;
  /** Per key and per address (default: 3,000 requests and 30 rejected keys a minute). */
  rateLimits?: RateLimits;
  /** Threads per tuning run (default: one per core). */
  tuningThreads?: number;
  /** Minutes between the report scheduler's passes (default 15; 0: no scheduler). */
  reportIntervalMinutes?: number;
  /** The alliance's consent rule for applications (default 'all-written', 003 §5.1). */
  consentRule?: ConsentRule;
}

export interface Booted {
  ctx: AppContext;
  seed: SeedReport;
  /** The secret of the admin key made on first start; shown once, never stored. */
  firstAdminSecret: string | undefined;
}

export async function boot(options: BootOptions): Promise<Booted> {
  const database = openDatabase(options);
  try {
    await migrateToLatest(database);
    const loaded = loadTaxonomy();
    const { taxonomy } = loaded;
    const seed = await seedDatabase(database, { taxonomy, demoCompanies: options.demoCompanies, pastEvents: options.demoPastEvents, log: options.log });
    let firstAdminSecret: string | undefined;
    if ((await countAdminKeys(database.db)) === 0) {
      firstAdminSecret = (await createApiKey(database.db, { name: 'first admin (made on first start)', role: 'admin' })).secret;
    }
    // Snapshots (the matcher's rows, the search index) live beside the SQLite file (or in DATA_DIR for PostgreSQL).
    const snapshotDir = snapshotDirOf(options);
    const matching = new MatchService(taxonomy, options.log, { snapshotDir });
    const search = new SearchService(taxonomy, options.log, { snapshotDir });
    const keyCache = new KeyCache();
    const profileCache = new ProfileCache();
    const changes = new ChangeFeed({ db: database.db, dialect: database.dialect, log: options.log, matching, search, keyCache, profileCache });
    // Marked before the builds: what other instances write while this one builds is read after.
    await changes.mark();
    await matching.build(database.db);
    // Built beside the server, not before it: matches are served at once, search when its index is ready.
    void search.build(database.db);
    const instanceId = randomUUID();
    const deps = { db: database.db, dialect: database.dialect, instanceId, log: options.log, matching, profileCache };
    const ctx: AppContext = {
      db: database.db,
      database,
      instanceId,
      taxonomy,
      get resolver() {
        return loaded.resolver;
      },
      log: options.log,
      bodyLimit: options.bodyLimit ?? '100kb',
      rateLimits: options.rateLimits ?? DEFAULT_RATE_LIMITS,
      trustProxy: options.trustProxy ?? false,
      matching,
      search,
      keyCache,
      profileCache,
      changes,
      scheduling: new ScheduleService(deps),
      tuning: new TuningService(deps, options.tuningThreads),
      reports: new ReportScheduler(deps, { intervalMinutes: options.reportIntervalMinutes ?? 15 }),
      consentRule: options.consentRule ?? 'all-written',
    };
    // Scheduled reports are produced in the server process, whether or not anyone asks.
    ctx.reports.start();
    changes.start();
    // Jobs queued before this start (by this instance before a restart, or by another) are taken now.
    ctx.scheduling.startQueue();
    ctx.tuning.startQueue();
    return { ctx, seed, firstAdminSecret };
  } catch (err) {
    await database.close();
    throw err;
  }
}

/**
 * Stops what the context runs and closes the database: the change feed first (nothing more is applied),
 * then the job queues and the scheduler, then the usage counts that wait in memory, then the database.
 */
export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.changes.stop();
  await Promise.all([ctx.search.close(), ctx.scheduling.close(), ctx.tuning.close(), ctx.reports.close()]);
  await flushUsage(ctx.db).catch((err: unknown) => ctx.log.warn({ err }, 'could not write the last usage counts'));
  await ctx.database.close();
}
