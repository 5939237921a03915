/**
 * The demo's simulated history through the API: past events among demo companies whose outcomes were
 * drawn from hidden weights (stored as the profile `simulated-truth`). An analyst evaluates the default
 * against them, fits a new version, and the fit lands near the hidden weights, judged on held-out events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { SIMULATED_TRUE_WEIGHTS } from '../../data/seed/pastEvents.ts';
import { availableDialects, bearer, testApp, type TestApp } from '../helpers.ts';

const dialects = await availableDialects('simulated history tests');
const distance = (a: Record<string, number>, b: Record<string, number>) => Object.keys(b).reduce((s, c) => s + Math.abs(a[c]! - b[c]!), 0);

describe.each(dialects)('the demo history of simulated past events on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ demoCompanies: 400, demoPastEvents: 10, dialect });
  });
  afterAll(async () => t?.close());

  it('is labelled as simulated, with the hidden weights as a profile of its own', async () => {
    const events = (await request(t.app).get('/events?limit=100').set(bearer(t.keys.admin)).expect(200)).body.items as { id: string; name: string }[];
    const simulated = events.filter((e) => /simulated/i.test(e.name));
    expect(simulated).toHaveLength(10);
    const page = (await request(t.app).get(`/outcomes?eventId=${simulated[0]!.id}&limit=200`).set(bearer(t.keys.analyst)).expect(200)).body;
    const outcomes = page.items as { source: string; attended: boolean; rating: number | null }[];
    expect(page.total).toBeGreaterThan(100);
    expect(outcomes.length).toBe(Math.min(page.total, 200));
    expect(new Set(outcomes.map((o) => o.source))).toEqual(new Set(['simulated']));
    expect(outcomes.some((o) => !o.attended)).toBe(true);
    const profiles = (await request(t.app).get('/weight-profiles').set(bearer(t.keys.analyst)).expect(200)).body.items as { name: string; weights: Record<string, number> }[];
    expect(profiles.find((p) => p.name === 'simulated-truth')!.weights).toEqual(SIMULATED_TRUE_WEIGHTS);
  });

  it('lets a fitted profile recover the hidden weights better than the default, on held-out events', async () => {
    const evaluation = (await request(t.app).post('/evaluations').set(bearer(t.keys.analyst)).send({ profiles: ['default', 'simulated-truth'] }).expect(201)).body;
    const [byDefault, byTruth] = evaluation.profiles as { overall: { ndcg: { mean: number } } }[];
    expect(byTruth!.overall.ndcg.mean).toBeGreaterThan(byDefault!.overall.ndcg.mean);

    const started = await request(t.app).post('/tuning-runs').set(bearer(t.keys.analyst)).send({ compare: ['simulated-truth'], folds: 5 }).expect(202);
    await t.ctx.tuning.idle();
    const run = (await request(t.app).get(`/tuning-runs/${started.body.id}`).set(bearer(t.keys.analyst)).expect(200)).body;
    expect(run.status).toBe('succeeded');
    const mean = (label: string) => (run.result.crossValidated as { label: string; metrics: { ndcg: { mean: number } } }[]).find((s) => s.label === label)!.metrics.ndcg.mean;
    expect(mean('fitted')).toBeGreaterThan(mean('default@v1') + 0.04);
    expect(mean('fitted')).toBeGreaterThanOrEqual(0.95 * mean('simulated-truth@v1'));
    const fitted = run.result.profile.weights as Record<string, number>;
    const byDefaultWeights = evaluation.profiles[0].weights as Record<string, number>;
    expect(distance(fitted, SIMULATED_TRUE_WEIGHTS)).toBeLessThan(distance(byDefaultWeights, SIMULATED_TRUE_WEIGHTS));

    await request(t.app).post(`/weight-profiles/default@v${run.result.profile.version}/activate`).set(bearer(t.keys.analyst)).expect(200);
    const active = (await request(t.app).get('/weight-profiles').set(bearer(t.keys.analyst)).expect(200)).body.items.find((p: { name: string; active: boolean }) => p.name === 'default' && p.active);
    expect(active.version).toBe(run.result.profile.version);
  });

  it('stops a running tuning run on cancel, saving no version', async () => {
    const versions = async () => ((await request(t.app).get('/weight-profiles').set(bearer(t.keys.analyst)).expect(200)).body.items as { name: string }[]).filter((p) => p.name === 'long-run').length;
    const started = await request(t.app).post('/tuning-runs').set(bearer(t.keys.analyst)).send({ name: 'long-run', restarts: 20, iterations: 50 }).expect(202);
    let job = started.body;
    for (let i = 0; i < 200 && !(job.status === 'running' && job.progress.phase === 'fitting'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      job = (await request(t.app).get(`/tuning-runs/${started.body.id}`).set(bearer(t.keys.analyst)).expect(200)).body;
    }
    expect(job).toMatchObject({ status: 'running', progress: { phase: 'fitting' } });
    await request(t.app).post(`/tuning-runs/${started.body.id}/cancel`).set(bearer(t.keys.analyst)).expect(202);
    await t.ctx.tuning.idle();
    const done = (await request(t.app).get(`/tuning-runs/${started.body.id}`).set(bearer(t.keys.analyst)).expect(200)).body;
    expect(done.status).toBe('cancelled');
    expect(done.progress.fraction).toBeLessThan(1);
    expect(await versions()).toBe(0);
    await request(t.app).post(`/tuning-runs/${started.body.id}/cancel`).set(bearer(t.keys.analyst)).expect(409);
  });
});
