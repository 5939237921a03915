import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, testApp, type TestApp } from '../helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ demoCompanies: 5 });
});
afterAll(async () => t?.close());

describe('/keys', () => {
  it('lets an admin issue a company key that then works, list it without its secret, and revoke it', async () => {
    const created = await request(t.app).post('/keys').set(bearer(t.keys.admin)).send({ name: 'Demo 3', role: 'company', companyId: 'demo-000003' }).expect(201);
    expect(created.body.secret).toMatch(/^isa_/);
    const me = await request(t.app).get('/auth/me').set(bearer(created.body.secret)).expect(200);
    expect(me.body).toMatchObject({ role: 'company', companyId: 'demo-000003' });
    const list = await request(t.app).get('/keys').set(bearer(t.keys.admin)).expect(200);
    const listed = list.body.items.find((k: { id: string }) => k.id === created.body.id);
    expect(listed).toMatchObject({ role: 'company', prefix: created.body.secret.slice(0, 10) });
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    await request(t.app).delete(`/keys/${created.body.id}`).set(bearer(t.keys.admin)).expect(204);
    expect((await request(t.app).get('/auth/me').set(bearer(created.body.secret))).status).toBe(401);
    expect((await request(t.app).delete(`/keys/${created.body.id}`).set(bearer(t.keys.admin))).status).toBe(404);
  });

  it('checks bindings and refuses everyone but admins', async () => {
    const post = (key: string, body: object) => request(t.app).post('/keys').set(bearer(key)).send(body);
    expect((await post(t.keys.admin, { name: 'x', role: 'company' })).body.field).toBe('companyId');
    expect((await post(t.keys.admin, { name: 'x', role: 'city', cityId: 'xx-atlantis' })).body.field).toBe('cityId');
    expect((await post(t.keys.admin, { name: 'x', role: 'analyst', cityId: 'cn-foshan' })).body.field).toBe('cityId');
    expect((await post(t.keys.admin, { name: 'x', role: 'emperor' })).body.field).toBe('role');
    expect((await post(t.keys.organiser, { name: 'x', role: 'analyst' })).status).toBe(403);
    expect((await request(t.app).get('/keys').set(bearer(t.keys.city))).status).toBe(403);
    expect((await request(t.app).get('/keys')).status).toBe(401);
  });
});
