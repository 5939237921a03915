/**
 * The snapshots a CLI saves (data/snapshots/) are the ones the server loads: `npm run seed` on a fresh
 * SQLite database, then the server's first start restores the matcher and loads the search index instead
 * of building them, and a server that builds them from the same database itself saves the same bytes
 * under the same names.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { boot, closeContext } from '../../server/bootstrap.ts';
import { MatchService } from '../../server/services/matching.ts';
import { SearchService } from '../../server/services/search.ts';

const root = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'isa-cli-snapshots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PREFIXES = ['search-index-', 'match-sources-', 'match-index-'];
/** The snapshot files in `dir`, by name, with their bytes. */
const snapshots = () => new Map(readdirSync(dir).filter((name) => PREFIXES.some((p) => name.startsWith(p)) && !name.endsWith('.tmp')).map((name) => [name, readFileSync(join(dir, name))]));

type Message = { msg: string; snapshot?: boolean; indexSnapshot?: boolean; companies?: number };

describe('the snapshots saved by npm run seed', () => {
  it('are loaded on the first start, and are what the server itself would save', async () => {
    const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'data/cli/seed.ts', '--companies', '400', '--past-events', '2'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    });
    expect(seeded.stderr).toBe('');
    expect(seeded.status).toBe(0);
    expect(seeded.stdout).toMatch(/search index of \d+ documents saved/);
    expect(seeded.stdout).toMatch(/match snapshots saved/);
    const saved = snapshots();
    expect([...saved.keys()].map((name) => PREFIXES.find((p) => name.startsWith(p))).sort()).toEqual([...PREFIXES].sort());

    const messages: Message[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void messages.push(JSON.parse(line)) });
    // As `npm start` after seeding: no demo companies of its own (it keeps the seeded ones either way).
    const { ctx } = await boot({ dataDir: dir, demoCompanies: 0, log, reportIntervalMinutes: 0 });
    try {
      await ctx.search.build(ctx.db);
      expect(messages.find((m) => m.msg === 'built the matching index')).toMatchObject({ snapshot: true, indexSnapshot: true });
      expect(messages.map((m) => m.msg)).toContain('loaded the search index');
      expect(messages.map((m) => m.msg)).not.toContain('built the search index');
      const found = await ctx.search.search('battery', { kinds: ['company'], limit: 5, offset: 0 });
      expect(found.items.length).toBeGreaterThan(0);
      expect((await ctx.search.search('科隆', { kinds: ['city'], limit: 1, offset: 0 })).items[0]?.id).toBe('de-koeln');
      await ctx.matching.snapshotSaved;
      // Nothing was rewritten by the start.
      expect(snapshots()).toEqual(saved);

      // Without the files, the server builds from the same companies and saves the same bytes.
      for (const name of saved.keys()) rmSync(join(dir, name));
      messages.length = 0;
      const matching = new MatchService(ctx.taxonomy, log, { snapshotDir: dir });
      await matching.build(ctx.db);
      await matching.snapshotSaved;
      expect(messages.find((m) => m.msg === 'built the matching index')).toMatchObject({ snapshot: false, indexSnapshot: false });
      const search = new SearchService(ctx.taxonomy, log, { snapshotDir: dir });
      try {
        await search.build(ctx.db);
        expect(messages.find((m) => m.msg === 'built the search index')).toMatchObject({ snapshot: false, companies: 400 + 88 });
        await vi.waitFor(() => expect(messages.map((m) => m.msg)).toContain('saved the search index'), { timeout: 30_000, interval: 50 });
      } finally {
        await search.close();
      }
      expect(snapshots()).toEqual(saved);
    } finally {
      await closeContext(ctx);
    }
  }, 180_000);
});
