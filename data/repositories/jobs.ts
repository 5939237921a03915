/**
 * Background jobs (scheduling and tuning runs): status, progress, result or error, and what the runner
 * needs (input). A job outlives its request and the process that took it: any instance may claim a
 * queued job (atomically), holds it by a lease it renews while it runs, and writes its outcome only while
 * it still holds the lease; a job whose lease expired (its instance stopped) is failed by whichever
 * instance notices first.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Dialect } from '../db.ts';
import type { Page } from '../../engine/model.ts';
import type { Database, JobRow } from '../schema.ts';
import { newId } from './events.ts';
import { parseJson, toJson } from './json.ts';

type Db = Kysely<Database> | Transaction<Database>;


export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  kind: string;
  eventId: string | null;
  ownerKeyId: string;
  status: JobStatus;
  params: Record<string, unknown>;
  progress: Record<string, unknown>;
  result: unknown;
  error: { code: string; message: string; field?: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const toJob = (r: JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  eventId: r.event_id,
  ownerKeyId: r.owner_key_id,
  status: r.status as JobStatus,
  params: parseJson(r.params, {}),
  progress: parseJson(r.progress, {}),
  result: parseJson(r.result, null),
  error: parseJson(r.error, null),
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

export async function createJob(db: Db, spec: { kind: string; eventId: string | null; ownerKeyId: string; params: Record<string, unknown>; input?: unknown }, now = new Date().toISOString()): Promise<Job> {
  const row: JobRow = {
    id: newId('job'),
    kind: spec.kind,
    event_id: spec.eventId,
    owner_key_id: spec.ownerKeyId,
    status: 'queued',
    params: toJson(spec.params),
    progress: toJson({ phase: 'queued', fraction: 0 }),
    result: null,
    error: null,
    created_at: now,
    started_at: null,
    finished_at: null,
    input: spec.input === undefined ? null : toJson(spec.input),
    lease_owner: null,
    lease_until_ms: null,
    cancel_requested: 0,
  };
  await db.insertInto('jobs').values(row).execute();
  return toJob(row);
}

export async function findJob(db: Db, id: string): Promise<Job | undefined> {
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toJob(row) : undefined;
}

/**
 * Changes a job's status, progress, result or error. With `holder`, only while that instance holds the
 * job's lease (a runner that lost its job writes nothing); gives whether the row was changed.
 */
export async function updateJob(
  db: Db,
  id: string,
  change: { status?: JobStatus; progress?: unknown; result?: unknown; error?: Job['error']; startedAt?: string; finishedAt?: string },
  holder?: string,
): Promise<boolean> {
  let query = db
    .updateTable('jobs')
    .set({
      ...(change.status ? { status: change.status } : {}),
      ...(change.progress !== undefined ? { progress: toJson(change.progress) } : {}),
      ...(change.result !== undefined ? { result: toJson(change.result) } : {}),
      ...(change.error !== undefined ? { error: toJson(change.error) } : {}),
      ...(change.startedAt ? { started_at: change.startedAt } : {}),
      ...(change.finishedAt ? { finished_at: change.finishedAt } : {}),
      // A finished job is nobody's.
      ...(change.status && change.status !== 'running' && change.status !== 'queued' ? { lease_owner: null, lease_until_ms: null } : {}),
    })
    .where('id', '=', id);
  if (holder !== undefined) query = query.where('lease_owner', '=', holder).where('status', '=', 'running');
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface JobLease {
  /** The instance. */
  holder: string;
  /** Epoch milliseconds. */
  untilMs: number;
}

/**
 * Takes the oldest queued job of `kind` whose owner (the key that asked for it) runs fewer than
 * `perOwner` jobs of the kind, and marks it running under `lease`; undefined when there is none.
 * Two instances never take the same job: SQLite transactions take the write lock first; on PostgreSQL
 * an advisory lock per kind orders the claims (so that the per-owner count holds) and the row is taken
 * FOR UPDATE SKIP LOCKED.
 */
export async function claimJob(
  db: Kysely<Database>,
  dialect: Dialect,
  kind: string,
  lease: JobLease,
  perOwner: number,
  now = new Date().toISOString(),
): Promise<(Job & { input: unknown }) | undefined> {
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`isa-jobs:${kind}`}))`.execute(trx);
    const busyOwners = trx
      .selectFrom('jobs')
      .select('owner_key_id')
      .where('kind', '=', kind)
      .where('status', '=', 'running')
      .groupBy('owner_key_id')
      .having((eb) => eb.fn.countAll(), '>=', perOwner);
    let query = trx.selectFrom('jobs').selectAll().where('kind', '=', kind).where('status', '=', 'queued').where('owner_key_id', 'not in', busyOwners).orderBy('created_at').orderBy('id').limit(1);
    if (dialect === 'postgres') query = query.forUpdate().skipLocked();
    const row = await query.executeTakeFirst();
    if (!row) return undefined;
    await trx.updateTable('jobs').set({ status: 'running', lease_owner: lease.holder, lease_until_ms: lease.untilMs, started_at: now }).where('id', '=', row.id).execute();
    return { ...toJob({ ...row, status: 'running', started_at: now }), input: parseJson(row.input, null) };
  });
}

/** Extends the lease of a job `lease.holder` runs: whether it still holds it, and whether a cancel was asked for. */
export async function renewLease(db: Db, id: string, lease: JobLease): Promise<{ held: boolean; cancelRequested: boolean }> {
  const row = await db
    .updateTable('jobs')
    .set({ lease_until_ms: lease.untilMs })
    .where('id', '=', id)
    .where('lease_owner', '=', lease.holder)
    .where('status', '=', 'running')
    .returning(['cancel_requested'])
    .executeTakeFirst();
  return { held: !!row, cancelRequested: !!row && Number(row.cancel_requested) === 1 };
}

/**
 * Inside the transaction that writes a job's outcome: the job is still `holder`'s and running, and stays
 * so until the transaction ends (the row is locked on PostgreSQL; SQLite's write lock covers it).
 */
export async function holdsJob(db: Transaction<Database>, dialect: Dialect, id: string, holder: string): Promise<boolean> {
  let query = db.selectFrom('jobs').select('id').where('id', '=', id).where('lease_owner', '=', holder).where('status', '=', 'running');
  if (dialect === 'postgres') query = query.forUpdate();
  return !!(await query.executeTakeFirst());
}

/**
 * A cancel through any instance: a queued job is cancelled at once; a running one is flagged, and the
 * instance that holds it stops it at its next renewal.
 */
export async function requestCancel(db: Db, id: string, now = new Date().toISOString()): Promise<void> {
  await db.updateTable('jobs').set({ status: 'cancelled', finished_at: now }).where('id', '=', id).where('status', '=', 'queued').execute();
  await db.updateTable('jobs').set({ cancel_requested: 1 }).where('id', '=', id).where('status', '=', 'running').execute();
}

/** Gives a running job back to the queue (a graceful stop): another instance, or this one restarted, runs it again. */
export async function handBackJob(db: Db, id: string, holder: string): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'queued', lease_owner: null, lease_until_ms: null, started_at: null, progress: toJson({ phase: 'queued', fraction: 0 }) })
    .where('id', '=', id)
    .where('lease_owner', '=', holder)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The newest job of a kind for an event, optionally only in some states, or only one that left a result (a cancelled run may). */
export async function latestJob(db: Db, eventId: string, kind: string, statuses?: JobStatus[], options: { withResult?: boolean } = {}): Promise<Job | undefined> {
  let query = db.selectFrom('jobs').selectAll().where('event_id', '=', eventId).where('kind', '=', kind);
  if (statuses?.length) query = query.where('status', 'in', statuses);
  if (options.withResult) query = query.where('result', 'is not', null);
  const row = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return row ? toJob(row) : undefined;
}

/** Jobs of a kind, newest first, a page at a time. */
export async function listJobs(db: Db, kind: string, page: { limit: number; offset: number }): Promise<Page<Job>> {
  const [rows, count] = await Promise.all([
    db.selectFrom('jobs').selectAll().where('kind', '=', kind).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', kind).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toJob), total: Number(count.n), limit: page.limit, offset: page.offset };
}

/**
 * Running jobs whose lease ran out before `nowMs` belong to an instance that stopped without handing them
 * back (a crash, a kill): they are failed. A job of a version before leases (no lease at all) too.
 */
export async function failExpiredJobs(db: Db, nowMs: number, now = new Date().toISOString()): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'failed', error: toJson({ code: 'unavailable', message: 'The server instance running the job stopped before it finished; start it again' }), finished_at: now, lease_owner: null, lease_until_ms: null })
    .where('status', '=', 'running')
    .where((eb) => eb.or([eb('lease_until_ms', 'is', null), eb('lease_until_ms', '<', nowMs)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Whether any job of the kind waits in the queue (of any instance). */
export async function hasQueuedJobs(db: Db, kind: string): Promise<boolean> {
  return !!(await db.selectFrom('jobs').select('id').where('kind', '=', kind).where('status', '=', 'queued').limit(1).executeTakeFirst());
}
