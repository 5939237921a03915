/** What everyone sees, in the reader's language: cities on the map, directory filters, names in lists and match items, Chinese NACE class labels. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, testApp, type TestApp } from '../helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await t.ctx.search.build(t.ctx.db);
});
afterAll(async () => t?.close());

type City = { id: string; kind: string; country: string; name: { de: string; en: string; zh: string | null }; location: { lat: number; lon: number; provenance: string; note: string | null } | null };

describe('city locations', () => {
  it('every city but the networks of several towns has a curated point inside its country', async () => {
    const res = await request(t.app).get('/cities?limit=200').expect(200);
    const cities = res.body.items as City[];
    expect(cities).toHaveLength(56);
    for (const c of cities) {
      if (c.kind === 'city-network' || c.id === 'de-region-schwarzwald') {
        expect(c.location, c.id).toBeNull();
        continue;
      }
      expect(c.location, c.id).toMatchObject({ provenance: 'curated' });
      const { lat, lon } = c.location!;
      // Rounded to 0.01°: no pretended precision.
      expect(Math.round(lat * 100) / 100).toBe(lat);
      if (c.country === 'DE') expect(lat > 47 && lat < 55.1 && lon > 5.8 && lon < 15.1, c.id).toBe(true);
      else expect(lat > 18 && lat < 54 && lon > 73 && lon < 135, c.id).toBe(true);
    }
  });

  it('filters the directory by kind', async () => {
    const res = await request(t.app).get('/cities?kind=district&limit=200').expect(200);
    expect(res.body.items.map((c: City) => c.id).sort()).toEqual(['cn-baoan', 'cn-nansha', 'cn-xiaoshan']);
  });
});

describe('names in the chosen language', () => {
  it('names cities in match items, their reasons and the query in the requested language', async () => {
    const zh = await request(t.app).get('/cities/cn-foshan/matches?target=cities&lang=zh&limit=5').set(bearer(t.keys.admin)).expect(200);
    expect(zh.body.query.name).toBe('佛山市');
    expect(zh.body.items.length).toBeGreaterThan(0);
    const names = await request(t.app).get('/cities?country=DE&limit=200').expect(200);
    const zhName = new Map((names.body.items as City[]).map((c) => [c.id, c.name.zh]));
    for (const item of zh.body.items) {
      expect(item.name, item.id).toBe(zhName.get(item.id));
      expect(item.name).toMatch(/\p{Script=Han}/u);
    }
    const de = await request(t.app).get('/cities/cn-foshan/matches?target=cities&lang=de&limit=5').set(bearer(t.keys.admin)).expect(200);
    expect(de.body.query.name).toBe('Foshan');
  });

  it("gives a company's match items their city in the requested language", async () => {
    const res = await request(t.app).get('/companies/demo-000001/matches?lang=zh&limit=10').set(bearer(t.keys.company)).expect(200);
    const withCity = res.body.items.filter((i: { cityId: string | null }) => i.cityId);
    expect(withCity.length).toBeGreaterThan(0);
    for (const item of withCity) expect(item.cityName, item.id).toMatch(/\p{Script=Han}/u);
    // The reasons name industries in Chinese too, NACE classes included: no English label left in them.
    const industry = res.body.items.flatMap((item: { reasons: { component: string; text: string }[] }) => item.reasons.filter((r) => r.component === 'industry'));
    expect(industry.length).toBeGreaterThan(0);
    for (const reason of industry) expect(reason.text.replace(/NACE/g, '')).not.toMatch(/[A-Za-z]{4,}/);
  });

  it('names cities in Chinese on every match route: items, their reasons, the query and the company items’ cities', async () => {
    const cities = (await request(t.app).get('/cities?limit=200').expect(200)).body.items as City[];
    const names = new Map(cities.map((c) => [c.id, c.name]));
    type Item = { id: string; kind: string; name: string; cityId: string | null; cityName: string | null; reasons: { text: string }[] };
    const check = (items: Item[]) => {
      let named = 0;
      for (const item of items) {
        if (item.kind === 'company') {
          if (item.cityId && names.get(item.cityId)?.zh) expect(item.cityName, item.id).toBe(names.get(item.cityId)!.zh);
          continue;
        }
        const name = names.get(item.id)!;
        expect(item.name, item.id).toBe(name.zh ?? name.en);
        for (const reason of item.reasons) {
          if (name.zh && name.en !== name.zh) expect(reason.text, item.id).not.toContain(name.en);
          if (reason.text.includes(item.name)) named++;
        }
      }
      return named;
    };
    const company = await request(t.app).get('/companies/demo-000001/matches?target=cities&lang=zh&limit=20').set(bearer(t.keys.company)).expect(200);
    const city = await request(t.app).get('/cities/de-koeln/matches?target=cities&lang=zh&limit=20').set(bearer(t.keys.otherCity)).expect(200);
    expect(city.body.query.name).toBe('科隆');
    const invite = await request(t.app).get('/cities/cn-foshan/matches?lang=zh&limit=20').set(bearer(t.keys.city)).expect(200);
    expect(invite.body.query.name).toBe('佛山市');
    const preview = await request(t.app)
      .post('/matches/preview')
      .set(bearer(t.keys.company))
      .send({ company: { name: '试点公司', country: 'DE', industries: [{ code: '28.41' }], wishes: [{ direction: 'request', type: 'settlement', targetCountry: 'CN' }] }, options: { target: 'cities', lang: 'zh', limit: 20 } })
      .expect(200);
    expect(preview.body.query.name).toBe('试点公司');
    // The reasons name the candidate city (what it offers or seeks) somewhere, always in Chinese.
    expect(check(company.body.items) + check(city.body.items) + check(preview.body.items)).toBeGreaterThan(0);
    check(invite.body.items);
    expect(invite.body.items.some((i: Item) => i.cityName)).toBe(true);
  });

  it("gives companies in lists and profiles their directory city's names", async () => {
    const list = await request(t.app).get('/companies?city=cn-foshan&limit=5').set(bearer(t.keys.analyst)).expect(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    for (const c of list.body.items) expect(c.cityNames).toMatchObject({ zh: '佛山市', en: 'Foshan' });
    const one = await request(t.app).get(`/companies/${list.body.items[0].id}`).set(bearer(t.keys.analyst)).expect(200);
    expect(one.body.cityNames.zh).toBe('佛山市');
  });

  it('names city hits of a search in the requested language, found by German and Chinese words', async () => {
    const zh = await request(t.app).get(`/search?q=${encodeURIComponent('科隆')}&lang=zh`).expect(200);
    expect(zh.body.items[0]).toMatchObject({ kind: 'city', id: 'de-koeln', name: '科隆' });
    const de = await request(t.app).get(`/search?q=${encodeURIComponent('Köln')}&lang=de`).expect(200);
    expect(de.body.items[0]).toMatchObject({ id: 'de-koeln', name: 'Köln' });
    const en = await request(t.app).get(`/search?q=${encodeURIComponent('佛山')}&lang=en`).expect(200);
    expect(en.body.items[0]).toMatchObject({ id: 'cn-foshan', name: 'Foshan' });
  });
});

describe('Chinese labels of NACE classes in the API', () => {
  it('answers a class with its derived Chinese label and its source', async () => {
    const tobacco = await request(t.app).get('/industries/12.00').expect(200);
    expect(tobacco.body.label).toMatchObject({ zh: '烟草制品业', zhSource: 'gbt4754' });
    const parts = await request(t.app).get('/industries/29.31').expect(200);
    expect(parts.body.label.zhSource).toBe('group-approx');
    expect(parts.body.label.zh).toBe(parts.body.path[2].label.zh);
    expect(parts.body.path[2].label.zhSource).toBe('curated');
  });

  it("labels a company's industries in Chinese, with the source", async () => {
    const res = await request(t.app).get('/companies/demo-000001').set(bearer(t.keys.company)).expect(200);
    for (const industry of res.body.industries) {
      for (const target of industry.nace) {
        expect(target.label.zh, target.code).toMatch(/\p{Script=Han}/u);
        expect(['curated', 'gbt4754', 'group', 'group-approx']).toContain(target.label.zhSource);
      }
    }
  });
});
