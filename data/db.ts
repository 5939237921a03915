/**
 * Opens the database: SQLite (better-sqlite3, WAL, busy timeout) in DATA_DIR by default, or PostgreSQL
 * when a postgres:// URL is given. Both go through the same kysely code.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type MigrationResultSet } from 'kysely';
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
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

export function openDatabase(options: DatabaseOptions = {}): DatabaseHandle {
  if (isPostgresUrl(options.databaseUrl)) return openPostgres(options.databaseUrl, options.pgSchema);
  const file = options.sqliteFile ?? 'isa-match.sqlite';
  let path = file;
  if (file !== ':memory:') {
    const dir = options.dataDir ?? './var';
    mkdirSync(dir, { recursive: true });
    path = join(dir, file);
  }
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  // Refreshes planner statistics that have gone stale since the last run (cheap when nothing changed).
  sqlite.pragma('optimize = 0x10002');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', location: path, close: () => db.destroy() };
}

function openPostgres(url: string, schema?: string): DatabaseHandle {
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new AppError('internal', `invalid PostgreSQL schema name '${schema}'`);
  // Loaded here, not at the top: a server on SQLite does not pay for the driver at every start.
  const { Pool } = createRequire(import.meta.url)('pg') as typeof pg;
  const pool = new Pool({ connectionString: url, max: 10 });
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
export async function lockRow(db: Kysely<Database>, dialect: Dialect, table: 'companies' | 'cities' | 'cooperation_projects', id: string): Promise<void> {
  if (dialect === 'postgres') await sql`select id from ${sql.table(table)} where id = ${id} for update`.execute(db);
}

/** The cheapest round trip: liveness checks. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
