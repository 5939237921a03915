/**
 * Cooperation projects through the API, on both dialects: the seeded projects of the papers with their
 * cited lines, the list's filters, the status rules (dates in order, completed/abandoned only reopened
 * with a note) with problem+json naming the field and nothing written on a refusal, who may write, and
 * the draft an agreement outcome offers.
 */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listProjectStatusChanges } from '../../data/repositories/projects.ts';
import { readSeedProjects } from '../../data/seed/projects.ts';
import { SEED_FILES } from '../../data/seed/sources.ts';
import { agreementEvent } from '../projectsFixture.ts';
import { availableDialects, bearer, testApp, type TestApp } from '../helpers.ts';

const dialects = await availableDialects('project API tests');
const SEEDS = new URL('../../../shared/seeds/', import.meta.url);

type Project = { id: string; title: string; status: string; history: { status: string; date: string; citation: { label: string } | null; quote: string | null }[]; parties: { kind: string; id: string | null; name: string }[] };
const ids = (body: { items: { id: string }[] }) => body.items.map((p) => p.id).sort();

describe('the seed file of projects', () => {
  it('cites for every status entry and source a line that holds its verbatim quote', () => {
    const lines = new Map(Object.values(SEED_FILES).map((f) => [f, readFileSync(new URL(f, SEEDS), 'utf8').split('\n')]));
    const { projects, excluded } = readSeedProjects();
    expect(projects.length).toBeGreaterThanOrEqual(6);
    for (const p of projects) {
      for (const q of [...p.history.map((h) => h.source), ...p.sources]) expect(lines.get(q.file)![q.line - 1], `${p.id}: ${q.file}:${q.line}`).toContain(q.quote);
      expect(p.volume, `${p.id}: no paper gives a volume`).toBeNull();
    }
    for (const x of excluded) expect(lines.get(x.source.file)![x.source.line - 1]).toContain(x.source.quote);
    expect(excluded.map((x) => x.name)).toContain('DOaccelerate (Dortmund)');
  });
});

describe.each(dialects)('cooperation projects on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ demoCompanies: 40, dialect });
  }, 60_000);
  afterAll(async () => t?.close());

  const get = (path: string, key = t.keys.analyst) => request(t.app).get(path).set(bearer(key));
  const post = (path: string, body: unknown, key = t.keys.secretariat) => request(t.app).post(path).set(bearer(key)).send(body as object);
  const newProject = (over: Record<string, unknown> = {}) => ({
    title: { en: 'Battery housings joint venture' },
    type: 'joint-venture',
    naceCodes: ['29.32'],
    parties: [
      { kind: 'company', id: 'demo-000001', role: 'partner' },
      { kind: 'city', id: 'cn-foshan', role: 'host' },
    ],
    status: { status: 'negotiation', date: '2026-03-02', note: 'first talks' },
    ...over,
  });

  it('seeds the projects the papers report, with parties linked and the LUQOM settlement agreed on 2021-02-03 (004 L491)', async () => {
    const res = await get('/projects?limit=50').expect(200);
    expect(res.body.total).toBe(readSeedProjects().projects.length);
    const luqom = (await get('/projects/luqom-foshan-settlement?lang=de').expect(200)).body as Project;
    expect(luqom).toMatchObject({ status: 'agreed', type: 'settlement', naceCodes: ['47.91', '27.40'], volume: null });
    expect(luqom.history).toEqual([expect.objectContaining({ status: 'agreed', date: '2021-02-03', provenance: 'seed:004_f02afc7b51460772.txt:491', citation: { file: '004', line: 491, label: 'seed 004 L491' } })]);
    expect(luqom.history[0]!.quote).toContain('LUQOM');
    expect(luqom.parties.map((p) => [p.kind, p.id])).toEqual([
      ['company', 'luqom'],
      ['company', 'poly-real-estate'],
      ['city', 'cn-foshan'],
    ]);
    // Names in the language asked for where the record has them.
    const zh = (await get('/projects/luqom-foshan-settlement?lang=zh').expect(200)).body as Project;
    expect(zh.title).toBe('LUQOM集团入驻佛山中德工业服务区');
    expect(zh.parties[2]!.name).toBe('佛山市');
  });

  it('filters by city (a party city or a party company there), country, sector, status, type, period and title words', async () => {
    // The ISA secretariat, a party of the Ma'anshan project, sits in Foshan.
    expect(ids((await get('/projects?city=cn-foshan&limit=50').expect(200)).body)).toEqual(
      ['fu-maanshan-teacher-training', 'giz-isa-industrie-40', 'ingolstadt-sanshui-school-partnership', 'luqom-foshan-settlement', 'qianxi-siemens-smart-dining', 'wfk-foshan-office'].sort(),
    );
    // F+U's school sits in Ma'anshan as a company; the city is a party too.
    expect(ids((await get('/projects?city=cn-maanshan').expect(200)).body)).toEqual(['fu-maanshan-teacher-training']);
    expect(ids((await get('/projects?city=de-wuppertal').expect(200)).body)).toEqual(['wuppertal-ciipa-letter-of-intent']);
    const education = (await get('/projects?sector=P&limit=50').expect(200)).body;
    expect(ids(education)).toEqual(['fu-maanshan-teacher-training', 'ingolstadt-sanshui-school-partnership', 'rhein-koester-vocational-training']);
    expect(ids((await get('/projects?sector=85.3').expect(200)).body)).toEqual(ids(education));
    expect(ids((await get('/projects?sector=C27').expect(200)).body)).toEqual(['luqom-foshan-settlement']);
    expect((await get('/projects?status=running&limit=50').expect(200)).body.total).toBe(3);
    expect(ids((await get('/projects?type=training&country=DE').expect(200)).body)).toEqual(['fu-maanshan-teacher-training', 'ingolstadt-sanshui-school-partnership', 'rhein-koester-vocational-training']);
    // A month-only entry ("2021-04") lies within a period that overlaps its month.
    expect(ids((await get('/projects?from=2021-04-15&to=2021-06-30').expect(200)).body)).toEqual(['fu-maanshan-teacher-training', 'liangdao-germany-market-entry']);
    expect(ids((await get('/projects?from=2019-01-01&to=2019-12-31&limit=50').expect(200)).body)).toEqual(['giz-isa-industrie-40', 'ingolstadt-sanshui-school-partnership', 'rhein-koester-vocational-training', 'wfk-foshan-office']);
    expect(ids((await get('/projects?q=siemens').expect(200)).body)).toEqual(['qianxi-siemens-smart-dining']);
    const paged = (await get('/projects?limit=2&offset=2').expect(200)).body;
    expect(paged).toMatchObject({ limit: 2, offset: 2, total: readSeedProjects().projects.length });
    expect(paged.items).toHaveLength(2);
    const bad = await get('/projects?sector=99.99').expect(400);
    expect(bad.body).toMatchObject({ code: 'bad_request', field: 'query.sector' });
    expect((await get('/projects?from=2021-02-30').expect(400)).body.field).toBe('query.from');
    await request(t.app).get('/projects').expect(401);
  });

  it('gives the filtered projects as CSV with their cited lines', async () => {
    const res = await get('/projects.csv?city=cn-maanshan&lang=en').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('projects.csv');
    const lines = res.text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('id,title,type,status,status_date,first_date,parties,countries,nace_codes,volume,currency,sources');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('fu-maanshan-teacher-training');
    expect(lines[1]).toContain('seed 004 L329');
  });

  it('lists the status changes within a period for the reports, by city or country', async () => {
    const all = await listProjectStatusChanges(t.ctx.db, { from: '2021-01-01', to: '2021-12-31' });
    expect(all.map((c) => c.projectId)).toEqual(['luqom-foshan-settlement', 'fu-maanshan-teacher-training', 'liangdao-germany-market-entry', 'wuppertal-ciipa-letter-of-intent']);
    expect(all[0]).toMatchObject({ type: 'settlement', previousStatus: null, entry: { status: 'agreed', date: '2021-02-03' } });
    expect(all[0]!.parties.map((p) => p.id)).toContain('cn-foshan');
    expect((await listProjectStatusChanges(t.ctx.db, { from: '2021-01-01', to: '2021-12-31', cityIds: ['cn-foshan'] })).map((c) => c.projectId)).toEqual(['luqom-foshan-settlement', 'fu-maanshan-teacher-training']);
    expect((await listProjectStatusChanges(t.ctx.db, { from: '2019-01-01', to: '2019-12-31', country: 'de' })).map((c) => c.projectId)).toEqual([
      'wfk-foshan-office',
      'giz-isa-industrie-40',
      'ingolstadt-sanshui-school-partnership',
      'rhein-koester-vocational-training',
    ]);
  });

  it('creates a project with its first dated entry, changes it, and appends status entries in order', async () => {
    const created = await post('/projects', newProject()).expect(201);
    const id = created.body.id as string;
    expect(created.headers.location).toBe(`/projects/${id}`);
    expect(created.body).toMatchObject({ status: 'negotiation', statusDate: '2026-03-02', naceCodes: ['29.32'], parties: [{ kind: 'company', id: 'demo-000001' }, { kind: 'city', id: 'cn-foshan' }] });
    expect(created.body.history[0]).toMatchObject({ provenance: expect.stringMatching(/^user:/), recordedBy: 'test secretariat', note: 'first talks' });

    const patched = await request(t.app)
      .patch(`/projects/${id}`)
      .set(bearer(t.keys.secretariat))
      .send({ title: { en: 'Battery housings JV', de: 'Batteriegehäuse-Gemeinschaftsunternehmen' }, volume: { amount: 12_000_000, currency: 'EUR', asWritten: '12 Mio. €' } })
      .expect(200);
    expect(patched.body).toMatchObject({ title: 'Battery housings JV', volume: { amount: 12_000_000, currency: 'EUR', provenance: expect.stringMatching(/^user:/) }, status: 'negotiation' });

    await post(`/projects/${id}/status`, { status: 'agreed', date: '2026-04' }).expect(200);
    const done = await post(`/projects/${id}/status`, { status: 'completed', date: '2026-05-10', quote: 'signed and delivered' }).expect(200);
    expect(done.body.history.map((h: { status: string; date: string }) => `${h.status}@${h.date}`)).toEqual(['negotiation@2026-03-02', 'agreed@2026-04', 'completed@2026-05-10']);
    expect(ids((await get('/projects?status=completed').expect(200)).body)).toEqual([id]);
  });

  it('refuses a status dated before the last entry, a completed project changed without reopening, reopening without a note; each naming its field and writing nothing', async () => {
    const id = (await post('/projects', newProject({ status: { status: 'agreed', date: '2026-02-10' } })).expect(201)).body.id as string;
    const before = (await get(`/projects/${id}`).expect(200)).body;

    const early = await post(`/projects/${id}/status`, { status: 'running', date: '2026-01' }).expect(422);
    expect(early.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(early.body).toMatchObject({ code: 'validation_failed', field: 'date' });
    // The same month as the last entry's day is not before it.
    await post(`/projects/${id}/status`, { status: 'running', date: '2026-02' }).expect(200);
    await post(`/projects/${id}/status`, { status: 'abandoned', date: '2026-03-01', note: 'the investor withdrew' }).expect(200);

    const back = await post(`/projects/${id}/status`, { status: 'running', date: '2026-03-05' }).expect(422);
    expect(back.body.field).toBe('status');
    const noNote = await post(`/projects/${id}/status`, { status: 'running', date: '2026-03-05', reopen: true }).expect(422);
    expect(noNote.body.field).toBe('note');
    const future = await post(`/projects/${id}/status`, { status: 'abandoned', date: '2999-01-01' }).expect(422);
    expect(future.body.field).toBe('date');
    const badDate = await post(`/projects/${id}/status`, { status: 'running', date: '2026-13' }).expect(422);
    expect(badDate.body.field).toBe('date');
    const afterRefusals = (await get(`/projects/${id}`).expect(200)).body;
    expect(afterRefusals.history.map((h: { status: string }) => h.status)).toEqual(['agreed', 'running', 'abandoned']);

    const reopened = await post(`/projects/${id}/status`, { status: 'negotiation', date: '2026-03-20', reopen: true, note: 'a new investor' }).expect(200);
    expect(reopened.body).toMatchObject({ status: 'negotiation', statusDate: '2026-03-20' });
    expect(before.history).toHaveLength(1);

    // A create that fails on any part writes nothing.
    const total = (await get('/projects').expect(200)).body.total;
    const badParty = await post('/projects', newProject({ parties: [{ kind: 'company', id: 'no-such-company', role: 'partner' }] })).expect(422);
    expect(badParty.body.field).toBe('parties.0.id');
    const badCode = await post('/projects', newProject({ naceCodes: ['29.32', '99.9'] })).expect(422);
    expect(badCode.body.field).toBe('naceCodes.1');
    const badLink = await post('/projects', newProject({ links: [{ kind: 'outcome', refId: 'ev/a/b' }] })).expect(422);
    expect(badLink.body.field).toBe('links.0.refId');
    const futureStart = await post('/projects', newProject({ status: { status: 'idea', date: '2999-01' } })).expect(422);
    expect(futureStart.body.field).toBe('status.date');
    const org = await post('/projects', newProject({ parties: [{ kind: 'organisation', role: 'supporter' }] })).expect(422);
    expect(org.body.errors.map((e: { field: string }) => e.field)).toEqual(['parties.0.name', 'parties.0.country']);
    const noTitle = await post('/projects', newProject({ title: {} })).expect(422);
    expect(noTitle.body.field).toBe('title');
    expect((await get('/projects').expect(200)).body.total).toBe(total);
    await post('/projects/no-such/status', { status: 'running', date: '2026-03-05' }).expect(404);
  });

  it('keeps both of two status changes and two changes of different fields made at the same time', async () => {
    const id = (await post('/projects', newProject()).expect(201)).body.id as string;
    const [a, b] = await Promise.all([post(`/projects/${id}/status`, { status: 'agreed', date: '2026-04-01' }), post(`/projects/${id}/status`, { status: 'agreed', date: '2026-04-01', note: 'confirmed' })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await Promise.all([
      request(t.app).patch(`/projects/${id}`).set(bearer(t.keys.secretariat)).send({ type: 'investment' }).expect(200),
      request(t.app).patch(`/projects/${id}`).set(bearer(t.keys.secretariat)).send({ naceCodes: ['27.2'] }).expect(200),
    ]);
    const project = (await get(`/projects/${id}`).expect(200)).body;
    expect(project).toMatchObject({ type: 'investment', naceCodes: ['27.2'], status: 'agreed' });
    expect(project.history.map((h: { seq: number }) => h.seq)).toEqual([0, 1, 2]);
  });

  it('lets a city or company key keep only projects it is a party of; analysts only read', async () => {
    // Foshan's key may record a project with Foshan as a party, not one without.
    const foshan = await post('/projects', newProject(), t.keys.city).expect(201);
    const notOurs = await post('/projects', newProject({ parties: [{ kind: 'city', id: 'de-koeln', role: 'partner' }] }), t.keys.city).expect(403);
    expect(notOurs.body.field).toBe('parties');
    // Köln's key may not advance Foshan's project; the company party (demo-000001) may.
    await post(`/projects/${foshan.body.id}/status`, { status: 'agreed', date: '2026-04-01' }, t.keys.otherCity).expect(403);
    await post(`/projects/${foshan.body.id}/status`, { status: 'agreed', date: '2026-04-01' }, t.keys.company).expect(200);
    await post(`/projects/${foshan.body.id}/status`, { status: 'running', date: '2026-04-02' }, t.keys.otherCompany).expect(403);
    // A company key may not write itself out of a project.
    const out = await request(t.app)
      .patch(`/projects/${foshan.body.id}`)
      .set(bearer(t.keys.company))
      .send({ parties: [{ kind: 'city', id: 'cn-foshan', role: 'host' }] })
      .expect(403);
    expect(out.body.field).toBe('parties');
    await post('/projects', newProject(), t.keys.analyst).expect(403);
    await post('/projects', newProject(), t.keys.organiser).expect(201);
    await request(t.app).patch('/projects/luqom-foshan-settlement').set(bearer(t.keys.otherCity)).send({ type: 'investment' }).expect(403);
  });

  it("offers an agreement outcome as a draft project, pre-filled, that the organiser confirms; the draft then names it", async () => {
    const { eventId, de, cn, meetingId } = await agreementEvent(t);
    await get(`/projects/drafts?eventId=${eventId}`, t.keys.company).expect(403);
    await get('/projects/drafts?eventId=nope', t.keys.organiser).expect(404);
    const drafts = (await get(`/projects/drafts?eventId=${eventId}`, t.keys.organiser).expect(200)).body;
    expect(drafts.total).toBe(1);
    const [draft] = drafts.items;
    expect(draft.existingProjectId).toBeNull();
    expect(draft.outcome).toMatchObject({ eventId, agreementType: 'joint-venture', date: '2026-11-25', meetingId });
    expect(draft.project).toMatchObject({ type: 'joint-venture', status: { status: 'agreed', date: '2026-11-25' } });
    expect(draft.project.parties.map((p: { id: string }) => p.id)).toEqual([de, cn]);
    expect(draft.project.naceCodes.length).toBeGreaterThan(0);
    expect(draft.project.links.map((l: { kind: string }) => l.kind)).toEqual(['event', 'meeting', 'outcome']);

    const confirmed = await post('/projects', draft.project, t.keys.organiser).expect(201);
    expect(confirmed.body.links).toHaveLength(3);
    expect(confirmed.body.history[0]).toMatchObject({ status: 'agreed', date: '2026-11-25' });
    const again = (await get(`/projects/drafts?eventId=${eventId}`, t.keys.secretariat).expect(200)).body;
    expect(again.items[0].existingProjectId).toBe(confirmed.body.id);
  });
});
