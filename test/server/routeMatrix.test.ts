/**
 * Every route the API declares (server/routes/index.ts), generated from the declarations rather than
 * listed by hand, so that a new route is covered the day it is added:
 * - the role × route matrix: every route asked by every principal (no key, and eight keys of six roles),
 *   on its own objects and on others': never a 5xx; without a key 401 unless public; a role the route does
 *   not admit 403; a bound key never changes another company's, city's or organiser's object; and a
 *   rejected request leaves the database as it was (temporary triggers count the rows written);
 * - a bounded fuzz (fast-check) of every route with arbitrary path parameters, queries, bodies and content
 *   types, by the most permitted key: never a 5xx, and nothing stored by a rejected request.
 *   `npm run fuzz` runs the same fuzz longer (FUZZ_RUNS per route, default 200).
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../server/routes/index.ts';
import type { RouteDef } from '../../server/routing.ts';
import { bearer, testApp, type TestApp } from '../helpers.ts';

const ROUTES = allRoutes(() => ({}));
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 6);

type PrincipalName = 'anonymous' | keyof TestApp['keys'];
const PRINCIPALS: PrincipalName[] = ['anonymous', 'secretariat', 'organiser', 'analyst', 'company', 'otherCompany', 'city', 'otherCity', 'admin'];
const ROLE_OF: Record<Exclude<PrincipalName, 'anonymous'>, string> = {
  admin: 'admin',
  secretariat: 'secretariat',
  organiser: 'organiser',
  analyst: 'analyst',
  company: 'company',
  otherCompany: 'company',
  city: 'city',
  otherCity: 'city',
};

let t: TestApp;
/** Objects to fill path parameters with, by "<first path segment>:<parameter>": the first is the company's, city's or organiser's own. */
const objects: Record<string, string[]> = {};

/**
 * Rows a request wrote: counted by temporary triggers on the app's one SQLite connection, on every table
 * but those the server writes in the background of any request (usage counts, a key's last use, the
 * change log that other tables' triggers fill).
 */
const writes = async () => Number((await sql<{ n: number }>`select n from temp.request_writes`.execute(t.ctx.db)).rows[0]!.n);
const BACKGROUND = new Set(['usage_counts', 'changes', 'kysely_migration', 'kysely_migration_lock']);

async function countWrites(): Promise<void> {
  await sql`create temp table request_writes (n integer not null)`.execute(t.ctx.db);
  await sql`insert into temp.request_writes values (0)`.execute(t.ctx.db);
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(t.ctx.db);
  for (const { name } of tables.rows.filter((r) => !BACKGROUND.has(r.name))) {
    for (const event of ['insert', 'update', 'delete']) {
      // A key's use is recorded once a minute after a successful answer: only a change of what it may do counts.
      const on = name === 'api_keys' && event === 'update' ? 'update of role, company_id, city_id, revoked_at, key_hash' : event;
      await sql.raw(`create temp trigger count_${name}_${event} after ${on} on main.${name} begin update temp.request_writes set n = n + 1; end`).execute(t.ctx.db);
    }
  }
}

/** Lets jobs that a request started finish, so that their writes are not taken for the next request's. */
const settle = async () => {
  await t.ctx.scheduling.idle();
  await t.ctx.tuning.idle();
};

beforeAll(async () => {
  t = await testApp({ demoCompanies: 30 });
  const admin = bearer(t.keys.admin);
  const organiser = bearer(t.keys.organiser);
  const eventBody = (name: string) => ({ name, timeZone: 'Europe/Berlin', slotMinutes: 30, days: [{ date: '2027-04-13', sessions: [{ name: 'm', start: '09:00', end: '12:00' }] }], tables: [{ name: 'T1' }] });
  const own = (await request(t.app).post('/events').set(organiser).send(eventBody('matrix: the organiser’s')).expect(201)).body.id as string;
  const foreign = (await request(t.app).post('/events').set(admin).send(eventBody('matrix: the admin’s')).expect(201)).body.id as string;
  const companies = Array.from({ length: 8 }, (_, i) => `demo-${String(i + 1).padStart(6, '0')}`);
  const added = (await request(t.app).post(`/events/${own}/participants`).set(organiser).send({ participants: companies.map((companyId) => ({ companyId })) }).expect(201)).body;
  const participants = (added.items ?? added) as { id: string; side: string; companyId: string }[];
  const mine = participants.find((p) => p.companyId === 'demo-000001')!;
  const other = participants.find((p) => p.side !== mine.side)!;
  const lock = (await request(t.app).post(`/events/${own}/locks`).set(organiser).send({ a: mine.id, b: other.id, slot: 1 }).expect(201)).body;
  const asked = (await request(t.app).post(`/events/${own}/requests`).set(organiser).send({ from: other.id, to: mine.id }).expect(201)).body;
  const job = (await request(t.app).post(`/events/${own}/schedule`).set(organiser).send({ timeLimitSeconds: 2 }).expect(202)).body;
  await settle();
  const keyToRevoke = (await request(t.app).post('/keys').set(admin).send({ name: 'matrix: to revoke', role: 'analyst' }).expect(201)).body.id as string;
  const history = (await request(t.app).get('/history/events?limit=1').expect(200)).body.items[0].id as string;
  const project = (await request(t.app).get('/projects?limit=1').set(admin).expect(200)).body.items[0].id as string;
  await countWrites();
  Object.assign(objects, {
    'cities:id': ['cn-foshan', 'de-koeln'],
    'cities:partnerId': ['de-dortmund'],
    'companies:id': ['demo-000001', 'demo-000002'],
    'companies:partnerId': ['demo-000009'],
    'industries:code': ['29.10'],
    'history:id': [history],
    'keys:id': [keyToRevoke],
    'weight-profiles:profile': ['default@v1'],
    'events:id': [own, foreign],
    'events:pid': [mine.id],
    'events:to': [other.id],
    'events:rid': [asked.id],
    'events:mid': [lock.id],
    'jobs:jobId': [job.id],
    'outcomes:eventId': [own],
    'outcomes:participantId': [mine.id],
    'outcomes:partnerId': [other.id],
    'alliance:id': ['cn-foshan', 'de-koeln'],
    'alliance:cityId': ['cn-foshan'],
    'projects:id': [project],
  });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

/** The route's path with its parameters filled: variant 0 the own objects, 1 the foreign ones where there are. */
function pathOf(def: RouteDef, variant: number): string {
  const segment = def.path.split('/')[1]!;
  return def.path.replace(/:(\w+)/g, (_, name: string) => {
    const candidates = objects[`${segment}:${name}`] ?? ['nope'];
    return encodeURIComponent(candidates[Math.min(variant, candidates.length - 1)]!);
  });
}

const MUTATING = new Set(['post', 'put', 'patch', 'delete']);

/**
 * Reads first, then writes, deletions last, so that what a write removes was read by everyone before; the
 * admin last within each. Deleting a company or a key ends the keys bound to it: those go at the very end.
 */
const ORDERED = [...ROUTES].sort((a, b) => rank(a) - rank(b));
function rank(def: RouteDef): number {
  if (def.method === 'get') return 0;
  if (def.method !== 'delete') return 1;
  return def.path === '/keys/:id' ? 3 : def.path === '/companies/:id' ? 4 : 2;
}

/**
 * Bodies that pass validation, for the routes whose record rules (whose object, not which role) decide:
 * an empty body would be refused (422) before the rule is asked.
 */
const VALID_BODIES: Record<string, object> = {
  'patch /companies/:id': { foundedYear: 1999 },
  'patch /cities/:id': { clusters: [] },
  'patch /events/:id': { name: 'renamed by the matrix' },
};

function send(def: RouteDef, path: string, principal: PrincipalName, body?: { type: string; data: string | Buffer }) {
  let req = request(t.app)[def.method](path);
  if (principal !== 'anonymous') req = req.set(bearer(t.keys[principal]));
  if (body) return req.set('Content-Type', body.type).send(body.data);
  return MUTATING.has(def.method) ? req.send(VALID_BODIES[`${def.method} ${def.path}`] ?? {}) : req;
}

/** An object of another company, city or organiser than the principal's own. */
function foreignTo(principal: PrincipalName, def: RouteDef, variant: number): boolean {
  if (variant !== 1) return false;
  const segment = def.path.split('/')[1];
  if (segment === 'companies' && def.path.startsWith('/companies/:id')) return principal === 'company' || principal === 'city' || principal === 'otherCity';
  if (segment === 'cities' && def.path.startsWith('/cities/:id')) return principal === 'city';
  if (segment === 'events' && def.path.startsWith('/events/:id')) return principal !== 'admin' && principal !== 'anonymous';
  return false;
}

describe('the role × route matrix, generated from the route declarations', () => {
  it('covers every declared route', () => {
    expect(ORDERED.length).toBe(ROUTES.length);
    expect(ROUTES.length).toBeGreaterThan(100);
  });

  it('answers every route for every principal, own objects and others’, by the rules', { timeout: 300_000 }, async () => {
    const failures: string[] = [];
    let asked = 0;
    // A company's keys end with the company: once the matrix has deleted it, its key asks no more.
    const gone = new Set<PrincipalName>();
    const boundTo: Record<string, PrincipalName> = { 'demo-000001': 'company', 'demo-000002': 'otherCompany' };
    for (const def of ORDERED) {
      const variants = /:(\w+)/.test(def.path) ? [0, 1] : [0];
      const byAdminLast = [...PRINCIPALS.filter((p) => p !== 'admin'), 'admin' as const];
      for (const variant of variants) {
        for (const principal of byAdminLast.filter((p) => !gone.has(p))) {
          const path = pathOf(def, variant);
          const before = await writes();
          const res = await send(def, path, principal);
          asked++;
          const where = `${def.method.toUpperCase()} ${path} as ${principal}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`;
          if (res.status >= 500) failures.push(`5xx: ${where}`);
          if (principal === 'anonymous' && def.access !== 'public' && res.status !== 401) failures.push(`not 401 without a key: ${where}`);
          if (principal !== 'anonymous' && Array.isArray(def.access) && !def.access.includes(ROLE_OF[principal]) && res.status !== 403) failures.push(`not 403 for a role the route does not admit: ${where}`);
          if (MUTATING.has(def.method) && foreignTo(principal, def, variant) && res.status < 300) failures.push(`changed another's object: ${where}`);
          if (res.status >= 300) {
            const after = await writes();
            if (after !== before) failures.push(`a rejected request wrote ${after - before} rows: ${where}`);
          } else {
            await settle();
            const deleted = def.method === 'delete' && def.path === '/companies/:id' ? boundTo[decodeURIComponent(path.split('/')[2]!)] : undefined;
            if (deleted) gone.add(deleted);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(asked).toBeGreaterThan(ROUTES.length * PRINCIPALS.length);
  });
});

/** A value a path parameter may be given: ids of all kinds, and what a careless or hostile client sends. */
const paramValue = fc.oneof(
  fc.constantFrom(...Object.values({ a: 'demo-000001', b: 'cn-foshan', c: 'nope', d: '..', e: '%2F', f: 'a'.repeat(300), g: '0', h: '-1', i: 'default@v999' })),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
const queryValue = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('true', '0', '-5', '1e9', 'NaN', '2027-13-45', 'de', 'zh', ''), fc.integer().map(String));
const CONTENT_TYPES = ['application/json', 'text/csv', 'text/plain', 'application/merge-patch+json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/x-www-form-urlencoded'];
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ type: 'application/json', data: JSON.stringify(v) })),
  fc.record({ type: fc.constantFrom(...CONTENT_TYPES), data: fc.oneof(fc.string({ maxLength: 200 }), fc.constant('name,country\n=1+1,DE\n'), fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a))) }),
);

describe('a bounded fuzz of every route', () => {
  it(`answers arbitrary parameters, queries and bodies without a 5xx and stores nothing it refuses (${FUZZ_RUNS} runs per route)`, { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    for (const def of ORDERED) {
      const names = [...def.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      const queryKeys = def.query && 'shape' in def.query ? Object.keys((def.query as unknown as { shape: Record<string, unknown> }).shape) : [];
      await fc.assert(
        fc.asyncProperty(
          fc.array(paramValue, { minLength: names.length, maxLength: names.length }),
          fc.dictionary(fc.oneof(fc.constantFrom(...(queryKeys.length ? queryKeys : ['q'])), fc.string({ maxLength: 8 })), queryValue, { maxKeys: 4 }),
          fc.option(body, { nil: undefined }),
          async (values, query, payload) => {
            let i = 0;
            const path = def.path.replace(/:(\w+)/g, () => encodeURIComponent(values[i++]!));
            const search = new URLSearchParams(query).toString();
            const before = await writes();
            const res = await send(def, search ? `${path}?${search}` : path, 'admin', payload);
            const where = `${def.method.toUpperCase()} ${path}?${search} ${payload ? `${payload.type} ${String(payload.data).slice(0, 60)}` : ''}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`;
            if (res.status >= 500) failures.push(`5xx: ${where}`);
            if (res.status >= 300) {
              const after = await writes();
              if (after !== before) failures.push(`a rejected request wrote ${after - before} rows: ${where}`);
            } else await settle();
          },
        ),
        { numRuns: FUZZ_RUNS, seed: Number(process.env.FUZZ_SEED ?? 19) },
      );
    }
    expect(failures.slice(0, 20)).toEqual([]);
  });
});
