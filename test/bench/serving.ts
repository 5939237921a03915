/**
 * The serving half of `npm run bench:match`: starts the server of a source tree the way `npm start` does
 * (its package.json's start script, run directly, not through npm), on 127.0.0.1, and measures
 * - start to first answered match list: a first start on a fresh database (seeding 2,000 demo companies),
 *   a restart at 2,000, a start and a restart at N companies seeded by the CLI beforehand;
 * - start to search ready (the first answered /search);
 * - autocannon against the match route with the result cache off and on.
 * Every server is bounded in time (SERVER_LIMIT_MS) and killed by its process group id.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

/** No server of the bench lives longer than this, whatever happens to the bench. */
const SERVER_LIMIT_MS = 900_000;
const READY_LIMIT_MS = 120_000;
/** Search may take minutes to build on a busy machine: past this the figure is reported as more than it. */
export const SEARCH_LIMIT_MS = 600_000;

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
}

export interface ServingFigures {
  label: string;
  firstStart2kMs: number;
  restart2kMs: number;
  /** The first start after the CLI seeded N companies, and its search index ready. */
  start100kMs: number;
  searchFirst100kMs: number;
  restart100kMs: number;
  searchRestart100kMs: number;
  uncached: LoadResult;
  cached: LoadResult;
  /** The machine's 1-minute load average when this tree's runs began and ended. */
  loadAverage: [number, number];
}

interface Running {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  startedAt: number;
  stop: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A source tree to measure: its directory and the command its `npm start` runs. */
export class ServedTree {
  readonly startCommand: string;

  constructor(
    readonly label: string,
    readonly dir: string,
  ) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    this.startCommand = pkg.scripts.start!;
    // What `npm install` left behind (prepare): a tree with a server build step has it built before start.
    if (pkg.scripts['build:server']) execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: dir, stdio: 'ignore' });
  }

  private cli(env: NodeJS.ProcessEnv, args: string[]): string {
    return execFileSync(process.execPath, ['--import', 'tsx', ...args], { cwd: this.dir, env, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  }

  /** Seeds by the tree's CLI; milliseconds it took (with the search index it saves, where it does). */
  seed(env: NodeJS.ProcessEnv, companies: number): number {
    const started = performance.now();
    this.cli(env, ['data/cli/seed.ts', '--companies', String(companies)]);
    return performance.now() - started;
  }

  createKey(env: NodeJS.ProcessEnv): string {
    return /isa_[A-Za-z0-9_-]{40,}/.exec(this.cli(env, ['data/cli/keys.ts', 'create', '--role', 'analyst', '--name', 'bench']))![0];
  }

  start(env: NodeJS.ProcessEnv): Running {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const startedAt = performance.now();
    const child = spawn('sh', ['-c', `exec ${this.startCommand}`], {
      cwd: this.dir,
      env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    const limit = setTimeout(() => kill('SIGKILL'), SERVER_LIMIT_MS);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return {
      child,
      url: `http://127.0.0.1:${port}`,
      stdout: () => out,
      startedAt,
      stop: async () => {
        kill('SIGTERM');
        const hard = setTimeout(() => kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(hard);
        clearTimeout(limit);
      },
    };
  }
}

/** Milliseconds from start until `path` answers 2xx (polled), or an error after `limitMs`. */
async function answeredAfter(server: Running, path: string, key: () => string | undefined, everyMs: number, limitMs = READY_LIMIT_MS): Promise<number> {
  while (performance.now() - server.startedAt < limitMs) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error(`the server exited (${server.child.exitCode ?? server.child.signalCode}) before ${path} answered: ${server.stdout().slice(-1000)}`);
    const secret = key();
    if (secret) {
      const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${secret}` } }).catch(() => undefined);
      if (res?.ok) return performance.now() - server.startedAt;
      await res?.arrayBuffer();
    }
    await sleep(everyMs);
  }
  throw new Error(`${path} did not answer within ${limitMs / 1000} s`);
}

const firstMatchList = (server: Running, key: () => string | undefined) => answeredAfter(server, '/companies/demo-000001/matches?limit=20', key, 20);
/** Infinity when search is not ready within SEARCH_LIMIT_MS (the load runs then share the CPU with its build). */
const searchReady = (server: Running, key: () => string | undefined) => answeredAfter(server, '/search?q=battery&limit=1', key, 100, SEARCH_LIMIT_MS).catch(() => Infinity);

async function load(url: string, key: string, companies: number, seconds: number): Promise<LoadResult> {
  const ids = Array.from({ length: 1000 }, (_, i) => `demo-${String(1 + ((i * 7919) % companies)).padStart(6, '0')}`);
  let next = 0;
  const result = await autocannon({
    url,
    connections: 16,
    duration: seconds,
    headers: { authorization: `Bearer ${key}` },
    requests: [{ setupRequest: (req) => ({ ...req, path: `/companies/${ids[next++ % ids.length]}/matches?limit=20` }) }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, total: result.requests.total };
}

/** Every serving figure of one tree, in one pass. */
export async function measureServing(tree: ServedTree, options: { companies: number; seconds: number; log: (line: string) => void }): Promise<ServingFigures> {
  const base = { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production' };
  const loadBefore = loadavg()[0]!;
  const small = mkdtempSync(join(tmpdir(), 'isa-bench-2k-'));
  const large = mkdtempSync(join(tmpdir(), 'isa-bench-large-'));
  try {
    // 2,000: the first start seeds the demo data itself and prints the first admin key.
    const env2k = { ...base, DATA_DIR: small, DEMO_COMPANIES: '2000' };
    let server = tree.start(env2k);
    let adminKey: string | undefined;
    const keyFromStdout = () => (adminKey ??= /isa_[A-Za-z0-9_-]{40,}/.exec(server.stdout())?.[0]);
    const firstStart2kMs = await firstMatchList(server, keyFromStdout).finally(() => server.stop());
    server = tree.start(env2k);
    const restart2kMs = await firstMatchList(server, () => adminKey).finally(() => server.stop());
    options.log(`${tree.label}: first start 2k ${Math.round(firstStart2kMs)} ms, restart ${Math.round(restart2kMs)} ms`);

    const envLarge = { ...base, DATA_DIR: large, DEMO_COMPANIES: '0' };
    tree.seed(envLarge, options.companies);
    const key = tree.createKey(envLarge);
    server = tree.start(envLarge);
    const start100kMs = await firstMatchList(server, () => key);
    const searchFirst100kMs = await searchReady(server, () => key).finally(() => server.stop());
    // The restart serves the uncached run, once search is ready (steady state: no build sharing the CPU).
    server = tree.start({ ...envLarge, MATCH_CACHE: '0' });
    let uncached: LoadResult, restart100kMs: number, searchRestart100kMs: number;
    try {
      restart100kMs = await firstMatchList(server, () => key);
      searchRestart100kMs = await searchReady(server, () => key);
      uncached = await load(server.url, key, options.companies, options.seconds);
    } finally {
      await server.stop();
    }
    options.log(`${tree.label}: ${options.companies} start ${Math.round(start100kMs)} ms (search ${Math.round(searchFirst100kMs)}), restart ${Math.round(restart100kMs)} ms (search ${Math.round(searchRestart100kMs)}), uncached ${Math.round(uncached.rps)}/s p99 ${uncached.p99}`);
    server = tree.start(envLarge);
    let cached: LoadResult;
    try {
      await searchReady(server, () => key);
      cached = await load(server.url, key, options.companies, options.seconds);
    } finally {
      await server.stop();
    }
    options.log(`${tree.label}: cached ${Math.round(cached.rps)}/s p99 ${cached.p99}`);
    return { label: tree.label, firstStart2kMs, restart2kMs, start100kMs, searchFirst100kMs, restart100kMs, searchRestart100kMs, uncached, cached, loadAverage: [loadBefore, loadavg()[0]!] };
  } finally {
    rmSync(small, { recursive: true, force: true });
    rmSync(large, { recursive: true, force: true });
  }
}

export interface SearchStartFigures {
  label: string;
  /** The seed CLI at N companies (the alliance's data, N demo companies, past events, and its snapshots). */
  seedMs: number;
  /** The first start after seeding: first match list, then search ready. */
  start100kMs: number;
  searchFirst100kMs: number;
  searchRestart100kMs: number;
  /** A start with every search snapshot removed: the server builds the index itself. */
  searchBuilt100kMs: number;
  loadAverage: [number, number];
}

/**
 * `--only search`: the search index's figures alone at N companies (seed, first start, restart, and a start
 * without any search snapshot, where the server builds the index), a few minutes instead of the whole bench.
 */
export async function measureSearchStart(tree: ServedTree, options: { companies: number; log: (line: string) => void }): Promise<SearchStartFigures> {
  const loadBefore = loadavg()[0]!;
  const large = mkdtempSync(join(tmpdir(), 'isa-bench-search-'));
  try {
    const env = { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production', DATA_DIR: large, DEMO_COMPANIES: '0' };
    const seedMs = tree.seed(env, options.companies);
    const key = tree.createKey(env);
    let server = tree.start(env);
    const start100kMs = await firstMatchList(server, () => key);
    const searchFirst100kMs = await searchReady(server, () => key).finally(() => server.stop());
    server = tree.start(env);
    const searchRestart100kMs = await searchReady(server, () => key).finally(() => server.stop());
    for (const name of readdirSync(large)) if (name.startsWith('search-index-')) rmSync(join(large, name));
    server = tree.start(env);
    const searchBuilt100kMs = await searchReady(server, () => key).finally(() => server.stop());
    const figures = { label: tree.label, seedMs, start100kMs, searchFirst100kMs, searchRestart100kMs, searchBuilt100kMs, loadAverage: [loadBefore, loadavg()[0]!] as [number, number] };
    options.log(JSON.stringify(figures));
    return figures;
  } finally {
    rmSync(large, { recursive: true, force: true });
  }
}
