/**
 * What the long-lived services (the job queues, scheduling and tuning runs) are built with: the
 * database, the log, the match index and the profile cache, handed in at start. They do not reach into
 * the request context, so the context can hold them without a circle of imports.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../data/schema.ts';
import type { Dialect } from '../../data/db.ts';
import type { ProfileCache } from '../caches.ts';
import type { MatchService } from './matching.ts';

export interface ServiceDeps {
  db: Kysely<Database>;
  dialect: Dialect;
  /** This server process among the instances sharing the database (random per start): it holds job leases. */
  instanceId: string;
  log: Logger;
  matching: MatchService;
  profileCache: ProfileCache;
}
