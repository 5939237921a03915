/**
 * Several server processes over one database, as an operator runs them behind a load balancer: each
 * instance is a process of its own (the sources through tsx), on 127.0.0.1, over one SQLite file or one
 * PostgreSQL schema. Writes split over the instances, many at a time, must all succeed and all be kept,
 * and each instance must follow the other's writes (the change log, server/services/changeFeed.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../data/db.ts';
import { createApiKey } from '../../data/repositories/apiKeys.ts';
import { availableDialects, dropSchema, POSTGRES_URL } from '../helpers.ts';
import { scheduleFixture, waitForJob } from '../scheduleFixture.ts';
import { killServerProcesses, SOURCE_SERVER, startServerProcess, untilServing, type ServerProcess } from '../serverProcess.ts';

const dialects = await availableDialects('two-instance tests');
const dataDirs: string[] = [];
const schemas: string[] = [];

afterAll(async () => {
  killServerProcesses();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  for (const schema of schemas) await dropSchema(schema);
});

/** Where both instances keep their data: a SQLite file in a fresh directory, or a fresh PostgreSQL schema. */
function sharedDatabase(dialect: 'sqlite' | 'postgres') {
  const dataDir = mkdtempSync(join(tmpdir(), 'isa-instances-'));
  dataDirs.push(dataDir);
  const schema = dialect === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  if (schema) schemas.push(schema);
  const env = { DATA_DIR: dataDir, DATABASE_URL: schema ? POSTGRES_URL : '', DATABASE_SCHEMA: schema ?? '', DEMO_COMPANIES: '600', DEMO_PAST_EVENTS: '0', REPORT_INTERVAL_MINUTES: '0', RATE_LIMIT_PER_MINUTE: '0' };
  const open = () => (schema ? openDatabase({ databaseUrl: POSTGRES_URL, pgSchema: schema }) : openDatabase({ dataDir }));
  return { env, open };
}

/** Runs `count` calls of `call`, `concurrency` at a time, and gives every answer's status. */
async function inParallel(count: number, concurrency: number, call: (i: number) => Promise<Response>): Promise<{ status: number; body: string }[]> {
  const answers: { status: number; body: string }[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const res = await call(i);
        answers[i] = { status: res.status, body: await res.text() };
      }
    }),
  );
  return answers;
}

const failures = (answers: { status: number; body: string }[]) => answers.filter((a) => a.status >= 300).map((a) => `${a.status} ${a.body.slice(0, 200)}`);

describe.each(dialects)('two instances on one %s database', (dialect) => {
  const shared = sharedDatabase(dialect);
  let a: ServerProcess;
  let b: ServerProcess;
  let headers: Record<string, string>;

  it('start one after the other over the same database', { timeout: 180_000 }, async () => {
    a = await startServerProcess(SOURCE_SERVER, shared.env);
    await untilServing(a);
    b = await startServerProcess(SOURCE_SERVER, shared.env);
    await untilServing(b);
    const handle = shared.open();
    const { secret } = await createApiKey(handle.db, { name: 'instances test', role: 'admin' });
    await handle.close();
    headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  });

  it('take 200 creations and 160 changes, split over both and 8 at a time on each, with no error and nothing lost', { timeout: 180_000 }, async () => {
    const instances = [a, b];
    const created = await inParallel(200, 16, (i) =>
      fetch(`${instances[i % 2]!.url}/companies`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: `Instanzen GmbH ${i}`, country: 'DE', cityId: 'de-ingolstadt', industries: [{ code: '29.31' }], size: { employees: 40 + i } }),
      }),
    );
    expect(failures(created)).toEqual([]);
    const ids = created.map((c) => (JSON.parse(c.body) as { id: string }).id);
    expect(new Set(ids).size).toBe(200);

    // Two changes of different fields of each of 80 companies, the two through different instances.
    const changed = await inParallel(160, 16, (i) => {
      const id = ids[i >> 1]!;
      const body = i % 2 ? { description: { en: `changed through b, ${i}` } } : { foundedYear: 1900 + (i >> 1) };
      return fetch(`${instances[i % 2]!.url}/companies/${id}`, { method: 'PATCH', headers, body: JSON.stringify(body) });
    });
    expect(failures(changed)).toEqual([]);

    const handle = shared.open();
    try {
      const rows = await handle.db.selectFrom('companies').select(['id', 'founded_year', 'description']).where('id', 'in', ids).execute();
      expect(rows.length).toBe(200);
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (let c = 0; c < 80; c++) {
        const row = byId.get(ids[c]!)!;
        expect(row.founded_year).toBe(1900 + c);
        expect(row.description).toContain(`changed through b, ${2 * c + 1}`);
      }
    } finally {
      await handle.close();
    }
  });

  it("see each other's writes within a second: a company created on one ranks alike on both and is found by both; deleted, it vanishes from both", { timeout: 120_000 }, async () => {
    const created = await fetch(`${a.url}/companies`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Zweiinstanzen Wasserstoff GmbH', country: 'DE', cityId: 'de-ingolstadt', industries: [{ code: '28.29' }], size: { employees: 120 }, wishes: [{ type: 'distribution', direction: 'request', clusters: ['hydrogen'] }] }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const createdAt = Date.now();
    const ownAnswer = await fetch(`${a.url}/companies/${id}/matches?limit=20`, { headers });
    const ownList = (await ownAnswer.json()) as { items: { id: string; kind: string }[] };
    expect(ownAnswer.status, JSON.stringify(ownList)).toBe(200);
    const partner = ownList.items.find((m) => m.kind === 'company')!.id;
    const listOn = async (server: ServerProcess) => (await (await fetch(`${server.url}/companies/${partner}/matches?limit=50`, { headers })).json()) as { items: { id: string }[] };
    const onA = await listOn(a);
    expect(onA.items.map((m) => m.id)).toContain(id);
    // B's list of the same partner is A's list, the new company at the same rank.
    const seen = await eventually(async () => JSON.stringify((await listOn(b)).items) === JSON.stringify(onA.items));
    expect(seen - createdAt).toBeLessThan(1000 + SLACK_MS);
    const foundOnB = await eventually(async () => JSON.stringify(await (await fetch(`${b.url}/search?q=Zweiinstanzen`, { headers })).json()).includes(id));
    expect(foundOnB - createdAt).toBeLessThan(1000 + SLACK_MS);

    expect((await fetch(`${a.url}/companies/${id}`, { method: 'DELETE', headers })).status).toBe(204);
    const deletedAt = Date.now();
    const goneOnB = await eventually(async () => (await fetch(`${b.url}/companies/${id}/matches`, { headers })).status === 404 && !(await listOn(b)).items.some((m) => m.id === id));
    expect(goneOnB - deletedAt).toBeLessThan(1000 + SLACK_MS);
    const unfoundOnB = await eventually(async () => !JSON.stringify(await (await fetch(`${b.url}/search?q=Zweiinstanzen`, { headers })).json()).includes(id));
    expect(unfoundOnB - deletedAt).toBeLessThan(1000 + SLACK_MS);
  });

  it('follow each other on keys and weight profiles within a second: a key revoked on one is refused by the other, a profile saved on one is used by the other', { timeout: 60_000 }, async () => {
    const issued = await fetch(`${a.url}/keys`, { method: 'POST', headers, body: JSON.stringify({ name: 'revoked on a', role: 'analyst' }) });
    expect(issued.status).toBe(201);
    const key = (await issued.json()) as { id: string; secret: string };
    const asAnalyst = { authorization: `Bearer ${key.secret}` };
    const profileOnB = async () => (await (await fetch(`${b.url}/companies/demo-000001/matches?limit=1`, { headers: asAnalyst })).json()) as { profile: { version: number; weights: Record<string, number> } };
    // B has read (and cached) both the key and the active profile.
    const before = await profileOnB();

    const saved = await fetch(`${a.url}/weight-profiles`, { method: 'POST', headers, body: JSON.stringify({ name: 'default', weights: { industry: 0.7, complementarity: 0.2, size: 0.1 }, note: 'saved on a' }) });
    expect(saved.status).toBe(201);
    const { version } = (await saved.json()) as { version: number };
    expect(before.profile.version).toBeLessThan(version);
    const savedAt = Date.now();
    const used = await eventually(async () => (await profileOnB()).profile.version === version);
    expect(used - savedAt).toBeLessThan(1000 + SLACK_MS);

    expect((await fetch(`${a.url}/keys/${key.id}`, { method: 'DELETE', headers })).status).toBe(204);
    const revokedAt = Date.now();
    const refused = await eventually(async () => (await fetch(`${b.url}/auth/me`, { headers: asAnalyst })).status === 401);
    expect(refused - revokedAt).toBeLessThan(1000 + SLACK_MS);
  });

  it("keep a schedule run going on one when the other restarts, let a cancel through the other reach it, and take over a run from one stopped gracefully", { timeout: 240_000 }, async () => {
    const handle = shared.open();
    const organiser = (await createApiKey(handle.db, { name: 'instances organiser', role: 'organiser' })).secret;
    const admin = headers.authorization!.slice('Bearer '.length);
    await handle.close();
    const target = { app: a.url, keys: { admin, organiser } };
    const events = [];
    events.push(await scheduleFixture(target, { participants: 400, tables: 16, wishesEach: 6, maxMeetings: 12, timeLimitSeconds: 60, name: 'Instances restart' }));
    // Tables for every wished meeting: the timetable is larger and takes seconds, so that the cancel arrives
    // while the run still searches (with 16 tables a quiet machine ended it within a second, before the cancel).
    events.push(await scheduleFixture(target, { participants: 400, tables: 100, wishesEach: 6, maxMeetings: 12, timeLimitSeconds: 60, name: 'Instances cancel' }));
    const instanceOf = async (server: ServerProcess) => ((await (await fetch(`${server.url}/health`)).json()) as { instance: string }).instance;
    const holderOf = async (jobId: string) => {
      const h = shared.open();
      try {
        return (await h.db.selectFrom('jobs').select(['lease_owner', 'status']).where('id', '=', jobId).executeTakeFirstOrThrow());
      } finally {
        await h.close();
      }
    };
    const asOrganiser = { authorization: `Bearer ${organiser}`, 'content-type': 'application/json' };
    const run = async (eventId: string) => {
      const res = await fetch(`${a.url}/events/${eventId}/schedule`, { method: 'POST', headers: asOrganiser, body: JSON.stringify({}) });
      expect(res.status, await res.clone().text()).toBe(202);
      return ((await res.json()) as { id: string }).id;
    };

    // A run, held by one instance; the other restarts meanwhile. A run may end before the restarted
    // instance is up (runs stop when done), so beside it stands a job the holding instance leases for ten
    // minutes: the restart must leave both alone (it used to fail every running job at start).
    const first = await run(events[0]!.eventId);
    await eventually(async () => (await holderOf(first)).status === 'running');
    const holder = (await holderOf(first)).lease_owner!;
    const [runner, other] = holder === (await instanceOf(a)) ? [a, b] : [b, a];
    const held = `job-held-${randomBytes(4).toString('hex')}`;
    const now = new Date().toISOString();
    const h = shared.open();
    await h.db
      .insertInto('jobs')
      .values({ id: held, kind: 'schedule', event_id: null, owner_key_id: 'another organiser', status: 'running', params: '{}', progress: '{}', result: null, error: null, created_at: now, started_at: now, finished_at: null, input: '{}', lease_owner: holder, lease_until_ms: Date.now() + 600_000, cancel_requested: 0 })
      .execute();
    await h.close();
    await other.stop();
    const restarted = await startServerProcess(SOURCE_SERVER, shared.env);
    await untilServing(restarted);
    // The restarted instance has looked for expired leases at its start and polls every second.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await holderOf(held)).status, 'the restart must not fail a job another instance holds').toBe('running');
    expect((await holderOf(first)).status).not.toBe('failed');
    if (other === a) a = restarted;
    else b = restarted;
    const h2 = shared.open();
    await h2.db.deleteFrom('jobs').where('id', '=', held).execute();
    await h2.close();
    const finished = await waitForJob({ app: runner.url, keys: target.keys }, first);
    expect(finished.status).toBe('succeeded');

    // A second run, cancelled through the instance that does not hold it. Runs stop when done, and on a
    // fast machine one may still end before its holder sees the cancel: such a run says nothing of the
    // cancel, so another is started, a few times at most.
    let ended: { status: string } | undefined;
    for (let attempt = 0; attempt < 4 && ended?.status !== 'cancelled'; attempt++) {
      const second = await run(events[1]!.eventId);
      await eventually(async () => (await holderOf(second)).status !== 'queued');
      const secondHolder = (await holderOf(second)).lease_owner;
      const notHolding = secondHolder === (await instanceOf(runner)) ? restarted : runner;
      const cancelled = await fetch(`${notHolding.url}/jobs/${second}/cancel`, { method: 'POST', headers: asOrganiser });
      const cancelledAt = Date.now();
      ended = await waitForJob({ app: notHolding.url, keys: target.keys }, second);
      if (ended.status === 'cancelled') {
        expect(cancelled.status).toBe(202);
        expect(Date.now() - cancelledAt).toBeLessThan(5000 + SLACK_MS);
      } else expect(ended.status, 'a run the cancel did not reach ends as any run does').toBe('succeeded');
    }
    expect(ended?.status, 'one of four runs cancelled through the instance not holding it').toBe('cancelled');

    // A third run; its instance is stopped gracefully (SIGTERM) meanwhile: the job goes back to the queue
    // and the other instance runs it to the end.
    const third = await run(events[0]!.eventId);
    await eventually(async () => (await holderOf(third)).status === 'running');
    const thirdHolder = (await holderOf(third)).lease_owner;
    const [stopping, remaining] = thirdHolder === (await instanceOf(a)) ? [a, b] : [b, a];
    await stopping.stop();
    expect(await stopping.exited).toBe(0);
    const handedOver = await waitForJob({ app: remaining.url, keys: target.keys }, third);
    expect(handedOver.status).toBe('succeeded');
    expect((await holderOf(third)).lease_owner).toBeNull();
  });
});

/**
 * The change feed's bound is a second; a loaded test machine (the whole suite on 2 cores) adds its own
 * delays to every request, so the assertion allows this much on top.
 */
const SLACK_MS = 2000;

/** Polls `check` every 50 ms until it holds (for at most 10 s); gives the time it first held. */
async function eventually(check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 10_000) {
    if (await check()) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('did not happen within 10 s');
}
