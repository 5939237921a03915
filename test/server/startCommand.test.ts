/**
 * `npm start` as a user runs it: the start script (server/start.mjs) runs the compiled bundle, on a fresh
 * data directory (first start: migrations, the alliance's data, 2,000 demo companies, the admin key printed
 * once), then again on the same directory (a restart restores the matcher's snapshots). The other API
 * tests import the app from its sources; only this one runs what esbuild made of them.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killServerProcesses, startServerProcess, until, type ServerProcess } from '../serverProcess.ts';

const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { scripts: Record<string, string> };
const dataDir = mkdtempSync(join(tmpdir(), 'isa-start-'));

/** Runs package.json's start script. */
const start = () => startServerProcess(pkg.scripts.start!, { DATA_DIR: dataDir, DATABASE_URL: '' });

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
    const first = await start();
    const key = await until(first, 'no admin key printed', async () => /isa_[A-Za-z0-9_-]{40,}/.exec(first.stdout() + first.stderr())?.[0]);
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
    expect(second.stdout() + second.stderr()).not.toContain('First start');
    await second.stop();
  });
});
