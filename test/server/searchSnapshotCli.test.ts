/**
 * The search index a CLI saves is the one the server loads: `npm run seed` on a fresh SQLite database,
 * then the server's first start loads the seeded companies' index instead of building it, and a server
 * that builds the index of the same database itself saves the same bytes under the same name.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { boot } from '../../server/bootstrap.ts';
import { SearchService } from '../../server/services/search.ts';

const root = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'isa-search-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const snapshots = () => readdirSync(dir).filter((name) => name.startsWith('search-index-') && name.endsWith('.v8'));

describe('the search index saved by npm run seed', () => {
  it('is loaded on the first start, and is what the server itself would save', async () => {
    const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'data/cli/seed.ts', '--companies', '400', '--past-events', '2'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    });
    expect(seeded.stderr).toBe('');
    expect(seeded.status).toBe(0);
    expect(seeded.stdout).toMatch(/search index of \d+ documents saved/);
    expect(snapshots()).toHaveLength(1);
    const [name] = snapshots() as [string];
    const saved = readFileSync(join(dir, name));

    const messages: { msg: string; snapshot?: boolean; companies?: number }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void messages.push(JSON.parse(line)) });
    // As `npm start` after seeding: no demo companies of its own (it keeps the seeded ones either way).
    const { ctx } = await boot({ dataDir: dir, demoCompanies: 0, log, reportIntervalMinutes: 0 });
    try {
      await ctx.search.build(ctx.db);
      expect(messages.map((m) => m.msg)).toContain('loaded the search index');
      expect(messages.map((m) => m.msg)).not.toContain('built the search index');
      const found = await ctx.search.search('battery', { kinds: ['company'], limit: 5, offset: 0 });
      expect(found.items.length).toBeGreaterThan(0);
      expect((await ctx.search.search('科隆', { kinds: ['city'], limit: 1, offset: 0 })).items[0]?.id).toBe('de-koeln');

      // Without the file, the server builds the index of the same companies and saves the same bytes.
      rmSync(join(dir, name));
      messages.length = 0;
      const service = new SearchService(ctx.taxonomy, log, { snapshotDir: dir });
      try {
        await service.build(ctx.db);
        expect(messages.find((m) => m.msg === 'built the search index')).toMatchObject({ snapshot: false, companies: 400 + 88 });
        await vi.waitFor(() => expect(messages.map((m) => m.msg)).toContain('saved the search index'), { timeout: 30_000, interval: 50 });
        expect(snapshots()).toEqual([name]);
        expect(readFileSync(join(dir, name)).equals(saved)).toBe(true);
      } finally {
        await service.close();
      }
    } finally {
      await ctx.search.close();
      await ctx.scheduling.close();
      await ctx.tuning.close();
      await ctx.reports.close();
      await ctx.database.close();
    }
  }, 180_000);
});
