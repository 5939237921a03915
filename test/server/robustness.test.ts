/** Regression tests for hostile or odd input and for concurrent writes, on both dialects. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects, bearer, testApp, type TestApp } from '../helpers.ts';

const dialects = await availableDialects('robustness tests');

describe.each(dialects)('robustness on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ dialect, demoCompanies: 20 });
  });
  afterAll(async () => t?.close());

  const problem = (res: request.Response, status: number, field?: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (field) expect(res.body.field).toBe(field);
  };

  it('refuses NUL characters in paths, queries and bodies instead of failing', async () => {
    problem(await request(t.app).get('/cities/%00'), 400, 'url');
    problem(await request(t.app).get('/cities?q=a%00'), 400, 'url');
    problem(await request(t.app).get('/companies/a%00b').set(bearer(t.keys.admin)), 400, 'url');
    problem(await request(t.app).post('/companies').set(bearer(t.keys.admin)).send({ name: 'a\u0000b', country: 'DE' }), 422, 'name');
    problem(await request(t.app).post('/companies').set(bearer(t.keys.admin)).send({ name: 'ok', country: 'DE', description: { de: 'x\u0000' } }), 422, 'description.de');
  });

  it('gives validation messages in the language the caller accepts, naming the same field', async () => {
    const send = (language: string) => request(t.app).post('/companies').set(bearer(t.keys.admin)).set('Accept-Language', language).send({ name: 'ok', country: 'DE', size: { employees: 'many' } });
    const [en, de, zh] = [await send('en'), await send('de-DE,de;q=0.9'), await send('zh-CN,zh;q=0.9')];
    for (const res of [en, de, zh]) problem(res, 422, 'size.employees');
    expect(en.body.errors[0].message).toMatch(/expected number/i);
    expect(de.body.errors[0].message).toMatch(/Ungültige Eingabe/);
    expect(de.body.detail).toMatch(/^Ungültiges Feld size.employees/);
    expect(zh.body.errors[0].message).toMatch(/无效输入/);
    // No preference, or one we do not speak: English.
    expect((await send('fr')).body.errors[0].message).toBe(en.body.errors[0].message);
  });

  it('refuses a JSON body nested thousands of levels deep with a 400 on any route, and without a key reads none of it (401)', async () => {
    // 9,000 levels in 18 KB: under the body limit, and deep enough to overflow a recursive walk.
    const deep = '['.repeat(9000) + ']'.repeat(9000);
    problem(await request(t.app).post('/companies').set(bearer(t.keys.admin)).set('Content-Type', 'application/json').send(deep), 400, 'body');
    problem(await request(t.app).patch('/cities/cn-foshan').set(bearer(t.keys.admin)).set('Content-Type', 'application/json').send(`{"a":${deep}}`), 400, 'body');
    problem(await request(t.app).post('/keys').set(bearer(t.keys.admin)).set('Content-Type', 'application/json').send(deep), 400, 'body');
    problem(await request(t.app).post('/companies').set('Content-Type', 'application/json').send(deep), 401);
    // Brackets inside strings are text, not nesting.
    const res = await request(t.app).post('/companies').set(bearer(t.keys.admin)).send({ name: '['.repeat(300), country: 'DE' });
    expect(res.status).not.toBe(400);
  });

  it('serves only the reference page\'s own files under /docs/assets', async () => {
    expect((await request(t.app).get('/docs/assets/swagger-ui.css')).status).toBe(200);
    problem(await request(t.app).get('/docs/assets/package.json'), 404);
  });

  it('answers a broken %-escape in the path with 400', async () => {
    problem(await request(t.app).get('/cities/%ZZ'), 400);
  });

  it('refuses unknown query parameters, naming them', async () => {
    problem(await request(t.app).get('/companies?sizeClass=large').set(bearer(t.keys.admin)), 400, 'query.sizeClass');
    problem(await request(t.app).get('/cities?contry=DE'), 400, 'query.contry');
  });

  it('takes % and _ in a search literally', async () => {
    const all = await request(t.app).get('/cities?q=%25_').expect(200);
    expect(all.body.total).toBe(0);
    await request(t.app).post('/companies').set(bearer(t.keys.admin)).send({ name: 'Under_score 100% GmbH', country: 'DE' }).expect(201);
    const found = await request(t.app).get(`/companies?q=${encodeURIComponent('under_score 100%')}`).set(bearer(t.keys.admin)).expect(200);
    expect(found.body.items.map((c: { name: string }) => c.name)).toEqual(['Under_score 100% GmbH']);
    const backslash = await request(t.app).get(`/companies?q=${encodeURIComponent('\\')}`).set(bearer(t.keys.admin)).expect(200);
    expect(backslash.body.total).toBe(0);
  });

  it('names the body for whole-body errors and treats an empty JSON body as malformed', async () => {
    problem(await request(t.app).post('/companies').set(bearer(t.keys.admin)).send([1, 2]), 422, 'body');
    problem(await request(t.app).post('/companies').set(bearer(t.keys.admin)).set('Content-Type', 'application/json').send(''), 400, 'body');
    problem(await request(t.app).patch('/companies/demo-000003').set(bearer(t.keys.admin)).send({}), 422, 'body');
  });

  it('keeps one entry for industry codes that normalise to the same code, and reads back what it answered', async () => {
    const created = await request(t.app)
      .post('/companies')
      .set(bearer(t.keys.admin))
      .send({ name: 'Dup Co', country: 'CN', industries: [{ scheme: 'GBT4754', code: '36' }, { scheme: 'GBT4754', code: '3612' }, { code: '29.10' }, { code: '2910' }] })
      .expect(201);
    expect(created.body.industries.map((i: { scheme: string; code: string }) => `${i.scheme}:${i.code}`)).toEqual(['GBT4754:36', 'NACE:29.10']);
    const read = await request(t.app).get(`/companies/${created.body.id}`).set(bearer(t.keys.admin)).expect(200);
    expect(read.body.industries).toEqual(created.body.industries);
  });

  it('merges size field by field on PATCH', async () => {
    const created = await request(t.app).post('/companies').set(bearer(t.keys.admin)).send({ name: 'Size Co', country: 'DE', size: { employees: 120, revenueBand: '10m-50m' } }).expect(201);
    const patched = await request(t.app).patch(`/companies/${created.body.id}`).set(bearer(t.keys.admin)).send({ size: { revenueBand: null } }).expect(200);
    expect(patched.body.size).toEqual({ employees: 120, sizeClass: 'medium', revenueBand: null });
  });

  it('keeps both of two concurrent PATCHes of different fields', async () => {
    const created = await request(t.app).post('/companies').set(bearer(t.keys.admin)).send({ name: 'Race Co', country: 'DE' }).expect(201);
    const id = created.body.id;
    for (let round = 0; round < 5; round++) {
      await Promise.all([
        request(t.app).patch(`/companies/${id}`).set(bearer(t.keys.admin)).send({ foundedYear: 1990 + round }).expect(200),
        request(t.app).patch(`/companies/${id}`).set(bearer(t.keys.admin)).send({ languages: [round % 2 ? 'de' : 'zh'] }).expect(200),
      ]);
      const read = await request(t.app).get(`/companies/${id}`).set(bearer(t.keys.admin)).expect(200);
      expect(read.body.foundedYear).toBe(1990 + round);
      expect(read.body.languages).toEqual([round % 2 ? 'de' : 'zh']);
    }
  });

  it('keeps both of two concurrent city PATCHes of different key figures', async () => {
    const patch = (keyData: object) => request(t.app).patch('/cities/de-koeln').set(bearer(t.keys.admin)).send({ keyData }).expect(200);
    for (let round = 0; round < 5; round++) {
      await Promise.all([patch({ population: { value: 1_000_000 + round, year: 2024 } }), patch({ gdp: { value: 7e10 + round, year: 2023, currency: 'EUR' } })]);
      const read = (await request(t.app).get('/cities/de-koeln').expect(200)).body;
      expect(read.keyData.population.value).toBe(1_000_000 + round);
      expect(read.keyData.gdp.value).toBe(7e10 + round);
    }
  });

  it('refuses a city PATCH that lists a cluster twice, and writes nothing', async () => {
    const before = (await request(t.app).get('/cities/cn-foshan').expect(200)).body;
    problem(
      await request(t.app).patch('/cities/cn-foshan').set(bearer(t.keys.admin)).send({ clusters: [{ id: 'robotics' }, { id: 'robotics' }] }),
      422,
      'clusters',
    );
    expect((await request(t.app).get('/cities/cn-foshan').expect(200)).body).toEqual(before);
  });

  it('does not record the use of a key on a rejected request', async () => {
    const lastUsed = async () =>
      (await t.ctx.db.selectFrom('api_keys').select('last_used_at').where('role', '=', 'analyst').executeTakeFirstOrThrow()).last_used_at;
    expect(await lastUsed()).toBeNull();
    await request(t.app).post('/companies').set(bearer(t.keys.analyst)).send({ name: 'x', country: 'DE' }).expect(403);
    await new Promise((r) => setTimeout(r, 50));
    expect(await lastUsed()).toBeNull();
    await request(t.app).get('/companies?limit=1').set(bearer(t.keys.analyst)).expect(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(await lastUsed()).not.toBeNull();
  });

  it('refuses a founding year in the future', async () => {
    problem(await request(t.app).post('/companies').set(bearer(t.keys.admin)).send({ name: 'Future', country: 'DE', foundedYear: new Date().getUTCFullYear() + 1 }), 422, 'foundedYear');
  });
});
