/**
 * A process killed in the middle of a write (SIGKILL: the OOM killer, `kill -9`, a container stopped
 * hard) leaves the database as it was before the write or with all of it, never a part: the import
 * CLI's file (one transaction, data/imports/) and a schedule run's meetings (one transaction,
 * saveSchedule in data/repositories/events.ts). SQLite's file stays sound (PRAGMA integrity_check), and a
 * server started again on it answers and fails the killed run once its lease has run out.
 *
 * How the kill is made to land inside the write, not before or after it: the process is stopped
 * (SIGSTOP, every thread; checked in /proc), what it is doing is read from outside while it cannot move,
 * and it is killed only when that shows it inside its transaction; otherwise it is resumed (SIGCONT) and
 * looked at again a few milliseconds later. Inside means:
 * - the import on SQLite: the WAL holds valid frames that no commit frame follows (pages spilled out of
 *   the page cache before the commit), reaching a given number of pages beyond the committed database;
 * - the import and the schedule on PostgreSQL: the process's connection (application_name) is in a
 *   transaction that has written (backend_xid), its last statement an insert into the table written
 *   (for the import, once its tables have grown by a given size);
 * - the schedule on SQLite, which writes its few hundred kB only at its commit: the run's search has
 *   ended (its last progress, 'tables', is committed) and the stopped server holds the write lock at
 *   three stops in a row, some milliseconds apart (a single statement holds it for far less; the
 *   save's transaction for tens of milliseconds).
 * Saving in parts (two transactions for the import, none for the schedule) fails these tests.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../data/db.ts';
import { createApiKey } from '../../data/repositories/apiKeys.ts';
import { availableDialects, dropSchema, POSTGRES_URL } from '../helpers.ts';
import { scheduleFixture, waitForJob } from '../scheduleFixture.ts';
import { killServerProcesses, SOURCE_SERVER, startServerProcess, untilServing, type ServerProcess } from '../serverProcess.ts';

const dialects = await availableDialects('crash tests');
const dirs: string[] = [];
const schemas: string[] = [];

afterAll(async () => {
  killServerProcesses();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  for (const schema of schemas) await dropSchema(schema);
});

/** A fresh database for the processes of one test: a SQLite file in a new directory, or a new PostgreSQL schema. */
function crashDatabase(dialect: 'sqlite' | 'postgres') {
  const dataDir = mkdtempSync(join(tmpdir(), 'isa-crash-'));
  dirs.push(dataDir);
  const schema = dialect === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  if (schema) schemas.push(schema);
  // Names the processes' PostgreSQL connections, to find them in pg_stat_activity.
  const appName = `isa-crash-${randomBytes(4).toString('hex')}`;
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: schema ? POSTGRES_URL : '',
    DATABASE_SCHEMA: schema ?? '',
    PGAPPNAME: appName,
    DEMO_COMPANIES: '600',
    DEMO_PAST_EVENTS: '0',
    REPORT_INTERVAL_MINUTES: '0',
    RATE_LIMIT_PER_MINUTE: '0',
  };
  const open = (): DatabaseHandle => (schema ? openDatabase({ databaseUrl: POSTGRES_URL, pgSchema: schema }) : openDatabase({ dataDir }));
  return { dialect, dataDir, schema, env, appName, open, sqliteFile: join(dataDir, 'isa-match.sqlite') };
}
type CrashDatabase = ReturnType<typeof crashDatabase>;

async function withDatabase<T>(db: CrashDatabase, use: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = db.open();
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}

/** SQLite's own check of the whole file: pages, indexes, constraints. */
const integrity = (db: CrashDatabase) =>
  withDatabase(db, async (h) => (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(h.db)).rows.map((r) => r.integrity_check).join('; '));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether every thread of the process is stopped ('T' in /proc/<pid>/task/<tid>/stat), or the process is ending or gone. */
function stateOf(pid: number): 'stopped' | 'running' | 'gone' {
  try {
    const states = readdirSync(`/proc/${pid}/task`).map((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return stat[stat.lastIndexOf(')') + 2];
    });
    if (states.some((state) => state === 'Z' || state === 'X')) return 'gone';
    return states.every((state) => state === 'T') ? 'stopped' : 'running';
  } catch {
    return 'gone';
  }
}

/** SIGCONT to the process group, unless it has ended meanwhile. */
function resume(proc: ServerProcess): void {
  try {
    process.kill(-proc.pid, 'SIGCONT');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

type Moment = 'inside' | 'not yet' | 'missed';

/**
 * Kills the process (SIGKILL) at a moment `inside` says, as read while the process is stopped.
 * `ready` is asked first without stopping it (so that it is not stopped all the time of a long run).
 * Gives 'inside' when killed there, 'missed' when the moment has passed (or the process ended) first.
 */
async function killInside(proc: ServerProcess, check: { ready?: () => Promise<Moment>; inside: () => Promise<Moment> }, limitMs = 45_000): Promise<'inside' | 'missed'> {
  let exited = false;
  void proc.exited.then(() => (exited = true));
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (exited) return 'missed';
    const ready = check.ready ? await check.ready() : 'inside';
    if (ready === 'missed') return 'missed';
    if (ready === 'not yet') {
      await sleep(5);
      continue;
    }
    try {
      process.kill(-proc.pid, 'SIGSTOP');
    } catch {
      return 'missed'; // it has just ended
    }
    let moment: Moment = 'not yet';
    try {
      for (let state = stateOf(proc.pid), waitedFrom = Date.now(); state !== 'stopped'; state = stateOf(proc.pid)) {
        if (state === 'gone' || exited) return 'missed';
        if (Date.now() - waitedFrom > 2000) throw new Error(`process ${proc.pid} did not stop`);
        await sleep(1);
      }
      moment = await check.inside();
    } finally {
      if (moment === 'inside') await proc.kill();
      else resume(proc);
    }
    if (moment === 'inside') return 'inside';
    if (moment === 'missed') return 'missed';
    await sleep(3);
  }
  throw new Error(`no moment to kill within ${limitMs / 1000} s; the process said: ${(proc.stdout() + proc.stderr()).slice(-2000)}`);
}

/**
 * What a SQLite WAL file holds that no commit frame follows: pages a transaction has written before its
 * commit, and how far beyond the committed database they reach (the transaction's new pages). Only this
 * WAL's frames count (its salts, the checksums chained from the header), as SQLite's own recovery reads
 * it (https://www.sqlite.org/fileformat2.html#walformat). Reads on from where it stopped last time,
 * unless the WAL has been started over (new salts).
 */
class WalWatch {
  private salts = '';
  private at = 32;
  private sums: [number, number] = [0, 0];
  private pending = { frames: 0, lastPage: 0 };
  private committedPages = 0;

  constructor(private readonly file: string) {}

  uncommitted(): { frames: number; newPages: number } {
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch {
      return { frames: 0, newPages: 0 };
    }
    try {
      const header = Buffer.alloc(32);
      if (readSync(fd, header, 0, 32, 0) < 32) return { frames: 0, newPages: 0 };
      const magic = header.readUInt32BE(0);
      if (magic !== 0x377f0682 && magic !== 0x377f0683) return { frames: 0, newPages: 0 };
      const pageSize = header.readUInt32BE(8);
      const salts = header.subarray(16, 24).toString('hex');
      if (salts !== this.salts) {
        [this.salts, this.at, this.sums, this.pending] = [salts, 32, [header.readUInt32BE(24), header.readUInt32BE(28)], { frames: 0, lastPage: 0 }];
        // A new WAL starts from the database file as it is.
        this.committedPages = Math.floor(statSync(this.file.replace(/-wal$/, '')).size / pageSize);
      }
      const frame = Buffer.alloc(24 + pageSize);
      const word = magic === 0x377f0683 ? (at: number) => frame.readUInt32BE(at) : (at: number) => frame.readUInt32LE(at);
      while (readSync(fd, frame, 0, frame.length, this.at) === frame.length) {
        if (frame.subarray(8, 16).toString('hex') !== salts) break;
        let [s0, s1] = this.sums;
        for (const [from, to] of [[0, 8], [24, frame.length]] as const) {
          for (let i = from; i < to; i += 8) {
            s0 = (s0 + word(i) + s1) >>> 0;
            s1 = (s1 + word(i + 4) + s0) >>> 0;
          }
        }
        // Not (yet) a whole frame of this WAL: read again from here next time.
        if (frame.readUInt32BE(16) !== s0 || frame.readUInt32BE(20) !== s1) break;
        this.sums = [s0, s1];
        this.at += frame.length;
        // The frame's "database size after commit": zero for every frame but a transaction's last.
        const committed = frame.readUInt32BE(4);
        if (committed) [this.committedPages, this.pending] = [committed, { frames: 0, lastPage: 0 }];
        else this.pending = { frames: this.pending.frames + 1, lastPage: Math.max(this.pending.lastPage, frame.readUInt32BE(0)) };
      }
      return { frames: this.pending.frames, newPages: Math.max(0, this.pending.lastPage - this.committedPages) };
    } finally {
      closeSync(fd);
    }
  }
}

/** PostgreSQL: a connection to watch the processes' connections (pg_stat_activity) with. */
async function watcher(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  return client;
}

/** PostgreSQL: the connections named `appName` in a transaction that has written, whose last statement matches `statement`. */
async function writingBackends(client: pg.Client, appName: string, statement: RegExp): Promise<number> {
  const { rows } = await client.query<{ query: string }>('select query from pg_stat_activity where application_name = $1 and backend_xid is not null', [appName]);
  return rows.filter((r) => statement.test(r.query)).length;
}

/** PostgreSQL: waits until the killed process's connections are gone (the server has rolled their transactions back). */
async function untilDisconnected(client: pg.Client, appName: string): Promise<void> {
  for (const started = Date.now(); ; await sleep(50)) {
    const { rows } = await client.query<{ n: string }>('select count(*) as n from pg_stat_activity where application_name = $1', [appName]);
    if (Number(rows[0]!.n) === 0) return;
    if (Date.now() - started > 15_000) throw new Error(`connections of ${appName} still open 15 s after the kill`);
  }
}

/** A CSV of `rows` valid companies with ids `<prefix>-<n>`, rows long enough that 20,000 of them are some 20 MB stored. */
function companiesCsv(dir: string, prefix: string, rows: number): string {
  const nace = ['29.10', '28.29', '25.62', '26.51', '20.14', '22.29', '27.11', '10.71'];
  const lines = ['id,name,country,city_name,org_type,employees,founded_year,nace,languages,website,description_en'];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `${prefix}-${i},Absturz ${prefix} ${i} GmbH,${i % 2 ? 'DE' : 'CN'},Stadt ${i % 50},company,${10 + (i % 5000)},${1950 + (i % 70)},${nace[i % 8]} ${nace[(i + 3) % 8]},de;en,https://example.com/${prefix}/${i},` +
        `"Imported while the importer is killed: row ${i} of ${rows}, with words enough to make the row longer than its id."`,
    );
  }
  const file = join(dir, `${prefix}.csv`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** `npm run import -- companies <file>` without npm's and tsx's wrapper processes: one process to stop and kill. */
const importCommand = (file: string) => `node --import tsx data/cli/import.ts companies ${file}`;

const countCompanies = (db: CrashDatabase) => withDatabase(db, async (h) => Number((await h.db.selectFrom('companies').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));

describe.each(dialects)('SIGKILL during an import on %s', (dialect) => {
  it('leaves none of the file stored, the database sound; the same file then imports whole', { timeout: 60_000 }, async () => {
    const db = crashDatabase(dialect);
    const files = mkdtempSync(join(tmpdir(), 'isa-crash-files-'));
    dirs.push(files);
    const N = 20_000; // the CLI's limit for one file

    // A small file first, through the CLI as operators run it: it migrates the database and stores 50.
    const small = await startServerProcess(importCommand(companiesCsv(files, 'before', 50)), db.env);
    expect(await small.exited, small.stderr()).toBe(0);
    const before = await countCompanies(db);
    expect(before).toBe(50);

    const big = companiesCsv(files, 'crash', N);
    // Killed twice: early in the write and well into it. How far it is: SQLite, its pages in the WAL
    // since the last commit and how far they reach beyond the committed database (new pages: some 1,750
    // of 4 kB before its commit, the rest at it); PostgreSQL, how much the companies' tables have grown
    // (some 14 MB when all is written). Committing in two halves would fail both: never 1,200 new pages
    // in one transaction, 8 MB grown only after the first half was committed.
    const pgWatch = dialect === 'postgres' ? await watcher() : undefined;
    const tables = `pg_relation_size('${db.schema}.companies') + pg_relation_size('${db.schema}.company_industries')`;
    const grownFrom = pgWatch ? Number((await pgWatch.query<{ n: string }>(`select ${tables} as n`)).rows[0]!.n) : 0;
    try {
      for (const [moment, pages, bytes] of [
        ['early', 0, 0],
        ['late', 1200, 8_000_000],
      ] as const) {
        const importing = await startServerProcess(importCommand(big), db.env);
        const wal = new WalWatch(`${db.sqliteFile}-wal`);
        const writing = pgWatch
          ? async () => (await writingBackends(pgWatch, db.appName, /^\s*insert into "compan/i)) > 0 && Number((await pgWatch.query<{ n: string }>(`select ${tables} as n`)).rows[0]!.n) - grownFrom >= bytes
          : async () => {
              const written = wal.uncommitted();
              return written.frames >= 50 && written.newPages >= pages;
            };
        const killed = await killInside(importing, { inside: async () => ((await writing()) ? 'inside' : 'not yet') });
        expect(killed, `the import committed or ended before it was seen this far (${moment}) into its write: ${importing.stdout()}`).toBe('inside');
        expect(await importing.exited).toBeNull(); // killed, no exit code
        if (pgWatch) await untilDisconnected(pgWatch, db.appName);
        expect(await countCompanies(db), `an import killed ${moment} in its write must store nothing of its file`).toBe(before);
        if (dialect === 'sqlite') expect(await integrity(db)).toBe('ok');
      }
    } finally {
      await pgWatch?.end();
    }

    // The file was good: run to its end, it stores all of it.
    const again = await startServerProcess(importCommand(big), db.env);
    expect(await again.exited, again.stderr()).toBe(0);
    expect(await countCompanies(db)).toBe(before + N);
    if (dialect === 'sqlite') expect(await integrity(db)).toBe('ok');
  });
});

interface StoredMeeting {
  id: string;
  job_id: string | null;
}

const meetingsOf = (db: CrashDatabase, eventId: string) =>
  withDatabase(db, async (h) => (await h.db.selectFrom('event_meetings').select(['id', 'job_id']).where('event_id', '=', eventId).orderBy('id').execute()) as StoredMeeting[]);

const jobRow = (db: CrashDatabase, jobId: string) =>
  withDatabase(db, async (h) => {
    const row = await h.db.selectFrom('jobs').select(['status', 'progress', 'result']).where('id', '=', jobId).executeTakeFirstOrThrow();
    return { status: row.status, progress: JSON.parse(row.progress) as { phase?: string; selection?: { meetings: number } }, result: row.result ? (JSON.parse(row.result) as { report: { meetings: number } }) : null };
  });

describe.each(dialects)('SIGKILL during a schedule run on %s', (dialect) => {
  it("leaves the event's previous schedule whole (or the new one whole), the database sound; a server started again answers and fails the run once its lease has run out", { timeout: 120_000 }, async () => {
    const db = crashDatabase(dialect);
    const first = await startServerProcess(SOURCE_SERVER, db.env);
    await untilServing(first);
    const keys = await withDatabase(db, async (h) => ({
      admin: (await createApiKey(h.db, { name: 'crash admin', role: 'admin' })).secret,
      organiser: (await createApiKey(h.db, { name: 'crash organiser', role: 'organiser' })).secret,
    }));
    const { eventId } = await scheduleFixture({ app: first.url, keys }, { participants: 300, tables: 150, wishesEach: 3, maxMeetings: 12, timeLimitSeconds: 2, name: 'Crash' });
    const run = async (server: ServerProcess) => {
      const res = await fetch(`${server.url}/events/${eventId}/schedule`, { method: 'POST', headers: { authorization: `Bearer ${keys.organiser}`, 'content-type': 'application/json' }, body: '{}' });
      expect(res.status, await res.clone().text()).toBe(202);
      return ((await res.json()) as { id: string }).id;
    };

    // A complete run: the schedule a killed run must leave as it is. Its meetings are what the
    // selection chose (nothing left unplaced), so a complete run's count is known from its progress.
    const done = await run(first);
    expect((await waitForJob({ app: first.url, keys }, done)).status).toBe('succeeded');
    let previous = await meetingsOf(db, eventId);
    const doneJob = await jobRow(db, done);
    expect(previous.length).toBeGreaterThan(500);
    expect(previous.every((m) => m.job_id === done)).toBe(true);
    expect(previous.length).toBe(doneJob.result!.report.meetings);
    expect(previous.length).toBe(doneJob.progress.selection!.meetings);

    // Runs until one is killed inside its save (a run that saves before it is caught becomes the
    // previous schedule). Runs stop when done, and on a quiet machine one may end between two looks:
    // hence six tries.
    const probe = dialect === 'sqlite' ? new SQLite(db.sqliteFile, { timeout: 0 }) : undefined;
    const pgWatch = dialect === 'postgres' ? await watcher() : undefined;
    let killed: string | undefined;
    try {
      for (let attempt = 0; attempt < 6 && !killed; attempt++) {
        const jobId = await run(first);
        const searchEnded = async (): Promise<Moment> => {
          const job = probe
            ? (probe.prepare('select status, progress from jobs where id = ?').get(jobId) as { status: string; progress: string })
            : (await pgWatch!.query<{ status: string; progress: string }>(`select status, progress from ${db.schema}.jobs where id = $1`, [jobId])).rows[0]!;
          if (job.status !== 'running' && job.status !== 'queued') return 'missed';
          return (JSON.parse(job.progress) as { phase?: string }).phase === 'tables' ? 'inside' : 'not yet';
        };
        let heldSeen = 0;
        const moment = await killInside(first, {
          ready: searchEnded,
          inside: async () => {
            if (!probe) return (await writingBackends(pgWatch!, db.appName, /^\s*insert into "event_meetings"/i)) > 0 ? 'inside' : (await searchEnded()) === 'missed' ? 'missed' : 'not yet';
            const ended = await searchEnded();
            if (ended !== 'inside') return ended;
            try {
              probe.exec('begin immediate');
              probe.exec('rollback');
              heldSeen = 0;
              return 'not yet';
            } catch (err) {
              if (!String((err as { code?: string }).code).startsWith('SQLITE_BUSY')) throw err;
              // The stopped server holds the write lock, and held it at the two stops before: some
              // milliseconds into a transaction (a single statement holds it for far less).
              return ++heldSeen >= 3 ? 'inside' : 'not yet';
            }
          },
        });
        if (moment === 'inside') killed = jobId;
        else {
          expect((await waitForJob({ app: first.url, keys }, jobId)).status).toBe('succeeded');
          previous = await meetingsOf(db, eventId);
        }
      }
      if (pgWatch && killed) await untilDisconnected(pgWatch, db.appName);
    } finally {
      probe?.close();
      await pgWatch?.end();
    }
    expect(killed, 'six runs saved before one was caught saving').toBeDefined();

    // All of the previous schedule, or all of the killed run's: never a part, never a mixture.
    const after = await meetingsOf(db, eventId);
    const killedJob = await jobRow(db, killed!);
    expect(killedJob.status).toBe('running'); // as the kill left it
    if (after.some((m) => m.job_id === killed)) {
      expect(after.every((m) => m.job_id === killed)).toBe(true);
      expect(after.length).toBe(killedJob.progress.selection!.meetings);
    } else expect(after).toEqual(previous);
    if (dialect === 'sqlite') expect(await integrity(db)).toBe('ok');

    // A server started again on the same database answers, and fails the run when its lease has run out (15 s).
    const second = await startServerProcess(SOURCE_SERVER, db.env);
    await untilServing(second);
    const ended = await waitForJob({ app: second.url, keys }, killed!, undefined, 60_000);
    expect(ended.status).toBe('failed');
    expect(await meetingsOf(db, eventId)).toEqual(after);
    await second.stop();
    if (dialect === 'sqlite') expect(await integrity(db)).toBe('ok');
  });
});
