/**
 * Opens the database: SQLite (better-sqlite3, WAL, busy timeout) in DATA_DIR by default, or PostgreSQL
 * when a postgres:// URL is given. Both go through the same kysely code.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type pg from 'pg';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type Driver, type MigrationResultSet } from 'kysely';
import { AppError } from '../engine/errors.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, for logs: the SQLite file, or the PostgreSQL URL without password. */
  location: string;
  /** The PostgreSQL schema the handle works in, when not the default. */
  pgSchema?: string | undefined;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… selects PostgreSQL; anything else (or nothing) selects SQLite in dataDir. */
  databaseUrl?: string | undefined;
  dataDir?: string;
  /** SQLite file name inside dataDir, or ':memory:'. */
  sqliteFile?: string;
  /** PostgreSQL schema to work in (created if missing); tests use one schema per run. */
  pgSchema?: string;
  /** PostgreSQL connections in the pool (default 10). */
  poolSize?: number;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

export function openDatabase(options: DatabaseOptions = {}): DatabaseHandle {
  if (isPostgresUrl(options.databaseUrl)) return openPostgres(options.databaseUrl, options.pgSchema, options.poolSize);
  const file = options.sqliteFile ?? 'isa-match.sqlite';
  let path = file;
  if (file !== ':memory:') {
    const dir = options.dataDir ?? './var';
    // The data is the members' and companies' (contacts included): this user's alone. SQLite gives its
    // -wal and -shm files the database file's mode.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    path = join(dir, file);
    closeSync(openSync(path, 'a', 0o600));
  }
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  // Refreshes planner statistics that have gone stale since the last run (cheap when nothing changed).
  sqlite.pragma('optimize = 0x10002');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite) });
  return { db, dialect: 'sqlite', location: path, close: () => db.destroy() };
}

/** How long a single statement outside a transaction waits for another process's write lock (blocking). */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** How long a transaction waits for the write lock, without blocking, before it gives up with 503. */
export const WRITE_LOCK_WAIT_MS = 10_000;

const isSqliteBusy = (err: unknown) => typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('SQLITE_BUSY');

/**
 * Transactions take SQLite's write lock when they begin (BEGIN IMMEDIATE), not at their first write. A
 * deferred transaction that reads first and then writes cannot wait for the lock once another process
 * has committed after its read (SQLITE_BUSY_SNAPSHOT, at once, whatever the busy timeout): two server
 * processes on one file answered 500 "database is locked" to a quarter of their writes. The lock is
 * tried without the busy handler, which would block the whole process while it waits; between tries
 * the process serves others. Reads never wait (WAL).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite });
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const started = Date.now();
    for (let pause = 1; ; pause = Math.min(pause * 2, 64)) {
      this.sqlite.pragma('busy_timeout = 0');
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
        return;
      } catch (err) {
        if (!isSqliteBusy(err)) throw err;
        if (Date.now() - started > WRITE_LOCK_WAIT_MS) {
          throw new AppError('unavailable', `The database stayed locked by another process for ${WRITE_LOCK_WAIT_MS / 1000} s; try again`, { cause: err });
        }
      } finally {
        this.sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      }
      // Jittered, so that processes waiting on one another do not retry in step.
      await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
    }
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite });
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.sqlite);
  }
}

function openPostgres(url: string, schema?: string, poolSize = 10): DatabaseHandle {
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new AppError('internal', `invalid PostgreSQL schema name '${schema}'`);
  // Loaded here, not at the top: a server on SQLite does not pay for the driver at every start.
  const { Pool } = createRequire(import.meta.url)('pg') as typeof pg;
  const pool = new Pool({ connectionString: url, max: poolSize });
  if (schema) {
    pool.on('connect', (client) => {
      client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`).catch(() => undefined);
    });
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const location = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') + (schema ? ` (schema ${schema})` : '');
  return { db, dialect: 'postgres', location, pgSchema: schema, close: () => db.destroy() };
}

/** Brings the schema up to date; fails loudly with the migration that broke. */
export async function migrateToLatest(handle: Pick<DatabaseHandle, 'db' | 'pgSchema'>): Promise<MigrationResultSet> {
  // The migrator looks for its tables across all schemas unless told which: beside another schema's
  // tables (parallel test files, each in a schema of its own) it would skip creating its own.
  const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations }, ...(handle.pgSchema ? { migrationTableSchema: handle.pgSchema } : {}) });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new AppError('internal', `migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}

/** UTC ISO-8601 text, the one date format stored. */
export const nowIso = (): string => new Date().toISOString();
/** Today's date in UTC, YYYY-MM-DD. */
export const todayIso = (): string => nowIso().slice(0, 10);

/**
 * Refreshes the query planner's statistics after bulk writes. Without them SQLite walks all companies of
 * a country instead of the few in an industry (200 ms instead of 30 ms at 100k companies).
 */
export async function analyze(handle: DatabaseHandle): Promise<void> {
  await sql`ANALYZE`.execute(handle.db);
}

/**
 * Locks a row until the transaction ends, so that a read-check-write cannot lose a concurrent update.
 * PostgreSQL needs FOR UPDATE; SQLite has one writer at a time, and kysely's SQLite driver runs a
 * transaction on its single connection, so the transaction itself is the lock there.
 */
export async function lockRow(db: Kysely<Database>, dialect: Dialect, table: 'companies' | 'cities' | 'cooperation_projects' | 'events', id: string): Promise<void> {
  if (dialect === 'postgres') await sql`select id from ${sql.table(table)} where id = ${id} for update`.execute(db);
}

/** The cheapest round trip: liveness checks. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
