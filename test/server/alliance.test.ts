/**
 * Membership by the alliance's rules through the API, on both dialects: unanimous written consent, one
 * objection, the other reading of the consent rule, withdrawal, seat conversion and re-application, the
 * 2:1 ratio turning an applicant into an observer, the announcement, composition by date, and clear
 * problems for bad requests. Nothing is deleted: every change is a dated, sourced statement.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects, bearer, testApp, type TestApp } from '../helpers.ts';

const dialects = await availableDialects('alliance registry API tests');
const today = new Date().toISOString().slice(0, 10);

const content = {
  keyData: 'about 260,000 inhabitants',
  industrialCharacteristics: 'textiles, mechanical engineering, logistics',
  cooperations: { national: ['Metropolregion Rheinland'], international: [] },
  wishes: ['settlement of Chinese logistics companies'],
  document: 'letter of application',
};

describe.each(dialects)('the membership registry on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ demoCompanies: 20, dialect });
  }, 60_000);
  afterAll(async () => t?.close());

  const as = (key: string) => ({
    get: (path: string) => request(t.app).get(path).set(bearer(key)),
    post: (path: string, body: object = {}) => request(t.app).post(path).set(bearer(key)).send(body),
    put: (path: string, body: object) => request(t.app).put(path).set(bearer(key)).send(body),
  });
  const sec = () => as(t.keys.secretariat);
  const composition = async (date?: string) => (await request(t.app).get(`/alliance/composition${date ? `?date=${date}` : ''}`).expect(200)).body;
  const status = async (id: string) => (await request(t.app).get(`/cities/${id}`).expect(200)).body.status;

  /** Files, circulates and collects answers: the listed objectors object, everyone else consents in writing. */
  async function apply(cityId: string, objectors: string[] = []) {
    const filed = await sec().post('/alliance/applications', { cityId, content }).expect(201);
    const circulated = await sec().post(`/alliance/applications/${filed.body.id}/circulation`).expect(200);
    for (const voter of circulated.body.electorate as string[]) {
      await sec()
        .put(`/alliance/applications/${filed.body.id}/votes/${voter}`, { vote: objectors.includes(voter) ? 'objection' : 'consent', inWriting: true, document: `letter of ${voter}` })
        .expect(200);
    }
    return sec().post(`/alliance/applications/${filed.body.id}/decision`).expect(200);
  }

  it('composition by date follows the papers; the public may read it', async () => {
    const sep2017 = await composition('2017-09-27');
    expect([sep2017.counts.DE.members, sep2017.counts.CN.members]).toEqual([9, 14]);
    expect(sep2017.agrees).toBe(true);
    const now = await composition();
    expect([now.counts.DE.members, now.counts.DE.guests, now.counts.CN.members]).toEqual([19, 1, 25]);
    expect(now.stated.map((s: { count: number }) => s.count)).toEqual(expect.arrayContaining([20, 27, 21, 26]));
    expect(now.entries.find((e: { cityId: string }) => e.cityId === 'de-drei-gewinnt').name.de).toContain('Drei gewinnt');
    const cities = await request(t.app).get('/cities?status=member&limit=100').expect(200);
    expect(cities.body.total).toBe(44);
    expect((await status('de-dortmund')).current).toBe('guest');
    expect((await status('de-koeln')).disputes[0].field).toBe('since');
    const rules = await request(t.app).get('/alliance/rules').expect(200);
    expect(rules.body.consentRule).toBe('all-written');
    expect(rules.body.readings.map((r: { rule: string }) => r.rule)).toEqual(['all-written', 'majority']);
  });

  it('unanimous written consent admits an applicant; the city answers with its own key; a decision waits for every answer', async () => {
    const filed = await sec().post('/alliance/applications', { cityId: 'de-moenchengladbach', content }).expect(201);
    expect(filed.body.state).toBe('filed');
    expect((await status('de-moenchengladbach')).current).toBe('applicant');
    const circulated = await sec().post(`/alliance/applications/${filed.body.id}/circulation`).expect(200);
    expect(circulated.body.electorate).toHaveLength(44);
    expect(circulated.body.electorate).toContain('de-drei-gewinnt');
    expect(circulated.body.electorate).not.toContain('de-ruesselsheim');
    // Foshan answers itself; it may not answer for Köln.
    await as(t.keys.city).put(`/alliance/applications/${filed.body.id}/votes/cn-foshan`, { vote: 'consent', inWriting: true }).expect(200);
    const notYours = await as(t.keys.city).put(`/alliance/applications/${filed.body.id}/votes/de-koeln`, { vote: 'consent', inWriting: true }).expect(403);
    expect(notYours.body.field).toBe('cityId');
    const early = await sec().post(`/alliance/applications/${filed.body.id}/decision`).expect(409);
    expect(early.headers['content-type']).toContain('application/problem+json');
    expect(early.body.field).toBe('votes');
    expect(early.body.detail).toContain('43 of 44');
    for (const voter of circulated.body.electorate.filter((c: string) => c !== 'cn-foshan')) {
      await sec().put(`/alliance/applications/${filed.body.id}/votes/${voter}`, { vote: 'consent', inWriting: true, document: 'letter' }).expect(200);
    }
    const decided = await sec().post(`/alliance/applications/${filed.body.id}/decision`).expect(200);
    expect(decided.body).toMatchObject({ state: 'member', decision: { outcome: 'member', code: 'consented' } });
    expect((await status('de-moenchengladbach')).current).toBe('member');
    const now = await composition();
    expect(now.counts.DE.members).toBe(20);
    expect(now.awaitingAnnouncement.map((s: { cityId: string }) => s.cityId)).toEqual(['de-moenchengladbach']);
    const announced = await sec().post('/alliance/announcements', { date: now.date, meeting: 'joint meeting' }).expect(201);
    expect(announced.body.map((s: { kind: string }) => s.kind)).toEqual(['announced']);
    expect((await composition()).awaitingAnnouncement).toEqual([]);
    // Decided is decided: no more votes.
    await sec().put(`/alliance/applications/${filed.body.id}/votes/cn-foshan`, { vote: 'objection', inWriting: true }).expect(409);
  });

  it('one written objection rejects under 003; under 002’s reading a majority admits', async () => {
    const rejected = await apply('de-kreis-dueren', ['de-koeln']);
    expect(rejected.body.decision).toMatchObject({ outcome: 'rejected', code: 'objected', objections: ['de-koeln'] });
    expect(rejected.body.decision.message).toContain('de-koeln');
    expect((await status('de-kreis-dueren')).current).toBe('none');

    t.ctx.consentRule = 'majority';
    try {
      const admitted = await apply('de-braunschweig', ['de-koeln', 'cn-foshan']);
      expect(admitted.body).toMatchObject({ state: 'member', consentRule: 'majority' });
    } finally {
      t.ctx.consentRule = 'all-written';
    }
    expect((await status('de-braunschweig')).current).toBe('member');
  });

  it('withdrawal by written request; a seat converted to an observer seat; re-application restores it', async () => {
    // Braunschweig was admitted today, so it can leave only from today on.
    const early = await sec().post('/alliance/cities/de-braunschweig/withdrawal', { requestedOn: '2026-11-01', communicatedOn: '2026-11-15', document: 'letter 2026/17' }).expect(409);
    expect(early.body.field).toBe('cityId');
    const out = await sec().post('/alliance/cities/de-braunschweig/withdrawal', { requestedOn: today, communicatedOn: today, document: 'letter 2026/17' }).expect(201);
    expect(out.body).toMatchObject({ kind: 'withdrawn', date: today, provenance: 'registry:letter:letter 2026/17' });
    expect((await status('de-braunschweig')).current).toBe('former');
    const backwards = await sec().post('/alliance/cities/de-aachen/withdrawal', { requestedOn: '2026-11-15', communicatedOn: '2026-11-01', document: 'x' }).expect(422);
    expect(backwards.body.field).toBe('communicatedOn');

    const converted = await sec().post('/alliance/cities/de-bottrop/conversion', { date: '2026-11-20', meeting: 'plenary 2026', reason: 'has not taken part since 2019' }).expect(201);
    expect(converted.body).toMatchObject({ kind: 'converted-to-observer', status: 'observer' });
    expect((await status('de-bottrop')).current).toBe('observer');
    expect((await composition()).counts.DE).toMatchObject({ members: 19, observers: 1 });
    // Only a member seat converts; a city key may not move a motion.
    await sec().post('/alliance/cities/de-bottrop/conversion', { date: '2026-11-21', meeting: 'x', reason: 'y' }).expect(409);
    await as(t.keys.otherCity).post('/alliance/cities/de-koeln/conversion', { date: '2026-11-21', meeting: 'x', reason: 'y' }).expect(403);

    const back = await apply('de-bottrop');
    expect(back.body.state).toBe('member');
    expect((await status('de-bottrop')).current).toBe('member');
    const history = await request(t.app).get('/alliance/statements?cityId=de-bottrop').expect(200);
    expect(history.body.map((s: { kind: string }) => s.kind)).toEqual(expect.arrayContaining(['listed', 'converted-to-observer', 'applied', 'admitted']));
  });

  it('the 2:1 ratio turns a Chinese applicant into an observer, and says why', async () => {
    // Eight German members leave: 12 German against 25 Chinese members; a 26th would pass 2:1.
    for (const id of ['de-ingolstadt', 'de-bad-homburg', 'de-chemnitz', 'de-fulda', 'de-goettingen', 'de-hamburg', 'de-hildesheim', 'de-ludwigshafen']) {
      await sec().post(`/alliance/cities/${id}/withdrawal`, { requestedOn: '2026-11-02', communicatedOn: '2026-11-16', document: `letter ${id}` }).expect(201);
    }
    expect((await composition()).counts.DE.members).toBe(12);
    const yunfu = await apply('cn-yunfu');
    expect(yunfu.body.decision).toMatchObject({ outcome: 'observer', code: 'ratio' });
    expect(yunfu.body.decision.message).toContain('2:1');
    expect((await status('cn-yunfu')).current).toBe('observer');
    const now = await composition();
    expect(now.counts.CN).toMatchObject({ members: 25, observers: 1 });
    expect(now.ratio).toBeCloseTo(25 / 12, 3);
  });

  it('refuses bad requests with problems that name the field, and writes nothing', async () => {
    const before = (await request(t.app).get('/alliance/statements').expect(200)).body.length;
    const noWish = await sec().post('/alliance/applications', { cityId: 'de-gera', content: { ...content, wishes: [] } }).expect(422);
    expect(noWish.headers['content-type']).toContain('application/problem+json');
    expect(noWish.body.field).toBe('content.wishes');
    const member = await sec().post('/alliance/applications', { cityId: 'de-aachen', content }).expect(409);
    expect(member.body.field).toBe('cityId');
    const town = await sec().post('/alliance/applications', { cityId: 'de-lahr', content }).expect(409);
    expect(town.body.detail).toContain('de-region-schwarzwald');
    const future = await sec().post('/alliance/applications', { cityId: 'de-gera', filedOn: '2999-01-01', content }).expect(422);
    expect(future.body.field).toBe('filedOn');
    await as(t.keys.city).post('/alliance/applications', { cityId: 'de-gera', content }).expect(403);
    await request(t.app).post('/alliance/applications').send({ cityId: 'de-gera', content }).expect(401);
    await as(t.keys.organiser).get('/alliance/applications').expect(403);
    await sec().post('/alliance/applications', { cityId: 'de-nowhere', content }).expect(404);
    const badDate = await request(t.app).get('/alliance/composition?date=2021-13-01').expect(400);
    expect(badDate.body.field).toBe('query.date');
    expect((await request(t.app).get('/alliance/statements').expect(200)).body.length).toBe(before);
  });

  it('a city key sees its own applications and those it is asked about, not others', async () => {
    const mine = await as(t.keys.city).get('/alliance/applications?limit=50').expect(200);
    expect(mine.body.total).toBeGreaterThan(0);
    for (const a of mine.body.items) expect(a.cityId === 'cn-foshan' || a.electorate.includes('cn-foshan')).toBe(true);
  });
});
