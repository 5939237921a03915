/**
 * Several server processes over one database, as an operator runs them behind a load balancer: each
 * instance is a process of its own (the sources through tsx), on 127.0.0.1, over one SQLite file.
 * Writes split over the instances, many at a time, must all succeed and all be kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../data/db.ts';
import { createApiKey } from '../../data/repositories/apiKeys.ts';
import { killServerProcesses, SOURCE_SERVER, startServerProcess, untilServing, type ServerProcess } from '../serverProcess.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'isa-instances-'));

afterAll(() => {
  killServerProcesses();
  rmSync(dataDir, { recursive: true, force: true });
});

const INSTANCE_ENV = { DATA_DIR: dataDir, DATABASE_URL: '', DEMO_COMPANIES: '20', DEMO_PAST_EVENTS: '0', REPORT_INTERVAL_MINUTES: '0' };

/** Runs `count` calls of `call`, `concurrency` at a time, and gives every answer's status. */
async function inParallel(count: number, concurrency: number, call: (i: number) => Promise<Response>): Promise<{ status: number; body: string }[]> {
  const answers: { status: number; body: string }[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const res = await call(i);
        answers[i] = { status: res.status, body: await res.text() };
      }
    }),
  );
  return answers;
}

const failures = (answers: { status: number; body: string }[]) => answers.filter((a) => a.status >= 300).map((a) => `${a.status} ${a.body.slice(0, 200)}`);

describe('two instances on one SQLite file', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let headers: Record<string, string>;

  it('start one after the other over the same file', { timeout: 180_000 }, async () => {
    a = await startServerProcess(SOURCE_SERVER, INSTANCE_ENV);
    await untilServing(a);
    b = await startServerProcess(SOURCE_SERVER, INSTANCE_ENV);
    await untilServing(b);
    const handle = openDatabase({ dataDir });
    const { secret } = await createApiKey(handle.db, { name: 'instances test', role: 'admin' });
    await handle.close();
    headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  });

  it('take 200 creations and 160 changes, split over both and 8 at a time on each, with no error and nothing lost', { timeout: 180_000 }, async () => {
    const instances = [a, b];
    const created = await inParallel(200, 16, (i) =>
      fetch(`${instances[i % 2]!.url}/companies`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: `Instanzen GmbH ${i}`, country: 'DE', cityId: 'de-ingolstadt', industries: [{ code: '29.31' }], size: { employees: 40 + i } }),
      }),
    );
    expect(failures(created)).toEqual([]);
    const ids = created.map((c) => (JSON.parse(c.body) as { id: string }).id);
    expect(new Set(ids).size).toBe(200);

    // Two changes of different fields of each of 80 companies, the two through different instances.
    const changed = await inParallel(160, 16, (i) => {
      const id = ids[i >> 1]!;
      const body = i % 2 ? { description: { en: `changed through b, ${i}` } } : { foundedYear: 1900 + (i >> 1) };
      return fetch(`${instances[i % 2]!.url}/companies/${id}`, { method: 'PATCH', headers, body: JSON.stringify(body) });
    });
    expect(failures(changed)).toEqual([]);

    const handle = openDatabase({ dataDir });
    try {
      const rows = await handle.db.selectFrom('companies').select(['id', 'founded_year', 'description']).where('id', 'in', ids).execute();
      expect(rows.length).toBe(200);
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (let c = 0; c < 80; c++) {
        const row = byId.get(ids[c]!)!;
        expect(row.founded_year).toBe(1900 + c);
        expect(row.description).toContain(`changed through b, ${2 * c + 1}`);
      }
    } finally {
      await handle.close();
    }
  });
});
