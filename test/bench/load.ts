/**
 * `npm run bench:load`: the server under a mixed load, as an operator runs it (`npm start`'s command, one
 * process per instance, on 127.0.0.1), in three configurations side by side in one run: one instance on
 * SQLite, one on PostgreSQL, two on one PostgreSQL schema with the connections split between them
 * (autocannon's connections go round-robin over the instances' URLs).
 *
 * The load: N connections for S seconds (50 and 60 by default); each new request is the next of one cycle
 * of 20 that all connections share (the mix, MIX below): reads (a company, the city directory, a search), match lists of many subjects
 * (every demo company once before any repeats, so the result cache does not answer them all; every write
 * empties it anyway), and writes (creations and changes, each with a marker of this run). A schedule run of
 * a fixture event is started a quarter into the load and must end succeeded. Afterwards every acknowledged
 * write is looked up in the database: a created company by its id, a change by its marker in the changed
 * company (each change goes to a company no other change touches, so that none overwrites another).
 *
 * All requests use one admin key: RATE_LIMIT_PER_MINUTE=0 for the servers, since one key would otherwise
 * be limited to 3,000 a minute per instance; this measures capacity, not the limiter. The limit on rejected
 * keys stays as an operator has it (30 a minute per address): all connections come from one address, as
 * they do through a proxy in front of the servers.
 *
 * Every server is ended by its process group (also on Ctrl-C and when the bench's own time limit passes);
 * autocannon stops after the duration, and every poll is bounded.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../../data/db.ts';
import { createApiKey } from '../../data/repositories/apiKeys.ts';
import { dropSchema, POSTGRES_URL, postgresReachable } from '../helpers.ts';
import { scheduleFixture, waitForJob } from '../scheduleFixture.ts';
import { killServerProcesses, projectRoot, startServerProcess, until, untilServing, type ServerProcess } from '../serverProcess.ts';
import { machine, percentile, writeSection } from './report.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    companies: { type: 'string', default: '2000' },
    /** Some of the configurations, comma-separated: sqlite, postgres, postgres-2. */
    only: { type: 'string', default: 'sqlite,postgres,postgres-2' },
    /** Print only: BENCHMARKS.md is left alone (smoke runs). */
    'no-report': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const COMPANIES = Number(args.companies);
if (!(SECONDS >= 1 && CONNECTIONS >= 2 && COMPANIES >= 300)) throw new Error('--seconds ≥ 1, --connections ≥ 2 and --companies ≥ 300 (the schedule fixture takes its participants from the demo companies)');

/** No run of the bench lasts longer than this, whatever happens: past it every server is killed and the bench exits. */
const BENCH_LIMIT_MS = 3 * (SECONDS * 1000 + 900_000);
const START_LIMIT_MS = 300_000;
const JOB_LIMIT_MS = 300_000;
/** A request unanswered for this long counts as a timeout (a socket error) and its connection starts over. */
const REQUEST_TIMEOUT_S = 10;

type Kind = 'company' | 'cities' | 'search' | 'matches' | 'create' | 'change';
const KINDS: Kind[] = ['company', 'cities', 'search', 'matches', 'create', 'change'];
const GROUP: Record<Kind, 'reads' | 'matches' | 'writes'> = { company: 'reads', cities: 'reads', search: 'reads', matches: 'matches', create: 'writes', change: 'writes' };
/** One cycle of the load: 14 reads (6 companies, 3 city pages, 5 searches), 4 match lists, 1 creation and 1 change. */
const MIX: Kind[] = ['company', 'search', 'matches', 'cities', 'company', 'search', 'create', 'company', 'matches', 'search', 'company', 'cities', 'matches', 'company', 'search', 'change', 'company', 'matches', 'search', 'cities'];
const share = (group: string) => Math.round((100 * MIX.filter((k) => GROUP[k] === group).length) / MIX.length);
const MIX_TEXT = `${share('reads')} % reads (a company, the city directory, a search), ${share('matches')} % match lists, ${share('writes')} % writes (half creations, half changes)`;

const SEARCHES = ['battery', 'Batterie', 'hydrogen', 'Wasserstoff', 'automotive', 'Maschinenbau', 'logistics', 'robot', 'solar', 'medical', 'chemicals', 'Ingolstadt', 'Foshan', 'sensor', 'steel', 'software', 'textile', 'Kunststoff', '汽车', '电池', '机械', '新能源', 'packaging', 'aerospace'];
const CITY_PAGES = ['/cities', '/cities?country=DE', '/cities?country=CN&limit=50', '/cities?limit=20&offset=20'];
const NEW_COMPANY_PLACES = [
  { country: 'DE', cityId: 'de-ingolstadt', code: '29.31' },
  { country: 'DE', cityId: 'de-ingolstadt', code: '28.29' },
  { country: 'CN', cityId: 'cn-foshan', code: '27.20' },
  { country: 'CN', cityId: 'cn-foshan', code: '22.29' },
];

const demoId = (n: number) => `demo-${String(1 + (n % COMPANIES)).padStart(6, '0')}`;
/** A walk over every demo company before any repeats (7919 and 104729 are primes, so coprime to most sizes). */
const strided = (i: number, stride: number) => demoId((i * stride + 13) % COMPANIES);

interface KindFigures {
  sent: number;
  statuses: Map<number, number>;
  latencies: number[];
}

interface Outcome {
  label: string;
  instances: number;
  dialect: 'sqlite' | 'postgres';
  rps: number;
  p50: number;
  p99: number;
  answered: number;
  non2xx: number;
  fiveXx: number;
  socketErrors: number;
  timeouts: number;
  kinds: Record<Kind, KindFigures>;
  created: { acked: number; kept: number; rows: number };
  changed: { acked: number; kept: number };
  job: string;
  loadAverage: [number, number];
  problems: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stdout.write(`${line}\n`);

// ---------- what the bench must clean up, whatever happens ----------

const dataDirs = new Set<string>();
const schemas = new Set<string>();

async function cleanUp(): Promise<void> {
  killServerProcesses();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  dataDirs.clear();
  const dropping = [...schemas].map((s) => dropSchema(s).catch(() => undefined));
  schemas.clear();
  await Promise.race([Promise.all(dropping), sleep(5000)]);
}

let ending = false;
function abort(reason: string, code: number): void {
  if (ending) return;
  ending = true;
  process.stderr.write(`\n${reason}: ending every server the bench started\n`);
  void cleanUp().finally(() => process.exit(code));
}
process.once('SIGINT', () => abort('interrupted', 130));
process.once('SIGTERM', () => abort('terminated', 143));
process.once('exit', () => killServerProcesses());
setTimeout(() => abort(`the bench ran past its limit of ${BENCH_LIMIT_MS / 60_000} minutes`, 1), BENCH_LIMIT_MS).unref();

// ---------- one configuration ----------

const START_COMMAND = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;

async function measure(label: string, dialect: 'sqlite' | 'postgres', instanceCount: number): Promise<Outcome> {
  const loadBefore = loadavg()[0]!;
  const problems: string[] = [];
  const schema = dialect === 'postgres' ? `bench_load_${randomBytes(5).toString('hex')}` : undefined;
  if (schema) schemas.add(schema);
  // One data directory per instance: on PostgreSQL it holds only the instance's snapshots; on SQLite the database.
  const dirs = Array.from({ length: instanceCount }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'isa-bench-load-'));
    dataDirs.add(dir);
    return dir;
  });
  const envOf = (dir: string) => ({
    DATA_DIR: dir,
    DATABASE_URL: schema ? POSTGRES_URL : '',
    DATABASE_SCHEMA: schema ?? '',
    DEMO_COMPANIES: String(COMPANIES),
    DEMO_PAST_EVENTS: '0',
    REPORT_INTERVAL_MINUTES: '0',
    RATE_LIMIT_PER_MINUTE: '0',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
  });
  const open = () => (schema ? openDatabase({ databaseUrl: POSTGRES_URL, pgSchema: schema }) : openDatabase({ dataDir: dirs[0]! }));
  const servers: ServerProcess[] = [];
  try {
    // The first seeds the database; the others start on it.
    for (const dir of dirs) {
      const server = await startServerProcess(START_COMMAND, envOf(dir));
      servers.push(server);
      await untilServing(server, START_LIMIT_MS);
    }
    const handle = open();
    const admin = (await createApiKey(handle.db, { name: 'load bench', role: 'admin' })).secret;
    const organiser = (await createApiKey(handle.db, { name: 'load bench organiser', role: 'organiser' })).secret;
    await handle.close();
    const headers = { authorization: `Bearer ${admin}` };
    // Steady state: search answers (not 503 while its index is built) on every instance.
    for (const server of servers) {
      await until(server, 'search not ready', async () => ((await fetch(`${server.url}/search?q=battery&limit=1`, { headers })).ok ? true : undefined), START_LIMIT_MS);
    }
    const target = { app: servers[0]!.url, keys: { admin, organiser } };
    const fixture = await scheduleFixture(target, { participants: 120, tables: 12, wishesEach: 3, maxMeetings: 8, timeLimitSeconds: Math.max(5, Math.min(30, Math.round(SECONDS / 3))), name: 'Load bench' });

    // ---------- the load ----------
    const run = randomBytes(4).toString('hex');
    const marker = `Lastprobe ${run}`;
    const kinds = Object.fromEntries(KINDS.map((k) => [k, { sent: 0, statuses: new Map<number, number>(), latencies: [] as number[] }])) as Record<Kind, KindFigures>;
    const createdIds: string[] = [];
    /** Companies created in this run and not changed yet: targets once the demo companies are used up. */
    const unchanged: string[] = [];
    const changes: { id: string; text: string }[] = [];
    /** The first answer of each status other than 2xx, to say what went wrong. */
    const samples = new Map<number, string>();
    let next = 0;
    let creations = 0;
    let changeCount = 0;
    type Context = { kind?: Kind; started?: number; id?: string; text?: string };
    const jsonHeaders = { ...headers, 'content-type': 'application/json' };

    /** The next request of the cycle; a change turns into a creation when no company is left to change. */
    const setupRequest = (req: autocannon.Request, context: object): autocannon.Request => {
      const ctx = context as Context;
      const i = next++;
      const round = Math.floor(i / MIX.length);
      let kind = MIX[i % MIX.length]!;
      // Headers are copied for each request: autocannon writes Content-Length into the object it is given.
      const get = (path: string): autocannon.Request => ({ ...req, method: 'GET', path, headers: { ...headers }, body: undefined });
      let request: autocannon.Request | undefined;
      if (kind === 'change') {
        const target = changeCount < COMPANIES ? strided(changeCount, 7919) : unchanged.shift();
        if (target) {
          const text = `${marker} change ${changeCount++}`;
          ctx.id = target;
          ctx.text = text;
          request = { ...req, method: 'PATCH', path: `/companies/${target}`, headers: { ...jsonHeaders }, body: JSON.stringify({ description: { en: text } }) };
        } else kind = 'create';
      }
      if (kind === 'create') {
        const n = creations++;
        const place = NEW_COMPANY_PLACES[n % NEW_COMPANY_PLACES.length]!;
        const body = { name: `${marker} ${n}`, country: place.country, cityId: place.cityId, industries: [{ code: place.code }], size: { employees: 20 + (n % 500) } };
        request = { ...req, method: 'POST', path: '/companies', headers: { ...jsonHeaders }, body: JSON.stringify(body) };
      }
      if (kind === 'company') request = get(`/companies/${strided(i, 104729)}`);
      if (kind === 'cities') request = get(CITY_PAGES[round % CITY_PAGES.length]!);
      if (kind === 'search') request = get(`/search?q=${encodeURIComponent(SEARCHES[(round * 7 + i) % SEARCHES.length]!)}&limit=20`);
      if (kind === 'matches') request = get(`/companies/${strided(kinds.matches.sent, 7907)}/matches?limit=20`);
      kinds[kind].sent++;
      ctx.kind = kind;
      ctx.started = performance.now();
      return request!;
    };
    const onResponse = (status: number, body: string, context: object) => {
      const ctx = context as Context;
      const kind = ctx.kind!;
      const figures = kinds[kind];
      figures.latencies.push(performance.now() - ctx.started!);
      figures.statuses.set(status, (figures.statuses.get(status) ?? 0) + 1);
      if (kind === 'create' && status === 201) {
        const id = (JSON.parse(body) as { id: string }).id;
        createdIds.push(id);
        unchanged.push(id);
      } else if (kind === 'change' && status === 200) changes.push({ id: ctx.id!, text: ctx.text! });
      if (status >= 300 && !samples.has(status)) samples.set(status, `${kind} ${status}: ${body.slice(0, 300)}`);
    };

    let jobId: string | undefined;
    const scheduleStart = setTimeout(() => {
      void fetch(`${servers[servers.length - 1]!.url}/events/${fixture.eventId}/schedule`, { method: 'POST', headers: { authorization: `Bearer ${organiser}`, 'content-type': 'application/json' }, body: '{}' })
        .then(async (res) => {
          const text = await res.text();
          if (res.status === 202) jobId = (JSON.parse(text) as { id: string }).id;
          else problems.push(`the schedule run was refused: ${res.status} ${text.slice(0, 200)}`);
        })
        .catch((err: unknown) => problems.push(`the schedule run could not be started: ${String(err)}`));
    }, (SECONDS * 1000) / 4);

    log(`${label}: ${CONNECTIONS} connections for ${SECONDS} s over ${servers.length} instance(s) (load average ${loadavg()[0]!.toFixed(2)})`);
    const result = await autocannon({
      // autocannon takes several URLs and deals its connections out over them in turn (its types say one).
      url: servers.map((s) => s.url) as unknown as string,
      connections: CONNECTIONS,
      duration: SECONDS,
      timeout: REQUEST_TIMEOUT_S,
      requests: [{ setupRequest, onResponse }],
    });
    clearTimeout(scheduleStart);

    // ---------- afterwards: the schedule run, then every acknowledged write ----------
    let job = 'not started';
    if (jobId) {
      job = await waitForJob({ app: servers[0]!.url, keys: target.keys }, jobId, undefined, JOB_LIMIT_MS)
        .then((j) => j.status)
        .catch((err: unknown) => `not ended (${(err as Error).message.slice(0, 120)})`);
    }
    if (job !== 'succeeded') problems.push(`the schedule job: ${job}`);
    problems.push(...samples.values());
    for (const k of KINDS) {
      const other = [...kinds[k].statuses].filter(([status]) => status >= 300);
      if (other.length) problems.push(`${KIND_NAMES[k]}: ${other.map(([status, n]) => `${n} × ${status}`).join(', ')} (of ${kinds[k].latencies.length})`);
    }

    // Stopped gracefully first: what the database holds afterwards is what an acknowledgement promised.
    await Promise.all(servers.map((s) => s.stop()));
    const check = open();
    let created: Outcome['created'];
    let changed: Outcome['changed'];
    try {
      const rows = await check.db.selectFrom('companies').select('id').where('name', 'like', `${marker} %`).execute();
      const present = new Set(rows.map((r) => r.id));
      created = { acked: createdIds.length, kept: createdIds.filter((id) => present.has(id)).length, rows: rows.length };
      const descriptions = new Map<string, string>();
      const ids = changes.map((c) => c.id);
      for (let at = 0; at < ids.length; at += 500) {
        for (const r of await check.db.selectFrom('companies').select(['id', 'description']).where('id', 'in', ids.slice(at, at + 500)).execute()) descriptions.set(r.id, r.description ?? '');
      }
      changed = { acked: changes.length, kept: changes.filter((c) => descriptions.get(c.id)?.includes(c.text)).length };
    } finally {
      await check.close();
    }
    if (created.kept < created.acked) problems.push(`${created.acked - created.kept} acknowledged creations missing`);
    if (changed.kept < changed.acked) problems.push(`${changed.acked - changed.kept} acknowledged changes missing`);
    if (result.non2xx || result.errors) problems.push(`${result.non2xx} non-2xx answers, ${result.errors} socket errors (${result.timeouts} timeouts)`);
    if (problems.length) {
      for (const [i, s] of servers.entries()) problems.push(`instance ${i + 1}'s last output: ${s.stdout().slice(-1500)}\n${s.stderr().slice(-500)}`);
    }
    const fiveXx = KINDS.reduce((sum, k) => sum + [...kinds[k].statuses].filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0), 0);
    return {
      label,
      instances: instanceCount,
      dialect,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      answered: KINDS.reduce((sum, k) => sum + kinds[k].latencies.length, 0),
      non2xx: result.non2xx,
      fiveXx,
      socketErrors: result.errors,
      timeouts: result.timeouts,
      kinds,
      created,
      changed,
      job,
      loadAverage: [loadBefore, loadavg()[0]!],
      problems,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
    for (const dir of dirs) {
      rmSync(dir, { recursive: true, force: true });
      dataDirs.delete(dir);
    }
    if (schema) {
      await dropSchema(schema).catch(() => undefined);
      schemas.delete(schema);
    }
  }
}

// ---------- the run ----------

const fixed = (n: number, digits = 0) => n.toFixed(digits);
const lostOf = (o: Outcome) => o.created.acked - o.created.kept + (o.changed.acked - o.changed.kept);

function table(outcomes: Outcome[]): string {
  const lines = [
    '| Configuration | req/s | p50 ms | p99 ms | answered | non-2xx (5xx) | socket errors (timeouts) | creations acked / kept | changes acked / kept | lost writes | schedule job | load avg start → end |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const o of outcomes) {
    lines.push(
      `| ${o.label} | ${fixed(o.rps)} | ${o.p50} | ${o.p99} | ${o.answered} | ${o.non2xx} (${o.fiveXx}) | ${o.socketErrors} (${o.timeouts}) | ${o.created.acked} / ${o.created.kept} | ${o.changed.acked} / ${o.changed.kept} | ${lostOf(o)} | ${o.job} | ${fixed(o.loadAverage[0], 2)} → ${fixed(o.loadAverage[1], 2)} |`,
    );
  }
  return lines.join('\n');
}

function kindTable(outcomes: Outcome[]): string {
  const lines = [`| Request | ${outcomes.map((o) => o.label).join(' | ')} |`, `|---|${outcomes.map(() => '---:').join('|')}|`];
  for (const k of KINDS) {
    const cell = (o: Outcome) => {
      const f = o.kinds[k];
      return f.latencies.length ? `${f.latencies.length}: ${fixed(percentile(f.latencies, 0.5))} / ${fixed(percentile(f.latencies, 0.99))}` : '–';
    };
    lines.push(`| ${KIND_NAMES[k]} | ${outcomes.map(cell).join(' | ')} |`);
  }
  return lines.join('\n');
}

const KIND_NAMES: Record<Kind, string> = {
  company: 'GET /companies/:id',
  cities: 'GET /cities',
  search: 'GET /search?q=',
  matches: 'GET /companies/:id/matches',
  create: 'POST /companies',
  change: 'PATCH /companies/:id',
};

async function main(): Promise<void> {
  const loadStart = loadavg()[0]!;
  const startedAt = new Date();
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: projectRoot, stdio: 'ignore' });
  const postgres = await postgresReachable();
  const only = new Set(args.only.split(','));
  const configurations = (
    [
      ['sqlite', 'SQLite, 1 instance', 'sqlite', 1],
      ['postgres', 'PostgreSQL, 1 instance', 'postgres', 1],
      ['postgres-2', 'PostgreSQL, 2 instances', 'postgres', 2],
    ] as const
  ).filter(([name]) => only.has(name));
  const outcomes: Outcome[] = [];
  for (const [, label, dialect, count] of configurations) {
    if (dialect === 'postgres' && !postgres.ok) {
      log(`${label}: not run, no PostgreSQL at ${POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')} (${postgres.reason})`);
      continue;
    }
    const outcome = await measure(label, dialect, count);
    outcomes.push(outcome);
    log(`${label}: ${fixed(outcome.rps)} req/s, p50 ${outcome.p50} ms, p99 ${outcome.p99} ms, ${outcome.non2xx} non-2xx, ${outcome.socketErrors} socket errors, ${lostOf(outcome)} lost writes, schedule ${outcome.job}`);
    for (const p of outcome.problems) log(`  problem: ${p}`);
  }
  const loadEnd = loadavg()[0]!;
  const command = `npm run bench:load${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const body = [
    `Machine: ${machine()}. Date: ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Command: \`${command}\`. Load average (1 min) at start ${fixed(loadStart, 2)}, at end ${fixed(loadEnd, 2)}.`,
    `${CONNECTIONS} connections for ${SECONDS} s against each configuration in turn, the servers started by \`npm start\`'s command on 127.0.0.1 with ${COMPANIES} demo companies. The mix: ${MIX_TEXT}; match lists walk all ${COMPANIES} demo companies before repeating one; a schedule run (120 participants, 12 tables) is started a quarter into the load. One admin key sends everything, so the servers run with RATE_LIMIT_PER_MINUTE=0: this measures capacity, not the rate limiter. Two instances share one PostgreSQL schema, each with its own DATA_DIR, and the connections alternate between them.`,
    'Socket errors include timeouts (no answer within 10 s). Lost writes: acknowledged creations (201) missing from the database, and acknowledged changes (200) whose marker is not in the changed company, counted after the servers stopped.',
    table(outcomes),
    'Per request (answered: p50 / p99 ms, measured by the bench from sending to the whole answer):',
    kindTable(outcomes),
  ].join('\n\n');
  log(`\n${body}\n`);
  if (!args['no-report']) writeSection('## Load (`npm run bench:load`)', body);
  if (outcomes.some((o) => o.problems.length)) process.exitCode = 1;
}

try {
  await main();
} finally {
  await cleanUp();
}
