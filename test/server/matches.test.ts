/** The match API end to end: ranked, explained, reciprocal lists that follow writes. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCompanies } from '../../data/repositories/companies.ts';
import { bearer, testApp, type TestApp } from '../helpers.ts';

let t: TestApp;
let supplierId: string;
beforeAll(async () => {
  t = await testApp({ demoCompanies: 1500 });
  const res = await request(t.app)
    .post('/companies')
    .set(bearer(t.keys.organiser))
    .send({
      name: 'Rhein Batteriekomponenten GmbH',
      country: 'DE',
      cityId: 'de-ingolstadt',
      size: { employees: 120 },
      industries: [{ code: '27.20' }, { code: '29.31' }],
      wishes: [
        { direction: 'request', type: 'distribution', targetCountry: 'CN', clusters: ['new-energy-vehicles', 'batteries'] },
        { direction: 'offer', type: 'licensing' },
      ],
    })
    .expect(201);
  supplierId = res.body.id;
});
afterAll(async () => t?.close());

type Item = { id: string; kind: string; country: string; score: number; rank: number; components: { name: string; weight: number; forward: number; backward: number; contribution: number }[]; reasons: { component: string; text: string }[] };
const matches = (path: string, key = t.keys.analyst) => request(t.app).get(path).set(bearer(key));

describe('GET /companies/:id/matches', () => {
  it('ranks Chinese companies in vehicles and batteries that fulfil its wishes first, with contributions that add up', async () => {
    const res = await matches(`/companies/${supplierId}/matches?limit=10`).expect(200);
    expect(res.body.profile).toMatchObject({ name: 'default', version: 1, inline: false });
    const items: Item[] = res.body.items;
    expect(items).toHaveLength(10);
    for (const item of items) {
      expect(item.country).toBe('CN');
      expect(item.score).toBeGreaterThanOrEqual(0);
      expect(item.score).toBeLessThanOrEqual(1);
      expect(item.components.reduce((s, c) => s + c.contribution, 0)).toBe(item.score);
    }
    // The first five fulfil a wish of the supplier's (its distribution request answered, or its licence
    // offer taken up) and it one of theirs (reciprocal), and say which; the first answers the request.
    for (const item of items.slice(0, 5)) {
      const comp = item.components.find((c) => c.name === 'complementarity')!;
      expect(comp.forward).toBeGreaterThan(0);
      expect(comp.backward).toBeGreaterThan(0);
      expect(item.reasons.some((r) => r.text.includes('offers distribution') || r.text.includes('you offer licensing'))).toBe(true);
    }
    expect(items[0]!.reasons.some((r) => r.text.includes('offers distribution'))).toBe(true);
    for (let i = 1; i < items.length; i++) expect(items[i]!.score).toBeLessThanOrEqual(items[i - 1]!.score);
    const top = await request(t.app).get(`/companies/${items[0]!.id}`).set(bearer(t.keys.admin)).expect(200);
    expect(top.body.clusters.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['new-energy-vehicles']));
  });

  it('ranks a reciprocal partner above a one-sided one and both above an unrelated one', async () => {
    const make = async (name: string, codes: string[], wishes: object[]) =>
      (await request(t.app).post('/companies').set(bearer(t.keys.admin)).send({ name, country: 'CN', cityId: 'cn-liuzhou', size: { employees: 150 }, industries: codes.map((code) => ({ code })), wishes }).expect(201)).body.id as string;
    const reciprocal = await make('Reciprocal EV Distribution', ['29.10', '27.20'], [{ direction: 'offer', type: 'distribution' }, { direction: 'request', type: 'licensing' }]);
    const oneSided = await make('One-sided EV Distribution', ['29.10', '27.20'], [{ direction: 'offer', type: 'distribution' }, { direction: 'request', type: 'settlement' }]);
    const unrelated = await make('Unrelated Bakery', ['10.71'], [{ direction: 'offer', type: 'distribution' }, { direction: 'request', type: 'licensing' }]);
    const res = await matches(`/companies/${supplierId}/matches?limit=100`).expect(200);
    const rank = (id: string) => res.body.items.findIndex((i: Item) => i.id === id);
    expect(rank(reciprocal)).toBe(0);
    expect(rank(oneSided)).toBeGreaterThan(rank(reciprocal));
    const bakery = rank(unrelated);
    expect(bakery === -1 || bakery > rank(oneSided)).toBe(true);
  });

  it('puts cities with a new-energy-vehicle cluster first for target=cities', async () => {
    const res = await matches(`/companies/${supplierId}/matches?target=cities&limit=5`).expect(200);
    expect(res.body.items.every((i: Item) => i.kind === 'city' && i.country === 'CN')).toBe(true);
    const first = await request(t.app).get(`/cities/${res.body.items[0].id}`).expect(200);
    expect(first.body.clusters.map((c: { id: string }) => c.id)).toContain('new-energy-vehicles');
  });

  it('explains in German and Chinese', async () => {
    const de = await matches(`/companies/${supplierId}/matches?limit=3&lang=de`).expect(200);
    expect(de.body.items[0].reasons.map((r: { text: string }) => r.text).join(' ')).toMatch(/Sie suchen Vertrieb/);
    const zh = await matches(`/companies/${supplierId}/matches?limit=3&lang=zh`).expect(200);
    expect(zh.body.items[0].reasons.map((r: { text: string }) => r.text).join(' ')).toMatch(/您寻求分销/);
  });

  it('pages consistently and repeats itself exactly', async () => {
    const ten = await matches(`/companies/${supplierId}/matches?limit=10`).expect(200);
    const second = await matches(`/companies/${supplierId}/matches?limit=5&offset=5`).expect(200);
    expect(second.body.items.map((i: Item) => i.id)).toEqual(ten.body.items.slice(5).map((i: Item) => i.id));
    expect(second.body.items[0].rank).toBe(6);
    const again = await matches(`/companies/${supplierId}/matches?limit=10`).expect(200);
    expect(again.body).toEqual(ten.body);
  });

  it('filters candidates by industry, cluster, size, wish and city', async () => {
    const byIndustry = await matches(`/companies/${supplierId}/matches?industry=29&limit=5`).expect(200);
    for (const item of byIndustry.body.items) {
      const c = await request(t.app).get(`/companies/${item.id}`).set(bearer(t.keys.admin)).expect(200);
      expect(c.body.industries.some((i: { nace: { code: string }[] }) => i.nace.some((n) => n.code.startsWith('29')))).toBe(true);
    }
    const small = await matches(`/companies/${supplierId}/matches?size=small&limit=5`).expect(200);
    for (const item of small.body.items) {
      const c = await request(t.app).get(`/companies/${item.id}`).set(bearer(t.keys.admin)).expect(200);
      expect(c.body.size.sizeClass).toBe('small');
    }
    const inFoshan = await matches(`/companies/${supplierId}/matches?city=cn-foshan&limit=5`).expect(200);
    expect(inFoshan.body.items.length).toBeGreaterThan(0);
    const joint = await matches(`/companies/${supplierId}/matches?wish=joint-venture&direction=request&limit=5`).expect(200);
    expect(joint.body.items.length).toBeGreaterThan(0);
    await matches(`/companies/${supplierId}/matches?cluster=unicorns`).expect(400);
    await matches(`/companies/${supplierId}/matches?industry=99.99`).expect(400);
  });

  it('offers same-country matches on request', async () => {
    const res = await matches(`/companies/${supplierId}/matches?countries=same&limit=5`).expect(200);
    expect(res.body.items.every((i: Item) => i.country === 'DE')).toBe(true);
  });

  it('scores with inline what-if weights without saving them, and refuses bad weights', async () => {
    const res = await matches(`/companies/${supplierId}/matches?weights=industry:1,complementarity:0,size:0&limit=5`).expect(200);
    expect(res.body.profile).toMatchObject({ inline: true, weights: { industry: 1, complementarity: 0, size: 0 } });
    for (const item of res.body.items) {
      for (const c of item.components) if (c.name !== 'industry') expect(c.contribution).toBe(0);
    }
    const bad = await matches(`/companies/${supplierId}/matches?weights=industry:0.9,complementarity:0.9`);
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('query.weights');
    expect((await matches(`/companies/${supplierId}/matches?weights=charm:1`)).body.field).toBe('query.weights');
    // An unknown profile is a 422 naming the field, as everywhere a profile is named.
    const unknown = await matches(`/companies/${supplierId}/matches?profile=nope`);
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'validation_failed', field: 'query.profile' });
    const profiles = await request(t.app).get('/weight-profiles').set(bearer(t.keys.analyst)).expect(200);
    expect(profiles.body.total).toBe(1);
  });

  it('lets a company key see its own matches only', async () => {
    await matches('/companies/demo-000001/matches?limit=3', t.keys.company).expect(200);
    expect((await matches(`/companies/${supplierId}/matches`, t.keys.company)).status).toBe(403);
    expect((await request(t.app).get(`/companies/${supplierId}/matches`)).status).toBe(401);
    expect((await matches('/companies/nope/matches')).status).toBe(404);
  });
});

describe('the result cache', () => {
  it('serves exactly what a fresh computation gives, and nothing stale after a write', async () => {
    const path = `/companies/${supplierId}/matches?limit=15&lang=zh`;
    const warm = await matches(path).expect(200);
    const cached = await matches(path).expect(200);
    t.ctx.matching.cacheEnabled = false;
    try {
      const fresh = await matches(path).expect(200);
      expect(cached.body).toEqual(fresh.body);
      expect(warm.body).toEqual(fresh.body);
    } finally {
      t.ctx.matching.cacheEnabled = true;
    }
    // Any write bumps the index version: the next answer is computed again and shows the change.
    const top = warm.body.items[0].id;
    await request(t.app).patch(`/companies/${top}`).set(bearer(t.keys.admin)).send({ wishes: [] }).expect(200);
    const after = await matches(path).expect(200);
    expect(after.body.items[0].id).not.toBe(top);
  });
});

describe('the index follows writes', () => {
  it('matches a new company at once, re-ranks it after a change, and drops it after deletion', async () => {
    const created = await request(t.app)
      .post('/companies')
      .set(bearer(t.keys.admin))
      .send({
        name: 'Perfect Fit Distribution Co.',
        country: 'CN',
        cityId: 'cn-liuzhou',
        size: { employees: 120 },
        industries: [{ code: '27.20' }, { code: '29.31' }],
        wishes: [{ direction: 'offer', type: 'distribution' }, { direction: 'request', type: 'licensing' }],
      })
      .expect(201);
    const id = created.body.id;
    const ids = async () => (await matches(`/companies/${supplierId}/matches?limit=20`).expect(200)).body.items.map((i: Item) => i.id);
    expect((await ids())[0]).toBe(id);
    await request(t.app).patch(`/companies/${id}`).set(bearer(t.keys.admin)).send({ wishes: [] }).expect(200);
    expect((await ids())[0]).not.toBe(id);
    await request(t.app).delete(`/companies/${id}`).set(bearer(t.keys.admin)).expect(204);
    expect(await ids()).not.toContain(id);
  });
});

describe('GET /cities/:id/matches', () => {
  it('suggests German companies to invite to Liuzhou, and partner cities', async () => {
    const companies = await matches('/cities/cn-liuzhou/matches?limit=5').expect(200);
    expect(companies.body.items.every((i: Item) => i.kind === 'company' && i.country === 'DE')).toBe(true);
    const cities = await matches('/cities/cn-liuzhou/matches?target=cities&limit=5').expect(200);
    expect(cities.body.items.every((i: Item) => i.kind === 'city' && i.country === 'DE')).toBe(true);
    for (const item of cities.body.items) expect(item.components.reduce((s: number, c: { contribution: number }) => s + c.contribution, 0)).toBe(item.score);
  });

  it('honours limit and offset', async () => {
    const four = await matches('/cities/cn-liuzhou/matches?limit=4').expect(200);
    const page = await matches('/cities/cn-liuzhou/matches?limit=2&offset=2').expect(200);
    expect(page.body).toMatchObject({ limit: 2, offset: 2 });
    expect(page.body.items.map((i: Item) => i.id)).toEqual(four.body.items.slice(2).map((i: Item) => i.id));
    expect(page.body.items.map((i: Item) => i.rank)).toEqual([3, 4]);
  });

  it('lets a city key see its own city only', async () => {
    await matches('/cities/cn-foshan/matches?limit=2', t.keys.city).expect(200);
    expect((await matches('/cities/cn-liuzhou/matches', t.keys.city)).status).toBe(403);
  });
});

describe('POST /matches/preview', () => {
  it('scores an unsaved profile and stores nothing', async () => {
    const before = await countCompanies(t.ctx.db);
    const res = await request(t.app)
      .post('/matches/preview')
      .set(bearer(t.keys.company))
      .send({
        company: { country: 'DE', industries: [{ code: '28.41' }], wishes: [{ direction: 'request', type: 'distribution', targetCountry: 'CN' }] },
        options: { limit: 5, lang: 'de' },
      })
      .expect(200);
    expect(res.body.items).toHaveLength(5);
    expect(res.body.items.every((i: Item) => i.country === 'CN')).toBe(true);
    expect(await countCompanies(t.ctx.db)).toBe(before);
    const bad = await request(t.app).post('/matches/preview').set(bearer(t.keys.company)).send({ company: { country: 'DE', industries: [{ code: 'zz' }] } });
    expect(bad.status).toBe(422);
    expect(bad.body.field).toBe('company.industries.0.code');
  });

  it('answers a wrong option in the body with 422 naming options.<option>, as any body field', async () => {
    const preview = (options: object) => request(t.app).post('/matches/preview').set(bearer(t.keys.company)).send({ company: { country: 'DE' }, options });
    for (const [options, field] of [
      [{ cluster: 'unicorns' }, 'options.cluster'],
      [{ industry: '99.99' }, 'options.industry'],
      [{ weights: 'charm:1' }, 'options.weights'],
      [{ profile: 'nope' }, 'options.profile'],
    ] as const) {
      const res = await preview(options);
      expect(res.status, field).toBe(422);
      expect(res.body).toMatchObject({ code: 'validation_failed', field });
    }
  });
});

describe('weight profiles', () => {
  it('saves new versions, never overwrites, and activates any version', async () => {
    const saved = await request(t.app)
      .post('/weight-profiles')
      .set(bearer(t.keys.analyst))
      .send({ name: 'default', weights: { industry: 0.6, complementarity: 0.3, size: 0.1 }, note: 'more industry' })
      .expect(201);
    expect(saved.body).toMatchObject({ name: 'default', version: 2, active: true });
    const res = await matches(`/companies/${supplierId}/matches?limit=1`).expect(200);
    expect(res.body.profile).toMatchObject({ version: 2, weights: { industry: 0.6 } });
    const pinned = await matches(`/companies/${supplierId}/matches?limit=1&profile=default@v1`).expect(200);
    expect(pinned.body.profile.version).toBe(1);
    await request(t.app).post('/weight-profiles/default@v1/activate').set(bearer(t.keys.analyst)).expect(200);
    const back = await matches(`/companies/${supplierId}/matches?limit=1`).expect(200);
    expect(back.body.profile.version).toBe(1);
    const list = await request(t.app).get('/weight-profiles').set(bearer(t.keys.analyst)).expect(200);
    expect(list.body.items.map((p: { version: number }) => p.version)).toEqual([1, 2]);
    expect((await request(t.app).post('/weight-profiles').set(bearer(t.keys.analyst)).send({ name: 'x', weights: { industry: 0.5, complementarity: 0.5, size: 0.5 } })).status).toBe(422);
    expect((await request(t.app).post('/weight-profiles').set(bearer(t.keys.organiser)).send({ name: 'x', weights: { industry: 1, complementarity: 0, size: 0 } })).status).toBe(403);
    expect((await request(t.app).post('/weight-profiles/default@v9/activate').set(bearer(t.keys.analyst))).status).toBe(404);
  });

  it('pages the list of versions', async () => {
    const all = await request(t.app).get('/weight-profiles').set(bearer(t.keys.analyst)).expect(200);
    expect(all.body.total).toBeGreaterThanOrEqual(2);
    const page = await request(t.app).get('/weight-profiles?limit=1&offset=1').set(bearer(t.keys.analyst)).expect(200);
    expect(page.body).toMatchObject({ total: all.body.total, limit: 1, offset: 1 });
    expect(page.body.items).toEqual(all.body.items.slice(1, 2));
  });

  it('activates by a version reference in the path, with an empty body', async () => {
    const activate = (path: string) => request(t.app).post(path).set(bearer(t.keys.analyst));
    const res = await activate('/weight-profiles/default@v1/activate').expect(200);
    expect(res.body).toMatchObject({ name: 'default', version: 1, active: true });
    // An action takes no body: the version is in the path.
    const withBody = await activate('/weight-profiles/default@v1/activate').send({ version: 1 });
    expect(withBody.status).toBe(422);
    expect(withBody.body.field).toBe('body');
    const noVersion = await activate('/weight-profiles/default/activate');
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.field).toBe('path.profile');
  });

  it('answers a method a path does not serve with 405 and Allow', async () => {
    const res = await request(t.app).delete('/weight-profiles').set(bearer(t.keys.admin)).expect(405);
    expect(res.headers.allow).toBe('GET, HEAD, POST');
    const matchesPath = await request(t.app).post(`/companies/${supplierId}/matches`).set(bearer(t.keys.admin)).expect(405);
    expect(matchesPath.headers.allow).toBe('GET, HEAD');
  });
});
