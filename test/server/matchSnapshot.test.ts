/**
 * The matcher's snapshot of the companies' rows (data/snapshots/match.ts): written after a build
 * from the database, read on the next start while the companies are at the same version, never after a
 * write to them (their rows, industries or wishes), and not trusted when it does not add up.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCompanyMatchSources } from '../../data/repositories/matching.ts';
import { DEFAULT_PROFILE } from '../../engine/matching/score.ts';
import { MatchService } from '../../server/services/matching.ts';
import { silentLog, testApp, type TestApp } from '../helpers.ts';

describe('match snapshot', () => {
  let t: TestApp;
  let dir: string;
  const messages: { msg: string; snapshot?: boolean; indexSnapshot?: boolean }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void messages.push(JSON.parse(line)) });

  beforeAll(async () => {
    t = await testApp({ demoCompanies: 150 });
    dir = mkdtempSync(join(tmpdir(), 'isa-match-snapshot-'));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const snapshots = () => readdirSync(dir).filter((name) => name.startsWith('match-sources-'));
  const indexSnapshots = () => readdirSync(dir).filter((name) => name.startsWith('match-index-'));
  /** A matcher started on the test database with `dir` for its snapshot; whether it read the snapshot. */
  const started = async () => {
    messages.length = 0;
    const service = new MatchService(t.ctx.taxonomy, log, { snapshotDir: dir });
    await service.build(t.ctx.db);
    await service.snapshotSaved;
    const built = messages.find((m) => m.msg === 'built the matching index')!;
    return { service, fromSnapshot: built.snapshot, indexRestored: built.indexSnapshot };
  };
  const fromDatabase = async () => {
    const service = new MatchService(t.ctx.taxonomy, silentLog);
    await service.build(t.ctx.db);
    return service;
  };
  const list = (service: MatchService, id: string) =>
    service.match(service.featuresOf(`company:${id}`)!, DEFAULT_PROFILE, { target: 'companies', limit: 20, offset: 0, countries: 'cross', lang: 'en' }).items;
  const ids = async () => (await t.ctx.db.selectFrom('companies').select('id').orderBy('id').execute()).map((r) => r.id);

  it('is written after a build from the database and read on the next start, with the same features and lists', async () => {
    const first = await started();
    expect(first.fromSnapshot).toBe(false);
    expect(first.indexRestored).toBe(false);
    expect(snapshots()).toHaveLength(1);
    expect(indexSnapshots()).toHaveLength(1);
    const second = await started();
    expect(second.fromSnapshot).toBe(true);
    expect(second.indexRestored).toBe(true);
    const reference = await fromDatabase();
    expect(second.service.size).toBe(reference.size);
    for (const id of await ids()) {
      expect(second.service.featuresOf(`company:${id}`)).toEqual(reference.featuresOf(`company:${id}`));
    }
    for (const id of (await ids()).slice(0, 20)) expect(list(second.service, id)).toEqual(list(reference, id));
    expect(snapshots()).toHaveLength(1);
    expect(indexSnapshots()).toHaveLength(1);
  });

  it.each([
    ['a company row', (id: string) => sql`update companies set name = 'Snapshotprobe GmbH' where id = ${id}`],
    ['an industry', (id: string) => sql`update company_industries set nace_code = '10.51' where company_id = ${id}`],
    ['a wish', (id: string) => sql`update wishes set target_country = 'DE' where owner_type = 'company' and owner_id = ${id}`],
  ])('is not read after a plain write to %s, and is replaced', async (_what, write) => {
    await started();
    const before = snapshots();
    const indexBefore = indexSnapshots();
    const id = (await t.ctx.db.selectFrom('wishes').select('owner_id').where('owner_type', '=', 'company').orderBy('owner_id').executeTakeFirstOrThrow()).owner_id;
    await write(id).execute(t.ctx.db);
    const after = await started();
    expect(after.fromSnapshot).toBe(false);
    expect(after.indexRestored).toBe(false);
    const reference = await fromDatabase();
    expect(after.service.featuresOf(`company:${id}`)).toEqual(reference.featuresOf(`company:${id}`));
    expect(snapshots()).toHaveLength(1);
    expect(snapshots()).not.toEqual(before);
    expect(indexSnapshots()).toHaveLength(1);
    expect(indexSnapshots()).not.toEqual(indexBefore);
    const restarted = await started();
    expect(restarted).toMatchObject({ fromSnapshot: true, indexRestored: true });
    // The changed company is ranked from its new row by the restored index too.
    for (const subject of ['demo-000001', id]) expect(list(restarted.service, subject)).toEqual(list(reference, subject));
  });

  it('is not trusted when it does not add up: the rows are read from the database', async () => {
    await started();
    const [file] = snapshots();
    writeFileSync(join(dir, file!), Buffer.from([1, 0, 0, 0, 2, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 91, 93]));
    const again = await started();
    expect(again.fromSnapshot).toBe(false);
    expect(messages.map((m) => m.msg)).toContain('could not read a match snapshot; building without it');
    expect(again.service.size).toBe((await fromDatabase()).size);
  });

  it('after a restore, makes features when asked for and follows writes to companies not asked for yet', async () => {
    await started();
    const restored = await started();
    expect(restored.indexRestored).toBe(true);
    const reference = await fromDatabase();
    const all = await ids();
    const [removed, changed, asked] = [all[3]!, all[4]!, all[5]!];
    expect(restored.service.featuresOf(`company:${asked}`)).toEqual(reference.featuresOf(`company:${asked}`));
    // Written before their features were ever made: the write wins over the deferred row.
    const row = (await loadCompanyMatchSources(t.ctx.db)).find((c) => c.id === changed)!;
    const renamed = { ...row, name: 'Renamed GmbH', wishes: [] };
    for (const service of [restored.service, reference]) {
      service.removeCompany(removed);
      service.upsertCompany(renamed);
    }
    expect(restored.service.featuresOf(`company:${removed}`)).toBeUndefined();
    expect(restored.service.featuresOf(`company:${changed}`)).toEqual(reference.featuresOf(`company:${changed}`));
    expect(restored.service.featuresOf(`company:${changed}`)!.name).toBe('Renamed GmbH');
    for (const id of all.slice(0, 12)) if (id !== removed) expect(list(restored.service, id)).toEqual(list(reference, id));
    // With a filter on every candidate's features, and once all are made in the background.
    const filtered = (service: MatchService) =>
      service.match(service.featuresOf(`company:${asked}`)!, DEFAULT_PROFILE, { target: 'companies', limit: 20, offset: 0, countries: 'any', lang: 'en', accept: (c) => c.sizeClass === 1 }).items;
    expect(filtered(restored.service)).toEqual(filtered(reference));
    const deferred = () => (restored.service as unknown as { features: { deferred: Map<string, number> } }).features.deferred.size;
    expect(deferred()).toBeGreaterThan(0);
    await vi.waitUntil(() => deferred() === 0, { timeout: 5000 });
    for (const id of all) expect(restored.service.featuresOf(`company:${id}`)).toEqual(reference.featuresOf(`company:${id}`));
  });

  it('builds the index when its snapshot cannot be read, and lists as a build from the database', async () => {
    await started();
    const [file] = indexSnapshots();
    writeFileSync(join(dir, file!), Buffer.from([255, 15, 111, 34, 1]));
    const again = await started();
    expect(again).toMatchObject({ fromSnapshot: true, indexRestored: false });
    expect(messages.map((m) => m.msg)).toContain('could not read a match snapshot; building without it');
    expect(list(again.service, 'demo-000002')).toEqual(list(await fromDatabase(), 'demo-000002'));
    // Written anew from the build: the next start restores it.
    expect(await started()).toMatchObject({ fromSnapshot: true, indexRestored: true });
  });
});
