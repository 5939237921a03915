/**
 * The analyst's what-if: a stored subject's match list scored with weights that are not stored. It is
 * exact (the weights of a stored profile rank exactly as that profile does), checked as a saved profile's
 * weights are, saves nothing, and is the analysts' and admins' only.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, testApp, type TestApp } from '../helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ demoCompanies: 300 });
});
afterAll(async () => t?.close());

type List = { profile: { name: string; version: number; weights: Record<string, number>; fusion: string; inline: boolean }; items: { id: string; rank: number; score: number; components: unknown[] }[] };
const list = async (path: string, key = t.keys.analyst): Promise<List> => (await request(t.app).get(path).set(bearer(key)).expect(200)).body;
const asQuery = (weights: Record<string, number>) => Object.entries(weights).map(([c, w]) => `${c}:${w}`).join(',');
const ranking = (l: List) => l.items.map(({ id, rank, score, components }) => ({ id, rank, score, components }));
const profileCount = async () => (await request(t.app).get('/weight-profiles').set(bearer(t.keys.analyst)).expect(200)).body.total as number;

describe('what-if weights on a stored subject', () => {
  it("rank exactly as the stored profile does when they are the profile's weights", async () => {
    const saved = await list('/companies/demo-000001/matches?limit=30');
    expect(saved.profile.inline).toBe(false);
    const same = await list(`/companies/demo-000001/matches?limit=30&weights=${asQuery(saved.profile.weights)}`);
    expect(same.profile).toMatchObject({ inline: true, weights: saved.profile.weights, name: saved.profile.name, version: saved.profile.version });
    expect(ranking(same)).toEqual(ranking(saved));
    // A city's list too, for both targets.
    for (const target of ['companies', 'cities']) {
      const city = await list(`/cities/cn-foshan/matches?target=${target}&limit=20`);
      expect(ranking(await list(`/cities/cn-foshan/matches?target=${target}&limit=20&weights=${asQuery(city.profile.weights)}`))).toEqual(ranking(city));
    }
  });

  it("rank exactly as a saved version with those weights, and different weights re-rank without saving anything", async () => {
    const before = await profileCount();
    const weights = { industry: 0.15, complementarity: 0.25, size: 0.6 };
    const version = (await request(t.app).post('/weight-profiles').set(bearer(t.keys.analyst)).send({ name: 'size-first', weights, activate: false }).expect(201)).body;
    const stored = await list(`/companies/demo-000001/matches?limit=30&profile=size-first@v${version.version}`);
    const whatIf = await list(`/companies/demo-000001/matches?limit=30&weights=${asQuery(weights)}`);
    expect(whatIf.profile).toMatchObject({ name: 'default', inline: true, weights });
    expect(ranking(whatIf)).toEqual(ranking(stored));
    const byDefault = await list('/companies/demo-000001/matches?limit=30');
    expect(ranking(whatIf).map((i) => i.id)).not.toEqual(ranking(byDefault).map((i) => i.id));
    expect(await profileCount()).toBe(before + 1);
  });

  it("are checked as a saved profile's weights are, naming the field", async () => {
    for (const weights of ['industry:0.5,complementarity:0.4', 'industry:0.9,complementarity:0.9', 'industry:1.2.3', 'charm:1', 'industry:-1']) {
      const res = await request(t.app).get(`/companies/demo-000001/matches?weights=${weights}`).set(bearer(t.keys.analyst));
      expect(res.status, weights).toBe(400);
      expect(res.body.field, weights).toBe('query.weights');
    }
    const preview = await request(t.app).post('/matches/preview').set(bearer(t.keys.analyst)).send({ company: { country: 'DE' }, options: { weights: 'industry:0.5' } });
    expect(preview.status).toBe(422);
    expect(preview.body.field).toBe('options.weights');
  });

  it('are refused to company, city and organiser keys, even on their own lists; admins may', async () => {
    const weights = 'industry:0.2,complementarity:0.2,size:0.6';
    for (const [key, path] of [
      [t.keys.company, '/companies/demo-000001/matches'],
      [t.keys.city, '/cities/cn-foshan/matches'],
      [t.keys.organiser, '/companies/demo-000001/matches'],
    ] as const) {
      const res = await request(t.app).get(`${path}?weights=${weights}`).set(bearer(key));
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'forbidden', field: 'query.weights' });
      const fusion = await request(t.app).get(`${path}?fusion=min`).set(bearer(key));
      expect(fusion.status).toBe(403);
      expect(fusion.body.field).toBe('query.fusion');
      // The same list scored by a stored profile stays theirs to see.
      await request(t.app).get(`${path}?profile=default`).set(bearer(key)).expect(200);
    }
    const preview = await request(t.app).post('/matches/preview').set(bearer(t.keys.company)).send({ company: { country: 'DE' }, options: { weights } });
    expect(preview.status).toBe(403);
    expect(preview.body.field).toBe('options.weights');
    await request(t.app).get(`/companies/demo-000001/matches?weights=${weights}`).set(bearer(t.keys.admin)).expect(200);
  });
});
