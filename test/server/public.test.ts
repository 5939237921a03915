/** Public reads: health, the city directory, the taxonomy, the event history. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const PROVENANCE = /^(curated|seed:00[0-4]_[0-9a-f]{16}\.txt:\d+)$/;

describe('GET /health', () => {
  it('answers with the database dialect and taxonomy size', async () => {
    const res = await request(t.app).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { dialect: 'sqlite' }, taxonomy: { nace: 996 } });
    expect(res.headers['x-request-id']).toBeTruthy();
  });
});

describe('GET /cities', () => {
  it('lists at least 25 Chinese current members, each with clusters and provenance', async () => {
    const res = await request(t.app).get('/cities?country=CN&status=member&limit=100').expect(200);
    expect(res.body.total).toBeGreaterThanOrEqual(25);
    for (const city of res.body.items) {
      expect(city.clusters.length, city.id).toBeGreaterThan(0);
      for (const k of city.clusters) {
        expect(k.provenance).toMatch(PROVENANCE);
        expect(k.label.zh).toBeTruthy();
      }
      for (const w of city.wishes) expect(w.provenance).toMatch(PROVENANCE);
      for (const fig of Object.values(city.keyData) as ({ provenance: string } | null)[]) if (fig) expect(fig.provenance).toMatch(PROVENANCE);
    }
  });

  it('lists at least 19 German current members, each with clusters', async () => {
    const res = await request(t.app).get('/cities?country=de&status=member&limit=100').expect(200);
    expect(res.body.total).toBeGreaterThanOrEqual(19);
    expect(res.body.items.every((c: { clusters: unknown[] }) => c.clusters.length > 0)).toBe(true);
  });

  it('paginates with a stable order and a total', async () => {
    const all = await request(t.app).get('/cities?limit=100').expect(200);
    const first = await request(t.app).get('/cities?limit=10&offset=0').expect(200);
    const second = await request(t.app).get('/cities?limit=10&offset=10').expect(200);
    expect(first.body.total).toBe(56);
    expect([...first.body.items, ...second.body.items].map((c: { id: string }) => c.id)).toEqual(
      all.body.items.slice(0, 20).map((c: { id: string }) => c.id),
    );
  });

  it('filters by cluster, by NACE industry and by name in any language', async () => {
    const nev = await request(t.app).get('/cities?cluster=new-energy-vehicles&limit=100').expect(200);
    expect(nev.body.total).toBeGreaterThan(0);
    const byIndustry = await request(t.app).get('/cities?industry=29.10&limit=100').expect(200);
    const ids = byIndustry.body.items.map((c: { id: string }) => c.id);
    for (const c of nev.body.items) expect(ids).toContain(c.id);
    const q = await request(t.app).get('/cities?q=foshan').expect(200);
    expect(q.body.items[0].id).toBe('cn-foshan');
    const zh = await request(t.app).get(`/cities?q=${encodeURIComponent('科隆')}`).expect(200);
    expect(zh.body.items.map((c: { id: string }) => c.id)).toContain('de-koeln');
  });

  it('rejects bad filters with 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['status=king', 'query.status'],
      ['country=Germany', 'query.country'],
      ['limit=0', 'query.limit'],
      ['limit=abc', 'query.limit'],
      ['cluster=unicorns', 'query.cluster'],
      ['industry=99.99', 'query.industry'],
    ]) {
      const res = await request(t.app).get(`/cities?${query}`).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, field });
    }
  });
});

describe('GET /cities/:id', () => {
  it('returns the whole record with membership history and sources', async () => {
    const res = await request(t.app).get('/cities/de-dortmund').expect(200);
    // A guest by the portal's list (004 L7); the newsletter that calls it a member is a dispute, not a status.
    expect(res.body.status.current).toBe('guest');
    expect(res.body.status.disputes[0].claims.map((c: { provenance: string }) => c.provenance)).toEqual(['seed:004_f02afc7b51460772.txt:7', 'seed:004_f02afc7b51460772.txt:64']);
    expect(res.body.statusHistory.map((s: { status: string }) => s.status)).toEqual(['guest-status', 'mentioned-as-member']);
    for (const s of res.body.statusHistory) expect(s.provenance).toMatch(PROVENANCE);
    expect(res.body.sources.length).toBeGreaterThan(0);
  });

  it('answers an unknown id with 404 problem+json', async () => {
    const res = await request(t.app).get('/cities/xx-atlantis').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'not_found', field: 'id', instance: '/cities/xx-atlantis' });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('GET /industries', () => {
  it.each(['新能源汽车', 'Elektromobilität', 'electric vehicles'])('puts new-energy vehicles and NACE 29 first for %s', async (q) => {
    const res = await request(t.app).get(`/industries?q=${encodeURIComponent(q)}`).expect(200);
    expect(res.body.items[0]).toMatchObject({ kind: 'cluster', code: 'new-energy-vehicles' });
    expect(res.body.divisions[0].code).toBe('29');
  });

  it('filters by kind and limits', async () => {
    const res = await request(t.app).get('/industries?q=Automobil&kind=nace&limit=3').expect(200);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.items.every((i: { kind: string }) => i.kind === 'nace')).toBe(true);
  });

  it('lists sections and clusters without a query, and rejects an empty one', async () => {
    const res = await request(t.app).get('/industries').expect(200);
    expect(res.body.sections).toHaveLength(21);
    expect(res.body.clusters.length).toBeGreaterThan(30);
    await request(t.app).get('/industries?q=%20').expect(400);
  });

  it('shows a NACE code with its path, children, clusters and GB/T equivalents', async () => {
    const res = await request(t.app).get('/industries/29').expect(200);
    expect(res.body).toMatchObject({ kind: 'nace', code: '29', level: 'division' });
    expect(res.body.path.map((p: { code: string }) => p.code)).toEqual(['C', '29']);
    expect(res.body.children.map((c: { code: string }) => c.code)).toEqual(['29.1', '29.2', '29.3']);
    expect(res.body.gbt4754.map((g: { code: string }) => g.code)).toContain('36');
    expect(res.body.label.zh).toContain('汽车');
    await request(t.app).get('/industries/2931').expect(200);
  });

  it('shows a cluster and a GB/T code, and 404s an unknown code', async () => {
    const cluster = await request(t.app).get('/industries/hydrogen').expect(200);
    expect(cluster.body).toMatchObject({ kind: 'cluster', provenance: 'curated' });
    expect(cluster.body.synonyms.zh.length).toBeGreaterThan(0);
    const gbt = await request(t.app).get('/industries/gbt-36').expect(200);
    expect(gbt.body).toMatchObject({ kind: 'gbt', code: '36', nace: [{ code: '29', weight: 1 }] });
    const missing = await request(t.app).get('/industries/99.99').expect(404);
    expect(missing.body.field).toBe('code');
  });
});

describe('GET /history/events', () => {
  it('serves the alliance history read-only, by city', async () => {
    const res = await request(t.app).get('/history/events?city=cn-foshan&limit=100').expect(200);
    expect(res.body.total).toBeGreaterThan(0);
    const one = await request(t.app).get(`/history/events/${res.body.items[0].id}`).expect(200);
    expect(one.body.sources[0]).toMatch(PROVENANCE);
    // Read-only: a write is a method the path does not serve.
    const write = await request(t.app).post('/history/events').send({}).expect(405);
    expect(write.headers.allow).toBe('GET, HEAD');
    expect(write.body).toMatchObject({ status: 405, code: 'method_not_allowed' });
  });
});

describe('lists', () => {
  const ids = (res: request.Response) => res.body.items.map((item: { id: string }) => item.id);

  it.each(['/cities', '/history/events'])('%s honours limit and offset', async (path) => {
    const all = await request(t.app).get(`${path}?limit=200`).expect(200);
    expect(all.body.total).toBeGreaterThan(3);
    const page = await request(t.app).get(`${path}?limit=2&offset=1`).expect(200);
    expect(page.body).toMatchObject({ total: all.body.total, limit: 2, offset: 1 });
    expect(ids(page)).toEqual(ids(all).slice(1, 3));
    const beyond = await request(t.app).get(`${path}?offset=${all.body.total}`).expect(200);
    expect(beyond.body).toMatchObject({ items: [], total: all.body.total, limit: 20, offset: all.body.total });
  });
});

describe('methods a path does not serve', () => {
  it.each([
    ['delete', '/cities/cn-foshan', 'GET, HEAD, PATCH'],
    ['put', '/companies/demo-000001', 'GET, HEAD, PATCH, DELETE'],
    ['post', '/industries/29', 'GET, HEAD'],
    ['delete', '/search', 'GET, HEAD'],
  ] as const)('%s %s answers 405 with Allow: %s', async (method, path, allow) => {
    const res = await request(t.app)[method](path).expect(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.body).toMatchObject({ status: 405, code: 'method_not_allowed' });
  });
});

describe('GET /openapi.json', () => {
  it('documents every route with the query parameters and bodies the validators accept', async () => {
    const res = await request(t.app).get('/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const path of ['/cities', '/cities/{id}', '/industries', '/industries/{code}', '/companies', '/companies/{id}', '/history/events', '/keys']) {
      expect(res.body.paths[path], path).toBeDefined();
    }
    const cityParams = res.body.paths['/cities'].get.parameters.map((p: { name: string }) => p.name);
    expect(cityParams).toEqual(expect.arrayContaining(['country', 'status', 'industry', 'cluster', 'q', 'limit', 'offset']));
    const body = res.body.paths['/companies'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['name', 'country']));
    expect(body.properties.wishes.items.properties.type.enum).toContain('joint-venture');
    expect(res.body.components.responses.Problem422).toBeDefined();
  });

  it('has an entry for every method and path the app serves', async () => {
    const doc = (await request(t.app).get('/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
    const served: string[] = [];
    const walk = (stack: Layer[]) => {
      for (const layer of stack) {
        // `_all` is the 405 answer for a known path asked with another method, not a route of its own.
        if (layer.route) for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) served.push(`${method} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
        else if (layer.handle?.stack) walk(layer.handle.stack);
      }
    };
    walk((t.app as unknown as { router: { stack: Layer[] } }).router.stack);
    expect(served.length).toBeGreaterThan(60);
    const missing = served.filter((route) => {
      const [method, path] = route.split(' ') as [string, string];
      return !doc.paths[path]?.[method];
    });
    expect(missing).toEqual([]);
  });
});
