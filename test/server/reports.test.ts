/**
 * Periodic reports through the API, on both dialects: a member city's report over a period in JSON, CSV
 * and HTML and in German, English and Chinese; a schedule whose period has ended producing its report
 * without a request (the clock driven by an injected `now`), once however many producers race; who
 * receives which report; problems that name the field.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../data/repositories/apiKeys.ts';
import { ReportScheduler } from '../../server/services/reportScheduler.ts';
import { availableDialects, bearer, silentLog, testApp, type TestApp } from '../helpers.ts';

const dialects = await availableDialects('report API tests');
const today = new Date().toISOString().slice(0, 10);

describe.each(dialects)('periodic reports on %s', (dialect) => {
  let t: TestApp;
  /** The member city whose companies met most at the simulated past events, and one of its companies. */
  let city: string;
  let cityCompany: string;
  let organisationKey: string;
  beforeAll(async () => {
    t = await testApp({ demoCompanies: 200, demoPastEvents: 2, dialect });
    const rows = await t.ctx.db
      .selectFrom('event_participants as p')
      .innerJoin('companies as c', 'c.id', 'p.company_id')
      .innerJoin('cities as y', 'y.id', 'c.city_id')
      .select(['c.city_id', 'c.id'])
      .where('y.status', '=', 'member')
      .execute();
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.city_id!, (counts.get(r.city_id!) ?? 0) + 1);
    city = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    cityCompany = rows.find((r) => r.city_id === city)!.id;
    organisationKey = (await createApiKey(t.ctx.db, { name: 'CIPA', role: 'company', companyId: 'cipa' })).secret;
  }, 90_000);
  afterAll(async () => t?.close());

  const get = (path: string, key: string) => request(t.app).get(path).set(bearer(key));
  const post = (path: string, key: string, body: object) => request(t.app).post(path).set(bearer(key)).send(body);

  it("a member city's report over a period, in JSON, CSV and HTML, in German, English and Chinese", async () => {
    // Two match lists requested for a company of the city, one for the city itself: counted, cache or not.
    await get(`/companies/${cityCompany}/matches?limit=5`, t.keys.admin).expect(200);
    await get(`/companies/${cityCompany}/matches?limit=5`, t.keys.admin).expect(200);
    await get(`/cities/${city}/matches?limit=5`, t.keys.admin).expect(200);

    const made = await post('/reports', t.keys.secretariat, { scope: { kind: 'city', id: city }, from: '2024-01-01', to: today, lang: 'de' }).expect(201);
    expect(made.headers.location).toBe(`/reports/${made.body.id}`);
    const report = made.body;
    expect(report).toMatchObject({ scope: { kind: 'city', id: city }, period: { from: '2024-01-01', to: today }, lang: 'de', scheduleId: null });
    expect(report.title).toMatch(/^Bericht: /);
    const c = report.content;
    expect(c.scope.cities.map((x: { id: string }) => x.id)).toContain(city);
    expect(c.meetings.total).toBeGreaterThan(0);
    expect(c.meetings.byMonth.reduce((s: number, m: { count: number }) => s + m.count, 0)).toBe(c.meetings.total);
    expect(c.meetings.events.length).toBeGreaterThan(0);
    expect(c.outcomes.accounts).toBeGreaterThan(0);
    expect(Object.values(c.outcomes.byFollowUp as Record<string, number>).reduce((s, n) => s + n, 0)).toBe(c.outcomes.accounts);
    expect(c.matchLists).toMatchObject({ total: 3, byKind: { company: 2, city: 1 } });
    expect(c.matchLists.bySubject[0]).toMatchObject({ kind: 'company', id: cityCompany, count: 2 });
    expect(c.profiles.companies.total).toBeGreaterThan(0);

    const stored = await get(`/reports/${report.id}?lang=zh`, t.keys.secretariat).expect(200);
    expect(stored.body.title).toMatch(/^报告：/);
    expect(stored.body.content).toEqual(c);

    const words = { de: ['Abschnitt', 'Geführte Gespräche', 'Bericht: '], en: ['Section', 'Meetings held', 'Report: '], zh: ['部分', '已举行的洽谈', '报告：'] } as const;
    for (const lang of ['de', 'en', 'zh'] as const) {
      const csv = await get(`/reports/${report.id}.csv?lang=${lang}`, t.keys.secretariat).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toContain(`-${lang}.csv`);
      expect(csv.text.startsWith('\uFEFF')).toBe(true);
      const [header, ...rows] = csv.text.slice(1).trim().split('\n');
      expect(header!.split(',')[0]).toBe(words[lang][0]);
      expect(rows.some((r) => r.startsWith(`${words[lang][1]},`) || r.includes(words[lang][1]))).toBe(true);

      const html = await get(`/reports/${report.id}.html?lang=${lang}`, t.keys.secretariat).expect(200);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.headers['content-security-policy']).toContain("default-src 'none'");
      expect(html.text).toContain(`<html lang="${lang === 'zh' ? 'zh-Hans' : lang}">`);
      expect(html.text).toContain(words[lang][1]);
      expect(html.text).toContain(`<h1>${words[lang][2]}`);
      expect(html.text).toContain('<svg');
      expect(html.text).not.toMatch(/<script/i);
    }
  });

  it("lists a period's membership changes, dated and sourced, in every format", async () => {
    const city = await post('/reports', t.keys.secretariat, { scope: { kind: 'city', id: 'de-koeln' }, from: '2017-01-01', to: '2017-12-31', lang: 'en' }).expect(201);
    const changes = city.body.content.membership.items as { cityId: string; kind: string; date: string; provenance: string }[];
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.cityId === 'de-koeln' && c.date.startsWith('2017') && c.provenance.length > 0)).toBe(true);
    expect(city.body.content.membership.total).toBe(changes.length);
    const side = await post('/reports', t.keys.secretariat, { scope: { kind: 'country', id: 'DE' }, from: '2017-01-01', to: '2017-12-31', lang: 'de' }).expect(201);
    expect(side.body.content.membership.total).toBeGreaterThanOrEqual(changes.length);
    expect(side.body.content.membership.items.every((c: { cityId: string }) => c.cityId.startsWith('de-'))).toBe(true);
    const html = await get(`/reports/${side.body.id}.html`, t.keys.secretariat).expect(200);
    expect(html.text).toContain('<h2>Änderungen der Mitgliedschaft</h2>');
    expect(html.text).toContain(changes[0]!.provenance);
    const csv = await get(`/reports/${city.body.id}.csv?lang=zh`, t.keys.secretariat).expect(200);
    expect(csv.text).toContain('成员资格变化');
    // Nothing changed in a quiet period.
    const quiet = await post('/reports', t.keys.secretariat, { scope: { kind: 'city', id: 'de-koeln' }, from: '2030-01-01', to: '2030-03-31' }).expect(201);
    expect(quiet.body.content.membership).toEqual({ total: 0, byKind: {}, items: [] });
  });

  it("lists the projects started, advanced and completed in the period, with parties in the scope's cities", async () => {
    const quarter = await post('/reports', t.keys.city, { scope: { kind: 'city', id: 'cn-foshan' }, from: '2021-01-01', to: '2021-03-31', lang: 'zh' }).expect(201);
    const projects = quarter.body.content.projects;
    expect(projects).toMatchObject({ started: 1, advanced: 0, completed: 0, abandoned: 0, entries: 1 });
    expect(projects.items[0]).toMatchObject({ projectId: 'luqom-foshan-settlement', change: 'started', status: 'agreed', date: '2021-02-03', previousStatus: null });
    expect(projects.items[0].provenance).toMatch(/^seed:/);
    const html = await get(`/reports/${quarter.body.id}.html`, t.keys.city).expect(200);
    expect(html.text).toContain('<h2>合作项目</h2>');
    expect(html.text).toContain(projects.items[0].provenance);
    const csv = await get(`/reports/${quarter.body.id}.csv?lang=en`, t.keys.city).expect(200);
    expect(csv.text).toContain('Cooperation projects,started: agreed,luqom-foshan-settlement');
    // Another city's report does not list Foshan's projects; the German side lists those with a German party.
    const koeln = await post('/reports', t.keys.secretariat, { scope: { kind: 'city', id: 'de-koeln' }, from: '2019-01-01', to: '2021-12-31' }).expect(201);
    expect(koeln.body.content.projects.entries).toBe(0);
    const de = await post('/reports', t.keys.secretariat, { scope: { kind: 'country', id: 'DE' }, from: '2021-01-01', to: '2021-03-31' }).expect(201);
    expect(de.body.content.projects.items.map((p: { projectId: string }) => p.projectId)).toEqual(['luqom-foshan-settlement']);
  });

  it('neutralises CSV cells that a spreadsheet would run as formulas', async () => {
    await post('/companies', t.keys.admin, { name: '=HYPERLINK("http://evil.example","x")', country: 'DE', cityId: 'de-koeln', industries: [{ scheme: 'NACE', code: '27.20' }] }).expect(201);
    const made = await post('/reports', t.keys.secretariat, { scope: { kind: 'city', id: 'de-koeln' }, from: today, to: today }).expect(201);
    const csv = await get(`/reports/${made.body.id}.csv`, t.keys.secretariat).expect(200);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv.text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const html = await get(`/reports/${made.body.id}.html`, t.keys.secretariat).expect(200);
    expect(html.text).toContain('=HYPERLINK(&quot;http://evil.example&quot;');
  });

  it('a schedule whose period has ended gets its report without a request, once, however many producers race', async () => {
    const schedule = await post('/report-schedules', t.keys.secretariat, {
      scope: { kind: 'country', id: 'CN' },
      cadence: 'quarterly',
      languages: ['zh', 'en'],
      recipients: [{ kind: 'organisation', id: 'cipa' }, { kind: 'person', name: 'Secretariat, Foshan' }],
      startsOn: '2024-01-01',
    }).expect(201);
    expect(schedule.body).toMatchObject({ cadence: 'quarterly', startsOn: '2024-01-01', languages: ['zh', 'en'] });
    const scheduled = async () => (await get('/reports?scopeKind=country&scopeId=CN&limit=50', t.keys.secretariat).expect(200)).body.items.filter((r: { scheduleId: string }) => r.scheduleId === schedule.body.id);

    // The first quarter of 2024 ends; the second has not: one report, after a tick, no request involved.
    expect(await t.ctx.reports.tick(new Date('2024-03-31T12:00:00Z'))).toEqual([]);
    const first = await t.ctx.reports.tick(new Date('2024-04-01T00:05:00Z'));
    expect(first.map((r) => r.period)).toEqual([{ from: '2024-01-01', to: '2024-03-31' }]);
    expect(await scheduled()).toHaveLength(1);
    expect((await scheduled())[0]).toMatchObject({ lang: 'zh', languages: ['zh', 'en'], period: { from: '2024-01-01', to: '2024-03-31' }, title: expect.stringMatching(/^报告：/) });
    // Again at the same time: nothing new.
    expect(await t.ctx.reports.tick(new Date('2024-04-02T00:00:00Z'))).toEqual([]);

    // Two server instances (two schedulers on one database) at once: the second quarter is stored once.
    const other = new ReportScheduler({ db: t.ctx.db, log: silentLog }, { intervalMinutes: 0 });
    const now = new Date('2024-07-01T06:00:00Z');
    const [a, b] = await Promise.all([t.ctx.reports.tick(now), other.tick(now)]);
    expect(a.length + b.length).toBe(1);
    expect((await scheduled()).map((r: { period: { from: string } }) => r.period.from)).toEqual(['2024-04-01', '2024-01-01']);

    // The timer's own pass on start, with the clock injected: the third quarter, no tick called by hand.
    const started = new ReportScheduler({ db: t.ctx.db, log: silentLog }, { intervalMinutes: 60, now: () => new Date('2024-10-01T01:00:00Z') });
    started.start();
    await started.close();
    expect((await scheduled()).map((r: { period: { from: string } }) => r.period.from)).toEqual(['2024-07-01', '2024-04-01', '2024-01-01']);

    // The recipient organisation's key receives them; the printed page says it came from a schedule.
    const received = await get('/reports?scopeKind=country&scopeId=CN', organisationKey).expect(200);
    expect(received.body.items.filter((r: { scheduleId: string }) => r.scheduleId === schedule.body.id)).toHaveLength(3);
    const page = await get(`/reports/${first[0]!.id}.html`, organisationKey).expect(200);
    expect(page.text).toContain('按计划生成');

    const listed = await get('/report-schedules', t.keys.secretariat).expect(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toContain(schedule.body.id);
    await request(t.app).delete(`/report-schedules/${schedule.body.id}`).set(bearer(t.keys.secretariat)).expect(204);
    await request(t.app).delete(`/report-schedules/${schedule.body.id}`).set(bearer(t.keys.secretariat)).expect(404);
    // The reports stay.
    expect(await scheduled()).toHaveLength(3);
  });

  it('authorisation: the secretariat sees all; a city its city and its side; an organisation its own and those addressed to it', async () => {
    const foshan = await post('/reports', t.keys.city, { scope: { kind: 'city', id: 'cn-foshan' }, from: '2024-01-01', to: '2024-12-31', lang: 'zh' }).expect(201);
    const koeln = await post('/reports', t.keys.otherCity, { scope: { kind: 'city', id: 'de-koeln' }, from: '2024-01-01', to: '2024-12-31' }).expect(201);
    const refused = await post('/reports', t.keys.city, { scope: { kind: 'city', id: 'de-koeln' }, from: '2024-01-01', to: '2024-12-31' }).expect(403);
    expect(refused.body).toMatchObject({ code: 'forbidden', field: 'scope.id' });
    await post('/reports', t.keys.city, { scope: { kind: 'country', id: 'CN' }, from: '2024-01-01', to: '2024-12-31' }).expect(403);
    const cnSide = await post('/reports', t.keys.secretariat, { scope: { kind: 'country', id: 'CN' }, from: '2024-01-01', to: '2024-12-31' }).expect(201);
    const deSide = await post('/reports', t.keys.admin, { scope: { kind: 'country', id: 'DE' }, from: '2024-01-01', to: '2024-12-31' }).expect(201);

    await get(`/reports/${foshan.body.id}`, t.keys.city).expect(200);
    await get(`/reports/${cnSide.body.id}.html`, t.keys.city).expect(200);
    // Another city's report is answered as a missing one: ids cannot be probed.
    expect((await get(`/reports/${koeln.body.id}`, t.keys.city).expect(404)).body.code).toBe('not_found');
    await get(`/reports/${deSide.body.id}.csv`, t.keys.city).expect(404);
    const cityList = (await get('/reports?limit=200', t.keys.city).expect(200)).body.items.map((r: { id: string }) => r.id);
    expect(cityList).toEqual(expect.arrayContaining([foshan.body.id, cnSide.body.id]));
    expect(cityList).not.toContain(koeln.body.id);
    expect(cityList).not.toContain(deSide.body.id);
    const all = (await get('/reports?limit=200', t.keys.secretariat).expect(200)).body.items.map((r: { id: string }) => r.id);
    expect(all).toEqual(expect.arrayContaining([foshan.body.id, koeln.body.id, cnSide.body.id, deSide.body.id]));

    // An organisation's key: its own scope (the member cities it serves), not a city's report.
    const own = await post('/reports', organisationKey, { scope: { kind: 'organisation', id: 'cipa' }, from: '2024-01-01', to: '2024-12-31' }).expect(201);
    expect(own.body.content.scope.cities.length).toBeGreaterThan(10);
    expect(own.body.content.scope.cities.every((x: { id: string }) => x.id.startsWith('cn-'))).toBe(true);
    await get(`/reports/${own.body.id}`, organisationKey).expect(200);
    await get(`/reports/${foshan.body.id}`, organisationKey).expect(404);
    await get(`/reports/${own.body.id}`, t.keys.city).expect(404);
    await post('/reports', organisationKey, { scope: { kind: 'organisation', id: 'nrw-invest' }, from: '2024-01-01', to: '2024-12-31' }).expect(403);

    // What each may produce reports for.
    const scopes = (await get('/report-scopes', t.keys.secretariat).expect(200)).body;
    expect(scopes.countries.map((x: { id: string }) => x.id)).toEqual(['DE', 'CN']);
    expect(scopes.organisations.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining(['nrw-invest', 'cipa', 'ccid-group']));
    expect(scopes.cities.length).toBeGreaterThan(40);
    expect((await get('/report-scopes', t.keys.city).expect(200)).body).toMatchObject({ cities: [{ id: 'cn-foshan' }], countries: [], organisations: [] });
    expect((await get('/report-scopes', organisationKey).expect(200)).body).toMatchObject({ cities: [], countries: [], organisations: [{ id: 'cipa' }] });

    // A company that is no organisation, an organiser, an analyst: no reports; no key: 401.
    await get('/reports', t.keys.company).expect(403);
    await get('/reports', t.keys.organiser).expect(403);
    await get('/reports', t.keys.analyst).expect(403);
    await request(t.app).get('/reports').expect(401);
    // Schedules are the secretariat's.
    await get('/report-schedules', t.keys.city).expect(403);
    await post('/report-schedules', t.keys.city, { scope: { kind: 'city', id: 'cn-foshan' }, cadence: 'monthly' }).expect(403);
    const monthly = await post('/report-schedules', t.keys.admin, { scope: { kind: 'city', id: 'cn-foshan' }, cadence: 'monthly' }).expect(201);
    // Without startsOn it begins with the month just ended.
    expect(monthly.body.startsOn).toBe(`${new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 10)}`);
    await request(t.app).delete(`/report-schedules/${monthly.body.id}`).set(bearer(t.keys.admin)).expect(204);
  });

  it('problem+json naming the field: a bad period, an unknown scope, a bad cadence or language, an unknown report', async () => {
    const problem = async (body: object, status = 422) => (await post('/reports', t.keys.secretariat, body).expect(status).expect('Content-Type', /application\/problem\+json/)).body;
    const scope = { kind: 'city', id: 'cn-foshan' };
    expect(await problem({ scope, from: '2024-06-01', to: '2024-05-31' })).toMatchObject({ code: 'validation_failed', field: 'to' });
    expect(await problem({ scope, from: '2024-02-30', to: '2024-05-31' })).toMatchObject({ field: 'from' });
    expect(await problem({ scope, from: '1 May', to: '2024-05-31' })).toMatchObject({ field: 'from' });
    expect(await problem({ scope, from: '2010-01-01', to: '2024-05-31' })).toMatchObject({ field: 'to' });
    expect(await problem({ scope: { kind: 'city', id: 'xx-atlantis' }, from: '2024-01-01', to: '2024-05-31' })).toMatchObject({ field: 'scope.id' });
    expect(await problem({ scope: { kind: 'country', id: 'FR' }, from: '2024-01-01', to: '2024-05-31' })).toMatchObject({ field: 'scope.id' });
    const notOrganisation = await problem({ scope: { kind: 'organisation', id: 'demo-000001' }, from: '2024-01-01', to: '2024-05-31' });
    expect(notOrganisation).toMatchObject({ field: 'scope.id' });
    expect(notOrganisation.detail).toContain('not an investment-promotion organisation');
    expect(await problem({ scope: { kind: 'planet', id: 'x' }, from: '2024-01-01', to: '2024-05-31' })).toMatchObject({ field: 'scope.kind' });
    expect(await problem({ scope, from: '2024-01-01', to: '2024-05-31', lang: 'fr' })).toMatchObject({ field: 'lang' });

    const schedule = async (body: object) => (await post('/report-schedules', t.keys.secretariat, body).expect(422)).body;
    expect(await schedule({ scope, cadence: 'weekly' })).toMatchObject({ field: 'cadence' });
    expect(await schedule({ scope, cadence: 'monthly', recipients: [{ kind: 'organisation', id: 'demo-000001' }] })).toMatchObject({ field: 'recipients.0.id' });
    expect(await schedule({ scope, cadence: 'monthly', startsOn: '2024-13-01' })).toMatchObject({ field: 'startsOn' });

    expect((await get('/reports/rep-nothing', t.keys.secretariat).expect(404)).body).toMatchObject({ code: 'not_found', field: 'id' });
    await get('/reports/rep-nothing.csv', t.keys.secretariat).expect(404);
    expect((await get('/reports?lang=fr', t.keys.secretariat).expect(400)).body).toMatchObject({ field: 'query.lang' });
  });
});
