/** PATCH /cities/:id: a city maintains its own clusters, cooperations, wishes and key data. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, testApp, type TestApp } from '../helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ demoCompanies: 5 }); // the company keys bind to demo-000001 and demo-000002
});
afterAll(async () => t?.close());

const patch = (id: string, key: string, body: unknown) => request(t.app).patch(`/cities/${id}`).set(bearer(key)).send(body as object);

describe('PATCH /cities/:id', () => {
  it('lets the city key add a wish and keeps the seed provenance of what it sends back', async () => {
    const before = (await request(t.app).get('/cities/cn-foshan').expect(200)).body;
    const seeded = before.wishes.map((w: { direction: string; type: string; clusters: { id: string }[]; targetCountry: string | null; description: object }) => ({
      direction: w.direction,
      type: w.type,
      clusters: w.clusters.map((c) => c.id),
      targetCountry: w.targetCountry,
      description: w.description,
    }));
    const added = { direction: 'request', type: 'joint-rnd', clusters: ['hydrogen'], targetCountry: 'DE', description: { en: 'Fuel-cell R&D partners' } };
    const res = await patch('cn-foshan', t.keys.city, { wishes: [...seeded, added] }).expect(200);
    expect(res.body.wishes).toHaveLength(seeded.length + 1);
    expect(res.body.wishes.slice(0, -1).map((w: { provenance: string }) => w.provenance)).toEqual(before.wishes.map((w: { provenance: string }) => w.provenance));
    expect(res.body.wishes.at(-1)).toMatchObject({ type: 'joint-rnd', provenance: 'api' });
    // Clusters and cooperations were not in the patch: untouched.
    expect(res.body.clusters).toEqual(before.clusters);
    expect(res.body.cooperations).toEqual(before.cooperations);
  });

  it('updates key data; an unchanged figure keeps its provenance', async () => {
    const before = (await request(t.app).get('/cities/cn-xuchang').expect(200)).body;
    const population = before.keyData.population;
    const res = await patch('cn-xuchang', t.keys.organiser, {
      keyData: { population: { value: population.value, year: population.year, approx: population.approx, note: population.note }, gdp: { value: 3.7e11, year: 2022, currency: 'CNY' } },
    }).expect(200);
    expect(res.body.keyData.population.provenance).toBe(population.provenance);
    // The same figure with another note is a changed statement.
    const edited = await patch('cn-xuchang', t.keys.organiser, { keyData: { population: { value: population.value, year: population.year, approx: population.approx, note: 'checked' } } }).expect(200);
    expect(edited.body.keyData.population.provenance).toBe('api');
    // An area sent back as it was read keeps its provenance, although the seed gave no year.
    const foshan = (await request(t.app).get('/cities/cn-foshan').expect(200)).body.keyData.areaKm2;
    const { provenance: _p, ...area } = foshan;
    const same = await patch('cn-foshan', t.keys.organiser, { keyData: { areaKm2: area } }).expect(200);
    expect(same.body.keyData.areaKm2.provenance).toBe(foshan.provenance);
    expect(res.body.keyData.gdp).toMatchObject({ value: 3.7e11, provenance: 'api', approx: true });
  });

  it('refuses other cities, other roles and no key; writes nothing', async () => {
    const before = (await request(t.app).get('/cities/de-koeln').expect(200)).body;
    expect((await patch('de-koeln', t.keys.city, { clusters: [] })).status).toBe(403);
    expect((await patch('de-koeln', t.keys.analyst, { clusters: [] })).status).toBe(403);
    expect((await patch('de-koeln', t.keys.company, { clusters: [] })).status).toBe(403);
    expect((await request(t.app).patch('/cities/de-koeln').send({ clusters: [] })).status).toBe(401);
    expect((await request(t.app).get('/cities/de-koeln').expect(200)).body).toEqual(before);
  });

  it('validates clusters, kinds and dates, naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ clusters: [{ id: 'unicorns' }] }, 'clusters.0.id'],
      [{ cooperations: [{ partner: 'Foshan', kind: 'friendship' }] }, 'cooperations.0.kind'],
      [{ cooperations: [{ partner: 'Foshan', kind: 'agreement', since: 'last year' }] }, 'cooperations.0.since'],
      [{ wishes: [{ direction: 'offer', type: 'settlement', clusters: ['nope'] }] }, 'wishes.0.clusters.0'],
      [{ keyData: { population: { value: -5 } } }, 'keyData.population.value'],
      [{ name: 'Colonia' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await patch('de-koeln', t.keys.admin, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.field).toBe(field);
    }
    expect((await patch('xx-atlantis', t.keys.admin, { clusters: [] })).status).toBe(404);
  });
});
