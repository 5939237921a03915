import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { IndustryResolver } from '../engine/resolver.ts';
import type { Taxonomy } from '../engine/taxonomy.ts';
import type { DatabaseHandle } from '../data/db.ts';
import type { Database } from '../data/schema.ts';
import type { MatchService } from './services/matching.ts';
import type { SearchService } from './services/search.ts';
import type { ScheduleService } from './services/scheduling.ts';
import type { TuningService } from './services/tuning.ts';
import type { ReportScheduler } from './services/reportScheduler.ts';
import type { KeyCache, ProfileCache } from './caches.ts';
import type { RateLimits } from './limits.ts';
import type { ChangeFeed } from './services/changeFeed.ts';
import type { ConsentRule } from '../engine/alliance/applications.ts';

/** What every route needs, built once at start (or per test). */
export interface AppContext {
  db: Kysely<Database>;
  database: DatabaseHandle;
  /** This server process among the instances sharing the database (random per start): it holds job leases. */
  instanceId: string;
  taxonomy: Taxonomy;
  resolver: IndustryResolver;
  log: Logger;
  bodyLimit: string;
  rateLimits: RateLimits;
  /** Express's `trust proxy`: behind a load balancer, whose X-Forwarded-For names the client. */
  trustProxy: boolean | number | string;
  matching: MatchService;
  search: SearchService;
  keyCache: KeyCache;
  profileCache: ProfileCache;
  /** Applies other instances' writes (the change log) to the indexes and caches above. */
  changes: ChangeFeed;
  scheduling: ScheduleService;
  tuning: TuningService;
  /** Produces the scheduled reports whose period has ended, on start and every few minutes. */
  reports: ReportScheduler;
  /** How applications are decided (engine/alliance/applications.ts): 003's reading by default. */
  consentRule: ConsentRule;
}
