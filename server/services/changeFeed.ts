/**
 * Keeps this instance's memory in step with the database when other processes write to it (other server
 * instances, CLI imports, plain SQL): it tails the change log (data/repositories/changes.ts) every
 * POLL_MS and reloads what the new rows name: companies and cities into the matcher and the search
 * index (gone ones removed), weight profiles and API keys out of their caches. The instance's own writes
 * come back through the log too and are applied a second time: reloading is idempotent, and one path
 * for every writer leaves nothing to forget.
 *
 * One query per poll on both dialects, so that SQLite and PostgreSQL behave alike (PostgreSQL's
 * LISTEN/NOTIFY would save the polls but not the log, which a restarted instance needs either way).
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../data/schema.ts';
import { databaseNowMs, lastChangeSeq, pruneChanges, readChanges, type Change } from '../../data/repositories/changes.ts';
import { findCompaniesByIds } from '../../data/repositories/companies.ts';
import { findCitiesByIds } from '../../data/repositories/cities.ts';
import type { KeyCache, ProfileCache } from '../caches.ts';
import type { MatchService } from './matching.ts';
import type { SearchService } from './search.ts';

/** How often the log is read: other instances' writes show here within this (plus the reload). */
export const CHANGE_POLL_MS = 250;
/** Rows read per query; a longer backlog (a bulk import) is read in further queries at once. */
const BATCH = 2000;
/**
 * A sequence number missing below one already read is a transaction still running (PostgreSQL hands out
 * numbers at insert, not at commit): it is looked for again until this long has passed.
 */
const GAP_WAIT_MS = 10 * 60_000;
/** Rows older than this are deleted (by whichever instance prunes first); an instance away longer rebuilds. */
const KEEP_MS = 30 * 60_000;
const PRUNE_EVERY_MS = 60_000;
/** At most this many separate gaps are tracked; beyond, the oldest is given up. */
const MAX_GAPS = 64;

/**
 * Which sequence numbers have been applied: all up to `applied`, and above it those read since; the
 * missing ones in between are gaps, each with the time it was first seen missing. Pure bookkeeping.
 */
export class ChangeCursor {
  private gaps: { lo: number; hi: number; since: number }[] = [];

  constructor(private high: number) {}

  /** The highest number read so far. */
  get after(): number {
    return this.high;
  }

  /** The ranges to look in again, oldest first. */
  get missing(): [number, number][] {
    return this.gaps.map((g) => [g.lo, g.hi]);
  }

  /** Takes the numbers just read (after `after`, or in the missing ranges); gives those not taken before. */
  take(seqs: readonly number[], now: number): number[] {
    const fresh: number[] = [];
    for (const seq of [...seqs].sort((a, b) => a - b)) {
      if (seq > this.high) {
        if (seq > this.high + 1) this.gaps.push({ lo: this.high + 1, hi: seq - 1, since: now });
        this.high = seq;
        fresh.push(seq);
        continue;
      }
      const at = this.gaps.findIndex((g) => g.lo <= seq && seq <= g.hi);
      if (at < 0) continue; // read before
      const gap = this.gaps[at]!;
      const split = [
        ...(gap.lo < seq ? [{ lo: gap.lo, hi: seq - 1, since: gap.since }] : []),
        ...(seq < gap.hi ? [{ lo: seq + 1, hi: gap.hi, since: gap.since }] : []),
      ];
      this.gaps.splice(at, 1, ...split);
      fresh.push(seq);
    }
    this.gaps = this.gaps.filter((g) => now - g.since < GAP_WAIT_MS).slice(-MAX_GAPS);
    return fresh;
  }
}

export interface ChangeFeedDeps {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  log: Logger;
  matching: MatchService;
  search: SearchService;
  keyCache: KeyCache;
  profileCache: ProfileCache;
}

export class ChangeFeed {
  private cursor: ChangeCursor | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private lastPrune = 0;
  private stopped = false;

  constructor(private readonly deps: ChangeFeedDeps) {}

  /** Where to start: called before the indexes are built, so that what is written meanwhile is read after. */
  async mark(): Promise<void> {
    this.cursor = new ChangeCursor(await lastChangeSeq(this.deps.db));
  }

  start(intervalMs = CHANGE_POLL_MS): void {
    if (!this.cursor) throw new Error('ChangeFeed.mark() must come before start()');
    const tick = () => {
      if (this.stopped) return;
      this.polling = this.poll()
        .then(() => undefined, (err: unknown) => this.deps.log.warn({ err }, 'could not read the change log'))
        .finally(() => {
          this.polling = undefined;
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
  }

  /** Reads and applies everything written since the last poll; gives the number of changes applied. */
  async poll(): Promise<number> {
    const cursor = this.cursor;
    if (!cursor) return 0;
    let applied = 0;
    for (;;) {
      const before = cursor.after;
      const rows = await readChanges(this.deps.db, before, BATCH, cursor.missing);
      const fresh = new Set(cursor.take(rows.map((r) => r.seq), Date.now()));
      const changes = rows.filter((r) => fresh.has(r.seq));
      if (changes.length) await this.apply(changes);
      applied += changes.length;
      if (rows.filter((r) => r.seq > before).length < BATCH) break;
    }
    await this.pruneNow();
    return applied;
  }

  private async apply(changes: readonly Change[]): Promise<void> {
    const { db, matching, search, keyCache, profileCache } = this.deps;
    const ids = (entity: Change['entity']) => [...new Set(changes.filter((c) => c.entity === entity).map((c) => c.entityId))];
    const companyIds = ids('company');
    if (companyIds.length) {
      const found = await findCompaniesByIds(db, companyIds);
      for (const company of found) {
        matching.upsertCompany(company);
        search.upsertCompany(company);
      }
      const present = new Set(found.map((c) => c.id));
      for (const id of companyIds) {
        if (present.has(id)) continue;
        matching.removeCompany(id);
        search.removeCompany(id);
      }
    }
    const cityIds = ids('city');
    if (cityIds.length) {
      for (const city of await findCitiesByIds(db, cityIds)) {
        matching.upsertCity(city);
        search.upsertCity(city);
      }
    }
    if (ids('weight_profile').length) profileCache.clear();
    for (const id of ids('api_key')) keyCache.forget(id);
  }

  private async pruneNow(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    const { db, dialect } = this.deps;
    await pruneChanges(db, (await databaseNowMs(db, dialect)) - KEEP_MS);
  }
}
