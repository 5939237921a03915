/**
 * What a match list leaves out, on every match route and both dialects: partners met at events
 * (exclude=met, and its deprecated alias met=exclude), partners with a declined meeting request
 * (exclude=declined), the "not interested" marks, how many each reason left out, and a cache that never
 * serves a list from before a meeting, an outcome or an answer changed it.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects, bearer, testApp, type TestApp } from '../helpers.ts';
import { waitForJob } from '../scheduleFixture.ts';

const dialects = await availableDialects('match filter tests');

type Item = { id: string; kind: string };
type List = { items: Item[]; excluded: Record<string, number> };
const ids = (body: List) => body.items.map((i) => i.id);

describe.each(dialects)('exclude=met and exclude=declined on %s', (dialect) => {
  let t: TestApp;
  /** demo-000001's first suggestions before anything was left out. */
  let top: string[];
  let eventId: string;
  /** Participant ids by company or city id. */
  const participant = new Map<string, string>();

  const get = (path: string, key = t.keys.company) => request(t.app).get(path).set(bearer(key));
  const list = async (query: string, key = t.keys.company): Promise<List> => (await get(`/companies/demo-000001/matches?limit=20&${query}`, key).expect(200)).body;
  const organiser = () => ({ ...bearer(t.keys.organiser) });
  const lock = (a: string, b: string, slot: number) =>
    request(t.app).post(`/events/${eventId}/locks`).set(organiser()).send({ a: participant.get(a), b: participant.get(b), slot }).expect(201);
  const declinedRequest = async (from: string, to: string) => {
    const sent = await request(t.app).post(`/events/${eventId}/requests`).set(organiser()).send({ from: participant.get(from), to: participant.get(to) }).expect(201);
    await request(t.app).post(`/events/${eventId}/requests/${sent.body.id}/decline`).set(organiser()).expect(200);
  };
  const outcome = (a: string, b: string, attended: boolean) =>
    request(t.app)
      .post('/outcomes')
      .set(organiser())
      .send({ eventId, outcomes: [{ participantId: participant.get(a), partnerId: participant.get(b), attended }] })
      .expect(200);

  beforeAll(async () => {
    t = await testApp({ demoCompanies: 150, dialect });
    top = ids((await get('/companies/demo-000001/matches?limit=10').expect(200)).body);
    const event = await request(t.app)
      .post('/events')
      .set(organiser())
      .send({ name: 'Filters', timeZone: 'Europe/Berlin', slotMinutes: 30, days: [{ date: '2027-05-04', sessions: [{ name: 'day', start: '09:00', end: '13:00' }] }], tables: [{ name: 'A1' }, { name: 'A2' }] })
      .expect(201);
    eventId = event.body.id;
    const companies = ['demo-000001', ...top.slice(0, 8)];
    const added = await request(t.app)
      .post(`/events/${eventId}/participants`)
      .set(organiser())
      .send({ participants: [...companies.map((companyId) => ({ companyId })), { cityId: 'cn-foshan' }, { cityId: 'de-koeln' }] })
      .expect(201);
    for (const p of added.body.items as { id: string; companyId: string | null; cityId: string | null }[]) participant.set((p.companyId ?? p.cityId)!, p.id);
  }, 60_000);
  afterAll(async () => t?.close());

  it('answers without exclusions as before, saying only how many marks left partners out', async () => {
    const body = await list('');
    expect(ids(body).slice(0, 10)).toEqual(top);
    expect(body.excluded).toEqual({ dismissed: 0 });
  });

  it('exclude=met leaves out a meeting at a current event and an attended past one, not a missed one', async () => {
    const [scheduled, attended, missed] = top as [string, string, string];
    await lock('demo-000001', scheduled, 1);
    const held = await lock('demo-000001', attended, 2);
    await lock('demo-000001', missed, 3);
    // Held and recorded; a later run replaced its meeting row: the account still says they met.
    await outcome('demo-000001', attended, true);
    await t.ctx.db.deleteFrom('event_meetings').where('event_id', '=', eventId).where('id', '=', held.body.id).execute();
    // Both sides say the meeting did not take place.
    await outcome('demo-000001', missed, false);
    await outcome(missed, 'demo-000001', false);

    const body = await list('exclude=met');
    expect(ids(body)).not.toContain(scheduled);
    expect(ids(body)).not.toContain(attended);
    expect(ids(body)).toContain(missed);
    expect(body.excluded).toEqual({ dismissed: 0, met: 2 });
    // The deprecated spelling means the same, and both together too.
    const alias = await list('met=exclude');
    expect(alias).toEqual(body);
    expect(ids(await list('met=exclude&exclude=met'))).toEqual(ids(body));
    expect(ids(await list('met=include'))).toEqual(ids(await list('')));
    // Counted only where they would have been ranked: no Chinese partner was met.
    expect((await list('exclude=met&countries=same')).excluded).toEqual({ dismissed: 0, met: 0 });
  });

  it('exclude=declined leaves out a request declined in either direction', async () => {
    const [asked, wasAsked] = [top[3]!, top[4]!];
    await declinedRequest(asked, 'demo-000001');
    await declinedRequest('demo-000001', wasAsked);
    const body = await list('exclude=declined');
    expect(ids(body)).not.toContain(asked);
    expect(ids(body)).not.toContain(wasAsked);
    expect(ids(body)).toContain(top[0]);
    expect(body.excluded).toEqual({ dismissed: 0, declined: 2 });
    // Without the option they are suggested as ever.
    expect(ids(await list(''))).toEqual(expect.arrayContaining([asked, wasAsked]));
  });

  it('combines the reasons with the "not interested" marks and counts each', async () => {
    await request(t.app).put(`/companies/demo-000001/dismissals/${top[5]}`).set(bearer(t.keys.company)).expect(200);
    const body = await list('exclude=declined,met');
    for (const gone of [top[0], top[1], top[3], top[4], top[5]]) expect(ids(body)).not.toContain(gone);
    expect(ids(body)).toContain(top[2]);
    expect(body.excluded).toEqual({ dismissed: 1, met: 2, declined: 2 });
    // The order and repetitions of the list do not matter.
    expect(await list('exclude=met,declined,met')).toEqual(body);
    await request(t.app).delete(`/companies/demo-000001/dismissals/${top[5]}`).set(bearer(t.keys.company)).expect(204);
  });

  it('refuses an unknown exclusion with a 400 naming query.exclude', async () => {
    for (const value of ['bogus', 'met,bogus', '', 'met,', 'MET']) {
      const res = await get(`/companies/demo-000001/matches?exclude=${value}`).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body, value).toMatchObject({ code: 'bad_request', field: 'query.exclude' });
    }
    const res = await get('/companies/demo-000001/matches?exclude=met,bogus');
    expect(res.body.detail ?? res.body.title).toMatch(/'bogus'.*met, declined/);
    expect((await get('/cities/cn-foshan/matches?exclude=dismissed', t.keys.city).expect(400)).body.field).toBe('query.exclude');
  });

  it('never serves a cached list from before a meeting, an outcome or an answer changed it', async () => {
    const first = await list('exclude=met,declined');
    expect(await list('exclude=met,declined')).toEqual(first);
    const newcomer = top[6]!;
    expect(ids(first)).toContain(newcomer);
    await lock('demo-000001', newcomer, 4);
    const afterMeeting = await list('exclude=met,declined');
    expect(ids(afterMeeting)).not.toContain(newcomer);
    expect(afterMeeting.excluded.met).toBe(3);
    // One side now says the missed meeting took place after all: an account of attending counts.
    await outcome('demo-000001', top[2]!, true);
    const afterOutcome = await list('exclude=met,declined');
    expect(ids(afterOutcome)).not.toContain(top[2]);
    expect(afterOutcome.excluded.met).toBe(4);
    await declinedRequest(top[7]!, 'demo-000001');
    const afterAnswer = await list('exclude=met,declined');
    expect(ids(afterAnswer)).not.toContain(top[7]);
    expect(afterAnswer.excluded.declined).toBe(3);
    // And what the cache serves equals a fresh computation.
    t.ctx.matching.cacheEnabled = false;
    try {
      expect(await list('exclude=met,declined')).toEqual(afterAnswer);
    } finally {
      t.ctx.matching.cacheEnabled = true;
    }
  });

  it("GET /cities/:id/matches leaves out what the city's delegation met and what was declined with it", async () => {
    const companies = (await get('/cities/cn-foshan/matches?limit=5', t.keys.city).expect(200)).body as List;
    const met = companies.items.find((i) => participant.has(i.id))?.id ?? top[0]!;
    await lock('cn-foshan', met, 5);
    const withoutMet = (await get('/cities/cn-foshan/matches?limit=20&exclude=met', t.keys.city).expect(200)).body as List;
    expect(ids(withoutMet)).not.toContain(met);
    expect(withoutMet.excluded).toEqual({ dismissed: 0, met: 1 });
    expect((await get('/cities/cn-foshan/matches?limit=20&met=exclude', t.keys.city).expect(200)).body).toEqual(withoutMet);

    const cities = (await get('/cities/cn-foshan/matches?target=cities&limit=100', t.keys.city).expect(200)).body as List;
    expect(ids(cities)).toContain('de-koeln');
    await declinedRequest('de-koeln', 'cn-foshan');
    const withoutDeclined = (await get('/cities/cn-foshan/matches?target=cities&limit=100&exclude=declined', t.keys.city).expect(200)).body as List;
    expect(ids(withoutDeclined)).not.toContain('de-koeln');
    expect(withoutDeclined.excluded).toEqual({ dismissed: 0, declined: 1 });
    // The met company is no city: target=cities counts it nowhere.
    expect(((await get('/cities/cn-foshan/matches?target=cities&limit=100&exclude=met', t.keys.city).expect(200)).body as List).excluded).toEqual({ dismissed: 0, met: 0 });
    // The other side sees the same declined request from its own city.
    const koeln = (await get('/cities/de-koeln/matches?target=cities&limit=100&exclude=declined', t.keys.otherCity).expect(200)).body as List;
    expect(ids(koeln)).not.toContain('cn-foshan');
  });

  it('POST /matches/preview takes the options but has no history to leave out', async () => {
    const preview = (options: object) =>
      request(t.app)
        .post('/matches/preview')
        .set(bearer(t.keys.company))
        .send({ company: { country: 'CN', industries: [{ code: '23.99' }] }, options: { limit: 5, ...options } });
    const plain = await preview({}).expect(200);
    const excluded = await preview({ exclude: 'met,declined' }).expect(200);
    expect(excluded.body.items).toEqual(plain.body.items);
    expect(excluded.body.excluded).toEqual({ dismissed: 0, met: 0, declined: 0 });
    expect((await preview({ met: 'exclude' }).expect(200)).body.excluded).toEqual({ dismissed: 0, met: 0 });
    const bad = await preview({ exclude: 'bogus' }).expect(422);
    expect(bad.body).toMatchObject({ code: 'validation_failed', field: 'options.exclude' });
  });

  it('documents exclude and marks met as deprecated', async () => {
    const doc = (await request(t.app).get('/openapi.json').expect(200)).body;
    const params = doc.paths['/companies/{id}/matches'].get.parameters as { name: string; deprecated?: boolean; description?: string; schema: { description?: string } }[];
    const exclude = params.find((p) => p.name === 'exclude')!;
    expect(exclude.description ?? exclude.schema.description).toMatch(/preview/);
    const met = params.find((p) => p.name === 'met')!;
    expect(met.deprecated ?? (met.schema as { deprecated?: boolean }).deprecated).toBe(true);
  });
});

describe('event suggestions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ demoCompanies: 150 });
  }, 60_000);
  afterAll(async () => t?.close());

  it('a scheduling run suggests no partner one side marked "not interested", as the match lists leave it out', async () => {
    const organiser = bearer(t.keys.organiser);
    const top = ids((await request(t.app).get('/companies/demo-000001/matches?limit=6').set(bearer(t.keys.company)).expect(200)).body);
    const event = await request(t.app)
      .post('/events')
      .set(organiser)
      .send({ name: 'Suggestions', timeZone: 'Europe/Berlin', slotMinutes: 30, days: [{ date: '2027-05-05', sessions: [{ name: 'day', start: '09:00', end: '12:00' }] }], tables: [{ name: 'A1' }, { name: 'A2' }, { name: 'A3' }] })
      .expect(201);
    const eventId = event.body.id as string;
    const added = await request(t.app)
      .post(`/events/${eventId}/participants`)
      .set(organiser)
      .send({ participants: ['demo-000001', ...top].map((companyId) => ({ companyId })) })
      .expect(201);
    const [own, best] = added.body.items as { id: string }[];
    const suggestedWithBest = async () => {
      const started = await request(t.app).post(`/events/${eventId}/schedule`).set(organiser).send({ timeLimitSeconds: 1 }).expect(202);
      expect((await waitForJob(t, started.body.id)).status).toBe('succeeded');
      const { meetings } = (await request(t.app).get(`/events/${eventId}/schedule`).set(organiser).expect(200)).body as { meetings: { a: string; b: string; origin: string }[] };
      expect(meetings.every((m) => m.origin === 'suggestion')).toBe(true);
      return meetings.some((m) => [m.a, m.b].includes(own!.id) && [m.a, m.b].includes(best!.id));
    };
    expect(await suggestedWithBest()).toBe(true);
    await request(t.app).put(`/companies/demo-000001/dismissals/${top[0]}`).set(bearer(t.keys.company)).expect(200);
    expect(await suggestedWithBest()).toBe(false);
  }, 60_000);
});
