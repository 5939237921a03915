/** /companies: happy paths, errors (problem+json naming the field) and who may do what. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCompanies } from '../../data/repositories/companies.ts';
import { availableDialects, bearer, testApp, type TestApp } from '../helpers.ts';

const dialects = await availableDialects('companies API tests');

describe.each(dialects)('companies API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ bodyLimit: '20kb', dialect });
  });
  afterAll(async () => t?.close());

  const supplier = {
    name: 'Rhein Batteriekomponenten GmbH',
    country: 'DE',
    cityId: 'de-ingolstadt',
    size: { employees: 180, revenueBand: '10m-50m' },
    foundedYear: 1998,
    industries: [{ scheme: 'NACE', code: '27.20' }, { code: '2931' }],
    industryText: 'Batteriegehäuse und Zellverbinder',
    description: { de: 'Zulieferer für Batteriesysteme', en: 'Supplier of battery system parts' },
    languages: ['de', 'en'],
    wishes: [{ direction: 'request', type: 'distribution', clusters: ['new-energy-vehicles', 'batteries'], targetCountry: 'CN' }],
    contact: { person: 'Anna Becker', email: 'anna.becker@example.org', phone: '+49 841 123456' },
  };

  const problem = (res: request.Response, status: number, field?: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), type: expect.stringContaining('problems/') });
    if (field) expect(res.body.field).toBe(field);
    expect(JSON.stringify(res.body)).not.toMatch(/node_modules|\.ts:\d+|at async/);
  };

  describe('companies: happy path', () => {
    let id: string;

    it('creates a company, derives its size class and maps its codes', async () => {
      const res = await request(t.app).post('/companies').set(bearer(t.keys.organiser)).send(supplier).expect(201);
      id = res.body.id;
      expect(res.headers.location).toBe(`/companies/${id}`);
      expect(res.body).toMatchObject({ name: supplier.name, country: 'DE', cityId: 'de-ingolstadt', cityName: 'Ingolstadt', demo: false, provenance: ['api'] });
      expect(res.body.size).toEqual({ employees: 180, sizeClass: 'medium', revenueBand: '10m-50m' });
      expect(res.body.industries.map((i: { code: string }) => i.code)).toEqual(['27.20', '29.31']);
      expect(res.body.clusters.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['batteries', 'new-energy-vehicles']));
      expect(res.body.wishes[0]).toMatchObject({ type: 'distribution', direction: 'request', provenance: 'api' });
      expect(res.body).not.toHaveProperty('contact'); // an organiser does not see private fields
    });

    it('reads it back; the admin sees the contact, others do not', async () => {
      const admin = await request(t.app).get(`/companies/${id}`).set(bearer(t.keys.admin)).expect(200);
      expect(admin.body.contact).toEqual(supplier.contact);
      const analyst = await request(t.app).get(`/companies/${id}`).set(bearer(t.keys.analyst)).expect(200);
      expect(analyst.body).not.toHaveProperty('contact');
      expect(analyst.body.name).toBe(supplier.name);
    });

    it('accepts a Chinese company with a native GB/T code', async () => {
      const res = await request(t.app)
        .post('/companies')
        .set(bearer(t.keys.city))
        .send({ name: '佛山华创电器有限公司', country: 'CN', cityId: 'cn-foshan', industries: [{ scheme: 'GBT4754', code: '3851' }], size: { sizeClass: 'large' } })
        .expect(201);
      expect(res.body.industries[0]).toMatchObject({ scheme: 'GBT4754', code: '38' });
      expect(res.body.industries[0].nace.length).toBeGreaterThan(0);
      expect(res.body.size.sizeClass).toBe('large');
    });

    it('patches fields, keeps the rest, and clears with null', async () => {
      const res = await request(t.app)
        .patch(`/companies/${id}`)
        .set(bearer(t.keys.organiser))
        .send({ foundedYear: null, languages: ['de', 'en', 'zh'] })
        .expect(200);
      expect(res.body.foundedYear).toBeNull();
      expect(res.body.languages).toEqual(['de', 'en', 'zh']);
      expect(res.body.name).toBe(supplier.name);
      expect(res.body.industries).toHaveLength(2);
    });

    it('lists with filters: country, city, industry, cluster, size, wish, search', async () => {
      const get = (q: string) => request(t.app).get(`/companies?${q}`).set(bearer(t.keys.analyst)).expect(200);
      const ids = (res: request.Response) => res.body.items.map((c: { id: string }) => c.id);
      expect(ids(await get('industry=27.2&country=DE&limit=200'))).toContain(id);
      expect(ids(await get('cluster=batteries&city=de-ingolstadt&limit=200'))).toContain(id);
      expect(ids(await get('wish=distribution&direction=request&size=medium&limit=200'))).toContain(id);
      expect(ids(await get('q=batteriekomponenten'))).toEqual([id]);
      const demo = await get('demo=true&limit=5');
      expect(demo.body.total).toBe(60);
      expect(demo.body.items).toHaveLength(5);
      const seeded = await get('demo=false&orgType=university&limit=50');
      expect(seeded.body.items.length).toBeGreaterThan(0);
    });

    it('pages the list: limit and offset honoured, the total unchanged', async () => {
      const get = (q: string) => request(t.app).get(`/companies?${q}`).set(bearer(t.keys.analyst)).expect(200);
      const ids = (res: request.Response) => res.body.items.map((c: { id: string }) => c.id);
      const all = await get('demo=true&limit=200');
      const page = await get('demo=true&limit=3&offset=2');
      expect(page.body).toMatchObject({ total: all.body.total, limit: 3, offset: 2 });
      expect(ids(page)).toEqual(ids(all).slice(2, 5));
    });

    it('deletes it; then it is gone', async () => {
      await request(t.app).delete(`/companies/${id}`).set(bearer(t.keys.organiser)).expect(204);
      problem(await request(t.app).get(`/companies/${id}`).set(bearer(t.keys.admin)), 404, 'id');
      problem(await request(t.app).delete(`/companies/${id}`).set(bearer(t.keys.admin)), 404, 'id');
    });
  });

  describe('companies: errors leave nothing written', () => {
    const post = (body: unknown) => request(t.app).post('/companies').set(bearer(t.keys.admin)).send(body as object);

    it.each([
      [{ ...supplier, name: '' }, 'name'],
      [{ ...supplier, name: 42 }, 'name'],
      [{ ...supplier, country: 'Germany' }, 'country'],
      [{ ...supplier, foundedYear: '1998' }, 'foundedYear'],
      [{ ...supplier, size: { employees: -1 } }, 'size.employees'],
      [{ ...supplier, size: { employees: 5, sizeClass: 'large' } }, 'size.sizeClass'],
      [{ ...supplier, industries: [{ code: '99.99' }] }, 'industries.0.code'],
      [{ ...supplier, industries: [{ scheme: 'SIC', code: '3711' }] }, 'industries.0.scheme'],
      [{ ...supplier, wishes: [{ direction: 'sideways', type: 'distribution' }] }, 'wishes.0.direction'],
      [{ ...supplier, wishes: [{ direction: 'offer', type: 'distribution', clusters: ['unicorns'] }] }, 'wishes.0.clusters.0'],
      [{ ...supplier, cityId: 'xx-atlantis' }, 'cityId'],
      [{ ...supplier, cityId: 'cn-foshan' }, 'country'],
      [{ ...supplier, contact: { email: 'not-an-email' } }, 'contact.email'],
      [{ ...supplier, colour: 'blue' }, 'colour'],
      [{ country: 'DE' }, 'name'],
    ])('rejects %j with 422 naming %s', async (body, field) => {
      const before = await countCompanies(t.ctx.db);
      problem(await post(body), 422, field);
      expect(await countCompanies(t.ctx.db)).toBe(before);
    });

    it('answers malformed JSON with 400', async () => {
      const before = await countCompanies(t.ctx.db);
      const res = await request(t.app).post('/companies').set(bearer(t.keys.admin)).set('Content-Type', 'application/json').send('{"name": "x",');
      problem(res, 400, 'body');
      expect(res.body.code).toBe('malformed_json');
      expect(await countCompanies(t.ctx.db)).toBe(before);
    });

    it('answers a body over the limit with 413', async () => {
      const before = await countCompanies(t.ctx.db);
      const res = await post({ ...supplier, description: { de: 'x'.repeat(30_000) } });
      problem(res, 413, 'body');
      expect(await countCompanies(t.ctx.db)).toBe(before);
    });

    it('answers a non-JSON body with 415', async () => {
      const res = await request(t.app).post('/companies').set(bearer(t.keys.admin)).set('Content-Type', 'text/plain').send('name=x');
      problem(res, 415, 'body');
    });

    it('rejects an empty patch and a bad patch without touching the record', async () => {
      const before = await request(t.app).get('/companies/demo-000003').set(bearer(t.keys.admin)).expect(200);
      problem(await request(t.app).patch('/companies/demo-000003').set(bearer(t.keys.admin)).send({}), 422);
      problem(await request(t.app).patch('/companies/demo-000003').set(bearer(t.keys.admin)).send({ name: 'ok', industries: [{ code: 'nope' }] }), 422, 'industries.0.code');
      const after = await request(t.app).get('/companies/demo-000003').set(bearer(t.keys.admin)).expect(200);
      expect(after.body).toEqual(before.body);
    });

    it('answers unknown ids and routes with 404', async () => {
      problem(await request(t.app).get('/companies/nope').set(bearer(t.keys.admin)), 404, 'id');
      problem(await request(t.app).patch('/companies/nope').set(bearer(t.keys.admin)).send({ name: 'x' }), 404, 'id');
      problem(await request(t.app).get('/nothing-here'), 404);
    });

    it('rejects bad list parameters with 400', async () => {
      problem(await request(t.app).get('/companies?size=huge').set(bearer(t.keys.admin)), 400, 'query.size');
      problem(await request(t.app).get('/companies?offset=-1').set(bearer(t.keys.admin)), 400, 'query.offset');
      problem(await request(t.app).get('/companies?cluster=unicorns').set(bearer(t.keys.admin)), 400, 'query.cluster');
    });
  });

  describe('companies: who may do what', () => {
    const body = { name: 'Permission Test GmbH', country: 'DE', cityId: 'de-koeln' };

    it('refuses a write without a key (401) and reads without a key (401)', async () => {
      const before = await countCompanies(t.ctx.db);
      problem(await request(t.app).post('/companies').send(body), 401, 'authorization');
      problem(await request(t.app).get('/companies'), 401, 'authorization');
      problem(await request(t.app).delete('/companies/demo-000001'), 401);
      expect(await countCompanies(t.ctx.db)).toBe(before);
    });

    it('refuses an unknown key and a malformed Authorization header', async () => {
      problem(await request(t.app).get('/companies').set(bearer('isa_wrong')), 401, 'authorization');
      problem(await request(t.app).get('/companies').set('Authorization', 'Basic abc'), 401, 'authorization');
      problem(await request(t.app).get('/cities').set(bearer('isa_wrong')), 401); // a wrong key is never ignored
      await request(t.app).get('/companies?limit=1').set('X-API-Key', t.keys.analyst).expect(200);
    });

    it('lets analysts and companies read but not create (403)', async () => {
      const before = await countCompanies(t.ctx.db);
      problem(await request(t.app).post('/companies').set(bearer(t.keys.analyst)).send(body), 403);
      problem(await request(t.app).post('/companies').set(bearer(t.keys.company)).send(body), 403);
      expect(await countCompanies(t.ctx.db)).toBe(before);
    });

    let inKoeln: string;
    it('lets a city key create only in its own city', async () => {
      problem(await request(t.app).post('/companies').set(bearer(t.keys.city)).send(body), 403, 'cityId');
      inKoeln = (await request(t.app).post('/companies').set(bearer(t.keys.otherCity)).send(body).expect(201)).body.id;
    });

    it('lets a company change itself, not another company', async () => {
      const own = await request(t.app).patch('/companies/demo-000001').set(bearer(t.keys.company)).send({ languages: ['de'] }).expect(200);
      expect(own.body.contact).toBeDefined(); // its own private fields
      problem(await request(t.app).patch('/companies/demo-000002').set(bearer(t.keys.company)).send({ languages: ['de'] }), 403);
      problem(await request(t.app).delete('/companies/demo-000001').set(bearer(t.keys.company)), 403);
      const other = await request(t.app).get('/companies/demo-000002').set(bearer(t.keys.company)).expect(200);
      expect(other.body).not.toHaveProperty('contact');
    });

    it('lets a city change companies in its city only, and not move them away', async () => {
      const list = await request(t.app).get('/companies?city=cn-foshan&demo=true&limit=1').set(bearer(t.keys.city)).expect(200);
      const inFoshan = list.body.items[0].id;
      await request(t.app).patch(`/companies/${inFoshan}`).set(bearer(t.keys.city)).send({ languages: ['zh', 'en'] }).expect(200);
      problem(await request(t.app).patch(`/companies/${inFoshan}`).set(bearer(t.keys.city)).send({ cityId: 'cn-jiangmen' }), 403, 'cityId');
      problem(await request(t.app).patch(`/companies/${inKoeln}`).set(bearer(t.keys.city)).send({ languages: ['de'] }), 403);
    });

    it('tells a key who it is', async () => {
      const me = await request(t.app).get('/auth/me').set(bearer(t.keys.company)).expect(200);
      expect(me.body).toMatchObject({ role: 'company', companyId: 'demo-000001' });
      problem(await request(t.app).get('/auth/me'), 401);
    });
  });
});
