/**
 * A company's or city's own affairs through the API, on both dialects: "not interested" marks that every
 * match list respects (persisted, reversible, kept across a restart of the matcher), the `met=exclude`
 * option, and the events a company or city key takes part in.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDismissals } from '../../data/repositories/dismissals.ts';
import { MatchService } from '../../server/services/matching.ts';
import { availableDialects, bearer, silentLog, testApp, type TestApp } from '../helpers.ts';

const dialects = await availableDialects('dismissal API tests');

type Item = { id: string; kind: string };
const ids = (body: { items: Item[] }) => body.items.map((i) => i.id);

describe.each(dialects)('"not interested" marks and own events on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ demoCompanies: 120, dialect });
  }, 60_000);
  afterAll(async () => t?.close());

  const get = (path: string, key: string) => request(t.app).get(path).set(bearer(key));

  it('a company key marks a suggestion; its lists leave it out, also after the matcher is rebuilt; taking it back restores it', async () => {
    const before = await get('/companies/demo-000001/matches?limit=10', t.keys.company).expect(200);
    const [first, second] = ids(before.body);
    const marked = await request(t.app).put(`/companies/demo-000001/dismissals/${first}`).set(bearer(t.keys.company)).expect(200);
    expect(marked.body).toMatchObject({ kind: 'company', id: first, name: before.body.items[0].name });
    // Again: nothing changes.
    const again = await request(t.app).put(`/companies/demo-000001/dismissals/${first}`).set(bearer(t.keys.company)).expect(200);
    expect(again.body.dismissedAt).toBe(marked.body.dismissedAt);

    const after = await get('/companies/demo-000001/matches?limit=10', t.keys.company).expect(200);
    expect(ids(after.body)).not.toContain(first);
    expect(ids(after.body)[0]).toBe(second);
    // Every list of the subject respects it, whoever asks (an admin, other options).
    const admin = await get('/companies/demo-000001/matches?limit=30&countries=any', t.keys.admin).expect(200);
    expect(ids(admin.body)).not.toContain(first);

    const list = await get('/companies/demo-000001/dismissals', t.keys.company).expect(200);
    expect(list.body.items).toEqual([marked.body]);
    expect((await listDismissals(t.ctx.db, { kind: 'company', id: 'demo-000001' })).map((d) => d.partner)).toEqual([{ kind: 'company', id: first }]);

    // A matcher built afresh from the database (a restart) knows the mark.
    const rebuilt = new MatchService(t.ctx.taxonomy, silentLog);
    await rebuilt.build(t.ctx.db);
    expect(rebuilt.dismissedBy('company:demo-000001')?.has(`company:${first}`)).toBe(true);

    await request(t.app).delete(`/companies/demo-000001/dismissals/${first}`).set(bearer(t.keys.company)).expect(204);
    const restored = await get('/companies/demo-000001/matches?limit=10', t.keys.company).expect(200);
    expect(ids(restored.body)).toEqual(ids(before.body));
    expect((await get('/companies/demo-000001/dismissals', t.keys.company).expect(200)).body.items).toEqual([]);
    const gone = await request(t.app).delete(`/companies/demo-000001/dismissals/${first}`).set(bearer(t.keys.company)).expect(404);
    expect(gone.body.field).toBe('partnerId');
  });

  it('a company key acts only for its own company; admins for any; unknown partners are 404 naming partnerId', async () => {
    const other = await request(t.app).put('/companies/demo-000001/dismissals/demo-000003').set(bearer(t.keys.otherCompany)).expect(403);
    expect(other.headers['content-type']).toMatch(/application\/problem\+json/);
    await get('/companies/demo-000001/dismissals', t.keys.otherCompany).expect(403);
    await get('/companies/demo-000001/dismissals', t.keys.organiser).expect(403);
    await request(t.app).put('/companies/demo-000001/dismissals/demo-000003').set(bearer(t.keys.city)).expect(403);
    const unknown = await request(t.app).put('/companies/demo-000001/dismissals/no-such-company').set(bearer(t.keys.company)).expect(404);
    expect(unknown.body.field).toBe('partnerId');
    await request(t.app).put('/companies/no-such-company/dismissals/demo-000003').set(bearer(t.keys.admin)).expect(404);

    await request(t.app).put('/companies/demo-000002/dismissals/demo-000003').set(bearer(t.keys.admin)).expect(200);
    expect(ids((await get('/companies/demo-000002/dismissals', t.keys.otherCompany).expect(200)).body)).toEqual(['demo-000003']);
    await request(t.app).delete('/companies/demo-000002/dismissals/demo-000003').set(bearer(t.keys.otherCompany)).expect(204);

    // A deleted company takes the marks on it along.
    await request(t.app).put('/companies/demo-000002/dismissals/demo-000004').set(bearer(t.keys.otherCompany)).expect(200);
    await request(t.app).delete('/companies/demo-000004').set(bearer(t.keys.organiser)).expect(204);
    expect((await get('/companies/demo-000002/dismissals', t.keys.otherCompany).expect(200)).body.items).toEqual([]);
  });

  it('a city key marks a partner city for its own city (kind=city)', async () => {
    const before = await get('/cities/cn-foshan/matches?target=cities&limit=5', t.keys.city).expect(200);
    const first = before.body.items[0] as Item;
    expect(first.kind).toBe('city');
    const marked = await request(t.app).put(`/cities/cn-foshan/dismissals/${first.id}?kind=city`).set(bearer(t.keys.city)).expect(200);
    expect(marked.body).toMatchObject({ kind: 'city', id: first.id });
    expect(ids((await get('/cities/cn-foshan/matches?target=cities&limit=5', t.keys.city).expect(200)).body)).not.toContain(first.id);
    // The marked list names cities in the language asked for.
    const names = (await get(`/cities/${first.id}`, t.keys.city).expect(200)).body.name as { de: string };
    expect((await get('/cities/cn-foshan/dismissals?lang=de', t.keys.city).expect(200)).body.items[0].name).toBe(names.de);
    await request(t.app).put(`/cities/cn-foshan/dismissals/${first.id}?kind=city`).set(bearer(t.keys.otherCity)).expect(403);
    await request(t.app).delete(`/cities/cn-foshan/dismissals/${first.id}?kind=city`).set(bearer(t.keys.city)).expect(204);
    expect(ids((await get('/cities/cn-foshan/matches?target=cities&limit=5', t.keys.city).expect(200)).body)).toEqual(ids(before.body));
  });

  it('met=exclude leaves out partners met at an event; a company key sees the events it takes part in', async () => {
    const list = await get('/companies/demo-000001/matches?limit=5', t.keys.company).expect(200);
    const partner = list.body.items[0].id as string;
    const event = await request(t.app)
      .post('/events')
      .set(bearer(t.keys.organiser))
      .send({ name: 'Own affairs', timeZone: 'Europe/Berlin', slotMinutes: 30, days: [{ date: '2027-04-13', sessions: [{ name: 'morning', start: '09:00', end: '11:00' }] }], tables: [{ name: 'A1' }] })
      .expect(201);
    const eventId = event.body.id as string;
    const added = await request(t.app)
      .post(`/events/${eventId}/participants`)
      .set(bearer(t.keys.organiser))
      .send({ participants: [{ companyId: 'demo-000001' }, { companyId: partner }, { cityId: 'cn-foshan' }] })
      .expect(201);
    const [own, theirs] = added.body.items as { id: string }[];
    await request(t.app).post(`/events/${eventId}/locks`).set(bearer(t.keys.organiser)).send({ a: own!.id, b: theirs!.id, slot: 1 }).expect(201);

    expect(ids((await get('/companies/demo-000001/matches?limit=5', t.keys.company).expect(200)).body)).toContain(partner);
    const hidden = await get('/companies/demo-000001/matches?limit=5&met=exclude', t.keys.company).expect(200);
    expect(ids(hidden.body)).not.toContain(partner);
    expect(ids(hidden.body).slice(0, 4)).toEqual(ids(list.body).slice(1, 5));

    const mine = await get('/companies/demo-000001/events', t.keys.company).expect(200);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0].event).toMatchObject({ id: eventId, name: 'Own affairs', slotCount: 4 });
    expect(mine.body.items[0].participant).toMatchObject({ id: own!.id, companyId: 'demo-000001' });
    expect((await get('/companies/demo-000002/events', t.keys.company).expect(403)).body.code).toBe('forbidden');
    const city = await get('/cities/cn-foshan/events', t.keys.city).expect(200);
    expect(city.body.items.map((i: { participant: { kind: string } }) => i.participant.kind)).toEqual(['delegation']);
    expect((await get('/cities/de-koeln/events', t.keys.otherCity).expect(200)).body.items).toEqual([]);
  });
});
