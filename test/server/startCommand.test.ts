/**
 * `npm start` as a user runs it: the start script (server/start.mjs) runs the compiled bundle, on a fresh
 * data directory (first start: migrations, the alliance's data, 2,000 demo companies, the admin key printed
 * once), then again on the same directory (a restart restores the matcher's snapshots). The other API
 * tests import the app from its sources; only this one runs what esbuild made of them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { scripts: Record<string, string> };
const dataDir = mkdtempSync(join(tmpdir(), 'isa-start-'));
const running: ChildProcess[] = [];

/** A port free on 127.0.0.1 now (the server binds it a moment later). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Started {
  url: string;
  stdout: () => string;
  stop: () => Promise<void>;
}

/** Runs package.json's start script in its own process group (so that stopping it ends what it spawned). */
async function start(): Promise<Started> {
  const port = await freePort();
  const child = spawn('sh', ['-c', `exec ${pkg.scripts.start}`], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.push(child);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    stdout: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

/** Polls until `check` returns a value, the server exits, or `limitMs` pass. */
async function until<T>(server: Started, what: string, check: () => Promise<T | undefined>, limitMs = 90_000): Promise<T> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} within ${limitMs / 1000} s; the server said: ${server.stdout().slice(-2000)}`);
}

const matchesPath = '/companies/demo-000001/matches?limit=10';

async function matchList(server: Started, key: string): Promise<unknown> {
  return until(server, 'no match list', async () => {
    const res = await fetch(server.url + matchesPath, { headers: { authorization: `Bearer ${key}` } });
    return res.ok ? ((await res.json()) as unknown) : undefined;
  });
}

afterAll(async () => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('starts on a fresh directory, answers, and restarts from its snapshots to the same answers', { timeout: 240_000 }, async () => {
    const first = await start();
    const key = await until(first, 'no admin key printed', async () => /isa_[A-Za-z0-9_-]{40,}/.exec(first.stdout())?.[0]);
    const health = await until(first, 'no health', async () => {
      const res = await fetch(`${first.url}/health`);
      return res.ok ? res : undefined;
    });
    expect(health.status).toBe(200);
    const before = await matchList(first, key);
    expect((before as { items: unknown[] }).items.length).toBe(10);
    // Bad input: a problem document naming the field, not a 500.
    const bad = await fetch(`${first.url}/companies/demo-000001/matches?limit=many`, { headers: { authorization: `Bearer ${key}` } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(await bad.json())).toContain('limit');
    // The matcher writes its index snapshot after the build; a restart finds it.
    await until(first, 'no index snapshot written', async () => (readdirSync(dataDir).some((name) => /^match-index-.*\.v8$/.test(name)) ? true : undefined));
    await first.stop();

    const second = await start();
    const after = await matchList(second, key);
    expect(after).toEqual(before);
    expect(second.stdout()).not.toContain('First start');
    await second.stop();
  });
});
