/**
 * What a careless or hostile client sends (issue 19): formulas in names that land in the organiser's
 * spreadsheets, line breaks in names that land in calendars, bodies sent without a key or beyond a
 * route's limit, keys guessed by the hundred, requests without end. Each is answered with a clear
 * problem, never a 500, and nothing it sends reaches another user's file as it was sent.
 */
import { EventEmitter } from 'node:events';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFailureLimit } from '../../server/limits.ts';
import { bearer, testApp, type TestApp } from '../helpers.ts';

/** Names as a spreadsheet would run them (OWASP's CSV injection), and one that would end a calendar line. */
const FORMULAS = ['=HYPERLINK("http://evil.example","click")', '@SUM(1+1)*cmd', '+49 30 1234', '-2+3+cmd', '\t=1+1', '\r=1+1'];
const CALENDAR_BREAK = 'Messe\r\nBEGIN:VEVENT\r\nSUMMARY:eingeschleust';

describe('hostile input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ demoCompanies: 10 });
  });
  afterAll(async () => {
    await t.close();
  });
  const admin = () => bearer(t.keys.admin);

  describe('exports', () => {
    let eventId: string;
    beforeAll(async () => {
      const ids: { id: string; side: string }[] = [];
      for (const [i, name] of FORMULAS.entries()) {
        const country = i % 2 ? 'CN' : 'DE';
        const res = await request(t.app)
          .post('/companies')
          .set(admin())
          .send({ name, country, cityId: country === 'DE' ? 'de-ingolstadt' : 'cn-foshan', industries: [{ code: '28.29' }], size: { employees: 50 } })
          .expect(201);
        ids.push({ id: res.body.id, side: country });
      }
      const event = await request(t.app)
        .post('/events')
        .set(bearer(t.keys.organiser))
        .send({ name: CALENDAR_BREAK, timeZone: 'Europe/Berlin', slotMinutes: 30, days: [{ date: '2027-04-13', sessions: [{ name: 'x', start: '09:00', end: '12:00' }] }], tables: [{ name: '=T1' }] })
        .expect((res) => expect(res.status, JSON.stringify(res.body)).toBe(201));
      eventId = event.body.id;
      const added = await request(t.app)
        .post(`/events/${eventId}/participants`)
        .set(bearer(t.keys.organiser))
        .send({ participants: ids.map((c) => ({ companyId: c.id })) })
        .expect((res) => expect(res.status, JSON.stringify(res.body)).toBe(201));
      const participants = (added.body.items ?? added.body) as { id: string; side: string }[];
      const de = participants.filter((p) => p.side === 'DE');
      const cn = participants.filter((p) => p.side === 'CN');
      for (let i = 0; i < 3; i++) {
        await request(t.app).post(`/events/${eventId}/locks`).set(bearer(t.keys.organiser)).send({ a: de[i]!.id, b: cn[i]!.id, slot: i + 1, tableId: null }).expect((res) => expect(res.status, JSON.stringify(res.body)).toBe(201));
      }
    });

    const cellsOf = (csv: string) => (parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][]).flat();
    const runnable = (cell: string) => /^[=+\-@\t\r]/.test(cell);

    it('makes every name that a spreadsheet would run inert in the master list and the score matrix', async () => {
      for (const path of ['meetings.csv', 'scores.csv']) {
        const res = await request(t.app).get(`/events/${eventId}/${path}`).set(bearer(t.keys.organiser)).expect(200);
        const cells = cellsOf(res.text);
        for (const name of FORMULAS) expect(cells.some((cell) => cell.includes(name.trim())), `${path} lists ${JSON.stringify(name)}`).toBe(true);
        expect(cells.filter(runnable), path).toEqual([]);
      }
    });

    it('escapes the calendar name, so a line break in an event name adds no line to agenda.ics', async () => {
      const participants = (await request(t.app).get(`/events/${eventId}/participants`).set(bearer(t.keys.organiser)).expect(200)).body.items as { id: string }[];
      const res = await request(t.app).get(`/events/${eventId}/participants/${participants[0]!.id}/agenda.ics`).set(bearer(t.keys.organiser)).expect(200);
      const lines = res.text.split('\r\n');
      expect(lines.filter((l) => l === 'BEGIN:VEVENT').length).toBe(1);
      expect(lines.some((l) => l.startsWith('SUMMARY:eingeschleust'))).toBe(false);
      expect(lines.find((l) => l.startsWith('X-WR-CALNAME:'))).toContain('Messe\\nBEGIN:VEVENT\\nSUMMARY:eingeschleust');
      expect(lines.find((l) => l.startsWith('NAME:'))).toContain('Messe\\n');
    });
  });

  describe('bodies', () => {
    /** Sends only the headers of a request that announces `length` bytes, and reads the answer that comes before the body. */
    async function answerBeforeBody(headers: Record<string, string>, path: string, length: number): Promise<{ status: number; body: string }> {
      const server = t.app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        return await new Promise((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'content-length': String(length) } }, (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode!, body }));
          });
          req.on('error', reject);
          // A few bytes only: the server must answer without waiting for the rest.
          req.write('name,country\n');
          req.flushHeaders();
        });
      } finally {
        server.closeAllConnections();
        server.close();
      }
    }

    it('answers a 9 MB upload without a key with 401 before reading it', async () => {
      const answer = await answerBeforeBody({ 'content-type': 'text/csv' }, '/events/ev-anything/participants', 9 * 1024 * 1024);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'unauthenticated' });
    });

    it('answers a body declared larger than the route takes with 413 before reading it, naming the body', async () => {
      const upload = await answerBeforeBody({ 'content-type': 'text/csv', ...bearer(t.keys.organiser) }, '/events/ev-anything/participants', 11 * 1024 * 1024);
      expect(upload.status).toBe(413);
      const json = await answerBeforeBody({ 'content-type': 'application/json', ...bearer(t.keys.admin) }, '/companies', 101 * 1024);
      expect(json.status).toBe(413);
      expect(JSON.parse(json.body)).toMatchObject({ code: 'payload_too_large', field: 'body' });
    });
  });

  describe('headers', () => {
    it('sends security headers on JSON, and no-store on what a key reads, a new secret above all', async () => {
      const res = await request(t.app).get('/health').expect(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      const issued = await request(t.app).post('/keys').set(admin()).send({ name: 'no-store', role: 'analyst' }).expect(201);
      expect(issued.body.secret).toBeTruthy();
      expect(issued.headers['cache-control']).toBe('no-store');
    });
  });
});

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ demoCompanies: 2, rateLimits: { requestsPerMinute: 50, authFailuresPerMinute: 20 } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses an address that sent too many unknown keys, with 429 and Retry-After, before looking its keys up', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await request(t.app).get('/auth/me').set(bearer(`isa_wrong${i}`))).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(new Set(statuses.slice(20))).toEqual(new Set([429]));
    const refused = await request(t.app).get('/auth/me').set(bearer(t.keys.admin));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.code).toBe('too_many_requests');
  });
});

describe('the limit on rejected keys', () => {
  it('counts answered rejections only: more requests in flight at once than the limit all go on', async () => {
    const limiter = authFailureLimit({ requestsPerMinute: 0, authFailuresPerMinute: 20 });
    const answer = () => Object.assign(new EventEmitter(), { statusCode: 200, headers: {} as Record<string, string>, setHeader(name: string, value: string) { this.headers[name] = value; } });
    /** What the limiter passes on: undefined to go on, or the error it answers with. */
    const through = (res: ReturnType<typeof answer>) => new Promise<unknown>((resolve) => limiter({ ip: '192.0.2.7', socket: {} } as never, res as never, resolve));
    const inFlight = Array.from({ length: 40 }, answer);
    expect(await Promise.all(inFlight.map(through))).toEqual(Array(40).fill(undefined));
    // Twenty of them end 401, the others well: the next request from the address is refused.
    inFlight.forEach((res, i) => {
      res.statusCode = i < 20 ? 401 : 200;
      res.emit('finish');
    });
    await new Promise((resolve) => setImmediate(resolve));
    const last = answer();
    expect(await through(last)).toMatchObject({ code: 'too_many_requests' });
    expect(Number(last.headers['Retry-After'])).toBeGreaterThan(0);
    // Another address goes on.
    expect(await new Promise((resolve) => limiter({ ip: '192.0.2.8', socket: {} } as never, answer() as never, resolve))).toBeUndefined();
  });
});

describe('rate limits per key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ demoCompanies: 2, rateLimits: { requestsPerMinute: 10, authFailuresPerMinute: 0 } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts each key on its own: one key over its limit is refused, another key goes on', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await request(t.app).get('/auth/me').set(bearer(t.keys.analyst))).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual([429, 429]);
    await request(t.app).get('/auth/me').set(bearer(t.keys.organiser)).expect(200);
  });
});

describe('rate limits behind a proxy (TRUST_PROXY)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ demoCompanies: 2, rateLimits: { requestsPerMinute: 0, authFailuresPerMinute: 5 }, trustProxy: 'loopback' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts the client named by X-Forwarded-For, so one guessing client does not lock out the others behind the same proxy', async () => {
    const from = (address: string) => ({ 'X-Forwarded-For': address });
    for (let i = 0; i < 6; i++) await request(t.app).get('/auth/me').set(from('203.0.113.7')).set(bearer(`isa_wrong${i}`));
    expect((await request(t.app).get('/auth/me').set(from('203.0.113.7')).set(bearer(t.keys.admin))).status).toBe(429);
    await request(t.app).get('/auth/me').set(from('203.0.113.8')).set(bearer(t.keys.admin)).expect(200);
  });
});
