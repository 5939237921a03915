/**
 * An analyst through the API alone: outcomes of past events come in (JSON and CSV, a bad CSV row writes
 * nothing), the active profile is evaluated, a new version is fitted by a tuning run (a job), the two
 * are compared side by side, and the winner is activated and rolled back.
 * The past events' meetings are written with the repository (they happened before the engine).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { availableDialects, bearer, testApp, type TestApp } from '../helpers.ts';

const EVENT = {
  name: 'Past matchmaking',
  timeZone: 'Europe/Berlin',
  slotMinutes: 30,
  days: [{ date: '2026-04-13', sessions: [{ name: 'morning', start: '09:00', end: '13:00' }] }],
  tables: 8,
};

const dialects = await availableDialects('analysis API tests');

describe.each(dialects)('analysts: outcomes, evaluation, tuning, activation on %s', (dialect) => {
  let t: TestApp;
  const events: string[] = [];
  const meetingsOf = new Map<string, [string, string][]>();

  beforeAll(async () => {
    t = await testApp({ demoCompanies: 120, dialect });
    const de = (await request(t.app).get('/companies?country=DE&limit=12').set(bearer(t.keys.admin)).expect(200)).body.items;
    const cn = (await request(t.app).get('/companies?country=CN&limit=12').set(bearer(t.keys.admin)).expect(200)).body.items;
    expect(de.length).toBe(12);
    expect(cn.length).toBe(12);
    for (let e = 0; e < 4; e++) {
      const event = (await request(t.app).post('/events').set(bearer(t.keys.organiser)).send({ ...EVENT, name: `${EVENT.name} ${e + 1}` }).expect(201)).body;
      const added = (
        await request(t.app)
          .post(`/events/${event.id}/participants`)
          .set(bearer(t.keys.organiser))
          .send({ participants: [...de.map((c: { id: string }) => ({ companyId: c.id })), ...cn.map((c: { id: string }) => ({ companyId: c.id }))] })
          .expect(201)
      ).body.items as { id: string; side: string }[];
      const ger = added.filter((p) => p.side === 'DE');
      const chn = added.filter((p) => p.side === 'CN');
      const pairs: [string, string][] = [];
      const now = new Date().toISOString();
      for (let i = 0; i < ger.length; i++) {
        for (let j = 0; j < 4; j++) {
          const a = ger[i]!.id;
          const b = chn[(i + j + e) % chn.length]!.id;
          pairs.push([a, b]);
          await t.ctx.db.insertInto('event_meetings').values({ event_id: event.id, id: `m-${e}-${i}-${j}`, a_id: a, b_id: b, slot: j, table_id: null, status: 'confirmed', origin: 'kept', value: 0, job_id: null, created_at: now, updated_at: now }).execute();
        }
      }
      events.push(event.id);
      meetingsOf.set(event.id, pairs);
    }
  });
  afterAll(async () => t?.close());

  it('records outcomes as JSON; a CSV with one bad row writes nothing and names the line', async () => {
    const stages = ['none', 'contact', 'negotiation', 'none', 'agreement'] as const;
    for (const [e, eventId] of events.entries()) {
      const outcomes = meetingsOf.get(eventId)!.flatMap(([a, b], i) => {
        const followUp = stages[(i + e) % stages.length]!;
        const base = { attended: true, followUp, agreementType: followUp === 'agreement' ? 'joint-venture' : null };
        return [
          { participantId: a, partnerId: b, rating: 1 + ((i * 7 + e) % 5), ...base },
          { participantId: b, partnerId: a, rating: 1 + ((i * 3 + e) % 5), ...base },
        ];
      });
      const res = await request(t.app).post('/outcomes').set(bearer(t.keys.organiser)).send({ eventId, outcomes }).expect(200);
      expect(res.body.total).toBe(outcomes.length);
    }
    const [a, b] = meetingsOf.get(events[0]!)![0]!;
    const csv = `event_id,participant_id,partner_id,attended,rating,follow_up\n${events[0]},${a},${b},yes,2,contact\n${events[0]},${b},${a},yes,9,none\n`;
    const bad = await request(t.app).post('/outcomes').set(bearer(t.keys.analyst)).set('Content-Type', 'text/csv').send(csv).expect(422);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.field).toBe('line.3.rating');
    const stored = (await request(t.app).get(`/outcomes?eventId=${events[0]}&limit=200`).set(bearer(t.keys.analyst)).expect(200)).body.items as { participantId: string; partnerId: string; rating: number; source: string }[];
    const first = stored.find((o) => o.participantId === a && o.partnerId === b)!;
    expect(first.source).toBe('api'); // untouched by the rejected CSV
    // Each of these is refused whole, naming where.
    const header = 'event_id,participant_id,partner_id,attended,rating,follow_up,follow_up_date';
    const refused: [string, string][] = [
      [`${header}\n${events[0]},${a},${b},yes,4,contact,2026-13-45\n`, 'line.2.follow_up_date'],
      [`${header}\n${events[0]},${a},${b},yes,4,none,2026-05-02\n`, 'line.2.follow_up_date'],
      [`${header}\n${events[0]},${a},${b},no,,none,2026-05-02\n`, 'line.2.follow_up_date'],
      [`${header}\n${events[0]},${a},${b},yes,0x5,none,\n`, 'line.2.rating'],
      [`event_id,participant_id,partner_id,attended,attended\n${events[0]},${a},${b},yes,no\n`, 'csv.attended'],
    ];
    for (const [body, field] of refused) {
      const res = await request(t.app).post('/outcomes').set(bearer(t.keys.analyst)).set('Content-Type', 'text/csv').send(body).expect(422);
      expect(res.body.field, body).toBe(field);
    }
    const good = await request(t.app).post('/outcomes').set(bearer(t.keys.analyst)).set('Content-Type', 'text/csv').send(csv.replace(',9,', ',4,')).expect(200);
    expect(good.body.total).toBe(2);
    await request(t.app).post('/outcomes').set(bearer(t.keys.company)).send({ eventId: events[0], outcomes: [] }).expect(403);
  });

  it('evaluates the active profile, fits a new version, compares them and activates the winner', async () => {
    const evaluation = await request(t.app).post('/evaluations').set(bearer(t.keys.analyst)).send({ k: 10 }).expect(201);
    expect(evaluation.body.profiles[0].profile).toBe('default@v1');
    expect(evaluation.body.lists).toBeGreaterThan(0);
    expect(evaluation.body.profiles[0].overall.ndcg.mean).toBeGreaterThan(0);
    expect(evaluation.body.profiles[0].ablation.map((a: { component: string }) => a.component)).toEqual(['industry', 'complementarity', 'size']);
    const curves = await request(t.app).get(`/evaluations/${evaluation.body.id}/curves.svg`).set(bearer(t.keys.analyst)).expect(200);
    expect(curves.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(Buffer.from(curves.body).toString('utf8')).toContain('<svg');
    await request(t.app).get(`/evaluations/${evaluation.body.id}/scores.svg`).set(bearer(t.keys.analyst)).expect(200);

    const started = await request(t.app).post('/tuning-runs').set(bearer(t.keys.analyst)).send({ folds: 2, restarts: 2 }).expect(202);
    await t.ctx.tuning.idle();
    const run = (await request(t.app).get(`/tuning-runs/${started.body.id}`).set(bearer(t.keys.analyst)).expect(200)).body;
    expect(run.status).toBe('succeeded');
    expect(run.result.profile).toMatchObject({ name: 'default', version: 2, active: false });
    // Progress in counts: 2 folds and the final fit, 2 restarts each.
    expect(run.progress).toEqual({ phase: 'done', fraction: 1, restarts: { done: 6, total: 6 }, folds: { done: 2, total: 2 }, finalFit: true });
    expect(run.result.crossValidated.map((s: { label: string }) => s.label)).toEqual(['fitted', 'default@v1']);
    const weights = run.result.profile.weights as Record<string, number>;
    expect(Object.values(weights).reduce((s, w) => s + w, 0)).toBeCloseTo(1, 9);

    const compared = await request(t.app).post('/evaluations').set(bearer(t.keys.analyst)).send({ profiles: ['default@v1', 'default@v2'] }).expect(201);
    const [v1, v2] = compared.body.profiles as { overall: { ndcg: { mean: number } } }[];
    // Fitted on these very events: the new version ranks them at least as well.
    expect(v2!.overall.ndcg.mean).toBeGreaterThanOrEqual(v1!.overall.ndcg.mean - 1e-9);

    await request(t.app).post('/weight-profiles/default@v2/activate').set(bearer(t.keys.analyst)).expect(200);
    let profiles = (await request(t.app).get('/weight-profiles').set(bearer(t.keys.analyst)).expect(200)).body.items as { version: number; active: boolean; metrics: unknown }[];
    expect(profiles.find((p) => p.version === 2)).toMatchObject({ active: true });
    expect(profiles.find((p) => p.version === 2)!.metrics).toMatchObject({ tuningRun: started.body.id });
    await request(t.app).post('/weight-profiles/default@v1/activate').set(bearer(t.keys.analyst)).expect(200);
    profiles = (await request(t.app).get('/weight-profiles').set(bearer(t.keys.analyst)).expect(200)).body.items;
    expect(profiles.find((p) => p.version === 1)).toMatchObject({ active: true });

    const features = await request(t.app).get('/features.csv').set(bearer(t.keys.analyst)).expect(200);
    expect(features.text.split('\n')[0]).toBe('event_id,participant_id,partner_id,industry_forward,complementarity_forward,size_forward,industry_backward,complementarity_backward,size_backward,grade');
  });

  it('judges each compared profile as it scores (its fusion, its size matrix), and counts an event named twice once', async () => {
    const other = { name: 'min-fusion', weights: { industry: 0.3, complementarity: 0.3, size: 0.4 }, fusion: 'min', sizeMatrix: [[1, 0.2, 0.1, 0], [0.9, 1, 0.2, 0.1], [0.6, 0.8, 1, 0.2], [0.3, 0.5, 0.8, 1]] }; // not symmetric: the two directions differ, so the fusion matters
    await request(t.app).post('/weight-profiles').set(bearer(t.keys.analyst)).send(other).expect(201);
    const started = await request(t.app).post('/tuning-runs').set(bearer(t.keys.analyst)).send({ folds: 2, restarts: 1, compare: ['min-fusion'], name: 'compare-check' }).expect(202);
    await t.ctx.tuning.idle();
    const run = (await request(t.app).get(`/tuning-runs/${started.body.id}`).set(bearer(t.keys.analyst)).expect(200)).body;
    expect(run.status).toBe('succeeded');
    for (const fold of run.result.foldResults as { testEvents: string[]; test: { label: string; metrics: { ndcg: { mean: number } } }[] }[]) {
      // The same figure as an evaluation of that profile on the fold's test events.
      const evaluation = (await request(t.app).post('/evaluations').set(bearer(t.keys.analyst)).send({ profiles: ['min-fusion'], events: fold.testEvents }).expect(201)).body;
      expect(fold.test.find((x) => x.label === 'min-fusion@v1')!.metrics.ndcg.mean).toBeCloseTo(evaluation.profiles[0].overall.ndcg.mean, 12);
    }
    const once = (await request(t.app).post('/evaluations').set(bearer(t.keys.analyst)).send({ events: [events[0]] }).expect(201)).body;
    const twice = (await request(t.app).post('/evaluations').set(bearer(t.keys.analyst)).send({ events: [events[0], events[0]] }).expect(201)).body;
    expect(twice.lists).toBe(once.lists);
    expect(twice.events).toEqual([events[0]]);
    const missing = await request(t.app).post('/evaluations').set(bearer(t.keys.analyst)).send({ events: [events[0], events[0], 'ev-nosuchevent'] }).expect(422);
    expect(missing.body.field).toBe('events.2');
  });

  it('refuses too few events for the folds, naming the field', async () => {
    const res = await request(t.app).post('/tuning-runs').set(bearer(t.keys.analyst)).send({ folds: 5 }).expect(422);
    expect(res.body.field).toBe('folds');
    await request(t.app).post('/tuning-runs').set(bearer(t.keys.organiser)).send({}).expect(403);
    const unknown = await request(t.app).post('/tuning-runs').set(bearer(t.keys.analyst)).send({ events: [events[0], 'ev-nosuchevent'], folds: 2 }).expect(422);
    expect(unknown.body.field).toBe('events.1');
  });

  it('fails the run, naming folds, when a fifth event has outcomes but nothing to judge by', async () => {
    // Both sides stayed away: the event has outcomes, so the request passes, but no judged list.
    const event = (await request(t.app).post('/events').set(bearer(t.keys.organiser)).send({ ...EVENT, name: 'Nobody came' }).expect(201)).body;
    const [a, b] = meetingsOf.get(events[0]!)![0]!;
    const ids = (await request(t.app).get(`/events/${events[0]}/participants?limit=200`).set(bearer(t.keys.organiser)).expect(200)).body.items as { id: string; companyId: string }[];
    const companyOf = (pid: string) => ids.find((p) => p.id === pid)!.companyId;
    const added = (await request(t.app).post(`/events/${event.id}/participants`).set(bearer(t.keys.organiser)).send({ participants: [{ companyId: companyOf(a) }, { companyId: companyOf(b) }] }).expect(201)).body.items as { id: string }[];
    const now = new Date().toISOString();
    await t.ctx.db.insertInto('event_meetings').values({ event_id: event.id, id: 'm-nobody', a_id: added[0]!.id, b_id: added[1]!.id, slot: 0, table_id: null, status: 'confirmed', origin: 'kept', value: 0, job_id: null, created_at: now, updated_at: now }).execute();
    const outcomes = [
      { participantId: added[0]!.id, partnerId: added[1]!.id, attended: false },
      { participantId: added[1]!.id, partnerId: added[0]!.id, attended: false },
    ];
    await request(t.app).post('/outcomes').set(bearer(t.keys.organiser)).send({ eventId: event.id, outcomes }).expect(200);
    const started = await request(t.app).post('/tuning-runs').set(bearer(t.keys.analyst)).send({ folds: 5 }).expect(202);
    await t.ctx.tuning.idle();
    const run = (await request(t.app).get(`/tuning-runs/${started.body.id}`).set(bearer(t.keys.analyst)).expect(200)).body;
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'validation_failed', field: 'folds' });
    expect(run.error.message).toMatch(/judged outcomes; these have 4/);
  });

  it('pages every list by limit and offset', async () => {
    const all = async (path: string) => (await request(t.app).get(`${path}${path.includes('?') ? '&' : '?'}limit=200`).set(bearer(t.keys.analyst)).expect(200)).body;
    for (const path of [`/outcomes?eventId=${events[1]}`, '/evaluations', '/tuning-runs']) {
      const whole = await all(path);
      expect(whole.total, path).toBeGreaterThanOrEqual(3);
      expect(whole.items, path).toHaveLength(whole.total);
      const page = (await request(t.app).get(`${path}${path.includes('?') ? '&' : '?'}limit=2&offset=1`).set(bearer(t.keys.analyst)).expect(200)).body;
      expect(page, path).toMatchObject({ total: whole.total, limit: 2, offset: 1 });
      expect(page.items.map((x: { id?: string; participantId?: string; partnerId?: string }) => x.id ?? `${x.participantId}>${x.partnerId}`), path).toEqual(
        whole.items.slice(1, 3).map((x: { id?: string; participantId?: string; partnerId?: string }) => x.id ?? `${x.participantId}>${x.partnerId}`),
      );
    }
    const defaults = (await request(t.app).get(`/outcomes?eventId=${events[1]}`).set(bearer(t.keys.analyst)).expect(200)).body;
    expect(defaults).toMatchObject({ limit: 20, offset: 0 });
    expect(defaults.items).toHaveLength(20);
    const bad = await request(t.app).get('/tuning-runs?limit=0').set(bearer(t.keys.analyst)).expect(400);
    expect(bad.body.field).toBe('query.limit');
  });

  it('answers 405 with Allow on a wrong method, takes no body on cancel, and evaluates with the defaults when the body is left out', async () => {
    const evaluation = await request(t.app).post('/evaluations').set(bearer(t.keys.analyst)).expect(201);
    expect(evaluation.body.options).toEqual({ k: 10, threshold: 2 });
    const res = await request(t.app).put('/outcomes').set(bearer(t.keys.analyst)).send({}).expect(405);
    expect(res.headers.allow?.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
    await request(t.app).delete('/tuning-runs').set(bearer(t.keys.analyst)).expect(405);
    const run = (await request(t.app).get('/tuning-runs?limit=1').set(bearer(t.keys.analyst)).expect(200)).body.items[0];
    const withBody = await request(t.app).post(`/tuning-runs/${run.id}/cancel`).set(bearer(t.keys.analyst)).send({ reason: 'done' }).expect(422);
    expect(withBody.body.field).toBe('body');
    await request(t.app).post(`/tuning-runs/${run.id}/cancel`).set(bearer(t.keys.analyst)).expect(409);
    await request(t.app).get('/tuning-runs/job-nosuchrun').set(bearer(t.keys.analyst)).expect(404);
  });

  it('deletes one side of an outcome, and answers 404 for one that is not there', async () => {
    const [a, b] = meetingsOf.get(events[2]!)![0]!;
    await request(t.app).delete(`/outcomes/${events[2]}/${a}/${b}`).set(bearer(t.keys.organiser)).expect(204);
    const missing = await request(t.app).delete(`/outcomes/${events[2]}/${a}/${b}`).set(bearer(t.keys.organiser)).expect(404);
    expect(missing.body.field).toBe('partnerId');
    await request(t.app).delete(`/outcomes/${events[2]}/${b}/${a}`).set(bearer(t.keys.company)).expect(403);
    const unknown = await request(t.app).get('/outcomes?eventId=ev-nosuchevent').set(bearer(t.keys.analyst)).expect(404);
    expect(unknown.body.field).toBe('query.eventId');
  });
});
