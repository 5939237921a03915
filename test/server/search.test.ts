/** GET /search: three languages, public cities, companies with a key, follows writes. */
import request from 'supertest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findCompanyById } from '../../data/repositories/companies.ts';
import { bearer, silentLog, testApp, type TestApp } from '../helpers.ts';
import { createApp } from '../../server/app.ts';
import { SearchService } from '../../server/services/search.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ demoCompanies: 300 });
  await t.ctx.search.build(t.ctx.db);
});
afterAll(async () => t?.close());

const search = (q: string, extra = '', key?: string) => {
  const r = request(t.app).get(`/search?q=${encodeURIComponent(q)}${extra}`);
  return key ? r.set(bearer(key)) : r;
};
type Hit = { kind: string; id: string; name: string; country: string };

/** A search service of its own (its own worker), closed whatever the test does. */
async function withService(test: (service: SearchService) => Promise<void>): Promise<void> {
  const service = new SearchService(t.ctx.taxonomy, silentLog);
  try {
    await test(service);
  } finally {
    await service.close();
  }
}

describe('GET /search', () => {
  it('finds cities by name in German, English and Chinese, folded, without a key', async () => {
    for (const q of ['Köln', 'koeln', 'Cologne', '科隆']) {
      const res = await search(q).expect(200);
      expect(res.body.items[0], q).toMatchObject({ kind: 'city', id: 'de-koeln' });
    }
    const foshan = await search('佛山').expect(200);
    expect(foshan.body.items[0]).toMatchObject({ kind: 'city', id: 'cn-foshan' });
  });

  it('finds cities by cluster in any language', async () => {
    for (const q of ['新能源汽车', 'Elektromobilität', 'new-energy vehicles']) {
      const res = await search(q, '&kind=city').expect(200);
      expect(res.body.total, q).toBeGreaterThan(0);
      expect(res.body.items.every((h: Hit) => h.kind === 'city')).toBe(true);
    }
  });

  it('searches companies only with a key', async () => {
    expect((await search('battery', '&kind=company')).status).toBe(401);
    const anonymous = await search('battery').expect(200);
    expect(anonymous.body.items.every((h: Hit) => h.kind === 'city')).toBe(true);
    const res = await search('battery', '&kind=company&limit=5', t.keys.analyst).expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((h: Hit) => h.kind === 'company')).toBe(true);
    const cn = await search('电池', '&kind=company&country=CN', t.keys.analyst).expect(200);
    expect(cn.body.items.length).toBeGreaterThan(0);
    expect(cn.body.items.every((h: Hit) => h.country === 'CN')).toBe(true);
  });

  it('pages hits: limit and offset honoured, the total unchanged', async () => {
    const ids = (res: request.Response) => res.body.items.map((h: Hit) => h.id);
    const all = await search('battery', '&kind=company&limit=50', t.keys.analyst).expect(200);
    expect(all.body.total).toBeGreaterThan(4);
    const page = await search('battery', '&kind=company&limit=2&offset=2', t.keys.analyst).expect(200);
    expect(page.body).toMatchObject({ query: 'battery', total: all.body.total, limit: 2, offset: 2 });
    expect(ids(page)).toEqual(ids(all).slice(2, 4));
  });

  it('finds a new company at once, finds it changed, and forgets it after deletion', async () => {
    const created = await request(t.app)
      .post('/companies')
      .set(bearer(t.keys.admin))
      .send({ name: 'Zylinderkopfdichtungswerk Quappendorf GmbH', country: 'DE', description: { zh: '气缸盖垫片制造商' } })
      .expect(201);
    const id = created.body.id;
    expect((await search('Quappendorf', '', t.keys.analyst).expect(200)).body.items[0].id).toBe(id);
    expect((await search('气缸盖', '', t.keys.analyst).expect(200)).body.items[0].id).toBe(id);
    await request(t.app).patch(`/companies/${id}`).set(bearer(t.keys.admin)).send({ name: 'Ventilwerk Quappendorf GmbH' }).expect(200);
    expect((await search('Ventilwerk', '', t.keys.analyst).expect(200)).body.items[0].id).toBe(id);
    await request(t.app).delete(`/companies/${id}`).set(bearer(t.keys.admin)).expect(204);
    expect((await search('Quappendorf', '', t.keys.analyst).expect(200)).body.total).toBe(0);
  });

  it('refuses an empty or unknown query', async () => {
    expect((await search(' ')).status).toBe(400);
    expect((await request(t.app).get('/search?q=x&kind=planet')).body.field).toBe('query.kind');
  });

  it('lets a write made during the build win over the row the build read', async () => {
    await withService(async (service) => {
      const company = (await findCompanyById(t.ctx.db, 'demo-000003'))!;
      const building = service.build(t.ctx.db);
      // The build has not read this company yet; the write's document must survive the build's older row.
      service.upsertCompany({ ...company, name: 'Schwingungsdämpferwerk Zwischenahn' });
      await building;
      const found = await service.search('Zwischenahn', { kinds: ['company'], limit: 5, offset: 0 });
      expect(found.items.map((h) => [h.id, h.name])).toEqual([['demo-000003', 'Schwingungsdämpferwerk Zwischenahn']]);
    });
  });

  it('rebuilds the index when its worker dies, answering 503 meanwhile', async () => {
    await withService(async (service) => {
      await service.build(t.ctx.db);
      const app = createApp({ ...t.ctx, search: service }, { checkResponses: true });
      expect((await request(app).get('/search?q=koeln').expect(200)).body.items[0].id).toBe('de-koeln');
      await (service as unknown as { worker: Worker }).worker.terminate();
      const during = await request(app).get('/search?q=koeln');
      expect(during.status).toBe(503);
      expect(during.headers['retry-after']).toBe('5');
      await vi.waitFor(() => expect(service.ready).toBe(true), { timeout: 20_000, interval: 50 });
      expect((await request(app).get('/search?q=koeln').expect(200)).body.items[0].id).toBe('de-koeln');
    });
  });

  it('recovers when its worker dies in the middle of the build', async () => {
    await withService(async (service) => {
      void service.build(t.ctx.db);
      await (service as unknown as { worker: Worker }).worker.terminate();
      await vi.waitFor(() => expect(service.ready).toBe(true), { timeout: 20_000, interval: 50 });
      expect((await service.search('koeln', { kinds: ['city'], limit: 1, offset: 0 })).items[0]?.id).toBe('de-koeln');
    });
  });

  it('saves its index, loads it on the next start, and rebuilds after any write to the companies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isa-search-snapshot-'));
    const messages: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void messages.push(JSON.parse(line).msg) });
    const started = async () => {
      const service = new SearchService(t.ctx.taxonomy, log, { snapshotDir: dir });
      await service.build(t.ctx.db);
      return service;
    };
    const snapshots = () => readdirSync(dir).filter((name) => name.startsWith('search-index-') && name.endsWith('.v8'));
    const find = async (service: SearchService, q: string) => (await service.search(q, { kinds: ['company'], limit: 5, offset: 0 })).items.map((h) => h.id);
    try {
      const first = await started();
      await vi.waitFor(() => expect(messages).toContain('saved the search index'), { timeout: 20_000, interval: 50 });
      const built = await find(first, 'battery');
      await first.close();
      expect(snapshots()).toHaveLength(1);

      messages.length = 0;
      const second = await started();
      expect(messages).toContain('loaded the search index');
      expect(await find(second, 'battery')).toEqual(built);
      expect((await second.search('koeln', { kinds: ['city'], limit: 1, offset: 0 })).items[0]?.id).toBe('de-koeln');
      await second.close();

      // A write the server never saw (plain SQL, as a CLI might): the snapshot is not used.
      const { id } = (await t.ctx.db.selectFrom('companies').select('id').where('id', 'like', 'demo-%').orderBy('id').limit(1).executeTakeFirstOrThrow())!;
      const before = await sql<{ name: string }>`select name from companies where id = ${id}`.execute(t.ctx.db);
      await sql`update companies set name = ${'Snapshotprobe Werkzeugbau'} where id = ${id}`.execute(t.ctx.db);
      try {
        messages.length = 0;
        const third = await started();
        expect(messages).toContain('built the search index');
        expect(await find(third, 'Snapshotprobe')).toEqual([id]);
        await vi.waitFor(() => expect(messages).toContain('saved the search index'), { timeout: 20_000, interval: 50 });
        await third.close();
        expect(snapshots()).toHaveLength(1);
      } finally {
        await sql`update companies set name = ${before.rows[0]!.name} where id = ${id}`.execute(t.ctx.db);
      }
      expect(existsSync(dir)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 503 with Retry-After while the index is being built', async () => {
    const app = createApp({ ...t.ctx, search: new SearchService(t.ctx.taxonomy, silentLog) }, { checkResponses: true });
    const res = await request(app).get('/search?q=koeln').expect(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
