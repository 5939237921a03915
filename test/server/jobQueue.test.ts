/**
 * The durable job queue (server/services/jobQueue.ts) as two instances share it over one database, on
 * SQLite and PostgreSQL: each instance is a JobQueue with its own instance id; the jobs' work is a
 * stand-in that runs until the test lets it finish or the queue cancels it.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { findJob, updateJob, type Job } from '../../data/repositories/jobs.ts';
import { JobQueue, LEASE_RENEW_MS, type RunningJob } from '../../server/services/jobQueue.ts';
import { availableDialects, freshDatabase, silentLog, type TestDatabase } from '../helpers.ts';

const dialects = await availableDialects('job queue tests');

/** One instance's queue, with stand-in work: a job runs until released (it then succeeds) or cancelled. */
function instance(database: TestDatabase, options = { concurrency: 2, perOwner: 1 }) {
  const { db, dialect } = database.handle;
  const instanceId = randomUUID();
  const release = new Map<string, () => void>();
  const ran: string[] = [];
  const running = new Set<string>();
  const queue: JobQueue<{ n: number }> = new JobQueue(
    { db, dialect, instanceId },
    silentLog,
    'test job',
    'test',
    async (job: Job, input: { n: number }, run: RunningJob) => {
      ran.push(job.id);
      running.add(job.id);
      try {
        const outcome = await new Promise<'released' | 'cancelled'>((resolve) => {
          release.set(job.id, () => resolve('released'));
          const watch = setInterval(() => {
            if (run.cancel.requested) {
              clearInterval(watch);
              resolve('cancelled');
            }
          }, 10);
          release.set(job.id, () => {
            clearInterval(watch);
            resolve('released');
          });
        });
        await queue.finish(job.id, outcome === 'released' ? 'succeeded' : 'cancelled', outcome === 'released' ? { n: input.n, by: instanceId } : undefined);
      } finally {
        running.delete(job.id);
      }
    },
    options,
  );
  return { queue, instanceId, ran, running, release: (id: string) => release.get(id)?.() };
}

const until = async (what: string, check: () => boolean | Promise<boolean>, limitMs = 10_000) => {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > limitMs) throw new Error(`${what}: not within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
};

describe.each(dialects)('the job queue shared by two instances on %s', (dialect) => {
  let database: TestDatabase;
  const queues: JobQueue<{ n: number }>[] = [];
  const fresh = async () => {
    database = await freshDatabase(dialect);
    const a = instance(database);
    const b = instance(database);
    queues.push(a.queue, b.queue);
    return { a, b, db: database.handle.db };
  };

  afterEach(async () => {
    for (const queue of queues.splice(0)) await queue.close();
    await database.cleanup();
  });

  it('runs every job once, never two of one owner at a time, and lets another owner pass a long run', async () => {
    const { a, b, db } = await fresh();
    // Owner x asks for three runs, then owner y for one; both instances take work.
    const jobs: Job[] = [];
    for (const owner of ['x', 'x', 'x', 'y']) jobs.push(await a.queue.submit({ eventId: null, ownerKeyId: owner, params: {} }, { n: jobs.length }));
    // Throughout, the database never shows two running jobs of one owner.
    let worst = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const rows = await db.selectFrom('jobs').select(['owner_key_id']).where('status', '=', 'running').execute();
        for (const owner of ['x', 'y']) worst = Math.max(worst, rows.filter((r) => r.owner_key_id === owner).length);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    a.queue.start();
    b.queue.start();
    // One of x's runs and y's run go at once (four places), x's others wait for it.
    await until('two jobs running', () => a.running.size + b.running.size === 2);
    // Jobs made in the same millisecond may go in either order: which of x's goes first is not fixed.
    const ofX = jobs.slice(0, 3).map((j) => j.id);
    const runningNow = [...a.running, ...b.running];
    expect(runningNow).toContain(jobs[3]!.id);
    const first = runningNow.find((id) => ofX.includes(id))!;
    expect(first).toBeDefined();
    for (const id of runningNow) (a.running.has(id) ? a : b).release(id);
    // x's other two follow, one at a time.
    const runningX = () => [...a.running, ...b.running].filter((id) => ofX.includes(id) && id !== first);
    await until("x's second running", () => runningX().length === 1);
    const second = runningX()[0]!;
    a.release(second);
    b.release(second);
    await until("x's third running", () => runningX().length === 1 && runningX()[0] !== second);
    const third = runningX()[0]!;
    a.release(third);
    b.release(third);
    await a.queue.idle();
    await b.queue.idle();
    watching = false;
    await watcher;
    expect(worst).toBe(1);
    const ran = [...a.ran, ...b.ran].sort();
    expect(ran).toEqual(jobs.map((j) => j.id).sort());
    for (const job of jobs) expect((await findJob(db, job.id))?.status).toBe('succeeded');
  });

  it('cancels through the instance that does not run the job, within a renewal', async () => {
    const { a, b, db } = await fresh();
    const job = await a.queue.submit({ eventId: null, ownerKeyId: 'x', params: {} }, { n: 1 });
    a.queue.start();
    await until('running on a', () => a.running.has(job.id));
    await b.queue.cancel(job.id);
    const took = await until('cancelled', async () => (await findJob(db, job.id))?.status === 'cancelled');
    expect(took).toBeLessThan(LEASE_RENEW_MS + 2000);
    expect(a.running.has(job.id)).toBe(false);
  });

  it('cancels a queued job at once, wherever it was queued', async () => {
    const { a, b, db } = await fresh();
    const job = await a.queue.submit({ eventId: null, ownerKeyId: 'x', params: {} }, { n: 1 });
    await b.queue.cancel(job.id);
    expect((await findJob(db, job.id))?.status).toBe('cancelled');
    a.queue.start();
    await a.queue.idle();
    expect(a.ran).toEqual([]);
  });

  it("leaves a live instance's running job alone when another instance starts, and fails it once its lease expired", async () => {
    const { a, db } = await fresh();
    const job = await a.queue.submit({ eventId: null, ownerKeyId: 'x', params: {} }, { n: 1 });
    a.queue.start();
    await until('running on a', () => a.running.has(job.id));
    // A third instance starts (a restart of b): a's job is untouched.
    const c = instance(database);
    queues.push(c.queue);
    c.queue.start();
    await c.queue.idle();
    expect((await findJob(db, job.id))?.status).toBe('running');
    // a goes silent (its lease is made to run out) and c notices: failed, and a's late outcome is not kept.
    await db.updateTable('jobs').set({ lease_until_ms: Date.now() - 1 }).where('id', '=', job.id).execute();
    void c.queue.wake();
    await until('failed', async () => (await findJob(db, job.id))?.status === 'failed');
    a.release(job.id);
    await until('a done', () => !a.running.has(job.id));
    const after = await findJob(db, job.id);
    expect(after).toMatchObject({ status: 'failed', result: null });
    // Nor can a write anything else to it.
    expect(await updateJob(db, job.id, { status: 'succeeded' }, a.instanceId)).toBe(false);
  });

  it('gives a running job back when its instance stops gracefully; the other instance runs it', async () => {
    const { a, b, db } = await fresh();
    const job = await a.queue.submit({ eventId: null, ownerKeyId: 'x', params: {} }, { n: 7 });
    a.queue.start();
    await until('running on a', () => a.running.has(job.id));
    await a.queue.close();
    expect((await findJob(db, job.id))?.status).toBe('queued');
    b.queue.start();
    await until('running on b', () => b.running.has(job.id));
    b.release(job.id);
    await b.queue.idle();
    expect(await findJob(db, job.id)).toMatchObject({ status: 'succeeded', result: { n: 7, by: b.instanceId } });
  });
});
