/** Shared test set-up: databases on both dialects, a booted app, API keys. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase, migrateToLatest, type DatabaseHandle } from '../data/db.ts';
import { createApiKey, type Role } from '../data/repositories/apiKeys.ts';
import { boot, closeContext } from '../server/bootstrap.ts';
import type { RateLimits } from '../server/limits.ts';
import { createApp } from '../server/app.ts';
import type { AppContext } from '../server/context.ts';

export const silentLog = pino({ level: 'silent' });

/**
 * The PostgreSQL server for the repository tests: TEST_DATABASE_URL (set by .ci/run), or the local
 * default that `.ci/postgres.sh` creates. Undefined when nothing answers, and the tests say so.
 */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://isa:isa@127.0.0.1:5432/isa_test';

export async function postgresReachable(url = POSTGRES_URL): Promise<{ ok: true } | { ok: false; reason: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: (err as Error).message || String(err) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface TestDatabase {
  handle: DatabaseHandle;
  cleanup(): Promise<void>;
}

/** A fresh, migrated database: a temporary SQLite file, or a schema of its own on PostgreSQL. */
export async function freshDatabase(dialect: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'isa-test-'));
    const handle = openDatabase({ dataDir: dir });
    await migrateToLatest(handle);
    return {
      handle,
      cleanup: async () => {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const handle = openDatabase({ databaseUrl: POSTGRES_URL, pgSchema: schema });
  await migrateToLatest(handle);
  return {
    handle,
    cleanup: async () => {
      await handle.close();
      await dropSchema(schema);
    },
  };
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  ctx: AppContext;
  keys: Record<Role | 'otherCompany' | 'otherCity', string>;
  close(): Promise<void>;
}

/**
 * The whole app on a fresh database (temporary SQLite, or a schema of its own on PostgreSQL) with the
 * alliance's data and a few demo companies; simulated past events only when asked for.
 */
export async function testApp(
  options: { demoCompanies?: number; demoPastEvents?: number; bodyLimit?: string; dialect?: 'sqlite' | 'postgres'; rateLimits?: RateLimits; trustProxy?: boolean | number | string } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'isa-app-'));
  const pgSchema = options.dialect === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const { ctx } = await boot({
    dataDir: dir,
    databaseUrl: pgSchema ? POSTGRES_URL : undefined,
    pgSchema,
    demoCompanies: options.demoCompanies ?? 60,
    demoPastEvents: options.demoPastEvents ?? 0,
    log: silentLog,
    bodyLimit: options.bodyLimit,
    // A test sends hundreds of requests a second with one key from one address: limits only where a test asks for them.
    rateLimits: options.rateLimits ?? { requestsPerMinute: 0, authFailuresPerMinute: 0 },
    trustProxy: options.trustProxy,
  });
  const make = async (role: Role, binding: { companyId?: string; cityId?: string } = {}) =>
    (await createApiKey(ctx.db, { name: `test ${role}`, role, ...binding })).secret;
  const keys = {
    admin: await make('admin'),
    secretariat: await make('secretariat'),
    organiser: await make('organiser'),
    analyst: await make('analyst'),
    company: await make('company', { companyId: 'demo-000001' }),
    otherCompany: await make('company', { companyId: 'demo-000002' }),
    city: await make('city', { cityId: 'cn-foshan' }),
    otherCity: await make('city', { cityId: 'de-koeln' }),
  };
  return {
    app: createApp(ctx, { checkResponses: true }),
    ctx,
    keys,
    close: async () => {
      await closeContext(ctx);
      rmSync(dir, { recursive: true, force: true });
      if (pgSchema) await dropSchema(pgSchema);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

/**
 * The dialects a database-backed suite runs on: SQLite always, PostgreSQL when a server answers. In CI
 * (TEST_DATABASE_URL set) a missing server fails the run; locally it is skipped with a printed notice.
 */
export async function availableDialects(suite: string): Promise<('sqlite' | 'postgres')[]> {
  const postgres = await postgresReachable();
  if (postgres.ok) return ['sqlite', 'postgres'];
  if (process.env.CI && process.env.TEST_DATABASE_URL) throw new Error(`PostgreSQL at TEST_DATABASE_URL is unreachable: ${postgres.reason}`);
  console.warn(`\n[notice] ${suite}: PostgreSQL run SKIPPED, no server at ${POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')} (${postgres.reason}).\n`);
  return ['sqlite'];
}

export const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
