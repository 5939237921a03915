/** The access log: one line per request, level by status, no secrets, and the request id echoed. */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { bearer, testApp, type TestApp } from '../helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

function capturingApp(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const app = createApp({ ...t.ctx, log: pino({ level }, sink) }, { checkResponses: true });
  return { app, lines };
}

describe('request log', () => {
  it('writes one line per request with method, url, status and time, and keeps the caller’s request id', async () => {
    const { app, lines } = capturingApp('debug');
    await request(app).get('/health').set('x-request-id', 'trace-42').expect(200).expect('x-request-id', 'trace-42');
    await request(app).get('/companies').set(bearer(t.keys.analyst)).expect(200);
    const completed = lines.filter((l) => l.msg === 'request completed');
    expect(completed).toHaveLength(2);
    expect(completed[0]).toMatchObject({ level: 20, reqId: 'trace-42', req: { method: 'GET', url: '/health' }, res: { statusCode: 200 } });
    expect(typeof completed[0]!.responseTime).toBe('number');
    expect(JSON.stringify(lines)).not.toContain(t.keys.analyst);
  });

  it('logs client errors at info and leaves successes out at the default level', async () => {
    const { app, lines } = capturingApp('info');
    await request(app).get('/health').expect(200);
    await request(app).get('/companies/nobody').set(bearer(t.keys.analyst)).expect(404);
    const completed = lines.filter((l) => l.msg === 'request completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ level: 30, res: { statusCode: 404 } });
  });
});
