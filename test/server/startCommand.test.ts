/**
 * `npm start` as a user runs it: the start script (server/start.mjs) runs the compiled bundle, on a fresh
 * data directory (first start: migrations, the alliance's data, 2,000 demo companies, the admin key printed
 * once), then again on the same directory (a restart restores the matcher's snapshots). The other API
 * tests import the app from its sources; only this one runs what esbuild made of them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killServerProcesses, startServerProcess, until, type ServerProcess } from '../serverProcess.ts';

const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { scripts: Record<string, string> };
const dataDir = mkdtempSync(join(tmpdir(), 'isa-start-'));

/** Runs package.json's start script (on `dir`, with more `env`). */
const start = (dir = dataDir, env: Record<string, string> = {}) => startServerProcess(pkg.scripts.start!, { DATA_DIR: dir, DATABASE_URL: '', ...env });
const modeOf = (path: string) => statSync(path).mode & 0o777;

const matchesPath = '/companies/demo-000001/matches?limit=10';

async function matchList(server: ServerProcess, key: string): Promise<unknown> {
  return until(server, 'no match list', async () => {
    const res = await fetch(server.url + matchesPath, { headers: { authorization: `Bearer ${key}` } });
    return res.ok ? ((await res.json()) as unknown) : undefined;
  });
}

afterAll(async () => {
  killServerProcesses();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('starts on a fresh directory, answers, and restarts from its snapshots to the same answers', { timeout: 240_000 }, async () => {
    const first = await start(dataDir, { LOG_LEVEL: 'info' });
    const key = await until(first, 'no admin key printed', async () => /isa_[A-Za-z0-9_-]{40,}/.exec(first.stderr())?.[0]);
    expect(readFileSync(join(dataDir, 'first-admin-key.txt'), 'utf8').trim()).toBe(key);
    expect(modeOf(join(dataDir, 'first-admin-key.txt'))).toBe(0o600);
    expect(modeOf(join(dataDir, 'isa-match.sqlite'))).toBe(0o600);
    const health = await until(first, 'no health', async () => {
      const res = await fetch(`${first.url}/health`);
      return res.ok ? res : undefined;
    });
    expect(health.status).toBe(200);
    // The secret went to the terminal (stderr) and a file only this user reads, never into the JSON log.
    await until(first, 'no start logged', async () => (first.stdout().includes('isa-match is serving') ? true : undefined));
    expect(first.stdout()).not.toContain(key);
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
    expect(second.stdout() + second.stderr()).not.toContain('First start');
    await second.stop();
  });

  it('keeps the first admin key when the first start fails (its port is taken), and the next start serves with it', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isa-start-busy-'));
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const busyPort = String((blocker.address() as { port: number }).port);
      const failed = await start(dir, { PORT: busyPort, DEMO_COMPANIES: '20', DEMO_PAST_EVENTS: '0' });
      expect(await failed.exited).not.toBe(0);
      const key = readFileSync(join(dir, 'first-admin-key.txt'), 'utf8').trim();
      expect(failed.stderr()).toContain(key);
      const next = await start(dir, { DEMO_COMPANIES: '20', DEMO_PAST_EVENTS: '0' });
      const me = await until(next, 'the saved key is not accepted', async () => {
        const res = await fetch(`${next.url}/auth/me`, { headers: { authorization: `Bearer ${key}` } });
        return res.ok ? ((await res.json()) as { role: string }) : undefined;
      });
      expect(me.role).toBe('admin');
      await next.stop();
    } finally {
      blocker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
